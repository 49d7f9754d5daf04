"""The story page: everything a reader sees about one story, and what it costs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.related import refresh_all
from films.models import Role
from public.related import related_stories
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    AuthorFactory,
    CorrectionFactory,
    CreditFactory,
    EmbedFactory,
    FilmFactory,
    ImageFactory,
    PersonFactory,
    ReadMoreLinkFactory,
)
from tests.public.helpers import big_image, soup_of


@pytest.mark.django_db
def test_story_shows_bylines_dates_source_corrections_and_tags(client):
    """The header names every author with a link; the foot carries source, corrections and tags."""
    first, second = AuthorFactory(name="Ana Ray"), AuthorFactory(name="Bo Lin")
    article = ArticleFactory(authors=[first, second], source_name="EW", source_url="https://ew.com/x")
    for name in ["punk", "biopic", "Elisabeth Moss"]:  # one by one: the order the editor added them
        article.tags.add(name)
    correction = CorrectionFactory(article=article, note="We misspelled a name.")
    soup = soup_of(client, article.get_absolute_url())
    byline = soup.select_one(".story-header .byline")
    assert [a["href"] for a in byline.select("a")] == [first.get_absolute_url(), second.get_absolute_url()]
    published, updated = (time["datetime"] for time in byline.select("time"))
    assert published == timezone.localtime(article.published_at).replace(microsecond=0).isoformat()
    assert updated == timezone.localtime(correction.made_at).replace(microsecond=0).isoformat()
    assert soup.select_one(".source a")["href"] == "https://ew.com/x"
    assert "We misspelled a name." in soup.select_one(".corrections").get_text()
    assert [a.get_text() for a in soup.select(".tags a")] == ["punk", "biopic", "Elisabeth Moss"]
    assert len(soup.find_all("h1")) == 1


@pytest.mark.django_db
def test_lead_image_is_a_responsive_picture_loaded_first(client):
    """The lead image comes as WebP and JPEG at several widths, with its size, not lazy."""
    article = ArticleFactory(lead_image=big_image())
    picture = soup_of(client, article.get_absolute_url()).select_one(".lead picture")
    webp = picture.find("source", type="image/webp")["srcset"].split(", ")
    img = picture.img
    assert len(webp) >= 3 and all(".webp " in entry for entry in webp)
    assert all(".jpg " in entry for entry in img["srcset"].split(", "))
    assert img["width"] and img["height"] and img["alt"]
    assert img.get("loading") is None and img["fetchpriority"] == "high"


@pytest.mark.django_db
def test_embed_is_click_to_load_without_third_party_requests(client):
    """Before the click the page holds a link and our own script, never the provider's iframe."""
    article = ArticleFactory()
    EmbedFactory(article=article, url="https://www.youtube.com/watch?v=abcdefghijk", title="Trailer")
    soup = soup_of(client, article.get_absolute_url())
    assert soup.find("iframe") is None
    link = soup.select_one("a[data-embed-src]")
    assert link["href"] == "https://www.youtube.com/watch?v=abcdefghijk"
    assert link["data-embed-src"] == "https://www.youtube-nocookie.com/embed/abcdefghijk"
    scripts = [script["src"] for script in soup.find_all("script", src=True)]
    assert scripts == ["/static/newsroom/embeds.js"]
    assert not soup.find_all(src=lambda src: src and "youtube" in src)


@pytest.mark.django_db
def test_film_box_shows_poster_year_director_and_cast(client):
    film = FilmFactory(title="Her Smell", release_year=2018, poster=ImageFactory())
    CreditFactory(film=film, person=PersonFactory(name="Alex Ross Perry"), role=Role.DIRECTOR)
    CreditFactory(film=film, person=PersonFactory(name="Elisabeth Moss"), role=Role.CAST, character="Becky")
    article = ArticleFactory()
    ArticleFilmFactory(article=article, film=film)
    box = soup_of(client, article.get_absolute_url()).select_one(".film-box")
    text = box.get_text(" ", strip=True)
    assert box.find("img")["alt"]
    assert "(2018)" in text and "Directed by Alex Ross Perry" in text and "Elisabeth Moss (Becky)" in text


