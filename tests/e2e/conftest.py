"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser).

`make test` skips them, with the reason, where no browser exists; CI (CI=true) fails instead,
so a missing browser can never pass for a green run.
"""

import importlib
import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import override_settings
from taggit.models import Tag

from tests.factories import ArticleFactory, AuthorFactory, FilmFactory, PersonFactory, SectionFactory

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.exists():
        return f"no browser at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = missing_browser()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot be skipped in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # are still plain synchronous code, which Django's async guard would refuse. Only
    # while the browser is open: `check --deploy` rightly warns about this variable.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class OneRequestAtATime:
    """With SQLite in memory the live server's request threads share the test's one connection;
    a form's background request (its version poll, autosave, suggestions) beside a save would
    use it at the same moment ("bad parameter or other API misuse"). On PostgreSQL each thread
    has its own connection, and requests run side by side as in production."""

    lock = threading.Lock()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with self.lock:
            return self.get_response(request)


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_sqlite_in_memory(django_db_setup):
    """Before the live server starts (it reads MIDDLEWARE once, when it starts), once the
    test database exists (so the connection names it)."""
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield
        return
    middleware = [f"{__name__}.OneRequestAtATime", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware):
        yield


@pytest.fixture
def browser_settings(settings):
    """The live server speaks plain HTTP; secure-only cookies would never come back."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return settings


@pytest.fixture
def newsroom(django_user_model):
    # A transactional test starts from an empty database: bring the roles back.
    importlib.import_module("articles.migrations.0012_desk_roles").assign_roles(Group, Permission)
    writer = django_user_model.objects.create_user("wendy", "w@example.com", "writer-pw", is_staff=True)
    writer.groups.add(Group.objects.get(name="Writer"))
    AuthorFactory(name="Wendy Writer", slug="wendy-writer", user=writer)
    editor = django_user_model.objects.create_user("edna", "e@example.com", "editor-pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    SectionFactory(slug="news", name="News")
    FilmFactory(title="Her Smell", slug="her-smell")
    PersonFactory(name="Elisabeth Moss", slug="elisabeth-moss")
    PersonFactory(name="Alex Ross Perry", slug="alex-ross-perry")
    PersonFactory(name="Anika Pyle", slug="anika-pyle")
    ArticleFactory(headline="The 20 Best Movie Posters Of 2018", slug="best-posters-2018")
    # Writers pick from the newsroom's tags; only editors add new ones.
    for name in ("punk", "soundtrack"):
        Tag.objects.create(name=name, slug=name)
