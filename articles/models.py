"""Stories and what they link to: sections, bylines, films, people, READ MORE, corrections."""

import html
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.embeds import player_for, validate_embed_url
from articles.richtext import BODY_EXTENSIONS, sanitize_body

# Top-level paths a section slug may not take, or it would hide the page living there.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin", "api", "authors", "feed", "festivals", "films", "healthz", "media",
        "people", "preview", "robots.txt", "search", "sitemap.xml", "sitemaps", "static",
        "tags",
    }
)  # fmt: skip


def validate_section_slug(slug: str) -> None:
    if slug.lower() in RESERVED_SECTION_SLUGS:
        raise ValidationError(f"“{slug}” is already a page of the site; choose another slug.")


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_section_slug])
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the site menu.")

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug__in=sorted(RESERVED_SECTION_SLUGS)), name="section_slug_not_reserved"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(max_length=200, help_text="As printed in the byline.")
    slug = models.SlugField(max_length=200, unique=True)
    job_title = models.CharField(max_length=100, blank=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "newsroom.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff account that writes under this byline, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what readers may see (DESIGN.md rule 1)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        """What a card needs: section, lead image and ordered bylines, in three queries."""
        return self.select_related("section", "lead_image").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
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
        unique_for_date="published_at",
        help_text="The last part of the story's address. Changing it later leaves a redirect.",
    )
    dek = models.CharField(
        "standfirst", max_length=400, blank=True, help_text="One or two sentences under the headline."
    )
    body = ProseEditorField(config={"extensions": BODY_EXTENSIONS}, sanitize=True, blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    lead_image = models.ForeignKey(
        "newsroom.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
    # Plain text of the body, for search, summaries and entity suggestions.
    body_text = models.TextField(blank=True, editable=False)
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
            # One story per slug and newsroom day: the day is part of its address.
            models.UniqueConstraint(
                TruncDate("published_at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
                "slug",
                name="article_slug_unique_for_date",
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
        ]

    def __str__(self):
        return self.headline

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": "A published story needs a publish time."})

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body or "")
        self.body_text = html.unescape(strip_tags(self.body.replace("</p>", "</p>\n"))).strip()
        if self.status == self.Status.PUBLISHED and self.published_at and not self.first_published_at:
            self.first_published_at = self.published_at
        super().save(*args, **kwargs)

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
            return reverse("articles:preview", kwargs={"pk": self.pk})
        local = timezone.localtime(self.published_at)
        return reverse(
            "articles:detail",
            kwargs={
                "section": self.section.slug,
                "year": local.year,
                "month": local.month,
                "day": local.day,
                "slug": self.slug,
            },
        )

    @property
    def byline_authors(self) -> list[Author]:
        return [byline.author for byline in self.bylines.all()]

    @property
    def caption(self) -> str:
        return self.lead_image_caption or (self.lead_image.caption if self.lead_image else "")


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


class LinkKind(models.TextChoices):
    ABOUT = "about", "About (the story's subject)"
    MENTIONS = "mentions", "Mentioned"


class ArticleFilm(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="film_links")
    film = models.ForeignKey("films.Film", on_delete=models.CASCADE, related_name="article_links")
    kind = models.CharField(max_length=10, choices=LinkKind.choices, default=LinkKind.ABOUT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "linked film"
        constraints = [models.UniqueConstraint(fields=["article", "film"], name="film_linked_once")]
        indexes = [models.Index(fields=["film", "article"])]

    def __str__(self):
        return f"{self.film} ({self.get_kind_display()})"


class ArticlePerson(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey("films.Person", on_delete=models.CASCADE, related_name="article_links")
    kind = models.CharField(max_length=10, choices=LinkKind.choices, default=LinkKind.ABOUT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "linked person"
        verbose_name_plural = "linked people"
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="person_linked_once")]
        indexes = [models.Index(fields=["person", "article"])]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"


class ReadMoreLink(models.Model):
    """A pointer to another story, inline after a chosen paragraph or in the box at the end."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="read_more_links")
    target = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    after_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Show inline after this paragraph (1 = after the first). Empty: in the "
        "“More on this” box at the end.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=40, default="READ MORE")

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
        null=True, blank=True, help_text="Show after this paragraph; empty: at the end of the story."
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


class ArticleRedirect(models.Model):
    """An address a story used to have; it answers 301 to the story's current address."""

    old_path = models.CharField(max_length=400, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_paths")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.old_path


class ArticleEvent(models.Model):
    """The audit trail: who moved a story through the workflow, and when."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Returned to draft"
        WITHDRAWN = "withdrawn", "Withdrawn"
        RESTORED = "restored", "Revision restored"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="article_events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.article}"


class ArticleAutosave(models.Model):
    """The latest unsaved state of a story form, kept per editor so a lost tab loses nothing."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_autosaves"
    )
    data = models.JSONField(help_text="The form's fields as the editor left them.")
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="one_autosave_per_editor")]

    def __str__(self):
        return f"Autosave of {self.article or 'a new story'} by {self.user}"
