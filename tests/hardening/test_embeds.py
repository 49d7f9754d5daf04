"""Embed addresses dressed up as a provider's are refused, and the link readers follow is the
one rebuilt from the parsed address, never the text an editor pasted."""

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Embed
from tests.factories import ArticleFactory, EmbedFactory
from tests.public.helpers import soup_of
from tests.staff import form_data

VIDEO = "dQw4w9WgXcQ"
TRICKS = [
    f"https://evil.example\\@www.youtube.com/watch?v={VIDEO}",
    f"https://evil.example%5C@www.youtube.com/watch?v={VIDEO}",
    f"https://youtube.com@evil.example/watch?v={VIDEO}",
    f"https://user:pw@www.youtube.com/watch?v={VIDEO}",
    f"https://www.youtube.com:8443/watch?v={VIDEO}",
    f"https://www.youtube.com:99999/watch?v={VIDEO}",
    f"https://www.youtube.com.evil.example/watch?v={VIDEO}",
    f"https://www.youtube.com./watch?v={VIDEO}",
    f"https://www.yоutube.com/watch?v={VIDEO}",  # a Cyrillic "о"
    f"https://xn--www.yutube-0ig.com/watch?v={VIDEO}",
    f"https://www.youtube.com/watch?v={VIDEO}\n",
    f"https://www.youtube.com/watch?v={VIDEO}&x=\x00",
    f"https://www.you tube.com/watch?v={VIDEO}",
    f"https:\\\\www.youtube.com/watch?v={VIDEO}",
    f"https:///www.youtube.com/watch?v={VIDEO}",
    f"//www.youtube.com/watch?v={VIDEO}",
    "https://vimeo.com\\@evil.example/123456789",
    "https://soundcloud.com@evil.example/band/song",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", TRICKS)
def test_an_address_with_a_trick_is_refused(url):
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        Embed(article=article, url=url, title="x").full_clean()
    with pytest.raises(ValidationError):
        Embed.objects.create(article=article, url=url, title="x")


@pytest.mark.django_db
def test_the_admin_refuses_a_trick_with_a_clear_message(editor_client):
    article = ArticleFactory()
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(change))
    data.update(
        {
            "embeds-TOTAL_FORMS": "1",
            "embeds-0-url": TRICKS[0],
            "embeds-0-title": "Trailer",
            "embeds-0-position": "0",
        }
    )
    response = editor_client.post(change, data)
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select(".errorlist")
    assert any("backslash" in error.get_text() for error in errors), [e.get_text() for e in errors]
    assert not article.embeds.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pasted", "link"),
    [
        (
            f"https://www.youtube.com/watch?v={VIDEO}&list=PL1&utm_source=x#t=1",
            f"https://www.youtube.com/watch?v={VIDEO}",
        ),
        (f"https://m.youtube.com/watch?feature=share&v={VIDEO}", f"https://www.youtube.com/watch?v={VIDEO}"),
        (f"https://youtu.be/{VIDEO}?si=tracking", f"https://www.youtube.com/watch?v={VIDEO}"),
        (f"https://WWW.YouTube.com:443/shorts/{VIDEO}", f"https://www.youtube.com/watch?v={VIDEO}"),
        ("https://vimeo.com/channels/staffpicks/123456789?share=copy", "https://vimeo.com/123456789"),
        ("https://soundcloud.com/band/song?in=x", "https://soundcloud.com/band/song"),
        (
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=abc",
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
        ),
    ],
)
def test_readers_follow_the_address_rebuilt_from_its_parts(client, pasted, link):
    """On the page ("Play") and in the feed, the link is the provider's page and nothing else."""
    article = ArticleFactory()
    EmbedFactory(article=article, url=pasted, title="Trailer")
    play = soup_of(client, article.get_absolute_url()).select_one("a.embed-link")
    assert play["href"] == link
    feed = feedparser.parse(client.get("/feed/").content)
    content = BeautifulSoup(feed.entries[0].content[0].value, "html.parser")
    assert [a["href"] for a in content.find_all("a") if a.get_text() == "Trailer"] == [link]


@pytest.mark.django_db
def test_a_stored_trick_is_never_linked(client):
    """A row written before the check existed (or around it) shows no player and no link."""
    article = ArticleFactory()
    embed = EmbedFactory(article=article, title="Trailer")
    Embed.objects.filter(pk=embed.pk).update(url=TRICKS[0])
    page = client.get(article.get_absolute_url()).content.decode()
    feed = client.get("/feed/").content.decode()
    assert "evil.example" not in page and "evil.example" not in feed
