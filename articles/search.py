"""Ranked full-text search over stories, on whichever database the site runs.

The indexes are made by migration 0002: FTS5 with BM25 on SQLite, a weighted tsvector with
GIN on PostgreSQL. Readers' words are reduced to plain terms first, so no input can reach
the query syntax of either engine.
"""

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 8
TERM = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    return TERM.findall(query.lower())[:MAX_TERMS]


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Stories from `queryset` matching every term of `query`, best match first."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    if connection.vendor == "postgresql":
        tsquery = "plainto_tsquery('english', %s)"
        text = " ".join(terms)
        return (
            queryset.filter(RawSQL(f"search_vector @@ {tsquery}", [text], output_field=BooleanField()))
            .annotate(rank=RawSQL(f"ts_rank_cd(search_vector, {tsquery})", [text], output_field=FloatField()))
            .order_by("-rank", "-published_at")
        )
    # FTS5: every term quoted, so words like AND, NEAR or a stray quote are plain text.
    match = " ".join(f'"{term}"' for term in terms)
    ranked = (
        "SELECT rowid, bm25(articles_article_fts, 10.0, 4.0, 1.0) AS score "
        "FROM articles_article_fts WHERE articles_article_fts MATCH %s"
    )
    return (
        queryset.filter(
            RawSQL(
                f"articles_article.id IN (SELECT rowid FROM ({ranked}))", [match], output_field=BooleanField()
            )
        )
        .annotate(
            rank=RawSQL(
                f"-(SELECT score FROM ({ranked}) AS fts WHERE fts.rowid = articles_article.id)",
                [match],
                output_field=FloatField(),
            )
        )
        .order_by("-rank", "-published_at")
    )
