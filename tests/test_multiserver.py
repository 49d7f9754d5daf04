"""Two app servers on one PostgreSQL and one Redis: a story published on one shows on both.

Runs real gunicorn processes against a database of its own (not pytest's test database),
so it needs PostgreSQL in DATABASE_URL and a reachable Redis (REDIS_URL, default DB 3 on
127.0.0.1); .ci/run provides both. Elsewhere it is skipped, saying why.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "newsroom_multiserver"
PASSWORD = "multiserver-only-pw"

pytestmark = pytest.mark.multiserver


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"


def unavailable() -> str:
    """Why this machine cannot run the test, or "" when it can."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "needs PostgreSQL in DATABASE_URL (several app servers share one database)"
    try:
        import redis

        redis.Redis.from_url(redis_url(), socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means no Redis to share
        if os.environ.get("CI"):
            raise
        return f"needs a reachable Redis at {redis_url()} ({error})"
    return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough HTTP for an admin session: cookies kept by hand (they are Secure-flagged)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        status, result_headers, text = response.status, dict(response.headers), response.read().decode()
        connection.close()
        return status, result_headers, text

    def get(self, path: str) -> tuple[int, dict, str]:
        return self.request("GET", path)

    def sign_in(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        status, headers, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
                "next": "/admin/",
            },
        )
        assert status == 302 and "sessionid" in self.cookies, "admin sign-in failed"

    def run_action(self, action: str, pk: int) -> None:
        status, _, _ = self.request(
            "POST",
            "/admin/articles/article/",
            {
                "action": action,
                "_selected_action": [str(pk)],
                "index": "0",
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        assert status == 302, f"admin action {action} answered {status}"


@pytest.fixture(scope="module")
def site_env():
    if reason := unavailable():
        pytest.skip(reason)
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    env = {
        **os.environ,
        "DATABASE_URL": url._replace(path=f"/{DATABASE_NAME}").geturl(),
        "REDIS_URL": redis_url(),
        "DEBUG": "0",
        "SECRET_KEY": "multiserver-test-only",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PAGE_CACHE_SECONDS": "300",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("seed_demo_content", "--stories", "12", "--verbosity", "0")
    manage("createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.com")
    draft_pk = manage(
        "shell",
        "-c",
        "from articles.models import Article, Section; "
        "print(Article.objects.create(headline='Multiserver scoop', slug='multiserver-scoop', "
        "section=Section.objects.order_by('pk').first(), body='<p>Seen everywhere.</p>').pk)",
    ).strip()
    yield env, int(draft_pk.splitlines()[-1])
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


@pytest.fixture(scope="module")
def servers(site_env, tmp_path_factory):
    env, _ = site_env
    logs = tmp_path_factory.mktemp("gunicorn")
    started = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "newsroom.wsgi"],
                cwd=ROOT,
                env={**env, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "1"},
                stdout=(logs / f"{port}.log").open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            started.append((process, port))
        for process, port in started:
            wait_until_up(process, port)
        yield [Browser(port) for _, port in started]
        for log in logs.iterdir():
            # Errors the servers logged (a 500, say) belong in the test's report.
            sys.stderr.write(log.read_text()[-4000:])
    finally:
        for process, _ in started:
            os.killpg(process.pid, signal.SIGTERM)
        for process, _ in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until_up(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited at start"
        try:
            if Browser(port).get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"gunicorn on port {port} did not answer")


def story_path(html: str) -> str | None:
    match = re.search(r'href="(/[^"]*/multiserver-scoop/)"', html)
    return match.group(1) if match else None


def test_publish_on_one_server_shows_at_once_on_the_other(site_env, servers):
    """Both servers' cached home pages show the story as soon as one server publishes it."""
    _, draft_pk = site_env
    editor_server, reader_server = servers
    for server in (editor_server, reader_server):
        server.get("/")
        status, headers, html = server.get("/")
        assert status == 200 and headers.get("X-Page-Cache") == "hit"
        assert "Multiserver scoop" not in html

    editor = Browser(editor_server.port)
    editor.sign_in("chief", PASSWORD)
    editor.run_action("publish_selected", draft_pk)

    for server in (reader_server, Browser(editor_server.port)):
        status, _, html = server.get("/")
        assert status == 200 and "Multiserver scoop" in html
        path = story_path(html)
        assert path and server.get(path)[0] == 200


def test_withdraw_on_one_server_takes_it_down_on_the_other(site_env, servers):
    """Withdrawing through one server empties the shared cache for both."""
    _, draft_pk = site_env
    editor_server, reader_server = servers
    status, _, html = reader_server.get("/")
    path = story_path(html)
    assert path and reader_server.get(path)[0] == 200
    editor = Browser(editor_server.port)
    editor.sign_in("chief", PASSWORD)
    editor.run_action("withdraw_selected", draft_pk)
    assert "Multiserver scoop" not in reader_server.get("/")[2]
    assert reader_server.get(path)[0] == 410
