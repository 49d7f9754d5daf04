from articles.models.article import Article, ArticleQuerySet, Byline, TaggedArticle
from articles.models.links import ArticleFilm, ArticlePerson, Correction, Embed, LinkKind, ReadMoreLink
from articles.models.reviews import Review
from articles.models.sections import RESERVED_SECTION_SLUGS, Author, Section, validate_section_slug
from articles.models.workflow import ArticleAutosave, ArticleEvent, ArticleRedirect

__all__ = [
    "RESERVED_SECTION_SLUGS",
    "Article",
    "ArticleAutosave",
    "ArticleEvent",
    "ArticleFilm",
    "ArticlePerson",
    "ArticleQuerySet",
    "ArticleRedirect",
    "Author",
    "Byline",
    "Correction",
    "Embed",
    "LinkKind",
    "ReadMoreLink",
    "Review",
    "Section",
    "TaggedArticle",
    "validate_section_slug",
]
