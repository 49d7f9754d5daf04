from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

EXPORTS = Path(__file__).parent / "exports"
JEKYLL = EXPORTS / "jekyll-import" / "sitetitle.wordpress.2025-01-19.000.xml"
GHOST = EXPORTS / "ghost-migrate"


@pytest.fixture(autouse=True)
def wordpress_settings(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = tmp_path / "imports"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def run_import():
    """import_wordpress as a user runs it; returns what it printed."""

    def run(path, *args) -> str:
        out = StringIO()
        call_command("import_wordpress", str(path), "--no-fetch", *args, stdout=out)
        return out.getvalue()

    return run


def post(
    post_id: int,
    title: str = "A story",
    *,
    name: str | None = None,
    status: str = "publish",
    date_gmt: str = "2024-03-05 14:00:00",
    content: str = "<p>Text.</p>",
    link: str | None = None,
    extra: str = "",
    post_type: str = "post",
) -> str:
    name = f"story-{post_id}" if name is None else name
    link = link or f"https://old.example.com/2024/03/05/{name}/"
    return f"""<item>
<title><![CDATA[{title}]]></title>
<link>{link}</link>
<dc:creator>editor</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{date_gmt}</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>
<wp:post_name>{name}</wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_type>{post_type}</wp:post_type>
<wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="news"><![CDATA[News]]></category>
{extra}
</item>"""


def export(*items: str, version: str = "1.2", authors: str = "") -> str:
    authors = authors or (
        "<wp:author><wp:author_login>editor</wp:author_login>"
        "<wp:author_display_name><![CDATA[Eda Editor]]></wp:author_display_name></wp:author>"
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
<title>Old site</title>
<link>https://old.example.com</link>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_blog_url>https://old.example.com</wp:base_blog_url>
{authors}
{"".join(items)}
</channel>
</rss>
"""


@pytest.fixture
def write_export(tmp_path):
    def write(text: str, name: str = "export.xml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def loopback_is_public(monkeypatch):
    """The fetch guard takes this machine's own addresses for public ones, so a server on
    loopback can stand in for an old site (or a hostile one)."""
    import ipaddress

    monkeypatch.setattr(ipaddress.IPv4Address, "is_global", property(lambda address: True))
