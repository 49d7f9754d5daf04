"""The public page cache: every anonymous GET of a page or feed, in one middleware.

Why one middleware rather than per-view decorators: readers' pages, feeds and sitemaps are
written by different hands, and a rule that lives in one place cannot be forgotten on a
new page. Django's own UpdateCacheMiddleware/FetchFromCacheMiddleware cannot be told
"not for signed-in editors" and have no way to invalidate, so this is a small variant.

Invalidation is a site-wide content generation: a token stored in the cache that every
entry records. Any write to a content model (signals below, so no service has to remember
to call anything) sets a new token, and every entry made before it is ignored from then
on, on every app server sharing the cache. The check costs nothing extra: the token and
the page are fetched together in one `get_many`. A story scheduled for later changes no
row when it goes live, so no entry may outlive the next scheduled publish time.

Signed-in editors (a session cookie), the admin and previews neither read nor fill the
cache, and neither does any response that sets a cookie or says private/no-cache/no-store.

The middleware sits first, so an entry holds the response as it leaves the site, security
headers included; `CachedPagesApp` replays such entries in front of Django itself.
"""

import hashlib
import math
import secrets
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

GENERATION_KEY = "page:generation"
NEXT_GO_LIVE_KEY = "page:next-go-live"
# Models whose rows readers see: each app registers its own (its AppConfig.ready()), so an
# autosave or an audit event, which readers never see, leaves the cache alone.
WATCHED_MODELS: set[type] = set()
# Functions giving the next time content changes by itself (a scheduled story going live).
SCHEDULE_SOURCES: list[Callable[[], datetime | None]] = []


def watch_models(*models: type) -> None:
    WATCHED_MODELS.update(models)


def watch_schedule(source: Callable[[], datetime | None]) -> None:
    SCHEDULE_SOURCES.append(source)

CACHEABLE_STATUS = frozenset({200, 301, 404, 410})
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")


def cache_seconds() -> int:
    """How long an entry may live when nothing changes; 0 turns the page cache off."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def bump_generation(**kwargs) -> None:
    """Make every cached page stale at once, on every server that shares the cache."""
    page_cache().set(GENERATION_KEY, secrets.token_hex(8), None)


def content_changed(sender=None, **kwargs) -> None:
    """A content row changed (a signal), or a service says so (sender None)."""
    if sender is not None and sender not in WATCHED_MODELS:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    bump_generation()
    # Again after commit: a request that read the new token before the commit may have
    # rendered the old rows; the second token makes its entry stale too.
    transaction.on_commit(bump_generation, using=kwargs.get("using"))


post_save.connect(content_changed, dispatch_uid="page-cache-save")
post_delete.connect(content_changed, dispatch_uid="page-cache-delete")
m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")


def current_generation(cached: dict) -> str:
    generation = cached.get(GENERATION_KEY)
    if generation is None:
        # Lost (evicted, or a new cache): a fresh token, so no older entry can match.
        page_cache().add(GENERATION_KEY, secrets.token_hex(8), None)
        generation = page_cache().get(GENERATION_KEY)
    return generation


def next_go_live(generation: str) -> float | None:
    """Epoch seconds of the next scheduled story, remembered until then or the next change."""
    remembered = page_cache().get(NEXT_GO_LIVE_KEY)
    if remembered and remembered[0] == generation and (remembered[1] is None or remembered[1] > now()):
        return remembered[1]
    upcoming = [at for source in SCHEDULE_SOURCES if (at := source()) is not None]
    at = min(upcoming).timestamp() if upcoming else None
    page_cache().set(NEXT_GO_LIVE_KEY, (generation, at), None)
    return at


def now() -> float:
    """Epoch seconds from Django's clock, the one published() reads."""
    return timezone.now().timestamp()


