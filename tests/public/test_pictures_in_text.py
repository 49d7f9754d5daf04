"""Library pictures the editor put in a story's text: a bare placeholder in the body, drawn as a
responsive picture with the library's caption and credit on the page, a plain <img> in feeds,
nothing for a missing or broken image; the page is purged when the picture changes."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.richtext import sanitize_body
from images.models import Image
from tests.factories import ArticleFactory, jpeg_bytes
from tests.public.feeds.helpers import parse, parse_json
from tests.public.helpers import big_image


def story_with(*images: Image, headline: str = "Punk on screen"):
    figures = "".join(
        f'<figure data-image="{image.pk}"></figure><p>After {n}.</p>' for n, image in enumerate(images)
    )
    return ArticleFactory(headline=headline, body=f"<p>Before.</p>{figures}")


def body_of(client, story) -> BeautifulSoup:
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("div.body")


def test_sanitiser_keeps_a_picture_placeholder_naming_an_image_id_only():
    dirty = (
        '<figure data-image="12" onclick="x()" class="y"></figure>'
        '<figure data-image="javascript:alert(1)"></figure>'
        '<figure data-image="12 "></figure><p data-image="3">Text</p>'
    )
    assert sanitize_body(dirty) == (
        '<figure data-image="12"></figure><figure></figure><figure></figure><p>Text</p>'
    )


@pytest.mark.django_db
def test_page_shows_the_picture_where_the_editor_put_it(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    image = big_image(alt_text="Moss on stage", caption="Becky Something live", credit="Gunpowder & Sky")
    story = story_with(image)
    body = body_of(client, story)
    figure = body.select_one("figure.body-picture")
    assert [block.get_text(" ", strip=True) for block in body.find_all(["p", "figure"], recursive=False)] == [
        "Before.", "Becky Something live Gunpowder & Sky", "After 0.",
    ]  # fmt: skip
    assert figure.picture.find("source", type="image/webp")["srcset"]
    assert figure.img["alt"] == "Moss on stage" and figure.img["loading"] == "lazy"
    assert figure.select_one(".credit").get_text() == "Gunpowder & Sky"
    assert not body.select("[data-image]")


@pytest.mark.django_db
def test_page_is_purged_when_a_picture_in_its_text_changes(client):
    image = big_image()
    response = client.get(story_with(image).get_absolute_url())
    assert f"image-{image.pk}" in response["Surrogate-Key"].split()


@pytest.mark.django_db
def test_all_pictures_of_a_story_come_from_one_query(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    one = story_with(big_image(), headline="One picture")
    three = story_with(big_image(), big_image(), big_image(), headline="Three pictures")
    body_of(client, one), body_of(client, three)  # renditions made once, outside the count
    counts = []
    for story in [one, three]:
        with CaptureQueriesContext(connection) as queries:
            shown = body_of(client, story).select("figure.body-picture")
        assert len(shown) == story.body.count("<figure")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feed/").status_code == 200
    feed_queries = len(queries)
    story_with(big_image(), big_image(), headline="Two more")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feed/").status_code == 200
    assert len(queries) == feed_queries


@pytest.mark.django_db
def test_a_missing_or_broken_picture_shows_nothing(client, settings, caplog):
    settings.PAGE_CACHE_SECONDS = 0
    whole = jpeg_bytes((1600, 900))
    name = default_storage.save("images/2019/03/broken.jpg", ContentFile(whole[: len(whole) // 2]))
    broken = Image.objects.create(file=name, width=1600, height=900, alt_text="Broken", caption="Lost")
    gone = big_image(caption="Deleted")
    story = story_with(broken, gone)
    story.body += '<figure data-image="999999999999999999"></figure>'  # never was
    story.save()
    gone.delete()
    with caplog.at_level(logging.ERROR, logger="images"):
        body = body_of(client, story)
        entry = next(item for item in parse(client, "/feed/").entries if item.title == "Punk on screen")
    for shown in [str(body), entry.content[0].value]:
        assert "After 1." in shown
        assert "<img" not in shown and "Lost" not in shown and "Deleted" not in shown
    assert any("broken.jpg" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/", "/feed/json/"])
def test_feeds_show_a_plain_img_of_a_rendition(client, path):
    image = big_image(alt_text="Moss on stage", caption="Becky Something live", credit="Gunpowder & Sky")
    story_with(image)
    if path.endswith("json/"):
        html = next(item for item in parse_json(client, path)["items"] if item["title"] == "Punk on screen")[
            "content_html"
        ]
    else:
        entry = next(item for item in parse(client, path).entries if item.title == "Punk on screen")
        html = entry.content[0].value
    soup = BeautifulSoup(html, "html.parser")
    img = soup.find("img", alt="Moss on stage")
    assert img["src"].startswith("http") and img["src"].endswith(".jpg")
    assert not img["src"].endswith(image.file.url)  # a rendition, never the editor's original
    assert soup.find("picture") is None and not soup.select("[data-image]")
    assert "Becky Something live (Gunpowder & Sky)" in soup.get_text()
    text = soup.get_text(" ")
    assert text.index("Before.") < text.index("Becky Something live") < text.index("After 0.")
