"""What an uploaded picture must be before it enters the library, and what is kept of it.

Form errors, never 500s: a non-image, an oversized file, a decompression bomb, a file whose
name lies about its format or one that does not decode to the last pixel is refused with a
message the editor can act on. What is stored is the picture alone: turned upright, with no
camera data, time or GPS location, only its colour profile (without it, wide-gamut photos
would show dull).
"""

import secrets
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import ImageField, ImageFieldFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageOps
from PIL.JpegImagePlugin import get_sampling

# Pillow's format name for each extension we accept.
FORMATS_BY_EXTENSION = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
# Keys of Pillow's `info` that are drawing, not metadata: a PNG's transparent colour.
PIXEL_INFO = {"transparency"}
WEBP_QUALITY = 90
# The longest side each format can store: every upload is re-encoded in its own format, and a
# header may claim more than the encoder writes (WebP's canvas field, say).
LONGEST_SIDE = {"JPEG": 65_535, "PNG": 2**31 - 1, "WEBP": 16_383}


def read_picture(file, name: str) -> PillowImage.Image:
    """The picture in `file` (uploaded as `name`), decoded in full; a ValidationError says why
    it cannot be used.

    Header checks come first, so a bomb is refused before it expands. Nothing here closes
    `file` (Pillow's close() would): it belongs to the caller.
    """
    if file.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        limit_mb = settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(f"This file is larger than {limit_mb} MB; upload a smaller image.")
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in FORMATS_BY_EXTENSION:
        raise ValidationError("Upload a JPEG, PNG or WebP image (.jpg, .png or .webp).")
    too_big = ValidationError(f"This image has too many pixels; the limit is {settings.MAX_IMAGE_PIXELS:,}.")
    file.seek(0)
    try:
        picture = PillowImage.open(file)  # reads the header only
    except PillowImage.DecompressionBombError as error:
        raise too_big from error
    # Malformed files make Pillow's decoders raise all sorts of errors (struct.error,
    # IndexError, EOFError...); like Django's forms.ImageField, any of them means "not an image".
    except Exception as error:
        raise ValidationError("This file is not an image we can read.") from error
    width, height = picture.size
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise too_big
    if picture.format != FORMATS_BY_EXTENSION[extension]:
        raise ValidationError(
            f"This file is a {picture.format} image but its name ends in .{extension}; "
            "rename or re-export it."
        )
    if max(width, height) > LONGEST_SIDE[picture.format]:
        raise ValidationError(
            f"A {picture.format} image can be at most {LONGEST_SIDE[picture.format]:,} pixels wide "
            "or tall; export a smaller one."
        )
    try:
        picture.load()  # every pixel: a truncated or damaged file fails here, not on a page
    except Exception as error:
        raise ValidationError(
            "This image is incomplete or damaged and cannot be shown; "
            "export it again and upload the new file."
        ) from error
    return picture


def validate_image_upload(file) -> None:
    """The model field's validator: read_picture() passes, and the file is left as found."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        read_picture(file, file.name)
    finally:
        file.seek(position)


def stored_content(file, name: str) -> ContentFile:
    """What the library keeps of an upload: the picture turned as its EXIF orientation says,
    re-encoded in its own format with its colour profile and nothing else."""
    picture = read_picture(file, name)
    try:
        upright = ImageOps.exif_transpose(picture)
    except Exception:  # EXIF Pillow cannot parse: kept as drawn, as browsers show it
        upright = picture.copy()
    upright.info = {key: value for key, value in picture.info.items() if key in PIXEL_INFO}
    options = {"icc_profile": picture.info.get("icc_profile")}
    if picture.format == "JPEG":
        # The source's own quantisation: re-encoding loses next to nothing more.
        options |= {"qtables": picture.quantization, "subsampling": get_sampling(picture), "optimize": True}
    elif picture.format == "WEBP":
        options["quality"] = WEBP_QUALITY
    out = BytesIO()
    upright.save(out, format=picture.format, **options)
    return ContentFile(out.getvalue(), name=name)


class LibraryImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Every write of a new file passes here (admin form, import, script): one place strips it.
        super().save(name, stored_content(content, name), save)


class LibraryImageField(ImageField):
    """An ImageField that stores uploads as stored_content() makes them."""

    attr_class = LibraryImageFieldFile


def image_upload_path(instance, filename: str) -> str:
    """images/2019/03/her-smell-still-3f9a1c.jpg: readable, unique, nothing from the user unslugged."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:60] or "image"
    extension = path.suffix.lower().lstrip(".")
    extension = "jpg" if extension == "jpeg" else extension
    now = timezone.now()
    return f"images/{now:%Y/%m}/{stem}-{secrets.token_hex(3)}.{extension}"
