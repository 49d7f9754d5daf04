"""Pictures for the demo content, drawn with Pillow so that no download is needed."""

import hashlib
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

from images.models import Image


def _palette(key: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] // 2, digest[1] // 3, digest[2] // 2), (
        128 + digest[3] // 2,
        64 + digest[4] // 3,
        96 + digest[5] // 3,
    )


def draw_picture(key: str, title: str, size: tuple[int, int]) -> bytes:
    """A gradient card with a title: recognisable in the demo, unique per key."""
    width, height = size
    top, bottom = _palette(key)
    picture = PillowImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / max(height - 1, 1)
        draw.line(
            [(0, y), (width, y)], fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        )
    font = ImageFont.load_default(size=max(18, width // 14))
    words, lines, line = title.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > width * 0.84 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = height * 0.62
    for text in lines:
        draw.text((width * 0.08, y), text, font=font, fill=(255, 255, 255))
        y += font.size * 1.2
    out = BytesIO()
    picture.save(out, format="JPEG", quality=85)
    return out.getvalue()


def demo_image(
    key: str, *, title: str, alt_text: str, size: tuple[int, int], caption: str = "", credit: str = ""
) -> Image:
    """The library image for `key`, drawn the first time and reused afterwards."""
    name = f"demo/{key}.jpg"
    storage = Image._meta.get_field("file").storage
    if not storage.exists(name):
        storage.save(name, ContentFile(draw_picture(key, title, size)))
    image = Image.objects.filter(file=name).first() or Image(file=name)
    image.alt_text, image.caption, image.credit = alt_text, caption, credit
    image.save()
    return image
