"""What an uploaded picture must be before it enters the library.

Form errors, never 500s: a non-image, an oversized file, a decompression bomb or a file
whose name lies about its format is refused with a message the editor can act on.
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage

# Pillow's format name for each extension we accept.
FORMATS_BY_EXTENSION = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def validate_image_upload(file) -> None:
    if file.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        limit_mb = settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(f"This file is larger than {limit_mb} MB; upload a smaller image.")
    extension = PurePath(file.name).suffix.lower().lstrip(".")
    if extension not in FORMATS_BY_EXTENSION:
        raise ValidationError("Upload a JPEG, PNG or WebP image (.jpg, .png or .webp).")
    position = file.tell() if hasattr(file, "tell") else 0
    too_big = ValidationError(f"This image has too many pixels; the limit is {settings.MAX_IMAGE_PIXELS:,}.")
    try:
        file.seek(0)
        # Opening reads the header only: a bomb is caught before anything is decoded.
        with PillowImage.open(file) as picture:
            detected, (width, height) = picture.format, picture.size
    except PillowImage.DecompressionBombError as error:
        raise too_big from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError("This file is not an image we can read.") from error
    finally:
        file.seek(position)
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise too_big
    if detected != FORMATS_BY_EXTENSION[extension]:
        raise ValidationError(
            f"This file is a {detected} image but its name ends in .{extension}; rename or re-export it."
        )


def image_upload_path(instance, filename: str) -> str:
    """images/2019/03/her-smell-still-3f9a1c.jpg: readable, unique, nothing from the user unslugged."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:60] or "image"
    extension = path.suffix.lower().lstrip(".")
    extension = "jpg" if extension == "jpeg" else extension
    now = timezone.now()
    return f"images/{now:%Y/%m}/{stem}-{secrets.token_hex(3)}.{extension}"
