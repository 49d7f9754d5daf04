"""The importer on generated exports: the cases real sites throw at it."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article, ArticleRedirect, Author, Embed
from images.models import Image
from tests.factories import jpeg_bytes
from tests.wordpress.conftest import export, post
from wordpress.models import ImportedPost

pytestmark = pytest.mark.django_db


def test_drafts_with_zero_dates_and_private_posts_stay_off_the_site(run_import, write_export):
    path = write_export(
        export(
            post(1, "A draft", status="draft", date_gmt="0000-00-00 00:00:00"),
            post(2, "Pending", status="pending", date_gmt="0000-00-00 00:00:00"),
            post(3, "Private", status="private"),
            post(4, "Binned", status="trash"),
        )
    )
    output = run_import(path)

    draft, pending, private = (Article.objects.get(headline=h) for h in ("A draft", "Pending", "Private"))
    assert (draft.status, draft.published_at) == (Article.Status.DRAFT, None)
    assert pending.status == Article.Status.REVIEW
    assert private.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()
    assert not ArticleRedirect.objects.exists()
    assert "Skipped: posts with status “trash”" in output


def test_scheduled_post_goes_out_at_its_time(run_import, write_export):
    later = (timezone.now() + timezone.timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
    run_import(write_export(export(post(1, "Soon", status="future", date_gmt=later))))

    story = Article.objects.get()
    assert story.is_scheduled and not story.is_published


def test_duplicate_slugs_on_one_day_are_made_unique(run_import, write_export):
    path = write_export(
        export(post(1, "One", name="same"), post(2, "Two", name="same"), post(3, "Three", name=""))
    )
    run_import(path)

    assert sorted(Article.objects.values_list("slug", flat=True)) == ["same", "same-2", "three"]


def test_malformed_xml_stops_with_its_line_number(run_import, write_export):
    text = export(post(1, "Fine"), post(2, "Broken"))
    text = text.replace("<wp:post_id>2</wp:post_id>", "<wp:post_id>2</wp:post_idx>")
    line = text[: text.index("</wp:post_idx>")].count("\n") + 1
    with pytest.raises(CommandError, match=rf"not well-formed XML at line {line}\b"):
        run_import(write_export(text))


def test_truncated_export_stops_with_a_line_number(run_import, write_export):
    text = export(post(1, "Fine"))
    with pytest.raises(CommandError, match=r"at line \d+"):
        run_import(write_export(text[: len(text) // 2]))


def test_bare_ampersand_in_an_attribute_is_accepted(run_import, write_export):
    """WordPress writes <category nicename="a&b">; its own importer accepts it, so do we."""
    extra = '<category domain="post_tag" nicename="rock&roll"><![CDATA[Rock & Roll]]></category>'
    run_import(write_export(export(post(1, "Music", extra=extra))))

    assert list(Article.objects.get().tags.names()) == ["Rock & Roll"]


def test_three_hundred_authors_become_three_hundred_bylines_once(run_import, write_export):
    authors = "".join(
        f"<wp:author><wp:author_login>writer{n}</wp:author_login>"
        f"<wp:author_display_name><![CDATA[Writer {n}]]></wp:author_display_name></wp:author>"
        for n in range(300)
    )
    items = [
        post(n + 1, f"Story {n}").replace(
            "<dc:creator>editor</dc:creator>", f"<dc:creator>writer{n}</dc:creator>"
        )
        for n in range(300)
    ]
    path = write_export(export(*items, authors=authors))
    run_import(path)
    run_import(path)

    assert Author.objects.count() == 300
    assert Article.objects.count() == 300
    assert Article.objects.get(headline="Story 7").byline_authors[0].name == "Writer 7"


def test_links_between_posts_point_to_the_new_addresses(run_import, write_export):
    """Post 1 links post 2, which comes later in the file; post 2 links back by ?p= id."""
    path = write_export(
        export(
            post(
                1,
                "First",
                content='<p>See <a href="https://old.example.com/2024/03/05/story-2/">this</a>.</p>',
            ),
            post(2, "Second", content='<p>Back to <a href="/?p=1">the first</a>.</p>'),
        )
    )
    run_import(path)

    first, second = Article.objects.get(headline="First"), Article.objects.get(headline="Second")
    assert f'href="{second.get_absolute_url()}"' in first.body
    assert f'href="{first.get_absolute_url()}"' in second.body


def test_missing_attachment_is_reported_and_the_post_still_imported(run_import, write_export, tmp_path):
    attachment = post(9, "Still", post_type="attachment", status="inherit").replace(
        "</item>",
        "<wp:attachment_url>http://127.0.0.1:9/wp-content/uploads/2024/03/still.jpg</wp:attachment_url></item>",
    )
    thumb = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>"
    )
    path = write_export(export(post(1, "With a picture", extra=thumb), attachment))
    (tmp_path / "uploads").mkdir()

    output = run_import(path, "--media-dir", str(tmp_path / "uploads"))

    story = Article.objects.get()
    assert story.lead_image is None
    assert re.search(r"^Missing media\s+1$", output, re.M)
    assert "still.jpg: not in the media folder" in output
    assert ImportedPost.objects.get().complete is False


def test_wxr_1_3_is_refused(run_import, write_export):
    with pytest.raises(CommandError, match=r"WXR 1\.3; this importer reads WXR 1\.0 to 1\.2"):
        run_import(write_export(export(post(1), version="1.3")))
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "<!doctype html><html><body>Not an export</body></html>",
        '{"posts": []}',
        '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title><item/></channel></rss>',
    ],
)
def test_a_file_that_is_not_a_wordpress_export_is_refused(run_import, write_export, text):
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(write_export(text))


def test_dry_run_writes_nothing(run_import, write_export):
    output = run_import(write_export(export(post(1), post(2))), "--dry-run")

    assert "Dry run: nothing was written" in output
    assert re.search(r"^Imported\s+2$", output, re.M)
    assert not Article.objects.exists() and not Author.objects.exists() and not ImportedPost.objects.exists()


def test_a_changed_post_is_updated_in_place(run_import, write_export):
    run_import(write_export(export(post(1, "Old headline"))))
    output = run_import(write_export(export(post(1, "New headline"))))

    assert re.search(r"^Updated\s+1$", output, re.M)
    assert list(Article.objects.values_list("headline", flat=True)) == ["New headline"]


def test_embeds_from_allowed_providers_only(run_import, write_export):
    content = (
        "<p>One</p>\n[youtube=https://www.youtube.com/watch?v=abcdefgh123]\n<p>Two</p>\n"
        "[embed]https://evil.example.com/player[/embed]\n[contact-form-7 id=1]"
    )
    output = run_import(write_export(export(post(1, content=content))))

    embed = Embed.objects.get()
    assert (embed.url, embed.after_paragraph) == ("https://www.youtube.com/watch?v=abcdefgh123", 1)
    story = Article.objects.get()
    assert '<a href="https://evil.example.com/player">' in story.body and "<iframe" not in story.body
    assert re.search(r"^Unknown shortcode \[contact-form-7\]\s+1$", output, re.M)


@pytest.fixture
def second_post_fails(monkeypatch):
    """Post 2 fails once its story, tags and pictures are written: its savepoint undoes them."""
    from django.db import DatabaseError

    from wordpress.importer import WordPressImporter

    original = WordPressImporter.save_links

    def failing(self, article, item, *args, **kwargs):
        original(self, article, item, *args, **kwargs)
        if item.post_id == 2:
            raise DatabaseError("disk full")

    monkeypatch.setattr(WordPressImporter, "save_links", failing)


@pytest.mark.django_db(transaction=True)  # foreign keys are checked when the batch commits
@pytest.mark.usefixtures("second_post_fails")
def test_a_post_that_fails_leaves_nothing_behind_and_the_rest_go_on(run_import, write_export):
    new_tag = '<category domain="post_tag" nicename="first-seen"><![CDATA[First seen]]></category>'
    path = write_export(
        export(post(1, "Fine"), post(2, "Doomed", extra=new_tag), post(3, "Also fine", extra=new_tag))
    )
    output = run_import(path)

    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Also fine", "Fine"]
    # The tag the failed post created went with it; the next post made it again.
    assert list(Article.objects.get(headline="Also fine").tags.names()) == ["First seen"]
    assert "Failed: post 2 “Doomed” (line" in output and "disk full" in output
    assert ImportedPost.objects.count() == 2


def test_a_post_without_an_id_is_skipped(run_import, write_export):
    output = run_import(write_export(export(post(0, "No id"), post(1, "Has one"))))

    assert list(Article.objects.values_list("headline", flat=True)) == ["Has one"]
    assert "Skipped: posts without a wp:post_id" in output


def test_old_permalinks_of_every_shape_redirect(run_import, write_export, client):
    """/%postname%/ reaches the section view; /archives/N and dated paths reach no view."""
    path = write_export(
        export(
            post(1, "Postname", link="https://old.example.com/postname-style/"),
            post(2, "Archives", link="https://old.example.com/archives/2"),
            post(3, "Dated", link="https://old.example.com/2024/03/dated-style/"),
        )
    )
    run_import(path)

    for headline, old in [
        ("Postname", "/postname-style/"),
        ("Archives", "/archives/2"),
        ("Dated", "/2024/03/dated-style/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == Article.objects.get(headline=headline).get_absolute_url()
    assert client.get("/no-such-thing/").status_code == 404


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_wxr_versions_are_read(run_import, write_export, version):
    run_import(write_export(export(post(1, "From an old WordPress"), version=version)))

    assert Article.objects.get().headline == "From an old WordPress"


def test_the_wordpress_p_address_of_a_public_post_redirects_to_its_story(run_import, write_export, client):
    """Every WordPress site answers /?p=ID; old shortlinks and feeds use it."""
    path = write_export(export(post(7, "Public"), post(8, "Still a draft", status="draft")))
    run_import(path)
    story = Article.objects.get(headline="Public")

    response = client.get("/?p=7")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    # A draft, an unknown id and anything but a number are the home page, never a 500.
    for query in ("?p=8", "?p=999", "?p=abc", "?p=%00", "?p=99999999999999999999999"):
        assert client.get(f"/{query}").status_code == 200


STILL = "http://old.example.com/wp-content/uploads/2024/03/still.jpg"


@pytest.fixture
def import_with_still(run_import, write_export, tmp_path):
    """Imports a post with `body`, beside attachment 9 ("Still", no caption) at STILL, whose
    file is in the media folder given."""

    def run(body: str) -> None:
        attachment = post(9, "Still", post_type="attachment", status="inherit", content="").replace(
            "</item>", f"<wp:attachment_url>{STILL}</wp:attachment_url></item>"
        )
        (tmp_path / "uploads" / "2024" / "03").mkdir(parents=True)
        (tmp_path / "uploads" / "2024" / "03" / "still.jpg").write_bytes(jpeg_bytes((1600, 900)))
        path = write_export(export(post(1, "With a picture", content=body), attachment))
        run_import(path, "--media-dir", str(tmp_path / "uploads"))

    return run


def test_a_captioned_body_picture_becomes_a_library_picture_in_the_text(import_with_still, client, settings):
    """The picture enters the library with the post's caption (the attachment has none) and the
    story's page draws it where it was, with that caption."""
    settings.PAGE_CACHE_SECONDS = 0
    import_with_still(
        f'<p>Before.</p>\n[caption id="attachment_9"]<img class="wp-image-9" src="{STILL}" alt="Moss">'
        " Moss on stage[/caption]\n<p>After.</p>"
    )

    image = Image.objects.get()
    assert image.caption == "Moss on stage"
    story = Article.objects.get()
    assert story.body == f'<p>Before.</p>\n<figure data-image="{image.pk}"></figure>\n<p>After.</p>'
    figure = BeautifulSoup(client.get(story.get_absolute_url()).content, "html.parser").select_one(
        "div.body figure.body-picture"
    )
    assert figure.img["alt"] == image.alt_text and figure.figcaption.get_text(strip=True) == "Moss on stage"


