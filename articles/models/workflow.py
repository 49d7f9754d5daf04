"""The newsroom's paper trail: old addresses, workflow events, autosaved drafts."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.article import Article


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
        LINKS_REVOKED = "links_revoked", "Share links revoked"
        DELETED = "deleted", "Deleted"

    # Empty once the story is deleted: the trail outlives it, with what it was.
    article = models.ForeignKey(Article, null=True, on_delete=models.SET_NULL, related_name="events")
    story_id = models.PositiveBigIntegerField(
        null=True, blank=True, db_index=True, help_text="The story's id, kept when the story is deleted."
    )
    story_headline = models.CharField(
        max_length=200, blank=True, help_text="The story's headline, kept when the story is deleted."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="article_events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.story}"

    @property
    def story(self) -> str:
        """The story as the trail names it: the story itself, or what was kept of a deleted one."""
        if self.article_id:
            return str(self.article)
        return f"{self.story_headline} (deleted story {self.story_id})"


def keep_trail_of(article: Article) -> None:
    """Before a story goes, its events take down which story they were about."""
    article.events.update(story_id=article.pk, story_headline=article.headline)


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
