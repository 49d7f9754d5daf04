"""make bench's plumbing: wrk's report is read right, the readers' URLs and weights are right,
and the JSON has the issue's shape."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from bench.__main__ import at_reference, parse_hits, parse_wrk, ratio, readers_table, scaled, table
from bench.editor import edit
from bench.urlset import growth_urls, reader_urls, write_mix, zipf_cumulative
from tests.factories import ArticleFactory, ArticleFilmFactory, ArticlePersonFactory, SectionFactory

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8765/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.10ms    1.20ms  30.00ms   90.00%
  Latency Distribution
     50%    5.50ms
     75%    6.20ms
     90%    7.10ms
     99%    1.20s
  52000 requests in 10.00s, 1.20GB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   5200.12
Transfer/sec:    120.00MB
"""


def test_parse_wrk_reads_rate_latencies_and_errors():
    """Units (us, ms, s) become milliseconds; errors and timeouts are counted."""
    figures = parse_wrk(WRK_OUTPUT)
    assert figures == {"rps": 5200.12, "p50_ms": 5.5, "p99_ms": 1200.0, "errors": 7, "timeouts": 3}


def test_table_lists_every_run():
    """One line per page and size, with the figures of the JSON."""
    run = {
        "stories": 1000,
        "page": "story",
        "queries": 8,
        "render_ms_median": 3.2,
        "render_ms_p95": 4.1,
        "cold_rps": 120.0,
        "cold_rps_ratio": 0.02,
        "rps": 510.0,
        "p50_ms": 50.0,
        "p99_ms": 90.0,
        "cached_rps": 4100.0,
        "rps_at_reference": 600.0,
        "cached_rps_at_reference": 4800.0,
        "rps_ratio": 0.1,
        "cached_rps_ratio": 0.8,
    }
    detail = {"status": 200, "cold": {"errors": 0, "timeouts": 0}, "uncached": {"errors": 0, "timeouts": 0}}
    lines = table([run], [detail]).splitlines()
    assert len(lines) == 3
    assert lines[2].split() == [
        "1000",
        "story",
        "200",
        "8",
        "3.2",
        "4.1",
        "120.0",
        "0.02",
        "510.0",
        "600.0",
        "0.1",
        "50.0",
        "90.0",
        "4100.0",
        "4800.0",
        "0.8",
        "0",
    ]


def test_figures_scale_to_the_issues_machine_by_hello_world():
    """Here hello world reaches half the issue's 5,900 req/s, so a page's figure counts double."""
    assert at_reference(500.0, 2950.0) == 1000.0
    assert at_reference(500.0, 5900.0) == 500.0


def test_every_figure_has_its_ratio_to_hello_world():
    assert ratio(500.0, 2000.0) == 0.25
    assert scaled("cached_rps", 2950.0, 2950.0) == {
        "cached_rps": 2950.0,
        "cached_rps_ratio": 1.0,
        "cached_rps_at_reference": 5900.0,
    }


ZIPF_WRK_OUTPUT = WRK_OUTPUT + "zipf: responses 52007, page cache hits 49406\n"


def test_parse_hits_reads_the_lua_scripts_counts():
    """bench/zipf.lua prints the responses and page cache hits summed over wrk's threads."""
    assert parse_hits(ZIPF_WRK_OUTPUT) == {"responses": 52007, "hits": 49406, "hit_ratio": 0.95}
    assert parse_wrk(ZIPF_WRK_OUTPUT)["rps"] == 5200.12


def test_parse_hits_without_the_scripts_line():
    assert parse_hits(WRK_OUTPUT) == {"responses": 0, "hits": 0, "hit_ratio": None}


def test_zipf_weights_fall_as_one_over_the_rank():
    cumulative = zipf_cumulative(1000)
    weights = [cumulative[0], *(b - a for a, b in zip(cumulative, cumulative[1:], strict=False))]
    assert len(cumulative) == 1000
    assert cumulative[-1] == 1.0
    assert all(weight > 0 for weight in weights)
    assert weights[0] / weights[1] == pytest.approx(2)
    assert weights[0] / weights[999] == pytest.approx(1000)
    # The harmonic number: the first URL takes 1 / H(1000) of the draws.
    assert cumulative[0] == pytest.approx(1 / sum(1 / rank for rank in range(1, 1001)))


