"""Critics' reviews as readers see them: public stories that review a film, with their rating.

Every read goes through public_cards() (the published rule), so a draft review's rating never
shows on a film page, the review list, a feed or in JSON-LD.
"""

from datetime import datetime

from django.db.models import QuerySet

from articles.models import Article
from public.listings import CARD_FIELDS, public_cards

REVIEW_FIELDS = (
    *CARD_FIELDS,
    *(f"review__{field}" for field in ("rating", "article_id", "film__title", "film__slug")),
)


def public_reviews(now: datetime | None = None) -> QuerySet:
    """Public reviews as cards, each with its film and rating, newest first: one query (and
    the cards' bylines)."""
    return public_cards(now).filter(review__isnull=False).select_related("review__film").only(*REVIEW_FIELDS)


def film_review(film_id: int) -> Article | None:
    """The film's newest public review, or None."""
    return public_reviews().filter(review__film_id=film_id).first()


def story_review(article: Article):
    """The Review of a story page's story, or None (the relation is absent for most stories)."""
    return getattr(article, "review", None)
