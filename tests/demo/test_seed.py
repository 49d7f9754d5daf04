"""seed_demo_content: a realistic load-test corpus, written in bulk, as clean as the admin's."""

import html

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils.html import strip_tags

from articles.models import Article, ArticleFilm, ArticlePerson, ReadMoreLink, Review, TaggedArticle
from articles.ratings import site_scale
from articles.richtext import sanitize_body
from articles.search import search_articles
from demo.management.commands.seed_demo_content import RARE_WORD
from films.models import Credit, Film

pytestmark = pytest.mark.django_db


def seed(stories=30, **options):
    call_command("seed_demo_content", stories=stories, verbosity=0, **options)


def test_dry_run_writes_nothing(capsys):
    """--dry-run only says what it would make."""
    call_command("seed_demo_content", stories=50, dry_run=True)
    assert "Would add 50 stories" in capsys.readouterr().out
    assert not Article.objects.exists()


def test_at_news_scale_the_desk_has_people_and_films_to_pick_from(capsys):
    """100,000 stories come with 50,000 people and 10,000 films (the desk's benchmark size)."""
    call_command("seed_demo_content", stories=100_000, dry_run=True)
    assert "10000 films, 50000 people" in capsys.readouterr().out


def test_stories_have_the_links_of_a_real_newsroom():
    """3-6 tags, 1-3 films with credits, 2-4 people, READ MORE links, lead image, byline."""
    seed(40)
    assert Article.objects.count() == 40
    stories = Article.objects.annotate(
        tag_count=Count("tagged_items", distinct=True),
        film_count=Count("film_links", distinct=True),
        person_count=Count("person_links", distinct=True),
        byline_count=Count("bylines", distinct=True),
    )
    for story in stories:
        assert 3 <= story.tag_count <= 6
        assert 1 <= story.film_count <= 3
        assert 2 <= story.person_count <= 4
        assert story.byline_count >= 1
        assert story.lead_image_id
    assert ReadMoreLink.objects.count() >= 40
    assert not Film.objects.annotate(n=Count("credits")).filter(n=0).exists()
    assert Credit.objects.filter(role="cast").exclude(character="").exists()


def test_stories_in_the_reviews_section_review_their_lead_film():
    """The film pages, the review list and its feed carry reviews at scale, as on a film site."""
    seed(60)
    reviews = Review.objects.select_related("article__section")
    assert reviews.exists()
    assert {review.article.section.slug for review in reviews} == {"reviews"}
    assert Article.objects.filter(section__slug="reviews").count() == reviews.count()
    for review in reviews:
        lead = ArticleFilm.objects.get(article=review.article, position=0)
        assert review.film_id == lead.film_id
        assert review.rating in site_scale().grades


def test_every_published_or_scheduled_story_has_its_related_list():
    seed(40)
    stories = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert stories.exists() and not stories.filter(related_ids__isnull=True).exists()
    assert {pk for ids in stories.values_list("related_ids", flat=True) for pk in ids} <= set(
        stories.values_list("pk", flat=True)
    )


def test_bodies_are_already_clean_and_text_matches_save():
    """Bulk inserts skip save(); the generated body must be what save() would have stored."""
    seed(12)
    for story in Article.objects.all():
        assert sanitize_body(story.body) == story.body
        expected = html.unescape(strip_tags(story.body.replace("</p>", "</p>\n"))).strip()
        assert story.body_text == expected
        assert 650 <= len(story.body_text.split()) <= 1000


def test_same_seed_same_corpus():
    """Deterministic for a seed, so runs compare."""
    seed(10, seed=7)
    first = list(Article.objects.order_by("id").values_list("headline", "body"))
    Article.objects.all().delete()
    seed(10, seed=7)
    assert list(Article.objects.order_by("id").values_list("headline", "body")) == first


def test_second_run_adds_rather_than_clashes():
    """Slugs carry a number past the highest id, so seeding twice just adds stories."""
    seed(10)
    seed(10)
    assert Article.objects.count() == 20
    assert TaggedArticle.objects.values("content_object").distinct().count() == 20
    assert ArticleFilm.objects.values("article").distinct().count() == 20
    assert ArticlePerson.objects.values("article").distinct().count() == 20


def test_mostly_public_with_a_few_scheduled():
    """Most stories are public; a few are scheduled, for the cache's go-live rule."""
    seed(60)
    published = Article.objects.published().count()
    assert published >= 50
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() > published


def test_search_index_covers_bulk_inserts():
    """The full-text index (triggers, generated column) sees bulk-created stories."""
    seed(20)
    assert search_articles(Article.objects.published(), RARE_WORD).exists()
    assert search_articles(Article.objects.published(), "film").count() >= 15
