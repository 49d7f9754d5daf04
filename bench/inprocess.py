"""Queries per request and warm render times, measured in-process with Django's test client.

Run by `python -m bench` with the benchmark database in DATABASE_URL; prints one JSON
object: the pages chosen (so the HTTP runs hit the same URLs) and their figures.
"""

import json
import os
import statistics
import sys
import time

RUNS = int(os.environ.get("BENCH_RENDER_RUNS", "50"))
# A slow page (search without an index, say) gets fewer runs rather than stalling the bench.
TIME_BUDGET_SECONDS = 15.0


def choose_pages() -> dict[str, str]:
    """One URL per page kind; entities with the most stories, so lists are full."""
    from django.db.models import Count, Max
    from taggit.models import Tag

    from articles.models import Article, Section
    from demo.management.commands.seed_demo_content import RARE_WORD
    from films.models import Film, Person

    # A fixed story rather than "the 11th newest": the seed schedules its last stories for the
    # hours ahead, so the 11th newest changes as they go live and runs would not compare.
    newest_id = Article.objects.aggregate(newest=Max("pk"))["newest"]
    story = (
        Article.objects.published()
        .filter(pk__lte=newest_id - 12)
        .select_related("section")
        .order_by("-pk")[:1]
        .get()
    )
    section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
    tag = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n").first()
    film = Film.objects.annotate(n=Count("article_links")).order_by("-n").first()
    person = Person.objects.annotate(n=Count("article_links")).order_by("-n").first()
    return {
        "story": story.get_absolute_url(),
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "film": film.get_absolute_url(),
        "person": person.get_absolute_url(),
        "reviews": "/film-reviews/",
        "search": "/search/?q=film",
        "search_rare": f"/search/?q={RARE_WORD}",
        "feed": "/feed/",
        "film_feed": f"{film.get_absolute_url()}feed/",
    }


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    status = response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the next request's request_started signal clears the query log.
    query_count = len(queries)
    timings = []
    started = time.perf_counter()
    for _ in range(RUNS):
        begin = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - begin) * 1000)
        if time.perf_counter() - started > TIME_BUDGET_SECONDS and len(timings) >= 3:
            break
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "url": url,
        "status": status,
        "queries": query_count,
        "render_ms_median": round(statistics.median(timings), 2),
        "render_ms_p95": round(p95, 2),
        "render_runs": len(timings),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0  # render times are for the view itself, not the page cache
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    pages = choose_pages()
    # A page miss: its fragments stored (measure() renders it once first); then cold, rebuilt
    # from the database.
    settings.FRAGMENT_CACHE_SECONDS = 86400
    results = {page: measure(client, url) for page, url in pages.items()}
    settings.FRAGMENT_CACHE_SECONDS = 0
    for page, url in pages.items():
        cold = measure(client, url)
        results[page] |= {"cold_queries": cold["queries"], "cold_render_ms_median": cold["render_ms_median"]}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