class WorkerEntries:
    """The entries this worker replayed lately, kept in its own memory (a bounded LRU).

    An entry is a pure function of its key and generation until it expires, so a copy here is
    as good as the shared one while the shared generation is the same; checking that costs a
    round trip for the small token instead of the whole page (a feed is 230 KB, which was a
    third of a cached feed's time to unpickle, and is a network transfer from Redis).
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.size = 0

    def get(self, key: str, generation: str) -> tuple | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry[0] != generation or entry[1] <= now():
            self.discard(key)
            return None
        self.entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: tuple) -> None:
        self.discard(key)
        self.entries[key] = entry
        self.size += len(entry[4])
        while self.size > self.max_bytes and self.entries:
            self.discard(next(iter(self.entries)))

    def discard(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry[4])


WORKER_ENTRIES = WorkerEntries(max_bytes=32 * 1024 * 1024)


def fresh_entry(key: str) -> tuple[str, tuple | None]:
    """The content generation, and the entry under `key` if it was stored in this generation
    and has not expired: the token alone when this worker holds the entry, else one round
    trip for both."""
    if key in WORKER_ENTRIES.entries:
        generation = page_cache().get(GENERATION_KEY)
        if generation is not None and (entry := WORKER_ENTRIES.get(key, generation)):
            return generation, entry
    cached = page_cache().get_many([GENERATION_KEY, key])
    generation = current_generation(cached)
    entry = cached.get(key)
    if entry and entry[0] == generation and entry[1] > now():
        WORKER_ENTRIES.put(key, entry)
        return generation, entry
    return generation, None


class PageCacheMiddleware:
    """Serve and store anonymous GET responses; place it above the session middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.excluded = tuple(getattr(settings, "PAGE_CACHE_EXCLUDE", ("/admin/", "/preview/", "/healthz")))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.applies(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and "Cache-Control" not in response:
                # A signed-in view of a page must never be kept by a shared cache.
                patch_cache_control(response, private=True)
            return response
        key = self.key(request)
        generation, entry = fresh_entry(key)
        if entry:
            return self.replay(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self.storable(request, response):
            self.store(key, generation, response)
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        return response

    def applies(self, request: HttpRequest) -> bool:
        return (
            cache_seconds() > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(self.excluded)
            and not request.path.startswith(settings.STATIC_URL)
        )

    @staticmethod
    def key(request: HttpRequest) -> str:
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return "page:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()

    @staticmethod
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

    def store(self, key: str, generation: str, response: HttpResponse) -> None:
        stored_at = now()
        expires = stored_at + cache_seconds()
        go_live = next_go_live(generation)
        if go_live is not None:
            expires = min(expires, go_live)
        if expires <= stored_at:
            return
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(stored_at)
        if "Cache-Control" not in response:
            patch_cache_control(
                response,
                public=True,
                max_age=getattr(settings, "PAGE_BROWSER_MAX_AGE", 5),
                s_maxage=getattr(settings, "PAGE_PROXY_MAX_AGE", 10),
            )
        headers = list(response.items())
        entry = (generation, expires, response.status_code, headers, response.content)
        page_cache().set(key, entry, math.ceil(expires - stored_at) + 1)

    @staticmethod
    def replay(request: HttpRequest, entry: tuple) -> HttpResponse:
        _, _, status, headers, content = entry
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )


class CachedPagesApp:
    """Wraps the WSGI application (newsroom/wsgi.py): a plain anonymous GET whose page is in the
    cache is answered here, before Django's handler, its signals and middleware run.

    The middleware decides what is cached and stores it; this only replays what it stored, with
    the same key and freshness rules, so the two cannot disagree. Everything else (HEAD,
    conditional requests, cookies of signed-in editors, misses) goes on to Django, which still
    answers from the cache where it can.
    """

    def __init__(self, application):
        self.application = application
        self.middleware = PageCacheMiddleware(lambda request: None)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and not any(
            name in environ for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
        ):
            entry = self.cached(environ)
            if entry:
                _, _, status, headers, content = entry
                start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, ("X-Page-Cache", "hit")])
                return [content]
        return self.application(environ, start_response)

    def cached(self, environ) -> tuple | None:
        request = WSGIRequest(environ)
        try:
            if not self.middleware.applies(request):
                return None
            return fresh_entry(self.middleware.key(request))[1]
        except DisallowedHost:
            return None  # Django answers it with its own error