def test_a_wordpress_com_export_with_https_namespaces_is_read(run_import, write_export):
    """WordPress.com declares wp: and excerpt: as https://wordpress.org/export/1.2/..."""
    empty = "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
    text = export(post(1, "From WordPress.com").replace(empty, empty.replace("[]", "[The standfirst.]")))
    text = text.replace('"http://wordpress.org/export/', '"https://wordpress.org/export/')
    run_import(write_export(text))

    story = Article.objects.get()
    assert (story.headline, story.dek, story.is_published) == ("From WordPress.com", "The standfirst.", True)


def test_a_password_protected_post_comes_in_as_a_draft(run_import, write_export, client):
    """WordPress shows its text only to who knows the password: here no reader sees it."""
    password = "<wp:post_password>s3cret</wp:post_password>"
    locked = post(5, "Members only", content="<p>Secret text.</p>", extra=password)
    output = run_import(write_export(export(locked)))

    story = Article.objects.get()
    assert story.status == Article.Status.DRAFT and not Article.objects.published().exists()
    assert not ArticleRedirect.objects.exists()
    assert client.get("/?p=5").status_code == 200  # the home page, no redirect to the story
    assert re.search(r"^Note: password-protected posts imported as drafts\s+1$", output, re.M)


def test_stories_withdrawn_unpublished_or_edited_here_are_kept_when_their_posts_change(
    run_import, write_export, client, editor, editor_client
):
    """Decisions made here win over WordPress: the re-run reports each such post and leaves it."""
    from articles import services
    from tests.staff import form_data

    titles = ["Withdrawn here", "Unpublished here", "Edited here", "Untouched"]
    run_import(write_export(export(*(post(n, title) for n, title in enumerate(titles, start=1)))))
    withdrawn, unpublished, edited, _ = (Article.objects.get(headline=title) for title in titles)
    address = withdrawn.get_absolute_url()
    services.article_withdraw(article=withdrawn, by=editor)
    services.article_return_to_draft(article=unpublished, by=editor)
    change = f"/admin/articles/article/{edited.pk}/change/"
    form = form_data(editor_client.get(change))
    assert editor_client.post(change, {**form, "headline": "A better headline"}).status_code == 302

    changed = "<p>Changed in WordPress.</p>"
    new_titles = ["W", "P", "E", "U"]
    output = run_import(
        write_export(export(*(post(n, t, content=changed) for n, t in enumerate(new_titles, start=1))))
    )

    assert Article.objects.get(pk=withdrawn.pk).status == Article.Status.WITHDRAWN
    assert client.get(address).status_code == 410
    assert Article.objects.get(pk=unpublished.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=edited.pk).headline == "A better headline"
    assert Article.objects.get(headline="U").body == changed  # not edited here: WordPress wins
    assert re.search(r"^Updated\s+1$", output, re.M)
    assert re.search(r"^Kept as edited here\s+3$", output, re.M)
    assert all(f"post {n} “{t}”" in output for n, t in [(1, "W"), (2, "P"), (3, "E")])


