"""Production settings, Content-Security-Policy and a missing database."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from articles.embeds import PLAYER_ORIGINS
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy_without_warnings():
    """`manage.py check --deploy` is clean with the environment a real deployment sets."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "news.example.com",
        "SITE_URL": "https://news.example.com",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_with_debug_off_fails_fast():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_public_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "frame-src" not in directives  # nothing but a story page frames a player
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_story_pages_may_frame_only_the_embed_players(client):
    from tests.factories import ArticleFactory

    policy = client.get(ArticleFactory().get_absolute_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["frame-src"].split() == list(PLAYER_ORIGINS)
    assert "'unsafe-inline'" not in directives["script-src"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/admin/", "add", "change"])
def test_admin_scripts_run_only_from_files_or_with_the_requests_nonce(superuser_client, page):
    """No 'unsafe-inline' for scripts in the admin: a stored script in a story cannot run
    there. The editor's import map carries the nonce the policy names (issue 14, point 11)."""
    from bs4 import BeautifulSoup
    from django.urls import reverse

    if page == "add":
        page = reverse("admin:articles_article_add")
    elif page == "change":
        page = reverse("admin:articles_article_change", args=[ArticleFactory().pk])
    response = superuser_client.get(page)
    parts = response["Content-Security-Policy"].split(";")
    directives = {name: value.split() for name, value in (part.strip().split(" ", 1) for part in parts)}
    script_src = directives["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    nonces = [source for source in script_src if source.startswith("'nonce-")]
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        # JSON data blocks (json_script) are read by scripts, never run: the policy does not apply.
        if not script.get("src") and script.get("type") not in ("application/ld+json", "application/json"):
            assert nonces == [f"'nonce-{script.get('nonce')}'"], script
    assert not [tag for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["login", "revisions", "films", "images"])
def test_every_admin_page_carries_the_admin_policy(superuser_client, page):
    """The sign-in form and the apps' own admin views too: each is given the admin's policy
    (core/admin_site.py), and a reader's page keeps the strict one."""
    from django.urls import reverse

    from core.admin_site import ADMIN_CSP

    if page == "login":
        response = Client().get(reverse("admin:login"))
    elif page == "revisions":
        story = ArticleFactory()
        response = superuser_client.get(reverse("admin:articles_article_revisions", args=[story.pk]))
    else:
        response = superuser_client.get(reverse(f"admin:{page}_{page[:-1]}_changelist"))
    assert response.status_code == 200
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert directives["frame-ancestors"] == "'self'" and "blob:" in directives["img-src"]
    assert set(directives) == set(ADMIN_CSP)


@pytest.mark.django_db
def test_database_outage_answers_503_and_recovers(monkeypatch):
    """With the database away readers get a clear 503 page, not a traceback; then it heals."""
    article = ArticleFactory()
    client = Client(raise_request_exception=False)

    def refuse(self):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        for url in ["/", article.get_absolute_url(), "/healthz"]:
            response = client.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"] == "30"
            assert b"cannot reach its database" in response.content
            assert b"Traceback" not in response.content
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["story", "/", "/news/"])
def test_public_pages_print_no_nonce_and_their_only_inline_scripts_are_json_ld(client, page):
    """JSON-LD is a data block browsers never run, so it needs no nonce; a page printing the
    request's nonce would hand every reader of its cached copy the same one."""
    from bs4 import BeautifulSoup

    story = ArticleFactory(section__slug="news")
    response = client.get(story.get_absolute_url() if page == "story" else page)
    assert response.status_code == 200
    assert "nonce" not in response["Content-Security-Policy"]
    assert b"nonce" not in response.content
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script")
    inline = [script for script in scripts if not script.get("src")]
    assert inline
    assert {script["type"] for script in inline} == {"application/ld+json"}


@pytest.mark.parametrize(("extra", "expected"), [
    ({"PORT": "8001"}, "http://127.0.0.1:8001"),
    ({}, "http://127.0.0.1:8000"),
    ({"PORT": "8001", "SITE_URL": "https://news.example.com/"}, "https://news.example.com"),
])  # fmt: skip
def test_site_url_follows_the_port_unless_set(extra, expected):
    """`PORT=8001 make run` must not print feeds, canonical links and JSON-LD for port 8000."""
    env = {key: value for key, value in os.environ.items() if key not in ("PORT", "SITE_URL")}
    env.update(DEBUG="0", SECRET_KEY="x", **extra)
    show = "from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == expected
