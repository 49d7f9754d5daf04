"""The Jinja2 environment of readers' pages (jinja2/), and the pieces those pages call.

Readers' pages render with Jinja2, which renders them faster than Django templates did; the
admin, django-axes' lock-out page and the XML sitemaps stay on Django templates (templates/).
Values are escaped by Jinja's autoescape (markupsafe, in C: quotes become &#34; and &#39;),
and by the same `escape` where Python writes HTML; times are formatted by Django's dateformat
in the newsroom's zone.
"""

import json
from datetime import datetime
from functools import lru_cache

from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from jinja2 import Environment, Undefined
from markupsafe import escape  # as autoescape escapes every printed value

from articles.models import Section
from newsroom.addresses import address
from newsroom.cache import GENERATION_KEY, current_generation, page_cache
from newsroom.images import SHAPES, PictureSource, renditions_of
from newsroom.models import Image


def environment(**options) -> Environment:
    # As in Django templates, a missing variable prints nothing, DEBUG or not (Django's backend
    # would pick DebugUndefined under DEBUG, which prints "{{ query }}" into the search box).
    options["undefined"] = Undefined
    # Django templates keep a template's final newline; pages' markup depends on it.
    options.setdefault("keep_trailing_newline", True)
    env = Environment(**options)
    # Imported here: the components use this module's escape, picture and filters.
    from articles.components import article_card, byline, story_link

    env.globals.update(
        article_card=article_card,
        byline=byline,
        story_link=story_link,
        url=address,  # {% url %}: url("articles:tag", slug=tag.slug), remembered per worker
        static=static_url,
        picture=picture,
        json_ld=json_ld,
        menu_sections=menu_sections,
        now=now,
    )
    env.filters.update(date=date, iso=iso, urlencode=defaultfilters.urlencode)
    return env


@lru_cache(maxsize=256)
def static_url(path: str) -> str:
    """{% static %}, remembered per worker: the manifest of hashed names is fixed at start-up,
    and looking a name up in it cost more than the rest of a page's head."""
    return static(path)


@receiver(setting_changed)
def forget_static_urls(setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES"}:
        static_url.cache_clear()


def date(value, format_string: str) -> str:
    """Django's date filter for a format string ("F j, Y"), in the newsroom's zone, as Django
    templates convert an aware time before formatting it."""
    if value in (None, ""):
        return ""
    return formatted(value, format_string)


@lru_cache(maxsize=8192)
def formatted(value, format_string: str) -> str:
    """A time as `format_string` says, remembered per worker: lists show the same publish times
    on every request, and Django's formatter parsing its format string each time was a tenth
    of the home page's time."""
    return dateformat.format(newsroom_time(value), format_string)


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


def json_ld(data: dict, nonce) -> SafeString:
    """A JSON-LD block carrying the request's CSP nonce (csp_nonce): the only inline script we serve."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    # A LazyNonce is falsy until used, and a page rendered without a request has none.
    if nonce is not None and not isinstance(nonce, Undefined):
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, SafeString(text)
        )
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


PICTURE = (
    '<picture{css_class}><source type="image/webp" srcset="{webp}" sizes="{sizes}"><img src="{src}"'
    ' srcset="{jpeg}" sizes="{sizes}" width="{width}" height="{height}" alt="{alt}"{loading}'
    ' decoding="async"></picture>'
)


def picture(
    image: Image | PictureSource | None,
    kind: str,
    sizes: str = "100vw",
    eager: bool = False,
    css_class: str = "",
    alt=None,
) -> SafeString:
    """A <picture> of `image` cut to the shape `kind`: WebP first, JPEG for older browsers.

    `eager` is for the one picture likely to be the largest thing on screen at load
    (a story's lead image); every other picture loads lazily.
    """
    if isinstance(image, Image):
        image = PictureSource.of(image)
    if image is None or kind not in SHAPES:
        return SafeString("")
    name, width, height, focal_x, focal_y, alt_text = image
    return _picture(
        name, width, height, focal_x, focal_y, alt_text if alt is None else alt, kind, sizes, eager, css_class
    )


# A list page prints 20-45 pictures, the same ones on every request: the markup depends only
# on these arguments (as the renditions do, newsroom/images.py), so it is written once per worker.
@lru_cache(maxsize=20_000)
def _picture(
    name: str,
    width: int,
    height: int,
    focal_x: float,
    focal_y: float,
    alt: str,
    kind: str,
    sizes: str,
    eager: bool,
    css_class: str,
) -> SafeString:
    versions = renditions_of(name, width, height, focal_x, focal_y, kind)
    jpegs = versions["jpeg"]
    largest = jpegs[-1]
    # format_html would do the same escaping at four times the cost.
    return SafeString(
        PICTURE.format(
            css_class=f' class="{escape(css_class)}"' if css_class else "",
            webp=escape(", ".join(f"{r.url} {r.width}w" for r in versions["webp"])),
            sizes=escape(sizes),
            src=escape(jpegs[min(1, len(jpegs) - 1)].url),
            jpeg=escape(", ".join(f"{r.url} {r.width}w" for r in jpegs)),
            width=largest.width,
            height=largest.height,
            alt=escape(alt),
            loading=' fetchpriority="high"' if eager else ' loading="lazy"',
        )
    )


NAV_KEY = "site-nav:sections"


def menu_sections() -> list[tuple[str, str]]:
    """(name, address) of every section, cached until any content changes.

    The entry is tied to the page cache's content generation (newsroom/cache.py), which every
    save of a section (or anything else) renews on every server, so the menu is never stale.
    """
    store = page_cache()
    found = store.get_many([GENERATION_KEY, NAV_KEY])
    generation = current_generation(found)
    entry = found.get(NAV_KEY)
    if entry and entry[0] == generation:
        return entry[1]
    sections = [(section.name, section.get_absolute_url()) for section in Section.objects.all()]
    store.set(NAV_KEY, (generation, sections), 24 * 3600)
    return sections
