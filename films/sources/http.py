"""JSON over HTTP for the film sources, with the failures an editor can act on as SourceError."""

from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

import msgspec
from django.conf import settings

from films.sources import SourceError

# An answer larger than this is not a film's record; refuse it rather than hold it in memory.
MAX_ANSWER_BYTES = 5 * 1024 * 1024
REDIRECTS, MAX_REDIRECTS = {301, 302, 303, 307, 308}, 5


class NoRedirects(HTTPRedirectHandler):
    """A redirect comes back as an HTTPError, for get_bytes() to decide on (urllib would follow
    it anywhere, and read its body whatever its size)."""

    def redirect_request(self, *args, **kwargs):
        return None


opener = build_opener(NoRedirects)


def get_json[T](source: str, url: str, params: dict, *, shape: type[T], not_found: str) -> T:
    """GET `url?params` as JSON of the given shape (a msgspec Struct). 404 says `not_found`; 429
    says when to try again."""
    body = get_bytes(source, f"{url}?{urlencode(params)}", MAX_ANSWER_BYTES, not_found=not_found)
    try:
        return msgspec.json.decode(body, type=shape)
    except msgspec.ValidationError as error:
        raise SourceError(
            f"{source}'s answer is not in the shape its API documents ({error}); nothing was imported."
        ) from None
    except msgspec.DecodeError:
        raise SourceError(f"{source} answered with something that is not JSON.") from None


def origin(url: str) -> tuple:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


def get_bytes(source: str, url: str, limit: int, *, not_found: str) -> bytes:
    """GET `url`, refusing an answer longer than `limit` bytes. Redirects are followed on the
    host asked only: a source must not send the server to an address of its choosing."""
    for _ in range(MAX_REDIRECTS + 1):
        try:
            return get_once(source, url, limit, not_found=not_found)
        except HTTPError as error:
            error.close()
            try:
                target = urljoin(url, error.headers.get("Location", ""))
                elsewhere = origin(target) != origin(url)
            except ValueError:
                raise SourceError(f"{source} sent us to an address that is none.") from None
            if elsewhere:
                raise SourceError(
                    f"{source} sent us to another address ({urlsplit(target).netloc}); nothing was imported."
                ) from None
            url = target
    raise SourceError(f"{source} redirected us more than {MAX_REDIRECTS} times; nothing was imported.")


def get_once(source: str, url: str, limit: int, *, not_found: str) -> bytes:
    """One request; a redirect is raised as its HTTPError."""
    try:
        request = Request(url, headers={"User-Agent": f"{settings.SITE_NAME} film desk (Django)"})
        with opener.open(request, timeout=settings.FILM_SOURCE_TIMEOUT) as response:
            body = response.read(limit + 1)
    except HTTPError as error:
        if error.code in REDIRECTS:
            raise
        error.close()
        if error.code == 404:
            raise SourceError(not_found) from None
        if error.code == 429:
            wait = error.headers.get("Retry-After", "a while")
            raise SourceError(f"{source} is rate-limiting us: try again in {wait} seconds.") from None
        if error.code in (401, 403):
            raise SourceError(f"{source} refused the request ({error.code}): check the API key.") from None
        raise SourceError(f"{source} answered {error.code}; nothing was imported.") from None
    except (URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError(f"Could not reach {source} ({reason}); nothing was imported.") from None
    except HTTPException as error:
        raise SourceError(
            f"{source} did not answer in HTTP ({type(error).__name__}); nothing was imported."
        ) from None
    except ValueError:  # an address http.client cannot send (non-ASCII, control characters)
        raise SourceError(f"{source} gave an address we cannot ask; nothing was imported.") from None
    if len(body) > limit:
        raise SourceError(f"{source}'s answer is larger than {limit:,} bytes.")
    return body
