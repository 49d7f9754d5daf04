"""A rename made in another process shows on every page that shows the thing, within 2 s, on a
site served as `DEBUG=0 make run` serves it (gunicorn, the page cache and the fragment store in
their SQLite file, default lifetimes): the keys recorded by rendering reach every cached page
and fragment that shows it."""

import json
import time

import pytest

from tests.live.servers import Browser, gunicorn, manage, own_database, prepare_site, site_environment

WITHIN_SECONDS = 2.0

# A story with a lead image, an author, a film, a tag; the pages that show each of them.
FACTS = """
import json
from articles.models import Article
story = (Article.objects.published().filter(lead_image__isnull=False, bylines__isnull=False,
         film_links__isnull=False, tagged_items__isnull=False).order_by("-published_at").first())
author = story.byline_authors[0]
film = story.film_links.first().film
tag = story.tags.first()
person = film.credits.first().person
print(json.dumps({
    "story": story.pk, "author": author.pk, "film": film.pk, "tag": tag.pk, "section": story.section_id,
    "image": story.lead_image_id, "alt": story.lead_image.alt_text,
    "pages": {
        "story": story.get_absolute_url(), "home": "/", "section": story.section.get_absolute_url(),
        "author": author.get_absolute_url(), "film": film.get_absolute_url(), "tag": "/tags/%s/" % tag.slug,
        "person": person.get_absolute_url(), "feed": "/feed/",
    },
}))
"""

# What is renamed (model, field, new value) and the pages that show it.
RENAMES = {
    "author": (
        "articles.Author",
        "name",
        "Renamed Writer",
        ["story", "home", "section", "author", "film", "tag", "feed"],
    ),
    "film": ("films.Film", "title", "Renamed Film", ["story", "film", "person"]),
    "section": (
        "articles.Section",
        "name",
        "Renamed Section",
        ["story", "home", "section", "author", "film", "person"],
    ),
    "tag": ("taggit.Tag", "name", "Renamed Tag", ["story", "tag", "feed"]),
    "image": (
        "images.Image",
        "alt_text",
        "Renamed picture",
        ["story", "home", "section", "author", "film", "feed"],
    ),
}


def rename(model: str, pk: int, field: str, value: str) -> str:
    """A shell script saving the object with its new value, as an editor's save would."""
    return (
        f"from django.apps import apps; thing = apps.get_model('{model}').objects.get(pk={pk}); "
        f"thing.{field} = '{value}'; thing.save()"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("renames")
    with own_database("newsroom_renames", folder) as database_url:
        # Default lifetimes: the page cache's hour and the fragments' day, as production runs.
        env = site_environment(
            database_url, REDIS_URL="", PAGE_CACHE_FILE=str(folder / "pages.sqlite3"), MEDIA_ROOT=str(folder)
        )
        for name in ("PAGE_CACHE_SECONDS", "FRAGMENT_CACHE_SECONDS"):
            env.pop(name, None)
        prepare_site(env, stories=40)
        facts = json.loads(manage(env, "shell", "-c", FACTS).strip().splitlines()[-1])
        with gunicorn(env, tmp_path_factory.mktemp("logs"), workers=2) as port:
            yield env, port, facts


@pytest.mark.parametrize("thing", list(RENAMES))
def test_a_rename_in_another_process_shows_on_every_page_within_two_seconds(site, thing):
    env, port, facts = site
    model, field, text, where = RENAMES[thing]
    reader = Browser(port)
    pages = {name: facts["pages"][name] for name in where}
    for path in pages.values():
        for _ in range(2):  # the second read is the cached page
            assert reader.get(path)[0] == 200, path
    assert reader.get(pages[where[0]])[1].get("X-Page-Cache") == "hit"
    manage(env, "shell", "-c", rename(model, facts[thing], field, text))
    changed = time.monotonic()
    stale = dict(pages)
    while stale and time.monotonic() - changed < WITHIN_SECONDS:
        stale = {name: path for name, path in stale.items() if text not in reader.get(path)[2]}
        time.sleep(0.05)
    assert not stale, f"still without “{text}” after {WITHIN_SECONDS} s: {stale}"
