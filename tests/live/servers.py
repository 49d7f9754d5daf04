"""Real servers for the tests that need them: gunicorn processes on loopback, a database of
their own, and a small HTTP client that signs in and fills admin forms like an editor."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def site_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like instance (DEBUG off) on its own database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "live-test-only",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **extra,
    }


@contextmanager
def own_database(name: str, sqlite_dir: Path):
    """A fresh database for one live test: a PostgreSQL database beside the suite's, or a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres(url):
        yield f"sqlite:///{sqlite_dir / (name + '.sqlite3')}"
        return
    import psycopg

    parts = urlsplit(url)
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def embedded_site(name: str, folder: Path, *, stories: int = 8):
    """A site as `DEBUG=0 make run` serves it (no Redis: the page cache in an SQLite file),
    on a database of its own, with `stories` seeded stories: yields its environment."""
    with own_database(name, folder) as database_url:
        env = site_environment(
            database_url,
            REDIS_URL="",
            PAGE_CACHE_FILE=str(folder / "pages.sqlite3"),
            PAGE_CACHE_SECONDS="300",
        )
        prepare_site(env, stories=stories)
        yield env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def prepare_site(env: dict[str, str], *, stories: int = 0) -> None:
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    if stories:
        manage(env, "seed_demo_content", "--stories", str(stories), "--verbosity", "0")


@contextmanager
def gunicorn(env: dict[str, str], log_dir: Path, *, workers: int = 1):
    """A gunicorn instance on a free loopback port; yields the port, stops it afterwards."""
    port = free_port()
    log = log_dir / f"gunicorn-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers)},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(process, port)
        yield port
    finally:
        stop(process)
        # What the server logged (a 500, say) belongs in the test's report.
        sys.stderr.write(log.read_text(errors="replace")[-4000:])


@contextmanager
def task_worker(env: dict[str, str], log_dir: Path):
    """`make worker` (manage.py db_worker): runs queued tasks (proxy purges, imports)."""
    log = log_dir / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        stop(process)
        sys.stderr.write(log.read_text(errors="replace")[-4000:])


def stop(process: subprocess.Popen) -> None:
    """End a server started in its own session, and its children; kill it if it lingers."""
    os.killpg(process.pid, signal.SIGTERM)
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


class Browser:
    """Just enough HTTP for a reader or an admin session; cookies kept by hand (they are Secure)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> tuple[int, dict, str]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
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
        form = {"username": username, "password": password, "next": "/admin/"}
        status, _, _ = self.request("POST", "/admin/login/?next=/admin/", self.with_csrf(form))
        assert status == 302 and "sessionid" in self.cookies, "admin sign-in failed"

    def with_csrf(self, form: dict) -> dict:
        return {**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]}

    def run_action(self, action: str, pk: int) -> None:
        form = {"action": action, "_selected_action": [str(pk)], "index": "0"}
        status, _, _ = self.request("POST", "/admin/articles/article/", self.with_csrf(form))
        assert status == 302, f"admin action {action} answered {status}"

    def admin_form(self, path: str) -> dict[str, list[str]]:
        """The fields of an admin change form as the browser would submit them untouched."""
        status, _, html = self.get(path)
        assert status == 200, f"{path} answered {status}"
        form = BeautifulSoup(html, "html.parser").find("form", id=lambda v: v and v.endswith("_form"))
        fields: dict[str, list[str]] = {}
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            kind = element.get("type", "text")
            if (
                not name
                or kind in {"submit", "button", "file", "image", "reset"}
                or element.has_attr("disabled")
            ):
                continue
            if kind in {"checkbox", "radio"} and not element.has_attr("checked"):
                continue
            if element.name == "select":
                chosen = [
                    o.get("value", o.text) for o in element.find_all("option") if o.has_attr("selected")
                ]
                fields.setdefault(name, []).extend(chosen)
            elif element.name == "textarea":
                fields.setdefault(name, []).append(element.text.lstrip("\n"))
            else:
                fields.setdefault(name, []).append(element.get("value", "on" if kind == "checkbox" else ""))
        return fields
