"""reverse() remembered, for the addresses readers' pages print by the dozen.

Django's reverse() matches the URLconf on every call: 15-45 µs, and a list page prints some
sixty addresses, a feed 150. An address depends only on the URL name, its arguments, the
URLconf and the script prefix, so it is computed once per worker and remembered, for the
few thousand addresses a worker prints most (bounded: each distinct page of an archive
prints twenty addresses of its own, which must not pile up).
The site sets no per-request URLconf; a test that swaps ROOT_URLCONF empties the memory.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=4096)
def _reverse(prefix: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, kwargs=dict(kwargs))


def address(viewname: str, **kwargs) -> str:
    """reverse(viewname, kwargs=kwargs), computed once per worker for each set of arguments."""
    return _reverse(get_script_prefix(), viewname, tuple(kwargs.items()))


@receiver(setting_changed)
def forget_addresses(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
