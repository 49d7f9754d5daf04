"""The public page cache: anonymous GETs of pages, feeds and sitemaps, stored in the shared
page store (core/pagecache/stores.py) under the keys of what they show.

One middleware rather than per-view decorators: a rule that lives in one place cannot be
forgotten on a new page. It renders every response inside `recording()`, so what the
templates showed becomes its `Surrogate-Key` (core/pagecache/keys.py), and stores only
responses that say what they show, plus 404s and 410s (key "missing"): a page that recorded
nothing is never kept stale, it is simply not cached.

Signed-in editors (a session cookie), the admin and previews neither read nor fill the cache,
and neither does any response that sets a cookie or says private/no-cache/no-store.
`CachedPagesApp` replays stored pages in front of Django itself (newsroom/wsgi.py).
"""

import hashlib
import logging
import math
import time
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from core.pagecache.keys import ALL, MISSING, add_surrogate_keys, recording
from core.pagecache.purge import page_store
from core.pagecache.stores import Entry

logger = logging.getLogger("core.pagecache")

CACHEABLE_STATUS = frozenset({200, 301, 404, 410})
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")
# Only for the cache itself: readers and proxies get Cache-Control, Surrogate-Key and Cache-Tag.
HIT_HEADER = ("X-Page-Cache", "hit")
# Set in the WSGI environ by CachedPagesApp when it found no stored page for the request.
MISSED = "newsroom.page_cache_missed"


def applies(request: HttpRequest) -> bool:
    """An anonymous read of a public page: the only requests the cache answers or fills."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDE)
        and not request.path.startswith(settings.STATIC_URL)
    )


def cache_key(request: HttpRequest) -> str:
    """Everything URL resolution reads: scheme, host, script prefix, path and query."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256(url.encode()).hexdigest()


class Unavailable(Exception):
    """The store failed; the request goes on uncached."""


last_warning = 0.0


def attempt(operation: Callable, *args, **kwargs):
    """Run a store operation; a failure is logged (once a minute per process) and raised as
    Unavailable, which callers treat as a miss."""
    global last_warning
    try:
        return operation(*args, **kwargs)
    except Exception as error:
        if time.monotonic() - last_warning > 60:
            last_warning = time.monotonic()
            logger.warning("Page cache unavailable, serving uncached: %r", error)
        raise Unavailable from error


def fresh_entry(request: HttpRequest) -> Entry | None:
    try:
        return attempt(page_store().get, cache_key(request))
    except Unavailable:
        return None


class PageCacheMiddleware:
    """Serve and store anonymous GET responses; first in MIDDLEWARE, so an entry is the
    response as it leaves the site, security headers included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not applies(request):
            response = self.rendered(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and "Cache-Control" not in response:
                # A signed-in view of a page must never be kept by a shared cache.
                patch_cache_control(response, private=True)
            return response
        # CachedPagesApp has looked for this page already: one read of the store per miss.
        entry = None if request.META.get(MISSED) else fresh_entry(request)
        if entry is not None:
            return replay(request, entry)
        try:
            # Read before rendering: a purge after this makes what we render unstorable.
            since = attempt(page_store().sequence)
        except Unavailable:
            since = None
        response = self.rendered(request)
        keys = surrogate_keys(response)
        if request.method == "GET" and keys and storable(request, response):
            prepare(response, keys)
            if since is not None:
                store(request, response, keys, since)
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        return response

    def rendered(self, request: HttpRequest) -> HttpResponse:
        """The response, its `Surrogate-Key` saying what rendering it showed."""
        with recording() as shown:
            response = self.get_response(request)
        return add_surrogate_keys(response, shown) if shown else response


def surrogate_keys(response: HttpResponse) -> set[str]:
    keys = set(response.get("Surrogate-Key", "").split())
    if response.status_code in (404, 410):
        keys.add(MISSING)
    return keys | {ALL} if keys else keys


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code not in CACHEABLE_STATUS or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def prepare(response: HttpResponse, keys: set[str]) -> None:
    """The headers a shared cache needs: keys for purging, validators, and how long to keep it,
    never past the moment one of its keys is scheduled to change."""
    now = time.time()
    try:
        change = attempt(page_store().next_change, sorted(keys), now)
    except Unavailable:
        change = None
    proxy_age = settings.PAGE_PROXY_MAX_AGE
    if change is not None:
        proxy_age = max(0, min(proxy_age, math.floor(change - now)))
    response["Surrogate-Key"] = " ".join(sorted(keys))
    response["Cache-Tag"] = ",".join(sorted(keys))  # Cloudflare's name for the same keys
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(now)
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PAGE_BROWSER_MAX_AGE, proxy_age),
        s_maxage=proxy_age,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.PAGE_STALE_IF_ERROR,
    )
    response.page_cache_expires = min(now + settings.PAGE_CACHE_SECONDS, change or math.inf)


def store(request: HttpRequest, response: HttpResponse, keys: set[str], since: int) -> None:
    expires = response.page_cache_expires
    if expires <= time.time():
        return
    entry = Entry(response.status_code, list(response.items()), response.content, expires)
    try:
        attempt(page_store().put, cache_key(request), entry, sorted(keys), since=since)
    except Unavailable:
        pass


def replay(request: HttpRequest, entry: Entry) -> HttpResponse:
    response = HttpResponse(b"" if request.method == "HEAD" else entry.body, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    response[HIT_HEADER[0]] = HIT_HEADER[1]
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


class CachedPagesApp:
    """Wraps the WSGI application (newsroom/wsgi.py): a plain anonymous GET whose page is
    stored is answered here, before Django's handler, its signals and middleware run.

    The middleware decides what is stored; this only replays, with the same key and rules.
    Everything else (HEAD, conditional requests, editors, misses) goes on to Django.

    A request whose WSGI script prefix is not the site's own (gunicorn takes it from a
    `SCRIPT_NAME` header sent from an address it trusts) is refused: it would make URL
    resolution answer another page under this address.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("SCRIPT_NAME", "") != (settings.FORCE_SCRIPT_NAME or ""):
            start_response("400 Bad Request", [("Content-Type", "text/plain"), ("Cache-Control", "no-store")])
            return [b"Bad Request: this site is not served under another script prefix.\n"]
        if environ.get("REQUEST_METHOD") == "GET" and not any(
            name in environ for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
        ):
            entry, looked = self.cached(environ)
            if entry is not None:
                start_response(
                    f"{entry.status} {HTTPStatus(entry.status).phrase}", [*entry.headers, HIT_HEADER]
                )
                return [entry.body]
            if looked:
                environ[MISSED] = True
        return self.application(environ, start_response)

    @staticmethod
    def cached(environ) -> tuple[Entry | None, bool]:
        """The stored page, and whether the store was asked."""
        # A copy: WSGIRequest writes the decoded path back into the environ it is given
        # (META is the environ), and Django's handler, given that environ next, would encode
        # it as Latin-1 again per PEP 3333: a 500 for any other character, mojibake for é.
        request = WSGIRequest(dict(environ))
        try:
            if not applies(request):
                return None, False
            return fresh_entry(request), True
        except DisallowedHost:
            return None, False  # Django answers it with its own error
