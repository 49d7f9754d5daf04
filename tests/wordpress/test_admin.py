"""Import from WordPress in the admin: a superuser uploads, the task worker imports."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Article
from tests.staff import client_for
from tests.wordpress.conftest import GHOST, export, post
from wordpress.models import ImportRun

pytestmark = pytest.mark.django_db


def upload(client, path, name="export.xml"):
    return client.post(
        "/admin/wordpress/importrun/add/",
        {"export": SimpleUploadedFile(name, path.read_bytes(), content_type="text/xml")},
    )


def test_superuser_upload_runs_the_same_import_as_a_task(
    superuser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(superuser_client, GHOST / "co-authors-plus.xml")
    assert response.status_code == 302

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert (run.done, run.total) == (4, 4)
    assert run.report["imported"] == 4
    assert Article.objects.count() == 4
    page = BeautifulSoup(
        superuser_client.get(f"/admin/wordpress/importrun/{run.pk}/change/").content, "html.parser"
    )
    rows = {
        th.get_text(): td.get_text()
        for th, td in (tr.find_all(["th", "td"]) for tr in page.select("#import-report tr"))
    }
    assert rows["Imported"] == "4"
    assert page.find("progress")["value"] == "4"


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
def test_the_worker_command_runs_a_queued_import(
    superuser_client, settings, django_capture_on_commit_callbacks
):
    """With the database backend, the upload waits for `db_worker`, which imports it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        upload(superuser_client, GHOST / "co-authors-plus.xml")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.QUEUED
    assert "task worker" in superuser_client.get(f"/admin/wordpress/importrun/{run.pk}/change/").text

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert Article.objects.count() == 4


def test_a_bad_file_fails_with_its_reason(superuser_client, tmp_path, django_capture_on_commit_callbacks):
    bad = tmp_path / "bad.xml"
    bad.write_text(export(post(1), version="1.3"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(superuser_client, bad)

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "WXR 1.3" in run.error
    assert not Article.objects.exists()


def test_only_superusers_see_the_import_page(editor):
    client = client_for(editor)
    assert client.get("/admin/wordpress/importrun/add/").status_code == 403
    assert "wordpress" not in client.get("/admin/").text.lower()


def test_deleting_a_run_deletes_its_export(superuser_client, django_capture_on_commit_callbacks):
    """The uploaded file holds the old site's authors' e-mail addresses: it goes with its run."""
    with django_capture_on_commit_callbacks(execute=True):
        upload(superuser_client, GHOST / "co-authors-plus.xml")
    run = ImportRun.objects.get()
    path = Path(run.export.path)
    assert path.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(f"/admin/wordpress/importrun/{run.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ImportRun.objects.exists() and not path.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
@pytest.mark.parametrize("days, kept", [(30, True), (0, False)])
def test_a_finished_run_s_export_is_deleted_after_the_retention_period(
    superuser_client, settings, django_capture_on_commit_callbacks, days, kept
):
    """The worker deletes the file WORDPRESS_EXPORT_RETENTION_DAYS after the run finished; the
    run and its report stay."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORDPRESS_EXPORT_RETENTION_DAYS = days
    with django_capture_on_commit_callbacks(execute=True):
        upload(superuser_client, GHOST / "co-authors-plus.xml")
    path = Path(ImportRun.objects.get().export.path)

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE and run.report["imported"] == 4
    assert path.exists() is kept and bool(run.export) is kept
