"""Remembered addresses are the addresses reverse() gives, and follow a change of URLconf or prefix."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from core.addresses import absolute_url, cached_reverse, site_host
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_a_story_address_is_what_reverse_gives_for_its_newsroom_date():
    # 03:30 UTC is the evening before in New York: the address carries the newsroom's date.
    story = ArticleFactory(published_at=timezone.now().replace(hour=3, minute=30))
    local = timezone.localtime(story.published_at)
    expected = reverse(
        "public:detail",
        kwargs={
            "section": story.section.slug,
            "year": local.year,
            "month": local.month,
            "day": local.day,
            "slug": story.slug,
        },
    )
    assert story.get_absolute_url() == expected
    assert story.get_absolute_url() == expected  # now from memory


def test_addresses_follow_the_urlconf_and_the_script_prefix(settings):
    assert cached_reverse("public:film", slug="her-smell") == "/films/her-smell/"
    settings.ROOT_URLCONF = "tests.core.urls_elsewhere"
    assert cached_reverse("public:film", slug="her-smell") == "/elsewhere/films/her-smell/"
    set_script_prefix("/site/")
    try:
        assert cached_reverse("public:film", slug="her-smell") == "/site/elsewhere/films/her-smell/"
    finally:
        set_script_prefix("/")


def test_absolute_urls_name_the_public_site(settings):
    """Paths, relative links and absolute links resolve against SITE_URL."""
    settings.SITE_URL = "https://reel.example"
    assert absolute_url("/films/her-smell/") == "https://reel.example/films/her-smell/"
    assert absolute_url("still.jpg", "/films/her-smell/") == "https://reel.example/films/her-smell/still.jpg"
    assert absolute_url("https://cdn.example/a.jpg") == "https://cdn.example/a.jpg"
    assert absolute_url("//cdn.example/a.jpg") == "https://cdn.example/a.jpg"
    assert site_host() == "reel.example"
