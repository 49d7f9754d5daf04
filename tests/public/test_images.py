"""Renditions: WebP and JPEG at several widths, cut around the focal point, made once."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PillowImage

from images.renditions import renditions
from tests.factories import ImageFactory, jpeg_bytes
from tests.public.helpers import big_image


def open_rendition(settings, url: str) -> PillowImage.Image:
    return PillowImage.open(settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL))


@pytest.mark.django_db
def test_renditions_come_in_webp_and_jpeg_at_the_shape_widths(settings):
    versions = renditions(big_image(), "lead")
    assert [r.width for r in versions["webp"]] == [480, 800, 1200, 1600]
    assert [(r.width, r.height) for r in versions["jpeg"]][0] == (480, 270)
    assert open_rendition(settings, versions["webp"][0].url).format == "WEBP"
    assert open_rendition(settings, versions["jpeg"][-1].url).size == (1600, 900)


@pytest.mark.django_db
def test_small_sources_are_never_enlarged():
    versions = renditions(ImageFactory(), "lead")  # 64 x 48
    assert [(r.width, r.height) for r in versions["jpeg"]] == [(64, 36)]


@pytest.mark.django_db
def test_renditions_are_made_once_and_reused(settings):
    image = big_image()
    first = renditions(image, "card")["webp"][0]
    path = settings.MEDIA_ROOT / first.url.removeprefix(settings.MEDIA_URL)
    made = path.stat().st_mtime_ns
    assert renditions(image, "card")["webp"][0].url == first.url
    assert path.stat().st_mtime_ns == made


@pytest.mark.django_db
def test_crop_keeps_the_focal_point_in_view(settings):
    """A wide picture, white on the left and black on the right, cut to a portrait."""
    wide = PillowImage.new("RGB", (1200, 400), "white")
    wide.paste((0, 0, 0), (600, 0, 1200, 400))
    out = BytesIO()
    wide.save(out, format="JPEG")
    image = ImageFactory(file=ContentFile(out.getvalue(), name="wide.jpg"), focal_x=0.95, focal_y=0.5)
    right = open_rendition(settings, renditions(image, "poster")["jpeg"][0].url).convert("L")
    image.focal_x = 0.05
    left = open_rendition(settings, renditions(image, "poster")["jpeg"][0].url).convert("L")
    assert right.getpixel((right.width // 2, right.height // 2)) < 40
    assert left.getpixel((left.width // 2, left.height // 2)) > 215


@pytest.mark.django_db
def test_pictures_below_the_fold_load_lazily_with_their_size(client):
    from tests.factories import ArticleFactory

    for _ in range(3):
        ArticleFactory(lead_image=ImageFactory(file=ContentFile(jpeg_bytes((900, 600)), name="s.jpg")))
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get("/news/").content, "html.parser")
    images = soup.select(".card img")
    assert len(images) == 3
    assert all(img["loading"] == "lazy" and img["width"] and img["height"] and img["alt"] for img in images)
    assert all(img["sizes"] for img in images)


@pytest.mark.django_db
def test_a_rendition_that_failed_is_made_on_the_next_request(settings, monkeypatch):
    """A failure while making a file leaves no file behind, and is not remembered: the next
    page that shows the picture makes it."""
    from PIL import ImageOps

    image = big_image()
    original = ImageOps.fit

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ImageOps, "fit", broken)
    assert renditions(image, "poster") is None  # no picture (tests/images/test_broken_originals.py)
    monkeypatch.setattr(ImageOps, "fit", original)
    url = renditions(image, "poster")["webp"][0].url  # the first file made, which failed
    assert open_rendition(settings, url).format == "WEBP"


@pytest.mark.django_db
def test_a_transparent_picture_keeps_its_transparency_in_webp_and_lies_on_white_in_jpeg(settings):
    out = BytesIO()
    PillowImage.new("RGBA", (600, 400), (0, 0, 0, 0)).save(out, format="PNG")
    image = ImageFactory(file=ContentFile(out.getvalue(), name="clear.png"), width=600, height=400)
    versions = renditions(image, "card")
    assert open_rendition(settings, versions["webp"][0].url).getpixel((5, 5))[3] == 0
    assert open_rendition(settings, versions["jpeg"][0].url).convert("L").getpixel((5, 5)) > 245


def test_no_listener_runs_for_every_story_loaded():
    """Nothing about pictures listens to every model instance a page builds (a story page
    builds hundreds)."""
    from django.db.models.signals import post_init

    from articles.models import Article

    assert not post_init.has_listeners(Article)
