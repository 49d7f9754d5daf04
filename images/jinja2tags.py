"""The picture tag of readers' pages: {{ picture(image, "card", sizes=...) }}. The markup is
a macro (jinja2/includes/picture.html); this picks the renditions it shows."""

from functools import partial

from jinja2 import Environment
from jinja2.ext import Extension
from markupsafe import Markup

from core.pagecache.keys import shows
from images.models import Image
from images.renditions import SHAPES, PictureSource, renditions_of


class ImagesExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(picture=partial(picture, environment))


def picture(
    environment: Environment,
    image: Image | PictureSource | None,
    kind: str,
    sizes: str = "100vw",
    eager: bool = False,
    css_class: str = "",
    alt=None,
) -> Markup:
    """A <picture> of `image` cut to the shape `kind`; nothing for no image, no such shape or
    a picture whose renditions cannot be made. A library image records its key on the page.

    `eager` is for the one picture likely to be the largest thing on screen at load
    (a story's lead image); every other picture loads lazily.
    """
    if isinstance(image, Image):
        shows(image)
        image = PictureSource.of(image)
    if image is None or kind not in SHAPES:
        return Markup("")
    versions = renditions_of(image.name, image.width, image.height, image.focal_x, image.focal_y, kind)
    if versions is None:
        return Markup("")
    macro = environment.get_template("includes/picture.html").module.picture
    jpeg = versions["jpeg"]
    return macro(
        webp_srcset=srcset(versions["webp"]),
        jpeg_srcset=srcset(jpeg),
        src=jpeg[1 if len(jpeg) > 1 else 0],
        largest=jpeg[-1],
        sizes=sizes,
        eager=eager,
        css_class=css_class,
        alt=image.alt_text if alt is None else alt,
    )


def srcset(versions: list) -> str:
    """An attribute value, not markup (the template escapes it): joined here, once per picture,
    it costs a tenth of a loop in the macro, which a list page runs twenty times."""
    return ", ".join(f"{version.url} {version.width}w" for version in versions)
