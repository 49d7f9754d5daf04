"""Renditions of library images: several widths, WebP with a JPEG fallback, cut around the focal point.

Each file is made (by Pillow) the first time a page asks for it and reused afterwards; its
name is a hash of the source's name and of what is done to it, so moving the focal point
makes new files instead of serving stale crops.

A picture whose renditions cannot be made (its file is missing, truncated or damaged) shows as
no picture: the failure is logged, and the page or feed goes on without it.
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import PurePosixPath
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image as PillowImage
from PIL import ImageOps

from images.models import Image


@dataclass(frozen=True)
class Shape:
    """A crop ratio (width / height) and the widths a page may ask for."""

    ratio: float
    widths: tuple[int, ...]


SHAPES = {
    "lead": Shape(16 / 9, (480, 800, 1200, 1600)),
    "card": Shape(3 / 2, (320, 480, 720)),
    "poster": Shape(2 / 3, (160, 320, 480)),
    "headshot": Shape(4 / 5, (160, 320, 480)),
}
# Pillow's format, its options and the file's extension.
FORMATS = {
    "webp": ("WEBP", {"quality": 78, "method": 4}, "webp"),
    "jpeg": ("JPEG", {"quality": 80, "optimize": True}, "jpg"),
}
FOLDER = "renditions"
# What link previews and feed readers are given: the JPEG closest to this width.
SHARE_WIDTH = 1200

logger = logging.getLogger(__name__)


class PictureSource(NamedTuple):
    """What a <picture> of a library image is written from, as plain values (a row of a list
    query), so a short list need not build Image instances."""

    name: str
    width: int
    height: int
    focal_x: float
    focal_y: float
    alt_text: str

    @classmethod
    def of(cls, image: Image | None) -> "PictureSource | None":
        """The values of a library image; None for no image, or one whose file is missing."""
        if image is None or not image.file:
            return None
        return cls(image.file.name, image.width, image.height, image.focal_x, image.focal_y, image.alt_text)


@dataclass(frozen=True, slots=True)  # slots: thousands are kept by rendition_set()'s memo
class Rendition:
    name: str  # in rendition_storage()
    url: str
    width: int
    height: int


def rendition_storage() -> Storage:
    """Where renditions are written: beside the originals."""
    return default_storage


def _sizes(width: int, height: int, shape: Shape) -> list[tuple[int, int]]:
    """Widths of the shape that the source can fill without being enlarged."""
    largest = min(width, int(height * shape.ratio)) or 1
    widths = [width for width in shape.widths if width <= largest] or [largest]
    return [(width, max(1, round(width / shape.ratio))) for width in widths]


def renditions(image: Image, kind: str) -> dict[str, list[Rendition]] | None:
    """Every rendition of `image` for the shape `kind`, by format, narrowest first; None if
    they cannot be made."""
    return renditions_of(image.file.name, image.width, image.height, image.focal_x, image.focal_y, kind)


def share_rendition(image: PictureSource | None, kind: str = "lead") -> Rendition | None:
    """The JPEG rendition closest to SHARE_WIDTH, for link previews and feeds; never the
    original, which is the editor's file and not made for readers."""
    if image is None:
        return None
    versions = renditions_of(image.name, image.width, image.height, image.focal_x, image.focal_y, kind)
    if versions is None:
        return None
    return min(versions["jpeg"], key=lambda rendition: abs(rendition.width - SHARE_WIDTH))


def thumbnail_of(image: Image) -> Rendition | None:
    """The narrowest card JPEG of a library image, for the admin's lists and chooser: never the
    original (a camera's file of several megabytes); None when it cannot be made."""
    source = PictureSource.of(image)
    if source is None:
        return None
    versions = renditions_of(source.name, source.width, source.height, source.focal_x, source.focal_y, "card")
    return versions["jpeg"][0] if versions else None


def renditions_of(
    name: str, width: int, height: int, focal_x: float, focal_y: float, kind: str
) -> dict[str, list[Rendition]] | None:
    """The renditions of a stored picture, made the first time they are asked for; None, and
    the reason logged, when its file cannot be made into them."""
    try:
        return rendition_set(name, width, height, focal_x, focal_y, kind)
    # Whatever went wrong (a file missing or damaged, Pillow's many decoder errors, a full
    # disk), a picture must not fail the page it is on. Failures are not memoised: a file
    # restored or a disk freed works on the next request.
    except Exception:
        logger.exception("No renditions of the image %s (%s): it shows as no picture", name, kind)
        return None


# Whether a picture's files exist is a storage call per file; the answer depends only on these
# arguments (a name is never reused for other content), so each worker asks once per picture
# and shape.
@lru_cache(maxsize=20_000)
def rendition_set(
    name: str, width: int, height: int, focal_x: float, focal_y: float, kind: str
) -> dict[str, list[Rendition]]:
    storage = rendition_storage()
    focal = (focal_x, focal_y)
    sizes = _sizes(width, height, SHAPES[kind])
    files = {
        format: [(rendition_name(name, size, focal, format), size) for size in sizes] for format in FORMATS
    }
    missing = [
        (file, size, format)
        for format, pairs in files.items()
        for file, size in pairs
        if not storage.exists(file)
    ]
    if missing:
        make_renditions(name, focal, missing)
    return {
        format: [Rendition(file, storage.url(file), width, height) for file, (width, height) in pairs]
        for format, pairs in files.items()
    }


def rendition_name(name: str, size: tuple[int, int], focal: tuple[float, float], format: str) -> str:
    """A rendition's file: under its source's name, named by a hash of all that makes it."""
    pillow_format, options, extension = FORMATS[format]
    recipe = repr((name, size, focal, pillow_format, sorted(options.items())))
    digest = hashlib.sha256(recipe.encode()).hexdigest()[:20]
    return f"{FOLDER}/{PurePosixPath(name).with_suffix('')}/{digest}.{extension}"


def make_renditions(
    name: str, focal: tuple[float, float], files: list[tuple[str, tuple[int, int], str]]
) -> None:
    """Writes each (file, size, format) from the stored picture `name`, decoded once. A file is
    written only once it is whole, so a failure leaves nothing to mistake for a rendition."""
    storage = rendition_storage()
    with storage.open(name) as source, PillowImage.open(source) as picture:
        profile = picture.info.get("icc_profile")
        # Transparency survives in WebP; JPEG has none, so a transparent picture lies on white.
        transparent = picture.mode in {"RGBA", "LA", "PA"} or "transparency" in picture.info
        pixels = picture.convert("RGBA" if transparent else "RGB")
    for file, size, format in files:
        pillow_format, options, _ = FORMATS[format]
        fitted = ImageOps.fit(pixels, size, PillowImage.Resampling.LANCZOS, centering=focal)
        if transparent and pillow_format == "JPEG":
            flat = PillowImage.new("RGB", fitted.size, "white")
            flat.paste(fitted, mask=fitted.getchannel("A"))
            fitted = flat
        out = BytesIO()
        fitted.save(out, pillow_format, icc_profile=profile, **options)
        saved = storage.save(file, ContentFile(out.getvalue()))
        if saved != file:  # another worker wrote it meanwhile: one copy is enough
            storage.delete(saved)
