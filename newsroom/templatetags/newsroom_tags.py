"""Site-wide template pieces: responsive pictures, the section menu, JSON-LD."""

import json
from datetime import datetime

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Section
from newsroom.cache import GENERATION_KEY, current_generation, page_cache
from newsroom.images import SHAPES, renditions
from newsroom.models import Image

register = template.Library()

# Inside <script>, "</script>" or "<!--" in any field would end or confuse the element;
# escaping these characters keeps the JSON identical for parsers (as Django's json_script).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, data: dict) -> SafeString:
    """A JSON-LD block, carrying the request's CSP nonce: the only inline script we serve."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    nonce = context.get("csp_nonce")  # a LazyNonce: falsy until used, so test for None
    if nonce is not None:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, SafeString(text)
        )
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


@register.inclusion_tag("includes/picture.html")
def picture(
    image: Image | None, kind: str, sizes: str = "100vw", eager: bool = False, css_class: str = "", alt=None
) -> dict:
    """A <picture> of `image` cut to the shape `kind`: WebP first, JPEG for older browsers.

    `eager` is for the one picture likely to be the largest thing on screen at load
    (a story's lead image); every other picture loads lazily.
    """
    if image is None or not image.file or kind not in SHAPES:
        return {"image": None}
    versions = renditions(image, kind)
    jpegs = versions["jpeg"]
    largest = jpegs[-1]
    return {
        "image": image,
        "alt": image.alt_text if alt is None else alt,
        "webp_srcset": ", ".join(f"{r.url} {r.width}w" for r in versions["webp"]),
        "jpeg_srcset": ", ".join(f"{r.url} {r.width}w" for r in jpegs),
        "src": jpegs[min(1, len(jpegs) - 1)].url,
        "width": largest.width,
        "height": largest.height,
        "sizes": sizes,
        "eager": eager,
        "css_class": css_class,
    }


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


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def render_site_nav(context) -> dict:
    request = context.get("request")
    return {"sections": menu_sections(), "path": request.path if request else ""}


@register.filter
def iso(value) -> str:
    """A machine-readable time for <time datetime>, in the newsroom's zone, whole seconds."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()
