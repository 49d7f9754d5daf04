"""Bad uploads are refused with a form error; good ones get a safe, unique name."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PillowImage

from images.models import Image
from images.renditions import renditions
from tests.factories import ImageFactory, jpeg_bytes
from tests.images.helpers import camera_jpeg, upload


def png_bytes(size=(64, 48)) -> bytes:
    out = BytesIO()
    PillowImage.new("RGB", size, (10, 200, 30)).save(out, format="PNG")
    return out.getvalue()


def form_errors(response) -> str:
    assert response.status_code == 200, "the form should come back with an error"
    return " ".join(str(e) for e in response.context["adminform"].form.errors.get("file", []))


@pytest.mark.django_db
def test_a_real_jpeg_is_accepted_with_a_sanitised_name(superuser_client):
    response = upload(superuser_client, "../../etc/Her Smell «still» #1.JPEG", jpeg_bytes())
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/")
    name = image.file.name.rsplit("/", 1)[1]
    assert name.startswith("her-smell-still-1-") and name.endswith(".jpg")
    assert (image.width, image.height) == (64, 48)


@pytest.mark.django_db
def test_two_uploads_of_the_same_name_do_not_collide(superuser_client):
    upload(superuser_client, "still.jpg", jpeg_bytes())
    upload(superuser_client, "still.jpg", jpeg_bytes())
    names = set(Image.objects.values_list("file", flat=True))
    assert len(names) == 2


@pytest.mark.django_db
def test_a_non_image_is_refused(superuser_client):
    response = upload(superuser_client, "notes.jpg", b"this is plain text, not a picture")
    assert "not an image" in form_errors(response) or "valid image" in form_errors(response)
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_a_truncated_jpeg_is_refused(superuser_client):
    """Its header reads fine; only decoding every pixel shows the file ends too soon."""
    whole = jpeg_bytes((640, 480))
    response = upload(superuser_client, "cut.jpg", whole[: len(whole) // 2])
    assert "incomplete or damaged" in form_errors(response)
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_an_unsupported_extension_is_refused(superuser_client):
    response = upload(superuser_client, "clip.gif", jpeg_bytes())
    assert "JPEG, PNG or WebP" in form_errors(response)


@pytest.mark.django_db
def test_a_file_whose_name_lies_about_its_format_is_refused(superuser_client):
    response = upload(superuser_client, "poster.jpg", png_bytes())
    assert "PNG image but its name ends in .jpg" in form_errors(response)


@pytest.mark.django_db
def test_an_oversized_file_is_refused(superuser_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    response = upload(superuser_client, "still.jpg", jpeg_bytes())
    assert "larger than" in form_errors(response)


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused_before_it_is_decoded(superuser_client, settings):
    """Pixel count is read from the header, so a tiny file claiming a huge canvas never expands."""
    settings.MAX_IMAGE_PIXELS = 1000
    response = upload(superuser_client, "bomb.png", png_bytes((100, 100)))
    assert "the limit is 1,000" in form_errors(response)
    assert not Image.objects.exists()


def bomb_png(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims a canvas of width × height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("side", [7_000, 60_000])
def test_a_real_decompression_bomb_is_refused(superuser_client, side):
    """Over our limit (7,000²) and over Pillow's own (60,000²): both are form errors, not crashes."""
    response = upload(superuser_client, "bomb.png", bomb_png(side, side))
    # Beyond Pillow's own limit Django's image check speaks first, with its generic message.
    assert "too many pixels" in form_errors(response) or "Upload a valid image" in form_errors(response)
    assert not Image.objects.exists()


def wide_animated_webp(width: int) -> bytes:
    """A two-frame WebP whose header claims a canvas `width` pixels wide (found by the upload
    property test: it decodes, but no WebP encoder writes a picture that wide)."""
    frames = [PillowImage.new("RGB", (8, 8), (80 * n, 0, 0)) for n in range(2)]
    out = BytesIO()
    frames[0].save(out, format="WEBP", save_all=True, append_images=frames[1:])
    data = bytearray(out.getvalue())
    assert data[12:16] == b"VP8X"
    data[24:27] = (width - 1).to_bytes(3, "little")  # the canvas width, less one
    return bytes(data)


@pytest.mark.django_db
def test_a_webp_wider_than_webp_allows_is_a_form_error(superuser_client):
    response = upload(superuser_client, "wide.webp", wide_animated_webp(16_384))
    assert "16,383 pixels" in form_errors(response)
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_uploads_are_stored_upright_without_exif_or_gps(superuser_client):
    """Orientation 6 means "turn 90° clockwise to view": the stored file is turned, and keeps
    nothing of the camera's metadata (make, GPS position)."""
    response = upload(superuser_client, "phone.jpg", camera_jpeg(orientation=6))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (200, 300)
    with image.file.open("rb"), PillowImage.open(image.file) as stored:
        assert stored.format == "JPEG" and stored.size == (200, 300)
        assert not stored.getexif()
        assert not {"exif", "xmp", "comment"} & set(stored.info)
        stored = stored.convert("RGB")
        red, blue = stored.getpixel((100, 40)), stored.getpixel((100, 260))
    assert red[0] > 180 and red[2] < 60  # the photo's left is now its top
    assert blue[2] > 180 and blue[0] < 60


@pytest.mark.django_db
def test_the_colour_profile_is_kept():
    """A profile is how the pixels' colours are meant; without it wide-gamut photos look dull."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = BytesIO()
    PillowImage.new("RGB", (64, 48), (10, 200, 30)).save(out, format="JPEG", icc_profile=profile)
    image = ImageFactory(file=ContentFile(out.getvalue(), name="profiled.jpg"))
    with image.file.open("rb"), PillowImage.open(image.file) as stored:
        assert stored.info.get("icc_profile") == profile


@pytest.mark.django_db
@pytest.mark.parametrize("format, extension", [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_lose_their_metadata_too(format, extension):
    exif = PillowImage.Exif()
    exif[0x010F] = "CameraMaker"
    out = BytesIO()
    PillowImage.new("RGBA", (64, 48), (10, 200, 30, 128)).save(out, format=format, exif=exif)
    image = ImageFactory(file=ContentFile(out.getvalue(), name=f"still.{extension}"))
    with image.file.open("rb"), PillowImage.open(image.file) as stored:
        assert stored.format == format and stored.mode == "RGBA"
        assert not stored.getexif()


@pytest.mark.django_db
def test_renditions_carry_no_exif_or_gps():
    """Originals stored before uploads were cleaned still hold camera metadata (location
    included): renditions, what readers get, never carry it."""
    exif = PillowImage.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 0.0)  # latitude
    out = BytesIO()
    PillowImage.new("RGB", (1600, 900), (90, 20, 20)).save(out, format="JPEG", exif=exif)
    name = default_storage.save("images/2019/03/gps.jpg", ContentFile(out.getvalue()))
    image = Image.objects.create(file=name, width=1600, height=900, alt_text="An old upload")
    with PillowImage.open(image.file.path) as original:
        assert original.getexif()  # the test's premise: the stored original does carry EXIF
    files = [r for format_renditions in renditions(image, "lead").values() for r in format_renditions]
    assert files
    for rendition in files:
        with default_storage.open(rendition.name) as handle, PillowImage.open(handle) as picture:
            assert not picture.getexif(), rendition.url
            assert "exif" not in picture.info, rendition.url