def test_an_old_export_with_cdata_ends_inside_its_text_is_read_with_the_tolerant_reading(
    run_import, write_export
):
    """Older WordPress wrote "]]>" inside CDATA unescaped; its own importer reads such files with
    a tolerant parser, and so do we, saying so in the report."""
    code = "<p>if (a[b[0]]> 1) { go(); }</p>\n<p>Second paragraph]]></p>"
    output = run_import(write_export(export(post(1, "Code sample", content=code), post(2, "Next"))))

    assert Article.objects.get(headline="Code sample").body == code.replace("]]>", "]]&gt;")
    assert Article.objects.filter(headline="Next").exists()
    assert re.search(r"^Note: .*not well-formed.*tolerant reading.*\s+1$", output, re.M)


def test_the_tolerant_reading_still_expands_no_entity_and_refuses_what_is_not_wxr(run_import, write_export):
    doctype = '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "expanded">]>\n<rss'
    item = post(1, "Entities", content="<p>a]]>b</p>").replace("<![CDATA[Entities]]>", "&x;&y;")
    run_import(write_export(export(item).replace("<rss", doctype, 1)))
    assert Article.objects.get().headline == "&x;&y;"

    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title><![CDATA[a]]>b]]></title></channel></rss>'
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(write_export(feed, "feed.xml"))


