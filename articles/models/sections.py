"""Where stories live and who signs them: sections and bylined authors."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.addresses import cached_reverse

# Top-level paths a section slug may not take, or it would hide the page living there.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin", "api", "authors", "feed", "festivals", "film-reviews", "films", "healthz", "media",
        "people", "preview", "releases", "robots.txt", "search", "sitemap.xml", "sitemaps", "static",
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
        return cached_reverse("public:section", slug=self.slug)


class Author(models.Model):
    name = models.CharField(max_length=200, help_text="As printed in the byline.")
    slug = models.SlugField(max_length=200, unique=True)
    job_title = models.CharField(max_length=100, blank=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "images.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
        return cached_reverse("public:author", slug=self.slug)
