"""JSON over HTTP for the film sources, with the failures an editor can act on as SourceError."""

import json
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings

from films.sources import SourceError

# An answer larger than this is not a film's record; refuse it rather than hold it in memory.
MAX_ANSWER_BYTES = 5 * 1024 * 1024


def get_json(source: str, url: str, params: dict, *, not_found: str) -> dict:
    """GET `url?params` as JSON. 404 says `not_found`; 429 says when to try again."""
    body = get_bytes(source, f"{url}?{urlencode(params)}", MAX_ANSWER_BYTES, not_found=not_found)
    try:
        return json.loads(body)
    except ValueError:
        raise SourceError(f"{source} answered with something that is not JSON.") from None


def get_bytes(source: str, url: str, limit: int, *, not_found: str) -> bytes:
    """GET `url`, refusing an answer longer than `limit` bytes."""
    request = Request(url, headers={"User-Agent": f"{settings.SITE_NAME} film desk (Django)"})
    try:
        with urlopen(request, timeout=settings.FILM_SOURCE_TIMEOUT) as response:
            body = response.read(limit + 1)
    except HTTPError as error:
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
    if len(body) > limit:
        raise SourceError(f"{source}'s answer is larger than {limit:,} bytes.")
    return body
