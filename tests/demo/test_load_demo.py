"""The demo loader builds the Her Smell story exactly as the fact sheet links it."""

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleFilm, ArticlePerson, ReadMoreLink
from films.models import Credit, Film, Person, Release, Screening
from images.models import Image
from tests.public.helpers import json_ld, soup_of


def row_counts() -> dict[str, int]:
    models = [
        Article,
        ArticleFilm,
        ArticlePerson,
        ReadMoreLink,
        Credit,
        Film,
        Person,
        Release,
        Screening,
        Image,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    call_command("load_demo", verbosity=0)
    first = row_counts()
    call_command("load_demo", verbosity=0)
    assert row_counts() == first
    assert first["Article"] >= 5
    public = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert not public.filter(related_ids__isnull=True).exists()


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_existing_content_alone():
    call_command("load_demo", verbosity=0)
    Article.objects.filter(slug="best-movie-posters-2018").update(headline="Edited by a human")
    call_command("load_demo", "--if-empty", verbosity=0)
    assert Article.objects.get(slug="best-movie-posters-2018").headline == "Edited by a human"


@pytest.mark.django_db
def test_her_smell_story_links_everything_on_the_fact_sheet():
    call_command("load_demo", verbosity=0)
    story = Article.objects.published().get(slug__startswith="her-smell-")
    films = {link.film.slug: link.kind for link in story.film_links.all()}
    assert films == {"her-smell": "about", "a-star-is-born-2018": "mentions"}
    people = {link.person.slug for link in story.person_links.all()}
    assert people == {"alex-ross-perry", "elisabeth-moss", "alicia-bognanno", "anika-pyle"}
    assert {tag.name for tag in story.tags.all()} >= {"punk", "soundtrack", "music"}
    assert [edition.slug for edition in story.festival_editions.all()] == ["tiff-2018"]
    assert story.source_name == "EW" and story.source_url.startswith("https://")
    assert story.embeds.get().player is not None
    assert story.lead_image.alt_text


@pytest.mark.django_db
def test_her_smell_read_more_and_song_are_placed_in_the_text(client, settings):
    """As an editor places them now, with the cursor: READ MORE after the third paragraph, the
    song after the last; the other READ MORE link goes in the box at the end. Loading twice
    leaves the same body."""
    settings.PAGE_CACHE_SECONDS = 0
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    story = Article.objects.published().get(slug__startswith="her-smell-")
    posters = Article.objects.get(slug="best-movie-posters-2018")
    assert posters.is_published
    assert f'<figure data-read-more="{posters.pk}"></figure>' in story.body
    assert not story.read_more_links.filter(after_paragraph__isnull=False).exists()
    assert not story.embeds.filter(after_paragraph__isnull=False).exists()
    body = soup_of(client, story.get_absolute_url()).select_one("div.body")
    blocks = body.find_all(recursive=False)
    read_more = next(i for i, block in enumerate(blocks) if "read-more" in block.get("class", []))
    assert blocks[read_more].a.get_text() == posters.headline
    assert [block.name for block in blocks[:read_more]] == ["p", "p", "p"]
    assert "wings." in blocks[read_more - 1].get_text()
    assert "its theatrical run." in blocks[-2].get_text()
    assert "The Akergirls: a song by Anika Pyle" in blocks[-1].get_text()


@pytest.mark.django_db
def test_her_smell_credits_match_the_fact_sheet():
    call_command("load_demo", verbosity=0)
    film = Film.objects.get(slug="her-smell")
    credits = {(c.person.slug, c.role, c.character, c.note) for c in film.credits.select_related("person")}
    assert credits == {
        ("alex-ross-perry", "director", "", ""),
        ("alex-ross-perry", "writer", "", ""),
        ("elisabeth-moss", "cast", "Becky Something", ""),
        ("alicia-bognanno", "songwriter", "", "songs for Something She"),
        ("anika-pyle", "songwriter", "", "songs for the Akergirls"),
    }
    premiere = Screening.objects.get(film=film)
    assert (premiere.edition.slug, premiere.premiere) == ("tiff-2018", "world")
    releases = [(r.country.code, r.type, r.date.isoformat(), r.note) for r in film.releases.all()]
    assert releases == [
        ("CA", Release.Type.PREMIERE, "2018-09-09", "Toronto International Film Festival"),
        ("US", Release.Type.THEATRICAL, "2019-04-12", ""),
    ]


@pytest.mark.django_db
def test_her_smell_page_shows_its_premiere_and_us_theatrical_release(client, settings):
    """The film page says when it opens, in the reader's words, and Movie JSON-LD carries the
    first release (the TIFF premiere)."""
    settings.PAGE_CACHE_SECONDS = 0
    call_command("load_demo", verbosity=0)
    soup = soup_of(client, "/films/her-smell/")
    lines = [" ".join(li.get_text().split()) for li in soup.select("ul.releases li")]
    assert lines == [
        "Premiere in Canada September 9, 2018, Toronto International Film Festival",
        "In US theaters April 12, 2019",
    ]
    movie = json_ld(soup)["Movie"]
    assert movie["datePublished"] == "2018-09-09"
    assert movie["releasedEvent"]["startDate"] == "2018-09-09"
    assert movie["releasedEvent"]["location"]["identifier"] == "CA"


@pytest.mark.django_db
def test_demo_draft_stays_private():
    call_command("load_demo", verbosity=0)
    draft = Article.objects.get(slug="her-smell-review")
    assert not Article.objects.published().filter(pk=draft.pk).exists()
