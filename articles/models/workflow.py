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
