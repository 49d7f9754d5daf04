"""Renditions of library images: several widths, WebP with a JPEG fallback, cut around the focal point.

django-imagekit makes each file the first time a page asks for it and reuses it afterwards;
the file name is a hash of the source and the processing, so moving the focal point makes
new files instead of serving stale crops.

A picture whose renditions cannot be made (its file is missing, truncated or damaged) shows as
no picture: the failure is logged, and the page or feed goes on without it.
"""

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.core.files.storage import Storage
from imagekit import register
from imagekit.cachefiles import ImageCacheFile
from imagekit.cachefiles.backends import CacheFileState, Simple
from imagekit.cachefiles.state import prefetch_cachefile_states, use_cachefile_state_cache
from imagekit.processors import ResizeToFill
from imagekit.specs import ImageSpec
from imagekit.utils import get_storage

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
FORMATS = {
    "webp": ("WEBP", {"quality": 78, "method": 4}),
    "jpeg": ("JPEG", {"quality": 80, "optimize": True}),
}
# What link previews and feed readers are given: the JPEG closest to this width.
SHARE_WIDTH = 1200

logger = logging.getLogger(__name__)


class FocalCrop(ImageSpec):
    """One rendition: a fill-crop of `size` anchored on the image's focal point."""

    def __init__(self, source, *, size: tuple[int, int], focal: tuple[float, float], format: str):
        super().__init__(source=source)
        self.processors = [ResizeToFill(*size, anchor=focal)]
        self.format, self.options = FORMATS[format]


class RenditionFiles(Simple):
    """imagekit's synchronous backend (settings.IMAGEKIT_DEFAULT_CACHEFILE_BACKEND), which never
    leaves a rendition marked "generating": imagekit marks it so before making the file and
    would never try again if making it failed. Its states live in the default cache, which is
    each process's own (settings.CACHES), so a worker killed mid-way takes its marks with it."""

    def generate_now(self, file, force=False):
        try:
            super().generate_now(file, force=force)
        except BaseException:
            self.set_state(file, CacheFileState.DOES_NOT_EXIST)
            raise


# Registered so imagekit's just-in-time strategy makes the file when a page first asks for it.
register.generator("newsroom:focal-crop", FocalCrop)


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
    """Where renditions are written (settings.IMAGEKIT_DEFAULT_FILE_STORAGE)."""
    return get_storage()


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


# Naming a rendition means hashing its processors (imagekit pickles them), which costs more
# than the rest of a page; the answer depends only on these arguments, so each worker
# computes it once per picture and shape.
@lru_cache(maxsize=20_000)
def rendition_set(
    name: str, width: int, height: int, focal_x: float, focal_y: float, kind: str
) -> dict[str, list[Rendition]]:
    source = Image(file=name, width=width, height=height).file
    shape = SHAPES[kind]
    focal = (focal_x, focal_y)
    sizes = _sizes(width, height, shape)
    files = {
        format: [
            (ImageCacheFile(FocalCrop(source, size=size, focal=focal, format=format)), size) for size in sizes
        ]
        for format in FORMATS
    }
    # One cache round trip for the existence checks of all the files of this picture.
    with use_cachefile_state_cache():
        prefetch_cachefile_states([file for pairs in files.values() for file, _ in pairs])
        return {
            format: [Rendition(file.name, file.url, width, height) for file, (width, height) in pairs]
            for format, pairs in files.items()
        }
