"""Every public query has an index to use on PostgreSQL (issue 6, "checked with EXPLAIN").

Every page, feed and sitemap a reader or a crawler can reach (the same list as the draft-leak
crawl) is fetched, and every query it sends is EXPLAINed with sequential scans priced out
(`enable_seqscan = off`): the planner then scans a table in full only when no index serves the
query. On a test database the tables are tiny, so this asks whether an index exists for each
query, not what the planner would pick at 100,000 stories (`make bench` measures that).
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.hardening.test_draft_leaks import newsroom, public_urls  # noqa: F401 (a fixture)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")

# The tables that grow with the archive; sections, tags, films, people and the like stay small
# enough that reading them whole is the right plan.
GROWING_TABLES = {
    "articles_article",
    "articles_articlefilm",
    "articles_articleperson",
    "articles_taggedarticle",
    "articles_byline",
    "articles_readmorelink",
    "articles_article_festival_editions",
    "articles_embed",
    "articles_correction",
    "films_credit",
}


def full_scans(plan: dict) -> list[str]:
    """Tables of GROWING_TABLES that a plan node reads whole."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in GROWING_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += full_scans(child)
    return found


@pytest.mark.django_db
def test_every_public_query_has_an_index(client, newsroom):  # noqa: F811
    """No page, feed or sitemap sends a query that must read a growing table whole."""
    sent = []
    for url in public_urls(client, newsroom):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        sent += [(url, query["sql"]) for query in queries if query["sql"].lstrip().startswith("SELECT")]
    assert len(sent) > 50
    unindexed = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for url, sql in sent:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            if scans := full_scans(plan[0]["Plan"]):
                unindexed.append((url, scans, sql[:300]))
    assert not unindexed, "\n".join(map(str, unindexed))
