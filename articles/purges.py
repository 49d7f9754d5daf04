"""Which cached pages a change to a story, or to what it links to, makes stale.

A draft, a story in review or a withdrawn story that readers never saw purges nothing: no
public page shows it. A public story's edit purges the pages that show it (`key(story)`).
When a story starts to appear somewhere (it goes live, moves in time or section, gains a
link), the lists it enters are purged too (`list_key(...)`, and every list of stories); when
it is scheduled, those keys are scheduled for its publish time instead, so it appears on time
with no job running.
"""

from django.db.models.signals import m2m_changed, pre_save

from articles.models import (
    FESTIVAL_LINKS,
    LINK_TABLES,
    SHOWN_THROUGH_STORIES,
    Article,
    ArticleFilm,
    ArticlePerson,
    Byline,
    Correction,
    Embed,
    ReadMoreLink,
    Review,
    TaggedArticle,
    link_table,
)
from core.pagecache.keys import MISSING, key, list_key
from core.pagecache.signals import IN_BULK_CHANGE, purge_on_commit, schedule_on_commit, watch

# The menu on every page lists only sections with a public story (key(Section)).
Section = Article.section.field.related_model
Film = Review.film.field.related_model


def story_id(row) -> int:
    """The story a row hanging off one belongs to."""
    table = link_table(type(row))
    return table.story_id(row) if table else row.article_id


def listed_in(row) -> tuple[type, int] | None:
    """The object whose lists a row puts its story in: the object of a link table (LINK_TABLES),
    a review's film (whose page shows its review); None for other rows."""
    if table := link_table(type(row)):
        return table.object_model, table.object_id(row)
    return (Film, row.film_id) if isinstance(row, Review) else None


def story_lists(article: Article) -> set[str]:
    """Every list a story appears in: all stories, its section, the lists of what it links to,
    its film's if it is a review; and the addresses that answered 404 before it existed."""
    keys = {key(Article), list_key(Section, article.section_id), MISSING}
    for table in LINK_TABLES:
        rows = table.model.objects.filter(**{f"{table.story_field}_id": article.pk})
        ids = rows.values_list(f"{table.object_field}_id", flat=True)
        keys.update(list_key(table.object_model, pk) for pk in ids)
    films = Review.objects.filter(article=article.pk).values_list("film_id", flat=True)
    keys.update(list_key(Film, pk) for pk in films)
    return keys


# Enough of a story to ask the published rule (Article.is_published) about it.
STATE_FIELDS = ("status", "published_at", "section_id")


def stored_state(pk) -> Article | None:
    return Article.objects.only(*STATE_FIELDS).filter(pk=pk).first() if pk else None


def remember_before(sender, instance: Article, raw=False, **kwargs):
    """The row as it was, for story_keys (one query per save; saves are rare)."""
    if not raw and not IN_BULK_CHANGE.get():
        instance._public_before = stored_state(instance.pk)


def story_keys(article: Article, *, created: bool = False, deleted: bool = False) -> set[str]:
    # A deleted story was as it was loaded (deleting sends no pre_save).
    before = getattr(article, "_public_before", None) or (article if deleted else Article())
    was_public = before.is_published
    now_public = not deleted and article.is_published
    keys = {key(article)} if was_public or now_public else set()
    moved = (before.published_at, before.section_id) != (article.published_at, article.section_id)
    if now_public and (not was_public or moved):
        keys |= story_lists(article) | menu_keys(article, article.section_id)
    if was_public and (not now_public or moved):
        keys |= menu_keys(article, before.section_id)
    if not deleted and article.is_scheduled and (moved or before.status != article.status):
        later = {key(article), *story_lists(article), *menu_keys(article, article.section_id)}
        schedule_on_commit(later, article.published_at)
    return keys


def menu_keys(article: Article, section_id) -> set[str]:
    """The menu's key when `article` is the section's only public story, entering or leaving:
    the section then enters or leaves the menu of every page."""
    others = Article.objects.published().filter(section_id=section_id).exclude(pk=article.pk)
    return set() if others.exists() else {key(Section)}


def link_keys(link, *, created: bool = False, deleted: bool = False) -> set[str]:
    """A row hanging off a story: pages showing the story; and when it puts the story in an
    object's lists (`listed_in`), those lists, which the story enters."""
    story = stored_state(story_id(link))
    if story is None:  # deleted with its story, whose own rule purged it
        return set()
    keys = {key(story)}
    if created and (listing := listed_in(link)):
        keys.add(list_key(*listing))
        if listing[0] in SHOWN_THROUGH_STORIES:  # a page only with a public story: its 404 may go
            keys.add(MISSING)
    if story.is_scheduled:
        schedule_on_commit(keys, story.published_at)
        return set()
    return keys if story.is_published else set()


def review_keys(review: Review, **kwargs) -> set[str]:
    """A review row is a link to its film, and puts its story in the lists of reviews."""
    keys = link_keys(review, **kwargs)
    return keys | {key(Review)} if keys else keys


def editions_changed(sender, instance, action, pk_set=None, reverse=False, using=None, **kwargs):
    """Festival editions are a plain many-to-many: they send m2m_changed, not post_save."""
    if not action.startswith("post_"):
        return
    stories = Article.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    editions = [instance.pk] if reverse else (pk_set or ())
    edition = FESTIVAL_LINKS.object_model
    keys = set()
    for article in stories:
        if article.is_published:
            keys.add(key(article))
            keys.update(list_key(edition, pk) for pk in editions)
    purge_on_commit(keys, using=using)


def connect() -> None:
    """Called once from ArticlesConfig.ready()."""
    pre_save.connect(remember_before, sender=Article, dispatch_uid="pagecache-article-before")
    watch(Article, story_keys)
    for model in (Byline, ArticleFilm, ArticlePerson, ReadMoreLink, Embed, Correction, TaggedArticle):
        watch(model, link_keys)
    watch(Review, review_keys)
    m2m_changed.connect(
        editions_changed, sender=Article.festival_editions.through, dispatch_uid="pagecache-editions"
    )
