"""The URLs `make bench` sends readers to: a Zipf-weighted mix of public pages, and distinct
never-repeated URLs for the worker memory measurement.

Run by `python -m bench` with the benchmark database in DATABASE_URL:
`python -m bench.urlset MIX_FILE GROWTH_FILE`. The mix file has one `<cumulative weight> <path>`
line per URL, most popular first, read by bench/zipf.lua; the growth file one path a line.
"""

import math
import os
import random
import sys
from pathlib import Path

READER_URLS = int(os.environ.get("BENCH_URLS", "30000"))
GROWTH_URLS = 20_000
# Distinct URLs of the same kinds fetched before the measurement: a worker's first 404, deep
# page or feed with a query string compiles templates and fills bounded memos once, which is
# not growth per URL.
GROWTH_WARMUP_URLS = 1_000
# Newer pages beyond the first that a list offers (DESIGN: "home and list pages 2-5").
LAST_LIST_PAGE = 5
PAGE_SIZE = 20  # public/views/stories.py ArticleViewMixin.paginate_by


def zipf_cumulative(count: int, s: float = 1.0) -> list[float]:
    """Cumulative Zipf weights (rank r weighs 1/r**s), normalised so the last is 1.0: a
    uniform draw u picks the first rank whose cumulative weight is >= u (a binary search)."""
    weights = [1 / rank**s for rank in range(1, count + 1)]
    total, running, cumulative = math.fsum(weights), 0.0, []
    for weight in weights:
        running += weight
        cumulative.append(running / total)
    if cumulative:
        cumulative[-1] = 1.0  # no draw may fall past the end through rounding
    return cumulative


def with_feeds(page: str) -> list[str]:
    return [page, f"{page}feed/", f"{page}feed/atom/"]


def with_older_pages(page: str, stories: int) -> list[str]:
    """The list page and those of its pages 2-5 that exist (a page past the end is a 404)."""
    pages = min(LAST_LIST_PAGE, max(1, math.ceil(stories / PAGE_SIZE)))
    return [page, *(f"{page}?page={number}" for number in range(2, pages + 1))]


def public_counts(links) -> dict[int, int]:
    """{object id: public stories linked to it} over a link table (articles.models.LinkTable),
    in one query."""
    from django.db.models import Count

    from articles.models import Article

    public = Article.objects.published()
    rows = links.model.objects.filter(**{f"{links.story_field}__in": public.values("pk")})
    return dict(rows.values(links.object_field).annotate(n=Count("pk")).values_list(links.object_field, "n"))


def reader_urls(limit: int = READER_URLS, seed: int = 0) -> list[str]:
    """Up to `limit` distinct public URLs, most popular first: the home page, the site feed,
    the section fronts and the review list lead; everything else (stories at their canonical
    URL, list pages 2-5, tags, films, people, every page's feeds) follows in a seeded shuffle,
    so each kind gets popular and rare pages alike."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import FILM_LINKS, PERSON_LINKS, TAG_LINKS, Article, Section
    from films.models import Film, Person

    public = Article.objects.published()
    home_stories = public.count()
    sections = list(Section.objects.order_by("position", "pk"))
    section_counts = dict(public.values("section").annotate(n=Count("pk")).values_list("section", "n"))
    reviews = public.filter(review__isnull=False).count()
    fronts = ["/", "/feed/", *(section.get_absolute_url() for section in sections), "/film-reviews/"]
    rest = [*with_older_pages("/", home_stories)[1:], "/feed/atom/"]
    rest += [*with_older_pages("/film-reviews/", reviews)[1:], *with_feeds("/film-reviews/")[1:]]
    for section in sections:
        page = section.get_absolute_url()
        rest += [*with_older_pages(page, section_counts.get(section.pk, 0))[1:], *with_feeds(page)[1:]]
    listed = [
        (Tag.objects.order_by("pk"), "/tags/{}/", public_counts(TAG_LINKS)),
        (Film.objects.order_by("pk"), "/films/{}/", public_counts(FILM_LINKS)),
        (Person.objects.order_by("pk"), "/people/{}/", public_counts(PERSON_LINKS)),
    ]
    for entities, pattern, counts in listed:
        for pk, slug in entities.values_list("pk", "slug").iterator():
            page = pattern.format(slug)
            rest += [*with_older_pages(page, counts.get(pk, 0)), *with_feeds(page)[1:]]
    stories = public.select_related("section").only("slug", "published_at", "section__slug").order_by("-pk")
    # Readers mostly read stories: up to three times the list's length of them go in the shuffle.
    rest += [story.get_absolute_url() for story in stories[: 3 * limit].iterator()]
    random.Random(seed).shuffle(rest)
    return list(dict.fromkeys([*fronts, *rest]))[:limit]


def growth_urls(count: int = GROWTH_WARMUP_URLS + GROWTH_URLS) -> list[str]:
    """`count` distinct URLs no reader would repeat: far list pages, query strings on the site
    feed and on stories, unknown slugs. Each may leave something behind in a worker (a cache
    entry, a memo) that a leak would keep."""
    from taggit.models import Tag

    from articles.models import Article, Section

    section = Section.objects.order_by("position", "pk").first()
    tag = Tag.objects.order_by("pk").first()
    stories = [
        story.get_absolute_url()
        for story in Article.objects.published().select_related("section").order_by("-pk")[:50]
    ]
    makers = [
        lambda n: f"/?page={n}",
        lambda n: f"{section.get_absolute_url()}?page={n}" if section else f"/no-such-section-{n}/",
        lambda n: f"/tags/{tag.slug}/?page={n}" if tag else f"/tags/no-such-tag-{n}/",
        lambda n: f"/feed/?utm_source=bench-{n}",
        lambda n: f"{stories[n % len(stories)]}?utm_source=bench-{n}" if stories else f"/?ref={n}",
        lambda n: f"/films/no-such-film-{n}/",
        lambda n: f"/tags/no-such-tag-{n}/",
    ]
    # Numbers run to `count`: far past the last page of any list.
    urls = [makers[index % len(makers)](index + 1) for index in range(count)]
    return list(dict.fromkeys(urls))


def write_mix(path: Path, urls: list[str]) -> None:
    lines = (f"{weight!r} {url}\n" for weight, url in zip(zipf_cumulative(len(urls)), urls, strict=True))
    path.write_text("".join(lines))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    mix_file, growth_file = (Path(name) for name in sys.argv[1:3])
    urls = reader_urls()
    write_mix(mix_file, urls)
    growth_file.write_text("".join(f"{url}\n" for url in growth_urls()))
    print(len(urls))


if __name__ == "__main__":
    main()
