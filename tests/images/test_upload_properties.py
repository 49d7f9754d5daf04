"""The upload checks over truncated, corrupted and mislabelled pictures: whatever the bytes and
the name, a file is either refused with a form error or stored and made into renditions."""

import random
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image as PillowImage

from images.models import Image
from images.renditions import rendition_set
from images.uploads import validate_image_upload

# The modes Pillow writes each format in; GIF is never accepted but must be refused cleanly.
MODES = {
    "JPEG": ["RGB", "L", "CMYK"],
    "PNG": ["RGB", "RGBA", "L", "LA", "P", "1", "I;16"],
    "WEBP": ["RGB", "RGBA"],
    "GIF": ["P", "L"],
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


@st.composite
def pictures(draw) -> tuple[str, bytes]:
    """A small, valid picture: noise in one of the modes of one format, maybe animated, maybe
    with an EXIF orientation."""
    format = draw(st.sampled_from(sorted(MODES)))
    mode = draw(st.sampled_from(MODES[format]))
    size = (draw(st.integers(1, 48)), draw(st.integers(1, 48)))
    noise = random.Random(draw(st.integers(0, 2**16)))
    frames = [
        PillowImage.frombytes(mode, size, noise.randbytes(len(PillowImage.new(mode, size).tobytes())))
        for _ in range(draw(st.integers(1, 2)))
    ]
    options = {}
    orientation = draw(st.sampled_from([None, 1, 3, 6, 8]))
    if orientation:
        exif = PillowImage.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif
    if len(frames) > 1 and format != "JPEG":
        options.update(save_all=True, append_images=frames[1:])
    out = BytesIO()
    frames[0].save(out, format=format, **options)
    return format, out.getvalue()


@st.composite
def uploads(draw) -> tuple[str, bytes]:
    """A picture, perhaps cut short, perhaps with bytes changed, under its own extension or
    another one."""
    format, content = draw(pictures())
    if draw(st.booleans()):
        content = content[: draw(st.integers(0, len(content) - 1))]
    flips = draw(st.lists(st.tuples(st.integers(0, 2**20), st.integers(1, 255)), max_size=4))
    if content and flips:
        changed = bytearray(content)
        for position, mask in flips:
            changed[position % len(changed)] ^= mask
        content = bytes(changed)
    extension = draw(
        st.one_of(st.just(EXTENSIONS[format]), st.sampled_from(["jpg", "jpeg", "png", "webp", "gif"]))
    )
    return f"upload.{extension}", content


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(upload=uploads())
def test_accepted_uploads_render_and_refused_ones_get_a_form_error(upload):
    name, content = upload
    file = SimpleUploadedFile(name, content)
    try:
        validate_image_upload(file)  # any exception but a ValidationError fails the test
    except ValidationError:
        event("refused")
        return
    event("accepted")
    image = Image(alt_text="A still")
    image.file.save(name, file, save=False)
    assert image.width > 0 and image.height > 0
    # The raising form of renditions_of: a failure here shows its traceback.
    versions = rendition_set(image.file.name, image.width, image.height, 0.5, 0.5, "card")
    for rendition in versions["jpeg"] + versions["webp"]:
        with default_storage.open(rendition.name) as handle, PillowImage.open(handle) as made:
            made.load()
            assert made.size == (rendition.width, rendition.height)
