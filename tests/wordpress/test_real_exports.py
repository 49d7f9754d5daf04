"""The importer against exports written by WordPress and kept by other migration tools."""

import re
from io import BytesIO

import pytest
from PIL import Image as PillowImage

from articles.models import Article, ArticleRedirect, Author, Byline, Section
from articles.richtext import image_ids_in
from images.models import Image
from tests.wordpress.conftest import GHOST, JEKYLL
from wordpress.models import ImportedPost
from wordpress.wxr import Export

pytestmark = pytest.mark.django_db


def build_media_dir(export_path, root):
    """A copy of wp-content/uploads holding every attachment the export names."""
    for item in Export(export_path):
        if item.post_type == "attachment":
            relative = item.attachment_url.split("/wp-content/uploads/", 1)[1]
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            out = BytesIO()
            PillowImage.new("RGB", (40, 30), (10, 20, 30)).save(
                out, format=target.suffix[1:].replace("jpg", "jpeg")
            )
            target.write_bytes(out.getvalue())
    return root


def test_jekyll_export_brings_posts_in_with_pictures_bylines_tags_and_redirects(run_import, client, tmp_path):
    """The WordPress.com export: seven posts, featured images from a media folder, old addresses redirect."""
    media = build_media_dir(JEKYLL, tmp_path / "uploads")
    output = run_import(JEKYLL, "--media-dir", str(media))

    assert re.search(r"^Imported\s+7$", output, re.M)
    assert re.search(r"^Missing media\s+0$", output, re.M)
    assert "wp_global_styles" in output and "wp_navigation" in output
    stories = Article.objects.all()
    assert stories.count() == 7
    assert all(story.status == Article.Status.PUBLISHED for story in stories)
    connection = Article.objects.get(slug="the-art-of-connection")
    assert connection.lead_image is not None
    assert connection.lead_image.alt_text == "Placeholder Image"
    assert connection.byline_authors == [Author.objects.get()]
    assert "<!--" not in connection.body and "wp:paragraph" not in connection.body
    post = Article.objects.get(slug="blog-post-1")
    assert post.section == Section.objects.get(slug="foo")
    assert sorted(post.tags.names()) == ["code", "ruby", "ship", "stars"]
    # The picture in the body entered the library and stands in the text as its placeholder.
    assert Image.objects.count() == 4
    placed = image_ids_in(post.body)
    assert placed and placed <= set(Image.objects.values_list("pk", flat=True))
    assert "<img" not in post.body and "/media/images/" not in post.body
    for story in stories:
        old = f"/2025/01/18/{story.slug}/"
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == story.get_absolute_url()
    # Each of the 7 stories: its permalink and WordPress's /?p=ID address.
    assert ArticleRedirect.objects.filter(old_path__startswith="/?p=").count() == 7
    assert ArticleRedirect.objects.count() == 14


def test_jekyll_export_second_run_changes_nothing(run_import, tmp_path):
    media = build_media_dir(JEKYLL, tmp_path / "uploads")
    run_import(JEKYLL, "--media-dir", str(media))
    before = list(Article.objects.values_list("pk", "version", "updated_at", "lead_image_id").order_by("pk"))
    counts = [model.objects.count() for model in (Article, Image, Author, Byline, ArticleRedirect, Section)]

    output = run_import(JEKYLL, "--media-dir", str(media))

    assert re.search(r"^Unchanged\s+7$", output, re.M)
    assert re.search(r"^Imported\s+0$", output, re.M) and re.search(r"^Updated\s+0$", output, re.M)
    assert (
        list(Article.objects.values_list("pk", "version", "updated_at", "lead_image_id").order_by("pk"))
        == before
    )
    assert [
        model.objects.count() for model in (Article, Image, Author, Byline, ArticleRedirect, Section)
    ] == counts


def test_co_authors_plus_bylines_in_order_each_person_once(run_import):
    run_import(GHOST / "co-authors-plus.xml")

    assert Author.objects.count() == 3
    three = Article.objects.get(slug="three-author-post")
    assert [a.name for a in three.byline_authors] == ["Alice Smith", "Bob Jones", "Carol White"]
    duplicated = Article.objects.get(slug="duplicate-author-post")
    assert [a.name for a in duplicated.byline_authors] == ["Alice Smith", "Bob Jones"]


def test_yoast_title_and_description_become_seo_fields(run_import):
    run_import(GHOST / "has-yoast-meta.xml")

    story = Article.objects.exclude(seo_title="").get()
    assert story.seo_title == "My Custom SEO Title for Search Engines"
    assert story.seo_description == "A short description of the post for search engine results pages"


def test_featured_image_alt_text_and_caption(run_import, tmp_path):
    media = build_media_dir(GHOST / "sample-with-alt.xml", tmp_path / "uploads")
    run_import(GHOST / "sample-with-alt.xml", "--media-dir", str(media))

    image = Article.objects.get().lead_image
    assert image.alt_text == "Sunset over mountains with orange and pink sky"
    assert image.caption == "A gorgeous sunset over the mountains with vibrant orange and pink colors."


def test_bare_ampersand_in_an_address_is_read_as_wordpress_reads_it(run_import):
    """sample.xml holds an unescaped "&" in an attachment URL; WordPress's importer takes it."""
    output = run_import(GHOST / "sample.xml")

    assert Article.objects.count() >= 3
    assert "ixlib=rb-1.2.1&ixid" in output  # the missing picture, named by its real address
    assert ImportedPost.objects.count() == Article.objects.count()