def test_terms_only_non_public_posts_use_appear_nowhere_public(run_import, write_export, client):
    """A private post's category and a draft's tag: no menu entry, no page, no feed, no sitemap."""
    terms = (
        '<category domain="category" nicename="secret-desk"><![CDATA[Secret desk]]></category>'
        '<category domain="post_tag" nicename="unannounced"><![CDATA[Unannounced]]></category>'
    )
    private = post(1, "Private", status="private", extra=terms).replace(
        '<category domain="category" nicename="news"><![CDATA[News]]></category>', ""
    )
    draft = post(2, "Draft", status="draft", extra=terms)
    run_import(write_export(export(private, draft, post(3, "Public"))))

    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert [a.get_text() for a in home.select(".site-nav a")] == ["News"]
    for url in ("/secret-desk/", "/secret-desk/feed/", "/tags/unannounced/", "/tags/unannounced/feed/"):
        assert client.get(url).status_code == 404, url
    for name in ("sections", "tags"):  # a sitemap with nothing to list is not there at all
        sitemap = client.get(f"/sitemap-{name}.xml")
        assert sitemap.status_code == 404 or sitemap.status_code == 200 and not (
            b"secret-desk" in sitemap.content or b"unannounced" in sitemap.content
        ), name


def test_a_picture_in_the_text_takes_the_post_s_own_alt_text(import_with_still):
    """The attachment's title ("Still") is a file name more often than a description."""
    import_with_still(f'<p><img class="wp-image-9" src="{STILL}" alt="Elisabeth Moss on stage"></p>')

    assert Image.objects.get().alt_text == "Elisabeth Moss on stage"


@pytest.mark.django_db(transaction=True)  # foreign keys are checked when the batch commits
@pytest.mark.usefixtures("second_post_fails")
def test_the_picture_files_of_a_post_that_fails_leave_the_disk(run_import, write_export, tmp_path, settings):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    items = []
    for number, name in [(1, "kept"), (2, "doomed")]:
        (uploads / f"{name}.jpg").write_bytes(jpeg_bytes((800, 600)))
        content = f'<p><img src="http://old.example.com/{name}.jpg" alt="{name}"></p>'
        items.append(post(number, name, content=content))
    run_import(write_export(export(*items)), "--media-dir", str(uploads))

    kept = Image.objects.get()
    files = sorted(path.name for path in Path(settings.MEDIA_ROOT).rglob("*.jpg"))
    assert files == [Path(kept.file.name).name]
