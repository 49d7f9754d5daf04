"""Shared by the image tests: uploads through the admin, and a photo as a phone stores it."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

ADD_URL = reverse("admin:images_image_add")


def upload(client, name: str, content: bytes):
    data = {
        "file": SimpleUploadedFile(name, content),
        "alt_text": "A still",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    return client.post(ADD_URL, data)


def camera_jpeg(orientation: int = 1) -> bytes:
    """A 300 × 200 photo as a phone stores it: red left half, blue right half, the camera's
    make, a GPS position and an EXIF orientation telling viewers how to turn it."""
    photo = PillowImage.new("RGB", (300, 200), (220, 0, 0))
    photo.paste((0, 0, 220), (150, 0, 300, 200))
    exif = PillowImage.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 0.0)  # latitude
    out = BytesIO()
    photo.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()
