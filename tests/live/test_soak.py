"""Readers at full speed while editors save: no 5xx, no lost save, no "database is locked".

A bounded soak on loopback against gunicorn (2 workers, DEBUG off) on the database the
suite runs on (SQLite file or PostgreSQL). It takes SOAK_SECONDS (60 by default), so
`make test` runs it only when RUN_SOAK=1; `.ci/run` sets it on both databases.
"""

import os
import threading
import time
from collections import Counter

import pytest

from tests.live.servers import Browser, gunicorn, manage, own_database, prepare_site, site_environment

SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
READERS = 6
EDITORS = 3
PASSWORD = "soak-only-password"

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(
        os.environ.get("RUN_SOAK") != "1", reason="a 60 s soak: set RUN_SOAK=1 (.ci/run does)"
    ),
]


def site_facts(env) -> dict:
    """Addresses to read and the stories each editor owns, straight from the database."""
    script = (
        "from articles.models import Article; from films.models import Film, Person; "
        "stories = list(Article.objects.published().order_by('-published_at')[:12]); "
        "film = Film.objects.filter(article_links__isnull=False).first(); "
        "person = Person.objects.filter(article_links__isnull=False).first(); "
        "tag = stories[0].tags.first(); "
        "print(stories[0].get_absolute_url(), stories[1].get_absolute_url(), film.get_absolute_url(), "
        "person.get_absolute_url(), '/tags/%s/' % tag.slug, stories[0].section.get_absolute_url()); "
        "print(*[s.pk for s in stories[-3:]])"
    )
    pages, owned = manage(env, "shell", "-c", script).strip().splitlines()[-2:]
    urls = pages.split() + ["/", "/feed/", "/feed/atom/", "/search/?q=film", "/sitemap.xml"]
    return {"urls": urls, "stories": [int(pk) for pk in owned.split()]}


def read_until(deadline: float, port: int, urls: list[str], statuses: Counter, lock: threading.Lock) -> None:
    browser = Browser(port)
    n = 0
    while time.monotonic() < deadline:
        url = urls[n % len(urls)]
        n += 1
        status = browser.get(url)[0]
        with lock:
            statuses[(status // 100, url if status >= 500 else "")] += 1


def edit_until(deadline: float, port: int, pk: int, log: list, lock: threading.Lock) -> None:
    """Save one story over and over through the admin form, as an editor would."""
    browser = Browser(port)
    browser.sign_in("chief", PASSWORD)
    path = f"/admin/articles/article/{pk}/change/"
    n = 0
    while time.monotonic() < deadline:
        n += 1
        form = browser.admin_form(path)
        body = f"<p>Editor save {pk}-{n}.</p>"
        form["body"] = [body]
        form["_continue"] = ["Save and continue editing"]
        status, headers, _ = browser.request("POST", path, browser.with_csrf(form))
        with lock:
            log.append((pk, n, body, status))


def run_noting_failure(job, args, failures: list) -> None:
    """A thread's exception would vanish silently; keep it for the test to report."""
    try:
        job(*args)
    except Exception as error:  # noqa: BLE001 - any failure of a reader or editor fails the soak
        failures.append(repr(error))


@pytest.mark.django_db(transaction=True)
def test_soak_reads_and_concurrent_saves(tmp_path):
    with own_database("newsroom_soak", tmp_path) as database_url:
        env = site_environment(database_url, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
        prepare_site(env, stories=300)
        manage(env, "createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.com")
        facts = site_facts(env)
        statuses, saves, lock = Counter(), [], threading.Lock()
        with gunicorn(env, tmp_path, workers=2) as port:
            deadline = time.monotonic() + SECONDS
            jobs = [(read_until, (deadline, port, facts["urls"], statuses, lock))] * READERS
            jobs += [(edit_until, (deadline, port, pk, saves, lock)) for pk in facts["stories"][:EDITORS]]
            failures = []
            threads = [
                threading.Thread(target=run_noting_failure, args=(job, args, failures)) for job, args in jobs
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=SECONDS + 120)

        assert not failures, failures
        server_errors = {key: count for key, count in statuses.items() if key[0] == 5}
        assert not server_errors, f"5xx answers: {server_errors}"
        print(f"soak: {sum(statuses.values())} reads and {len(saves)} saves in {SECONDS:.0f} s")
        assert sum(statuses.values()) > 10 * READERS, statuses
        refused = [save for save in saves if save[3] != 302]
        assert not refused, f"saves refused: {refused[:5]}"
        assert len(saves) >= EDITORS * 5, "editors should have saved many times"
        # Every save is accounted for: each story holds its last save and one revision per save.
        expected = {pk: max((n, body) for p, n, body, _ in saves if p == pk) for pk in {s[0] for s in saves}}
        script = (
            "import json; from articles.models import Article; from reversion.models import Version; "
            f"pks = {sorted(expected)!r}; "
            "print(json.dumps({pk: [Article.objects.get(pk=pk).body, "
            "Version.objects.get_for_object(Article.objects.get(pk=pk)).count()] for pk in pks}))"
        )
        import json

        stored = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
        for pk, (n, body) in expected.items():
            assert stored[str(pk)][0] == body, f"story {pk} lost its last save"
            assert stored[str(pk)][1] >= n, f"story {pk} has {stored[str(pk)][1]} revisions for {n} saves"
