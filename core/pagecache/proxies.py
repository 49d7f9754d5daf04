"""Purging the shared caches in front of the site by surrogate key: Varnish, Fastly, Cloudflare.

Every cacheable public response names what it shows in `Surrogate-Key` (space-separated, read
by Varnish and Fastly) and `Cache-Tag` (the same keys comma-separated, read by Cloudflare).
After a change commits, a task on the worker (core/pagecache/tasks.py) calls `purge(keys)` on
each of `configured_purgers()`.

A purge is best effort: a proxy that is down, slow or refusing must never fail an editor's
save, so every failure is logged (logger `core.pagecache`) and none is raised; `purge()` says
whether every request succeeded, and the task tries again later when one did not. Pages the
purge missed still expire by their `s-maxage`.

All three purges are hard (the object is gone, the next reader waits for a fresh copy) rather
than soft (served stale once more while refetched): a story withdrawn for legal reasons must
not be shown again, even once. Serving stale when the app fails is `stale-if-error`'s job.
"""

import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPException
from typing import Protocol

from django.conf import settings

logger = logging.getLogger("core.pagecache")

# Every node and batch is sent at once, so nodes that never answer hold the worker for one
# timeout, not one each.
TIMEOUT_SECONDS = 2.0
# Requests in flight at once for one purge (nodes × batches; usually a handful).
MOST_AT_ONCE = 16
# A key travels in a request header (Varnish, Fastly) or a JSON string: printable ASCII with
# no space or comma, the separators of Surrogate-Key and Cache-Tag.
KEY_PATTERN = re.compile(r"[!-+\--~]+")


class Purger(Protocol):
    def purge(self, keys: Collection[str]) -> bool: ...


def usable_keys(keys: Collection[str]) -> list[str]:
    """The keys, deduplicated and sorted (so batches are stable), without any malformed one."""
    good = sorted({key for key in keys if KEY_PATTERN.fullmatch(key)})
    if len(good) < len(set(keys)):
        logger.error("purge: skipped malformed keys %r", sorted(set(keys) - set(good)))
    return good


def batches(keys: list[str], *, most: int, max_chars: int | None) -> Iterator[list[str]]:
    """The keys in runs of at most `most` keys and `max_chars` characters once space-joined."""
    batch: list[str] = []
    chars = 0
    for key in keys:
        too_long = max_chars is not None and chars + 1 + len(key) > max_chars
        if batch and (len(batch) == most or too_long):
            yield batch
            batch, chars = [], 0
        chars += len(key) + (1 if batch else 0)
        batch.append(key)
    if batch:
        yield batch


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A purge API that redirects is misconfigured: report the 3xx rather than follow it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


class HttpPurger:
    """Sends each batch of keys as one or more HTTP requests; subclasses say which."""

    # Per request: the service's documented limit on keys, and a bound on the header's length
    # (Varnish refuses request headers over 8 KB by default).
    most_keys = 256
    max_chars: int | None = 4000

    def __init__(self, timeout: float = TIMEOUT_SECONDS):
        self.timeout = timeout

    def purge(self, keys: Collection[str]) -> bool:
        """Send every request; True when all of them succeeded."""
        sends = [
            (request, len(batch))
            for batch in batches(usable_keys(keys), most=self.most_keys, max_chars=self.max_chars)
            for request in self.requests(batch)
        ]
        if len(sends) <= 1:
            return all(self.send(*send) for send in sends)
        with ThreadPoolExecutor(max_workers=min(len(sends), MOST_AT_ONCE)) as pool:
            return all(list(pool.map(lambda send: self.send(*send), sends)))

    def requests(self, keys: list[str]) -> Iterable[urllib.request.Request]:
        raise NotImplementedError

    def send(self, request: urllib.request.Request, count: int) -> bool:
        # The URL is logged, never the headers: they hold the API token.
        where = f"{request.get_method()} {request.full_url} ({count} keys)"
        try:
            with OPENER.open(request, timeout=self.timeout) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            problem = f"answered {error.code}"
        # Refused, timed out, unresolvable, cut off, a bad URL in the settings.
        except (OSError, HTTPException, ValueError) as error:
            problem = str(error)
        else:
            problem = "" if 200 <= status < 300 else f"answered {status}"
            problem = problem or self.failure_in(body)
        if problem:
            logger.error("purge failed: %s: %s", where, problem)
        return not problem

    def failure_in(self, body: bytes) -> str:
        """What a 2xx answer's body says went wrong, or "" (only Cloudflare's can say so)."""
        return ""


class VarnishPurger(HttpPurger):
    """A PURGE with an `xkey-purge` header to every Varnish node (deploy/varnish/default.vcl)."""

    def __init__(self, urls: list[str], timeout: float = TIMEOUT_SECONDS):
        super().__init__(timeout)
        self.urls = list(urls)

    def requests(self, keys: list[str]) -> Iterable[urllib.request.Request]:
        for url in self.urls:
            yield urllib.request.Request(url, method="PURGE", headers={"xkey-purge": " ".join(keys)})


class ApiPurger(HttpPurger):
    """A CDN's purge API: one endpoint of `api_base` for this site, and a token."""

    def __init__(self, path: str, token: str, api_base: str, timeout: float = TIMEOUT_SECONDS):
        super().__init__(timeout)
        self.url = f"{api_base.rstrip('/')}{path}"
        self.token = token


class FastlyPurger(ApiPurger):
    """Fastly's batch purge by surrogate key: up to 256 keys in one `Surrogate-Key` header."""

    def __init__(self, service_id: str, token: str, api_base: str = "https://api.fastly.com", **options):
        super().__init__(f"/service/{service_id}/purge", token, api_base, **options)

    def requests(self, keys: list[str]) -> Iterable[urllib.request.Request]:
        headers = {"Fastly-Key": self.token, "Surrogate-Key": " ".join(keys), "Accept": "application/json"}
        yield urllib.request.Request(self.url, method="POST", headers=headers)


class CloudflarePurger(ApiPurger):
    """Cloudflare's purge by cache tag: at most 100 tags per call (its documented limit)."""

    most_keys = 100
    # The tags go in a JSON body, not a header: no bound on their sum.
    max_chars = None

    def __init__(
        self, zone_id: str, token: str, api_base: str = "https://api.cloudflare.com/client/v4", **options
    ):
        super().__init__(f"/zones/{zone_id}/purge_cache", token, api_base, **options)

    def requests(self, keys: list[str]) -> Iterable[urllib.request.Request]:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        body = json.dumps({"tags": keys}).encode()
        yield urllib.request.Request(self.url, data=body, method="POST", headers=headers)

    def failure_in(self, body: bytes) -> str:
        try:
            answer = json.loads(body)
        except ValueError:
            return ""
        if isinstance(answer, dict) and answer.get("success") is False:
            return f"errors {answer.get('errors')}"
        return ""


def configured_purgers() -> list[Purger]:
    """The proxies this deployment purges (settings PAGE_CACHE_VARNISH_URLS, _FASTLY, _CLOUDFLARE)."""
    purgers: list[Purger] = []
    if urls := getattr(settings, "PAGE_CACHE_VARNISH_URLS", None):
        purgers.append(VarnishPurger(list(urls)))
    if fastly := getattr(settings, "PAGE_CACHE_FASTLY", None):
        purgers.append(FastlyPurger(fastly["service_id"], fastly["token"]))
    if cloudflare := getattr(settings, "PAGE_CACHE_CLOUDFLARE", None):
        purgers.append(CloudflarePurger(cloudflare["zone_id"], cloudflare["token"]))
    return purgers
