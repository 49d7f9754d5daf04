"""The site's addresses: `cached_reverse()`, Django's reverse() remembered, for the addresses
readers' pages print by the dozen; and `absolute_url()`, an address on the public site
(SITE_URL).

reverse() matches the URLconf on every call, and a list page or a feed prints dozens of
addresses. An address depends only on the URL name, its arguments, the URLconf and the script
prefix, so it is computed once per worker and remembered, for the few thousand addresses a
worker prints most (bounded: each distinct page of an archive prints twenty addresses of its
own, which must not pile up). The site sets no per-request URLconf; a test that swaps
ROOT_URLCONF empties the memory.
"""

from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=4096)
def _reverse(prefix: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, kwargs=dict(kwargs))


def cached_reverse(viewname: str, **kwargs) -> str:
    """reverse(viewname, kwargs=kwargs), computed once per worker for each set of arguments."""
    return _reverse(get_script_prefix(), viewname, tuple(kwargs.items()))


@receiver(setting_changed)
def forget_addresses(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


def absolute_url(url: str, base: str = "") -> str:
    """`url` resolved against `base`, itself resolved against settings.SITE_URL: never the
    request's host, as a feed, a sitemap or a link preview cached or fetched through a proxy
    must name the public site. An absolute `url` is left as it is."""
    if url.startswith("/") and not url.startswith("//"):
        # A site path, the common case: no joining rules.
        return f"{urlsplit(settings.SITE_URL).scheme}://{site_host()}{url}"
    return urljoin(urljoin(f"{settings.SITE_URL}/", base), url)


def site_host() -> str:
    """The public site's host (and port), for identifiers that name the site (feed GUIDs,
    calendar UIDs)."""
    return urlsplit(settings.SITE_URL).netloc