def test_mix_file_has_one_weighted_url_a_line(tmp_path):
    write_mix(tmp_path / "mix.txt", ["/", "/feed/", "/news/"])
    lines = [line.split(" ") for line in (tmp_path / "mix.txt").read_text().splitlines()]
    assert [url for _, url in lines] == ["/", "/feed/", "/news/"]
    assert [float(weight) for weight, _ in lines] == pytest.approx([6 / 11, 9 / 11, 1.0])


@pytest.fixture
def small_site():
    """21 public stories in News (so it has a page 2), a draft and a scheduled story."""
    stories = ArticleFactory.create_batch(21)
    stories[0].tags.add("Cannes")
    ArticleFilmFactory(article=stories[0], film__slug="her-smell")
    ArticlePersonFactory(article=stories[0], person__slug="elisabeth-moss")
    SectionFactory(slug="reviews", name="Reviews")
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, slug="secret-draft")
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1), slug="not-yet")
    return stories, draft, scheduled


@pytest.mark.django_db
def test_reader_urls_cover_every_public_kind_once(small_site):
    stories, draft, scheduled = small_site
    urls = reader_urls()
    assert len(urls) == len(set(urls))
    assert urls[:2] == ["/", "/feed/"]
    # The section fronts and the review list lead the mix.
    assert set(urls[2:5]) == {"/news/", "/reviews/", "/film-reviews/"}
    expected = {
        *(story.get_absolute_url() for story in stories),
        "/?page=2",
        "/feed/atom/",
        "/news/?page=2",
        "/news/feed/",
        "/news/feed/atom/",
        "/tags/cannes/",
        "/tags/cannes/feed/",
        "/films/her-smell/",
        "/films/her-smell/feed/atom/",
        "/people/elisabeth-moss/",
        "/people/elisabeth-moss/feed/",
        "/film-reviews/feed/",
    }
    assert expected <= set(urls)
    # Pages past the end, drafts and scheduled stories are not public pages.
    assert "/?page=3" not in urls
    assert "/reviews/?page=2" not in urls
    assert not any("secret-draft" in url or "not-yet" in url or "/preview/" in url for url in urls)


@pytest.mark.django_db
def test_reader_urls_stop_at_the_limit_and_keep_the_fronts(small_site):
    urls = reader_urls(limit=10)
    assert len(urls) == 10
    assert urls[:2] == ["/", "/feed/"]


@pytest.mark.django_db
def test_growth_urls_are_distinct_and_never_repeat_a_page(small_site):
    urls = growth_urls(700)
    assert len(urls) == len(set(urls)) == 700
    assert "/?page=694" in urls  # home pages 1, 8, ...: numbers run to the count
    assert any(url.startswith("/feed/?") for url in urls)
    assert any(url.startswith("/news/20") and "?" in url for url in urls)
    assert any(url.startswith("/films/no-such-film-") for url in urls)


@pytest.mark.django_db
def test_editor_changes_a_story_without_piling_up_marks():
    story = ArticleFactory(dek="What happened.")
    edit(story, 0)
    edit(story, 1)
    story.refresh_from_db()
    assert story.dek == "What happened. (edit 1)"


def test_readers_table_has_a_line_per_size():
    run = {
        "stories": 1000,
        "urls": 1865,
        "uncached_rps": 150.0,
        "uncached_rps_ratio": 0.05,
        "cached_rps": 1500.0,
        "cached_rps_ratio": 0.5,
        "hit_ratio": 0.97,
        "cached_editing_rps": 900.0,
        "cached_editing_rps_ratio": 0.3,
        "editing_hit_ratio": 0.6,
        "errors": {"uncached": 0, "cached": 1, "cached_editing": 2},
    }
    lines = readers_table([run], {1000: {"max_mb": 12.5}}).splitlines()
    assert lines[2].split() == [
        "1000",
        "1865",
        "150.0",
        "0.05",
        "1500.0",
        "0.5",
        "0.97",
        "900.0",
        "0.3",
        "0.6",
        "3",
        "12.5",
    ]
