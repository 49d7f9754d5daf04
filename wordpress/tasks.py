"""The admin's import, run by the task worker (`manage.py db_worker`), not in the request."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from wordpress.importer import WordPressImporter
from wordpress.models import ImportRun
from wordpress.wxr import ExportError

# Progress is written every this many posts: often enough to watch, rarely enough to cost nothing.
PROGRESS_EVERY = 20


@task
def import_wordpress_export(run_id: int) -> None:
    ImportRun.objects.filter(pk=run_id).update(status=ImportRun.Status.RUNNING)
    run = ImportRun.objects.get(pk=run_id)

    def progress(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            ImportRun.objects.filter(pk=run_id).update(done=done, total=total)

    try:
        report = WordPressImporter(run.export.path, progress=progress).run()
    except (ExportError, OSError) as error:
        finish(run, ImportRun.Status.FAILED, error=str(error))
    except Exception as error:
        # The page must not say "Importing" for ever; the worker logs the traceback.
        finish(run, ImportRun.Status.FAILED, error=f"The import stopped on an unexpected error: {error!r}")
        raise
    else:
        finish(run, ImportRun.Status.DONE, report=report.as_dict())


def finish(run: ImportRun, status: str, *, error: str = "", report: dict | None = None) -> None:
    run.status, run.error, run.report, run.finished_at = status, error, report or {}, timezone.now()
    run.save(update_fields=["status", "error", "report", "finished_at"])
    # The worker comes back for the export when its time is up (a backend that cannot wait,
    # such as the immediate one of tests and development, keeps it).
    if delete_expired_exports.get_backend().supports_defer:
        later = run.finished_at + timedelta(days=settings.WORDPRESS_EXPORT_RETENTION_DAYS)
        delete_expired_exports.using(run_after=later).enqueue()


@task
def delete_expired_exports() -> None:
    """Exports of runs finished WORDPRESS_EXPORT_RETENTION_DAYS ago or earlier leave the disk
    (they hold the old site's authors' e-mail addresses); the runs and their reports stay."""
    before = timezone.now() - timedelta(days=settings.WORDPRESS_EXPORT_RETENTION_DAYS)
    for run in ImportRun.objects.filter(finished_at__lte=before).exclude(export=""):
        run.export.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(export="")
