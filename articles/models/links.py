"""What a story points to: films, people, other stories, embeds, and its corrections; and the
one list of the tables that link stories to the objects whose pages list them (`LINK_TABLES`)."""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from taggit.models import Tag

from articles.embeds import player_for, validate_embed_url
from articles.models.article import Article
from articles.models.sections import Author, Section


class LinkKind(models.TextChoices):
    ABOUT = "about", "About (the story's subject)"
    MENTIONS = "mentions", "Mentioned"


class EntityLink(models.Model):
    """What a story link to a film or a person shares: its kind and its place in the list."""

    kind = models.CharField(max_length=10, choices=LinkKind.choices, default=LinkKind.ABOUT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.entity} ({self.get_kind_display()})"


class ArticleFilm(EntityLink):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="film_links")
    film = models.ForeignKey("films.Film", on_delete=models.CASCADE, related_name="article_links")

    class Meta(EntityLink.Meta):
        verbose_name = "linked film"
        constraints = [models.UniqueConstraint(fields=["article", "film"], name="film_linked_once")]
        indexes = [models.Index(fields=["film", "article"])]

    @property
    def entity(self):
        return self.film


class ArticlePerson(EntityLink):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey("films.Person", on_delete=models.CASCADE, related_name="article_links")

    class Meta(EntityLink.Meta):
        verbose_name = "linked person"
        verbose_name_plural = "linked people"
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="person_linked_once")]
        indexes = [models.Index(fields=["person", "article"])]

    @property
    def entity(self):
        return self.person


class ReadMoreLinkQuerySet(models.QuerySet):
    def to_public_stories(self, now=None):
        """Links whose target readers may see: an indexed EXISTS per link, where IN (every
        public story) would make SQLite build that whole set on each request."""
        return self.filter(
            models.Exists(Article.objects.published(now).filter(pk=models.OuterRef("target_id")))
        )


class ReadMoreLink(models.Model):
    """A pointer to another story: in the text where the editor placed it, after a chosen
    paragraph, or in the box at the end."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="read_more_links")
    target = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    after_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Better: put the cursor in the text and press READ MORE in the editor's "
        "toolbar. Or show it after this paragraph (1 = after the first). Neither: in the "
        "“More on this” box at the end.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=40, default="READ MORE")

    objects = ReadMoreLinkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "READ MORE link"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(article=models.F("target")), name="read_more_not_to_itself"
            ),
            models.UniqueConstraint(fields=["article", "target"], name="read_more_target_once"),
        ]

    def __str__(self):
        return f"{self.label}: {self.target}"


class Embed(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="embeds")
    url = models.URLField(
        "page URL",
        validators=[validate_embed_url],
        help_text="The YouTube, Vimeo, SoundCloud, Bandcamp or Spotify page of the track or video.",
    )
    title = models.CharField(
        max_length=200, help_text="What it is, e.g. “Anika Pyle – a song from Her Smell”."
    )
    after_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Better: put the cursor in the text and press Embed in the editor's toolbar. "
        "Or show it after this paragraph; neither: at the end of the story.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        validate_embed_url(self.url)
        super().save(*args, **kwargs)

    @property
    def player(self):
        return player_for(self.url)


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField(help_text="What changed and why, as readers will see it.")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} of {timezone.localdate(self.made_at)}"


@dataclass(frozen=True)
class LinkTable:
    """A table linking stories to objects of one kind: a row puts the story on the object's page
    and in its feeds. Named by the story's many-to-many field through it; its models are looked
    up when asked, as the tables of other apps' models exist only once every app is loaded."""

    relation: str  # the story's field through the table: Article.objects.filter(films=film.pk)
    story_field: str  # the table's foreign key to the story
    object_field: str  # the table's foreign key to the other object

    @property
    def model(self) -> type[models.Model]:
        return Article._meta.get_field(self.relation).remote_field.through

    @property
    def object_model(self) -> type[models.Model]:
        return self.model._meta.get_field(self.object_field).related_model

    def story_id(self, row: models.Model) -> int:
        return getattr(row, f"{self.story_field}_id")

    def object_id(self, row: models.Model) -> int:
        return getattr(row, f"{self.object_field}_id")


AUTHOR_LINKS = LinkTable("authors", "article", "author")
FILM_LINKS = LinkTable("films", "article", "film")
PERSON_LINKS = LinkTable("people", "article", "person")
# taggit names the story of a tag `content_object`.
TAG_LINKS = LinkTable("tags", "content_object", "tag")
FESTIVAL_LINKS = LinkTable("festival_editions", "article", "festivaledition")
LINK_TABLES = (AUTHOR_LINKS, FILM_LINKS, PERSON_LINKS, TAG_LINKS, FESTIVAL_LINKS)


def link_table(model: type[models.Model]) -> LinkTable | None:
    """The entry of LINK_TABLES for a table, None for a row of any other kind."""
    return next((table for table in LINK_TABLES if table.model is model), None)


# Sections, tags and authors reach readers only through stories: without a public one they have
# no page, feed or place in the menu (a tag made for a draft, or a private WordPress post's
# category, must not announce it). Films, people and festival editions have pages of their own
# (credits, screenings).
SHOWN_THROUGH_STORIES = (Section, Tag, Author)