@pytest.mark.django_db
def test_film_box_names_the_top_billed_cast_only(client):
    """A film with a long cast shows its first four by billing, in billing order, and every director."""
    film = FilmFactory()
    for billing in (6, 5, 4, 3, 2, 1):
        CreditFactory(
            film=film, person=PersonFactory(name=f"Actor {billing}"), role=Role.CAST, billing_order=billing
        )
    for name in ("First Director", "Second Director"):
        CreditFactory(film=film, person=PersonFactory(name=name), role=Role.DIRECTOR)
    article = ArticleFactory()
    ArticleFilmFactory(article=article, film=film)
    box = soup_of(client, article.get_absolute_url()).select_one(".film-box")
    directors_line, cast_line = box.select(".film-credits dd")
    cast = [a.get_text() for a in cast_line.select("a")]
    assert cast == ["Actor 1", "Actor 2", "Actor 3", "Actor 4"]
    directors = [a.get_text() for a in directors_line.select("a")]
    assert directors == ["First Director", "Second Director"]


@pytest.mark.django_db
def test_people_in_this_story_link_to_their_pages(client):
    article = ArticleFactory()
    person = PersonFactory(name="Anika Pyle")
    ArticlePersonFactory(article=article, person=person)
    soup = soup_of(client, article.get_absolute_url())
    assert soup.select_one(".people-list a")["href"] == person.get_absolute_url()


@pytest.mark.django_db
def test_more_on_puts_editors_picks_first_then_most_related_recent_first(client):
    """Picks lead; then stories sharing most films, people and tags; ties go to the newest."""
    now = timezone.now()
    film, person = FilmFactory(title="Her Smell"), PersonFactory()
    article = ArticleFactory()
    ArticleFilmFactory(article=article, film=film)
    ArticlePersonFactory(article=article, person=person)
    article.tags.add("punk")
    pick = ArticleFactory(headline="Editor's pick", published_at=now - timedelta(days=30))
    ReadMoreLinkFactory(article=article, target=pick, after_paragraph=None)
    both = ArticleFactory(headline="Shares film and person", published_at=now - timedelta(days=20))
    ArticleFilmFactory(article=both, film=film)
    ArticlePersonFactory(article=both, person=person)
    old_tag = ArticleFactory(headline="Old tag", published_at=now - timedelta(days=10))
    new_tag = ArticleFactory(headline="New tag", published_at=now - timedelta(days=2))
    for tagged in (old_tag, new_tag):
        tagged.tags.add("punk")
    draft = ArticleFactory(headline="Draft", status="draft")
    draft.tags.add("punk")
    later = ArticleFactory(headline="Scheduled", published_at=now + timedelta(days=1))
    later.tags.add("punk")
    ArticleFactory(headline="Unrelated")
    soup = soup_of(client, article.get_absolute_url())
    more = soup.select_one(".more")
    assert more.h2.get_text() == "More on Her Smell"
    headlines = [a.get_text() for a in more.select(".story-links a")]
    assert headlines == ["Editor's pick", "Shares film and person", "New tag", "Old tag"]


@pytest.mark.django_db
def test_more_on_links_show_section_date_and_thumbnail(client):
    """Each story in the box (an editor's pick or a related one) links to its own address with
    its section, its day and a thumbnail of its lead image described by the image's alt text."""
    article = ArticleFactory()
    article.tags.add("punk")
    pick = ArticleFactory(lead_image=ImageFactory(alt_text="The band on stage"))
    ReadMoreLinkFactory(article=article, target=pick, after_paragraph=None)
    related = ArticleFactory(lead_image=ImageFactory(alt_text="A poster in a shop window"))
    related.tags.add("punk")
    links = soup_of(client, article.get_absolute_url()).select(".more .story-link")
    for link, story in zip(links, [pick, related], strict=True):
        assert link.a["href"] == story.get_absolute_url()
        assert link.select_one(".kicker").get_text() == story.section.name
        published = timezone.localtime(story.published_at).replace(microsecond=0)
        assert link.time["datetime"] == published.isoformat()
        assert link.img["alt"] == story.lead_image.alt_text and link.select_one("source[type='image/webp']")


