"""The story itself, the published() rule, its tags and bylines."""

import html
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.models.sections import Author, Section
from articles.richtext import BODY_EXTENSIONS, sanitize_body
from core.addresses import cached_reverse
from core.text import summary


class ArticleQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None):
        """The one rule for what readers may see (DESIGN.md rule 1), at `now` (default: this instant)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def published_by_pk(self, now: datetime | None = None):
        """The same rule, asked of each row by primary key (an EXISTS). For a query driven by a
        short list of ids: SQLite, without statistics, would otherwise walk every public story."""
        public = Article.objects.published(now).filter(pk=models.OuterRef("pk"))
        return self.filter(models.Exists(public))

    def scheduled(self):
        """Published with a publish time still ahead: live by itself when the time comes."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_listing(self):
        """What a card needs: section, lead image and ordered bylines, in two queries.

        Bylines are loaded this one way everywhere (cards, story pages, feeds): `byline_authors`.
        Prefetched relations here go to plain lists (`to_attr`): into a related manager, Django
        builds a filtered queryset per story, a fifth of a tag page's time for 20 cards.
        """
        return self.select_related("section", "lead_image").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("author"), to_attr="byline_list"
            )
        )

    def with_story_parts(self, now: datetime | None = None):
        """What a story's text shows, for its page and its feed item, one query per relation,
        each into a list: bylines (`byline_authors`), tags (`tag_list`), READ MORE links to
        public stories only (`public_read_more`, their targets without bodies), embeds
        (`embed_list`) and corrections (`correction_list`)."""
        from articles.models.links import ReadMoreLink

        return self.for_listing().prefetch_related(
            models.Prefetch(
                "tagged_items",
                queryset=TaggedArticle.objects.select_related("tag").order_by("pk"),
                to_attr="tag_links",
            ),
            models.Prefetch(
                "read_more_links",
                queryset=ReadMoreLink.objects.to_public_stories(now)
                .select_related("target__section", "target__lead_image")
                .defer("target__body", "target__body_text"),
                to_attr="public_read_more",
            ),
            models.Prefetch("embeds", to_attr="embed_list"),
            models.Prefetch("corrections", to_attr="correction_list"),
        )

    def with_linked_entities(self):
        """The films (with posters), people (with headshots) and festival editions a story
        links to, for the boxes of its page."""
        from articles.models.links import ArticleFilm, ArticlePerson
        from films.models import FestivalEdition

        return self.prefetch_related(
            models.Prefetch("festival_editions", queryset=FestivalEdition.objects.select_related("festival")),
            models.Prefetch("film_links", queryset=ArticleFilm.objects.select_related("film__poster")),
            models.Prefetch(
                "person_links", queryset=ArticlePerson.objects.select_related("person__headshot")
            ),
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        help_text=(
            "The last part of the story's address, unique for its publish day. Changing it later "
            "leaves a redirect."
        ),
    )
    dek = models.CharField(
        "standfirst", max_length=400, blank=True, help_text="One or two sentences under the headline."
    )
    body = ProseEditorField(config={"extensions": BODY_EXTENSIONS}, sanitize=True, blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    lead_image = models.ForeignKey(
        "images.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.CharField(
        max_length=500, blank=True, help_text="Leave empty to use the image's own caption."
    )
    films = models.ManyToManyField("films.Film", through="ArticleFilm", related_name="articles", blank=True)
    people = models.ManyToManyField(
        "films.Person", through="ArticlePerson", related_name="articles", blank=True
    )
    festival_editions = models.ManyToManyField("films.FestivalEdition", related_name="articles", blank=True)
    tags = TaggableManager(blank=True, through="TaggedArticle")
    source_name = models.CharField(
        max_length=200, blank=True, help_text="Outlet the quotes or facts come from, e.g. “EW”."
    )
    source_url = models.URLField(blank=True, help_text="Link to the source's own story.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Readers see a story only when it is Published and its publish time has passed; "
        "a future publish time schedules it. Withdrawn takes it off the site.",
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="When the story goes live. In the future, the story is scheduled.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    featured = models.BooleanField(default=False, help_text="Show among the top stories on the home page.")
    seo_title = models.CharField(
        "SEO title", max_length=70, blank=True, help_text="For search results; the headline if empty."
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="For search results; the standfirst if empty.",
    )
    # Permanent identity for feed GUIDs: survives headline, slug, section and date changes.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Optimistic locking: a save must name the version it was edited from.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Part of every share-preview link (articles.sharing): raising it revokes them all.
    share_links_version = models.PositiveIntegerField(default=0, editable=False)
    # The stories its page offers as related, best first (articles/related.py): scored when
    # stories and links change, not per reader. None until first scored.
    related_ids = models.JSONField(null=True, blank=True, editable=False)
    # Plain text of the body, for search, summaries and entity suggestions.
    body_text = models.TextField(blank=True, editable=False)
    # Who started the story: a writer may edit the stories they created or sign.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_article", "Can publish, schedule and withdraw stories"),
            ("edit_any_article", "Can edit stories written by others"),
        ]
        constraints = [
            # One story per slug and newsroom day: the day is part of its address. Forms check
            # it through this constraint (unique_for_date would compare the UTC day).
            models.UniqueConstraint(
                TruncDate("published_at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
                "slug",
                name="article_slug_unique_for_date",
                violation_error_message=(
                    "Another story already has this slug on that day: change the slug or the publish time."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_article_has_publish_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_public_idx"),
            models.Index(fields=["section", "status", "published_at"], name="article_section_idx"),
            models.Index(fields=["slug", "published_at"], name="article_slug_idx"),
            # The admin's story list: newest first over every status.
            models.Index(fields=["-published_at", "-id"], name="article_admin_list_idx"),
            models.Index(fields=["status", "-updated_at"], name="article_status_updated_idx"),
        ]

    def __str__(self):
        return self.headline

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": "A published story needs a publish time."})

    def save(self, *args, **kwargs):
        # Forms validate this too; an import or script must not slip a javascript: link in.
        if self.source_url:
            URLValidator(schemes=["http", "https"])(self.source_url)
        self.body = sanitize_body(self.body or "")
        self.body_text = html.unescape(strip_tags(self.body.replace("</p>", "</p>\n"))).strip()
        self.first_published_at = self.first_public_time()
        super().save(*args, **kwargs)

    def first_public_time(self) -> datetime | None:
        """When readers first could see the story. A time still ahead is only a schedule: it
        follows the publish time while the story stays published, and goes when it does not."""
        seen = self.first_published_at
        if seen is not None and seen <= timezone.now():
            return seen
        if self.status == self.Status.PUBLISHED and self.published_at:
            return self.published_at
        return None

    @property
    def is_published(self) -> bool:
        """Mirrors ArticleQuerySet.published() for one loaded story."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_published

    def get_absolute_url(self):
        if not self.published_at:
            return cached_reverse("public:preview", pk=self.pk)
        return story_path(self.section.slug, self.published_at, self.slug)

    @property
    def byline_authors(self) -> list[Author]:
        bylines = getattr(self, "byline_list", None)
        if bylines is None:
            bylines = self.bylines.select_related("author")
        return [byline.author for byline in bylines]

    @property
    def tag_list(self) -> list:
        """The story's tags in the order they were added (loaded by with_story_parts())."""
        return [link.tag for link in self.tag_links]

    @property
    def description(self) -> str:
        """What the story is about in a sentence or two, everywhere one is shown (search results,
        link previews, JSON-LD, feeds): the SEO description, else the standfirst, else the start
        of the text."""
        return summary(self.seo_description or self.dek or self.body_text)

    @property
    def caption(self) -> str:
        return self.lead_image_caption or (self.lead_image.caption if self.lead_image else "")


def story_path(section_slug: str, published_at, slug: str) -> str:
    """A published story's address: its section, its day in the newsroom's zone, its slug."""
    # The newsroom's zone (the site never activates another): cheaper than the current one.
    local = timezone.localtime(published_at, timezone.get_default_timezone())
    return cached_reverse(
        "public:detail", section=section_slug, year=local.year, month=local.month, day=local.day, slug=slug
    )


class TaggedArticle(TaggedItemBase):
    """A direct foreign key (not taggit's generic one) keeps tag listings on plain indexes."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="tag_once_per_article")]
        indexes = [models.Index(fields=["tag", "content_object"])]


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")]

    def __str__(self):
        return str(self.author)
