"""Ranked full-text search over stories, on whichever database the site runs.

The indexes are made by migration 0002: FTS5 with BM25 on SQLite, a weighted tsvector with
GIN on PostgreSQL. Readers' words are reduced to plain terms first, so no input can reach
the query syntax of either engine.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 8
# How many of the newest matching stories are ranked by relevance.
CANDIDATES = 500
TERM = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    return TERM.findall(query.lower())[:MAX_TERMS]


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Stories of `queryset` (its rows: published ones, say) matching every term of `query`,
    best match first, as a new QuerySet of the same model to load as the caller likes.

    A word found in nearly every story would otherwise make the database score every
    story on each search. Only the newest CANDIDATES matches are ranked, so a common word
    costs the same at 100,000 stories as at 1,000, and a rare word still finds them all.
    On SQLite, whether a candidate is in `queryset` is asked per candidate (EXISTS on the
    primary key): as a plain filter it let SQLite walk every public story (30 ms at 100,000).
    """
    terms = search_terms(query)
    model = queryset.model
    if not terms:
        return model.objects.none()
    if connection.vendor == "postgresql":
        tsquery = "plainto_tsquery('english', %s)"
        params = [" ".join(terms)]
        matches = RawSQL(f"search_vector @@ {tsquery}", params, output_field=BooleanField())
        candidates = queryset.filter(matches).order_by("-published_at", "-id").values("pk")[:CANDIDATES]
        rank = RawSQL(f"ts_rank_cd(search_vector, {tsquery})", params, output_field=FloatField())
        return model.objects.filter(pk__in=candidates).annotate(rank=rank).order_by("-rank", "-published_at")
    # FTS5: every term quoted, so words like AND, NEAR or a stray quote are plain text.
    # The newest matches come almost free in rowid order; BM25 then orders those few in one
    # pass, as a list of ids computed once per query (an uncorrelated scalar subquery), so
    # no row makes SQLite search again.
    params = [" ".join(f'"{term}"' for term in terms)]
    newest = (
        "SELECT rowid FROM articles_article_fts WHERE articles_article_fts MATCH %s "
        f"ORDER BY rowid DESC LIMIT {CANDIDATES}"
    )
    by_relevance = (
        "SELECT ',' || group_concat(rowid) || ',' FROM ("
        "SELECT rowid FROM (SELECT rowid, bm25(articles_article_fts, 10.0, 4.0, 1.0) AS score "
        "FROM articles_article_fts WHERE articles_article_fts MATCH %s "
        f"ORDER BY rowid DESC LIMIT {CANDIDATES}) ORDER BY score)"
    )
    position = f"instr(({by_relevance}), ',' || articles_article.id || ',')"
    rank = RawSQL(f"-{position}", params, output_field=FloatField())
    visible = Exists(queryset.order_by().filter(pk=OuterRef("pk")))
    return (
        model.objects.filter(pk__in=RawSQL(newest, params))
        .filter(visible)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at")
    )


def headlines_matching(queryset: QuerySet, query: str) -> QuerySet:
    """Stories of `queryset` whose headline holds every word of `query`, each also as the start
    of a longer word ("festi" finds "festival"), unranked and uncapped, for the desk's story
    list and pickers, which keep their own order. Read from the headline's own full-text index
    (migration 0015 on PostgreSQL; a column of the FTS5 table on SQLite); terms are word
    characters only, so the prefix and column syntax added here is all either engine sees of
    query syntax."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        sql = "to_tsvector('english', headline) @@ to_tsquery('english', %s)"
        return queryset.filter(RawSQL(sql, [tsquery], output_field=BooleanField()))
    fts = "headline : (" + " AND ".join(f'"{term}"*' for term in terms) + ")"
    ids = RawSQL("SELECT rowid FROM articles_article_fts WHERE articles_article_fts MATCH %s", [fts])
    return queryset.filter(pk__in=ids)
