"""A page's Surrogate-Key names everything it shows: rendering records it (core/pagecache/keys.py),
so every story, film, person, tag, section, author and festival linked from a page, and every
library picture on it, has its key there, and a change to any of them purges the page."""

from datetime import date, datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import Resolver404, resolve
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Section
from core.pagecache.keys import key
from films.models import FestivalEdition, Film, Person
from images.models import Image
from images.renditions import SHAPES, PictureSource, renditions_of, share_rendition
from tests.public.every_page import build_corpus, every_page

# The object each kind of page link shows, from the URL's arguments.
LINKED = {
    "public:film": lambda kw: Film.objects.get(slug=kw["slug"]),
    "public:person": lambda kw: Person.objects.get(slug=kw["slug"]),
    "public:festival": lambda kw: FestivalEdition.objects.get(slug=kw["slug"]),
    "public:tag": lambda kw: Tag.objects.get(slug=kw["slug"]),
    "public:author": lambda kw: Author.objects.get(slug=kw["slug"]),
    "public:section": lambda kw: Section.objects.get(slug=kw["slug"]),
    "public:detail": lambda kw: story_at(**kw),
}


def story_at(section, year, month, day, slug):
    start = timezone.make_aware(datetime.combine(date(year, month, day), datetime.min.time()))
    return Article.objects.get(
        slug=slug, published_at__gte=start, published_at__lt=start + timezone.timedelta(1)
    )


def picture_owners() -> dict[str, int]:
    """Every rendition address any page may show, with the library image it was cut from."""
    owners = {}
    for image in Image.objects.all():
        source = PictureSource.of(image)
        if source is None:
            continue
        for kind in SHAPES:
            versions = renditions_of(*source[:5], kind) or {}
            for rendition in [*versions.get("webp", []), *versions.get("jpeg", [])]:
                owners[rendition.url] = image.pk
            if shared := share_rendition(source, kind):
                owners[shared.url] = image.pk
    return owners


def shown_keys(html: str, base: str, owners: dict[str, int]) -> dict[str, str]:
    """key -> what showed it: each link to a page of one object, and each picture."""
    soup = BeautifulSoup(html, "html.parser")
    shown = {}
    for link in soup.find_all("a", href=True):
        path = link["href"].removeprefix(base)
        if not path.startswith("/") or "?" in path:
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if finder := LINKED.get(match.view_name):
            shown[key(finder(match.kwargs))] = f"link {path}"
    for element in soup.find_all(["img", "source"]):
        sources = [element.get("src", "")] + [
            part.split()[0] for part in element.get("srcset", "").split(",") if part
        ]
        for source in sources:
            address = source.removeprefix(base)
            if address in owners:
                shown[key(Image, owners[address])] = f"picture {address}"
    return shown


def documents(response) -> list[str]:
    """The HTML of a page, or of each item of a feed (its content, and its link as a link)."""
    if response["Content-Type"].startswith("text/html"):
        return [response.content.decode()]
    feed = feedparser.parse(response.content)
    items = []
    for entry in feed.entries:
        content = " ".join(part.value for part in entry.get("content", []))
        items.append(f'<a href="{entry.link}"></a>{content}')
    return items


@pytest.mark.django_db
def test_every_linked_object_and_picture_on_every_page_kind_has_its_key(client, settings):
    """Home, lists, story pages, film, person, festival, tag, section, author, reviews, search,
    releases, and the feeds, on the demo and a seeded corpus."""
    build_corpus()
    owners = picture_owners()
    base = settings.SITE_URL
    checked = 0
    for url in every_page():
        response = client.get(url)
        if response.status_code != 200:
            continue
        keys = set(response["Surrogate-Key"].split())
        for document in documents(response):
            shown = shown_keys(document, base, owners)
            missing = {name: why for name, why in shown.items() if name not in keys}
            assert not missing, f"{url} shows objects its Surrogate-Key does not name: {missing}"
            checked += len(shown)
    assert checked > 500
