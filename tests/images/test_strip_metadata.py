"""`strip_image_metadata` cleans the originals stored before uploads were cleaned."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PillowImage

from images.models import Image
from tests.factories import ImageFactory
from tests.images.helpers import camera_jpeg


def stored_as_before(name: str, content: bytes, size: tuple[int, int]) -> Image:
    """A picture written straight into storage, as uploads were before they were cleaned."""
    name = default_storage.save(f"images/2019/03/{name}", ContentFile(content))
    return Image.objects.create(file=name, width=size[0], height=size[1], alt_text="An old upload")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("strip_image_metadata", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_old_originals_lose_their_metadata_and_the_file_that_held_it():
    old = stored_as_before("phone.jpg", camera_jpeg(orientation=6), (300, 200))
    clean = ImageFactory()
    whole = camera_jpeg()
    broken = stored_as_before("broken.jpg", whole[: len(whole) // 2], (300, 200))
    old_name, clean_name, broken_name = old.file.name, clean.file.name, broken.file.name

    out, err = run("--dry-run")
    assert "Would clean 1 picture(s); 1 could not be read." in out and broken_name in err
    old.refresh_from_db()
    assert old.file.name == old_name and default_storage.exists(old_name)

    out, err = run()
    assert "Cleaned 1 picture(s); 1 could not be read." in out and broken_name in err
    old.refresh_from_db()
    assert old.file.name != old_name and not default_storage.exists(old_name)
    assert (old.width, old.height) == (200, 300)
    with old.file.open("rb"), PillowImage.open(old.file) as stored:
        assert stored.size == (200, 300) and not stored.getexif()
    clean.refresh_from_db()
    broken.refresh_from_db()
    assert (clean.file.name, broken.file.name) == (clean_name, broken_name)
    assert run()[0].startswith("Cleaned 0 picture(s)")  # nothing left to do
