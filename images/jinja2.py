"""The picture tag of readers' pages: {{ picture(image, "card", sizes=...) }}."""

from django.utils.safestring import SafeString
from jinja2.ext import Extension
from markupsafe import escape

from images.models import Image
from images.renditions import SHAPES, PictureSource, renditions_of


class ImagesExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(picture=picture)


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
            alt=escape(alt_text if alt is None else alt),
            loading=' fetchpriority="high"' if eager else ' loading="lazy"',
        )
    )
