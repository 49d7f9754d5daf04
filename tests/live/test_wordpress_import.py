"""A WordPress import on a site served as production (gunicorn, DEBUG off, page cache on):
what the old site kept from readers stays hidden here, and a re-run undoes no decision."""

from contextlib import ExitStack

import pytest
from bs4 import BeautifulSoup

from tests.live.servers import Browser, embedded_site, gunicorn, manage
from tests.wordpress.conftest import export, post

SECRET_TERMS = (
    '<category domain="category" nicename="secret-desk"><![CDATA[Secret desk]]></category>'
    '<category domain="post_tag" nicename="unannounced"><![CDATA[Unannounced]]></category>'
)


def items(public_text: str) -> list[str]:
    private = post(2, "Private plans", status="private", extra=SECRET_TERMS).replace(
        '<category domain="category" nicename="news"><![CDATA[News]]></category>', ""
    )
    password = "<wp:post_password>s3cret</wp:post_password>"
    return [
        post(1, "Members only", content="<p>Only for members.</p>", extra=password),
        private,
        post(3, "Out in the open", content=public_text),
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wordpress")
    with embedded_site("newsroom_wordpress_live", folder, stories=1) as env, ExitStack() as stack:
        path = folder / "export.xml"
        path.write_text(export(*items("<p>First version.</p>")), encoding="utf-8")
        manage(env, "import_wordpress", str(path), "--no-fetch")
        yield env, folder, Browser(stack.enter_context(gunicorn(env, folder)))


def test_password_protected_and_private_posts_leave_no_trace_for_readers(site):
    env, folder, browser = site
    status, headers, html = browser.get("/?p=1")
    assert status == 200 and "Only for members" not in html and "Members only" not in html
    page = BeautifulSoup(html, "html.parser")
    assert "Secret desk" not in [a.get_text() for a in page.select(".site-nav a")]
    for path in ("/secret-desk/", "/secret-desk/feed/", "/tags/unannounced/", "/tags/unannounced/feed/"):
        for _ in range(2):  # the second may come from the page cache
            assert browser.get(path)[0] == 404, path


def test_a_story_withdrawn_here_stays_withdrawn_when_the_export_changes(site):
    env, folder, browser = site
    address = manage(
        env,
        "shell",
        "-c",
        "from articles.models import Article; print(Article.objects.get(headline='Out in the open')"
        ".get_absolute_url())",
    ).split()[-1]  # after what the shell says of itself
    assert browser.get(address)[0] == 200
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from articles import services; "
        "from articles.models import Article; "
        "chief = User.objects.create_superuser('chief', 'chief@example.com', 'pw'); "
        "services.article_withdraw(article=Article.objects.get(headline='Out in the open'), by=chief)",
    )
    assert browser.get(address)[0] == 410

    path = folder / "export.xml"
    path.write_text(export(*items("<p>Second version, changed in WordPress.</p>")), encoding="utf-8")
    output = manage(env, "import_wordpress", str(path), "--no-fetch")

    assert "Kept as edited here" in output
    for _ in range(2):
        assert browser.get(address)[0] == 410
