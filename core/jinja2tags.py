"""Template globals and filters every readers' page may use, app-agnostic: addresses, static
files, times in the newsroom's zone, JSON-LD, the feed formats. Values are escaped by Jinja's
autoescape (markupsafe, in C: quotes become &#34; and &#39;); times are formatted by Django's
dateformat in the newsroom's zone.
"""

import json
from datetime import datetime
from functools import lru_cache

from django.core.serializers.json import DjangoJSONEncoder
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from jinja2.ext import Extension

from core.addresses import absolute_url, cached_reverse
from core.feeds import FEED_FORMATS
from core.pagecache import keys


class CoreExtension(Extension):
    """{{ url(...) }}, {{ static(...) }}, {{ json_ld(...) }}, {{ now(...) }}, feed_formats,
    {{ shows(obj) }} / {{ lists(obj) }} / {{ record(key) }} (the page's surrogate keys),
    |date, |iso, |urlencode, |absolute."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(
            url=cached_reverse,
            static=static,
            json_ld=json_ld,
            now=now,
            feed_formats=FEED_FORMATS,
            shows=keys.shows,
            lists=keys.lists,
            every=keys.every,
            record=keys.record,
        )
        environment.filters.update(
            date=date, iso=iso, urlencode=defaultfilters.urlencode, absolute=absolute_url
        )


def date(value, format_string: str) -> str:
    """Django's date filter for a format string ("F j, Y"), in the newsroom's zone, as Django
    templates convert an aware time before formatting it."""
    if value in (None, ""):
        return ""
    value = newsroom_time(value)
    return formatted(value, getattr(value, "tzinfo", None), format_string, get_language())


@lru_cache(maxsize=4096)
def formatted(value, zone, format_string: str, language: str | None) -> str:
    """Django's dateformat, remembered: lists show the same stories' times page after page, and
    formatting one (parsing the format, translating month names) costs tens of microseconds.
    Keyed by the zone too, since equal instants in two zones compare equal."""
    return dateformat.format(value, format_string)


def newsroom_time(value):
    """An aware time in the newsroom's zone (TIME_ZONE; the site never activates another),
    which is what Django's localtime gives, without looking up the current zone each time."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(timezone.get_default_timezone())
    return value


def now(format_string: str) -> str:
    """{% now %}: the current time in the newsroom's zone, through the same date filter."""
    return dateformat.format(newsroom_time(timezone.now()), format_string)


def iso(value) -> str:
    """A machine-readable time for <time datetime>, in the newsroom's zone, whole seconds."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return newsroom_time(value).replace(microsecond=0).isoformat()
    return value.isoformat()


# Inside <script>, "</script>" or "<!--" in any field would end or confuse the element;
# escaping these characters keeps the JSON identical for parsers (as Django's json_script).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """The JSON of a JSON-LD block (base.html writes the element). Browsers never run a data
    block, so CSP asks no nonce of it, and a page that printed the request's nonce would hand
    it to every reader of the cached copy."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return SafeString(text.translate(JSON_SCRIPT_ESCAPES))
