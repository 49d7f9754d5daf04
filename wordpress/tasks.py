"""The admin's import, run by the task worker (`manage.py db_worker`), not in the request."""

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
        run.status, run.error = ImportRun.Status.FAILED, str(error)
    else:
        run.status, run.report = ImportRun.Status.DONE, {**report.as_dict(), "rows": report.rows()}
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "report", "finished_at"])
