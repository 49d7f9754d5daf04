"""Feeds show a story's lead image as a rendition made for readers, never the uploaded original."""

from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image as PillowImage

from images.models import Image
from tests.factories import ArticleFactory
from tests.images.helpers import camera_jpeg, upload
from tests.public.feeds.helpers import parse, parse_json


def stored_picture(url: str) -> tuple[str, PillowImage.Image]:
    """The storage name behind an absolute media URL, and the picture in it."""
    prefix = f"{settings.SITE_URL}{settings.MEDIA_URL}"
    assert url.startswith(prefix), url
    name = url.removeprefix(prefix)
    with default_storage.open(name) as handle:
        picture = PillowImage.open(BytesIO(handle.read()))
    return name, picture


@pytest.mark.django_db
def test_feed_images_are_renditions_not_the_uploaded_original(superuser_client, client):
    """A phone photo uploaded with its GPS position: every format links a JPEG rendition of it,
    whose declared size and length are the file's."""
    assert upload(superuser_client, "phone.jpg", camera_jpeg(orientation=6)).status_code == 302
    original = Image.objects.get()
    ArticleFactory(lead_image=original)
    client.logout()

    entries = [parse(client, "/feed/").entries[0], parse(client, "/feed/atom/").entries[0]]
    item = parse_json(client, "/feed/json/")["items"][0]
    urls = {entry.media_content[0]["url"] for entry in entries} | {item["image"]}
    urls |= {entry.enclosures[0].href for entry in entries[:1]} | {item["attachments"][0]["url"]}
    for entry in entries:
        content = BeautifulSoup(entry.content[0].value, "html.parser")
        urls.add(content.find("img")["src"])
    [url] = urls  # one picture, the same everywhere
    name, picture = stored_picture(url)
    assert name != original.file.name and name.startswith("renditions/")
    assert picture.format == "JPEG" and not picture.getexif()
    media = entries[0].media_content[0]
    assert (media["width"], media["height"]) == tuple(str(side) for side in picture.size)
    assert entries[0].enclosures[0].length == str(default_storage.size(name))
    assert item["attachments"][0]["size_in_bytes"] == default_storage.size(name)
