import pytest

# Staff roles (writer, editor...) and the admin form helper, for every app's tests.
pytest_plugins = ["tests.staff"]


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Fast hashing, a private cache and a throwaway media folder for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # Sign-in throttling is tested on its own (tests/newsroom/test_security.py).
    settings.AXES_ENABLED = False
    # Query-count tests need every request rendered; the page cache is tested on its own
    # (tests/test_cache.py).
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    # Purges still run (they are tested with the cache on): into a store of the test's own.
    settings.REDIS_URL = ""
    settings.PAGE_CACHE_FILE = tmp_path / "pages.sqlite3"
    # Tasks (proxy purges, imports) run as they are queued; tests of the queue set their own.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    from images.renditions import rendition_set

    cache.clear()
    # Each worker's memo of renditions made: made in another test's media folder, not this one's.
    rendition_set.cache_clear()
    yield settings


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def count_queries(client):
    """Queries one GET costs; pages must cost the same at 1 and 50 related rows (DESIGN rule 2)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str, expected_status: int = 200) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == expected_status, url
        return len(queries)

    return count


@pytest.fixture(autouse=True)
def no_related_scoring_left_over():
    """Related lists noted in a test that rolled back (not committed) are scored at the next
    commit, harmlessly in production; a test must not score another test's stories."""
    from articles.related import pending

    pending.stories.clear()
    pending.links.clear()