@pytest.mark.django_db
def test_unpublished_read_more_target_is_left_out(client):
    article = ArticleFactory()
    ReadMoreLinkFactory(article=article, target=ArticleFactory(status="draft"), after_paragraph=1)
    ReadMoreLinkFactory(article=article, target=ArticleFactory(status="draft"), after_paragraph=None)
    soup = soup_of(client, article.get_absolute_url())
    assert soup.select(".read-more") == [] and soup.select_one(".more") is None


def build_story(n: int, *, extras: bool = True):
    """A story with `n` bylines, films (with credits), people, tags and related stories,
    and with `extras` also `n` READ MORE links, embeds and corrections."""
    article = ArticleFactory(authors=[AuthorFactory() for _ in range(n)], lead_image=ImageFactory())
    for i in range(n):
        film = FilmFactory(poster=ImageFactory())
        CreditFactory(film=film, role=Role.DIRECTOR)
        CreditFactory(film=film, role=Role.CAST, character=f"Role {i}")
        ArticleFilmFactory(article=article, film=film)
        ArticlePersonFactory(article=article, person=PersonFactory(headshot=ImageFactory()))
        article.tags.add(f"tag-{i}")
        related = ArticleFactory(authors=[AuthorFactory()], lead_image=ImageFactory())
        related.tags.add(f"tag-{i}")
        if extras:
            ReadMoreLinkFactory(article=article, after_paragraph=1 + i % 3)
            EmbedFactory(article=article)
            CorrectionFactory(article=article)
    refresh_all()  # as the commits of those saves would (tests roll back instead)
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize("extras", [False, True])
def test_story_page_query_count_is_flat(client, count_queries, size, extras):
    """13 queries with the fragment store off: the story's address, the story (with section and
    lead image), then one per relation of
    with_story_parts() and with_linked_entities(): bylines, tags, public READ MORE links,
    embeds, corrections, festival editions, films, people; then film-box credits, related
    stories and the section menu."""
    article = build_story(size, extras=extras)
    client.get(article.get_absolute_url())
    assert count_queries(article.get_absolute_url()) == 13


@pytest.mark.django_db
def test_related_stories_skip_what_readers_cannot_see_and_what_the_page_already_links():
    film = FilmFactory()
    story = ArticleFactory()
    ArticleFilmFactory(article=story, film=film)
    now = timezone.now()
    public = [ArticleFactory(published_at=now - timedelta(hours=n)) for n in range(1, 4)]
    draft = ArticleFactory(status=Article.Status.DRAFT)
    scheduled = ArticleFactory(published_at=now + timedelta(days=1))
    for other in [*public, draft, scheduled]:
        ArticleFilmFactory(article=other, film=film)
    story = Article.objects.with_story_parts().get(pk=story.pk)
    assert [s.pk for s in related_stories(story, exclude=set(), limit=6)] == [s.pk for s in public]
    assert [s.pk for s in related_stories(story, exclude={public[0].pk}, limit=1)] == [public[1].pk]


@pytest.mark.django_db
def test_story_page_names_the_stories_of_its_related_list_not_the_lists_they_come_from(client):
    """A neighbour going live, changing or leaving purges the page through its own key; a new
    story with the same tag does so only when it enters the list (articles/related.py)."""
    now = timezone.now()
    story, shown = ArticleFactory(), ArticleFactory()
    scheduled = ArticleFactory(published_at=now + timedelta(hours=1))
    for tagged in (story, shown, scheduled):
        tagged.tags.add("punk")
    refresh_all()
    keys = set(client.get(story.get_absolute_url())["Surrogate-Key"].split())
    assert {f"article-{shown.pk}", f"article-{scheduled.pk}", f"article-{story.pk}-related"} <= keys
    assert not any(name.startswith("stories-") for name in keys)
