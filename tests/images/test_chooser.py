"""The image chooser's search and upload in place (issue 15, point 5)."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from images.models import Image
from images.renditions import rendition_storage, renditions
from tests.factories import ImageFactory, jpeg_bytes

SEARCH = "admin:images_image_chooser"
UPLOAD = "admin:images_image_chooser_upload"


@pytest.mark.django_db
def test_search_finds_by_every_word_newest_first(editor_client):
    ImageFactory(alt_text="Elisabeth Moss on stage", credit="Gunpowder & Sky")
    wanted = ImageFactory(alt_text="Elisabeth Moss backstage", credit="Gunpowder & Sky")
    ImageFactory(alt_text="A poster")
    found = editor_client.get(reverse(SEARCH), {"q": "moss backstage"}).json()["images"]
    assert [(card["id"], card["alt"]) for card in found] == [(wanted.pk, "Elisabeth Moss backstage")]
    assert found[0]["thumbnail"].endswith(".jpg")
    everything = editor_client.get(reverse(SEARCH)).json()["images"]
    assert everything[0]["alt"] == "A poster"  # newest first


@pytest.mark.django_db
def test_thumbnails_are_small_renditions_not_the_originals(editor_client):
    """A camera's file weighs megabytes; the dialog lists two dozen of them."""
    image = ImageFactory(file=ContentFile(jpeg_bytes((3000, 2000)), name="camera.jpg"))
    card = editor_client.get(reverse(SEARCH)).json()["images"][0]
    assert card["thumbnail"] != image.file.url
    rendition = next(r for r in renditions(image, "card")["jpeg"] if r.url == card["thumbnail"])
    with rendition_storage().open(rendition.name) as file:
        assert PillowImage.open(file).size == (320, 213)
    listing = editor_client.get(reverse("admin:images_image_changelist"))
    assert f'src="{card["thumbnail"]}"' in listing.content.decode()


@pytest.mark.django_db
def test_a_missing_or_damaged_file_shows_a_placeholder(editor_client):
    whole = jpeg_bytes((800, 600))
    damaged = default_storage.save("images/damaged.jpg", ContentFile(whole[: len(whole) // 2]))
    Image.objects.create(file=damaged, width=800, height=600, alt_text="Damaged")
    Image.objects.create(file="images/gone.jpg", width=800, height=600, alt_text="Gone")
    response = editor_client.get(reverse(SEARCH))
    assert response.status_code == 200
    assert [(card["alt"], card["thumbnail"]) for card in response.json()["images"]] == [
        ("Gone", None),
        ("Damaged", None),
    ]
    assert editor_client.get(reverse("admin:images_image_changelist")).status_code == 200


@pytest.mark.django_db
def test_upload_in_place_makes_a_library_image(editor_client):
    picture = SimpleUploadedFile("still.jpg", jpeg_bytes((80, 60)), content_type="image/jpeg")
    response = editor_client.post(reverse(UPLOAD), {"file": picture, "alt_text": "A still", "credit": "EW"})
    assert response.status_code == 201
    image = Image.objects.get(pk=response.json()["id"])
    assert (image.alt_text, image.width, image.credit) == ("A still", 80, "EW")


@pytest.mark.django_db
def test_bad_upload_is_a_clear_error(editor_client):
    fake = SimpleUploadedFile("still.jpg", b"not a picture", content_type="image/jpeg")
    response = editor_client.post(reverse(UPLOAD), {"file": fake, "alt_text": ""})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"file", "alt_text"}
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_chooser_follows_the_image_permissions(client, writer_client, django_user_model):
    from tests.staff import client_for

    assert client.get(reverse(SEARCH)).status_code == 302  # sign in first
    outsider = django_user_model.objects.create_user("guest", "g@example.com", "pw", is_staff=True)
    assert client_for(outsider).get(reverse(SEARCH)).status_code == 403
    assert writer_client.get(reverse(SEARCH)).status_code == 200
    assert writer_client.get(reverse(UPLOAD)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["admin:articles_article_add", "admin:films_film_add", "admin:films_person_add"]
)
def test_picture_fields_offer_the_chooser(editor_client, url):
    soup = BeautifulSoup(editor_client.get(reverse(url)).content, "html.parser")
    select = soup.find("select", attrs={"data-image-chooser": True})
    assert select["data-image-chooser"] == reverse(SEARCH)
    assert select["data-image-upload"] == reverse(UPLOAD)
    assert soup.find("script", src=lambda src: src and "image-chooser" in src)
