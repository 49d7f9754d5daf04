"""What an import remembers: which WordPress post, author and picture became which of ours,
so a second run updates instead of duplicating; and each run started from the admin."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction

from articles.models import Article, Author
from images.models import Image


def export_storage() -> FileSystemStorage:
    """Uploaded exports hold authors' e-mail addresses: kept outside MEDIA_ROOT, never served."""
    return FileSystemStorage(location=settings.WORDPRESS_IMPORT_DIR)


class ImportedPost(models.Model):
    site = models.CharField(max_length=200, help_text="The WordPress site's address.")
    wp_id = models.PositiveBigIntegerField("WordPress post id")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    # What the export said last time: an unchanged post is left alone on the next run.
    digest = models.CharField(max_length=64)
    complete = models.BooleanField(default=True, help_text="False while some of its media were missing.")
    # Every save here bumps Article.version: another version means an editor's decision
    # (an edit, a withdrawal), which a later run keeps. None: not known, so kept too.
    article_version = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_post_once")]

    def __str__(self):
        return f"{self.site} post {self.wp_id}"


class ImportedAuthor(models.Model):
    site = models.CharField(max_length=200)
    login = models.CharField(max_length=200, help_text="WordPress login or Co-Authors Plus nicename.")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "login"], name="wordpress_author_once")]

    def __str__(self):
        return f"{self.site} {self.login}"


class ImportedImage(models.Model):
    site = models.CharField(max_length=200)
    # "id:<attachment id>" or "url:<address>" for a picture the export has no attachment for
    source = models.CharField(max_length=500)
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "source"], name="wordpress_image_once")]

    def __str__(self):
        return f"{self.site} {self.source}"


class ImportRun(models.Model):
    """An export uploaded in the admin, imported by the task worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    export = models.FileField(upload_to="%Y/%m/", storage=export_storage)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "import from WordPress"
        verbose_name_plural = "imports from WordPress"

    def __str__(self):
        export = self.export.name or "an export since deleted"
        return f"Import of {export} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def delete_export(sender, instance: ImportRun, using=None, **kwargs) -> None:
    """A run's export leaves the disk with it (post_delete, bulk deletes included), once the
    deletion is committed."""
    if name := instance.export.name:
        storage = instance.export.storage
        transaction.on_commit(lambda: storage.delete(name), using=using)
