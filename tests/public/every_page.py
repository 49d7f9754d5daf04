"""Every kind of readers' page, on the demo and a seeded corpus: the addresses the tests of
what pages show (their keys, their fragments) walk."""

from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Author, Section
from films.models import FestivalEdition, Film, Person

# Enough of each kind to meet a story with READ MORE links, pictures in its text, embeds,
# corrections and reviews, a film with credits and screenings, a person in several films.
SAMPLE = 6


def build_corpus() -> None:
    call_command("seed_demo_content", stories=40, verbosity=0)
    call_command("load_demo", verbosity=0)


def every_page() -> list[str]:
    """One address or more of every page kind, feeds included."""
    stories = [story.get_absolute_url() for story in Article.objects.published().order_by("-pk")[:SAMPLE]]
    demo = Article.objects.published().filter(slug__contains="her-smell").first()
    if demo:
        stories.append(demo.get_absolute_url())
    pages = ["/", "/?page=2", "/film-reviews/", "/search/?q=film", "/releases/", *stories]
    # Objects with public stories: a feed without items is dated now, and so never the same twice.
    public = Article.objects.published()
    for model in (Section, Author, Film, Person, FestivalEdition):
        shown = model.objects.filter(articles__in=public).distinct().order_by("pk")[:SAMPLE]
        pages += [thing.get_absolute_url() for thing in shown]
    tags = Tag.objects.filter(articles_taggedarticle_items__content_object__in=public).distinct()
    pages += [f"/tags/{tag.slug}/" for tag in tags.order_by("pk")[:SAMPLE]]
    lists = [page for page in pages if not page.startswith(("/search", "/releases", "/?", *stories))]
    feeds = ["/feed/", "/feed/atom/", "/feed/json/"] + [f"{page}feed/" for page in lists[1:]]
    return pages + feeds
