"""The editor's journey in a real browser: a writer drafts and submits, an editor previews and
publishes, a reader finds the story on the site and in the feed."""

import feedparser
import pytest

from articles.models import Article, ArticleAutosave, ArticleEvent
from tests.e2e.admin_pages import add_inline_row, choose, save, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Her Smell gets a punk-rock soundtrack album"


def test_writer_submits_editor_publishes_reader_reads(browser, browser_settings, live_server, newsroom):
    """Writer writes, links and submits; editor previews and publishes; readers see it."""
    base = live_server.url

    # The writer drafts the story in the rich-text editor and links it.
    context, page = sign_in(browser, base, "wendy", "writer-pw")
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_dek", "Songs by Alicia Bognanno and Anika Pyle.")
    choose(page, "id_section", "New", "News")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Her Smell stars Elisabeth Moss as Becky Something.")
    page.keyboard.press("Enter")
    page.keyboard.type("Alex Ross Perry wrote and directed it. Anika Pyle wrote songs for it.")
    # Typing is autosaved for this writer within seconds, before any Save.
    page.wait_for_selector("#article_form[data-autosaved]", state="attached")
    assert ArticleAutosave.objects.get(article=None, user__username="wendy").data["headline"] == [HEADLINE]
    page.fill("#id_tags", "punk, soundtrack")
    row = add_inline_row(page, "film_links")
    choose(page, f"id_film_links-{row}-film", "Her", "Her Smell")
    for name in ["Elisabeth Moss", "Alex Ross Perry"]:
        row = add_inline_row(page, "person_links")
        choose(page, f"id_person_links-{row}-person", name.split()[0], name)
    row = add_inline_row(page, "read_more_links")
    choose(page, f"id_read_more_links-{row}-target", "Posters", "The 20 Best Movie Posters Of 2018")
    page.fill(f"#id_read_more_links-{row}-after_paragraph", "1")
    # A writer's form offers no way to publish.
    assert page.locator("#id_status option").all_inner_texts() == ["Draft", "In review"]
    assert page.locator("#id_published_at_0").count() == 0
    page.select_option("#id_status", "review")
    save(page)
    context.close()

    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Article.Status.REVIEW and story.created_by.username == "wendy"
    assert not ArticleAutosave.objects.exists()  # saved for real: the autosave is done with
    assert "Becky Something" in story.body_text
    assert [str(f) for f in story.films.all()] == ["Her Smell (2018)"]
    assert sorted(p.name for p in story.people.all()) == ["Alex Ross Perry", "Elisabeth Moss"]
    assert sorted(story.tags.names()) == ["punk", "soundtrack"]
    assert story.read_more_links.get().target.slug == "best-posters-2018"

    # The editor finds it on the dashboard, previews it, then publishes it.
    context, page = sign_in(browser, base, "edna", "editor-pw")
    assert HEADLINE in page.locator("#workflow-dashboard").inner_text()
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    with context.expect_page() as opened:
        page.click("#preview-link")
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == HEADLINE
    assert preview.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    preview.close()
    # The text names Anika Pyle, who is not linked: one click links her (saved with the story).
    suggestion = page.locator("#entity-suggestions li", has_text="Anika Pyle")
    suggestion.get_by_role("button", name="Link Anika Pyle as mentioned").click()
    page.wait_for_selector("#entity-suggestions li.suggestion-added:has-text('Anika Pyle')")
    page.select_option("#id_status", "published")
    save(page)
    context.close()

    story.refresh_from_db()
    assert story.is_published
    assert "Anika Pyle" in [p.name for p in story.people.all()]
    assert set(story.events.values_list("action", flat=True)) == {
        ArticleEvent.Action.CREATED,
        ArticleEvent.Action.SUBMITTED,
        ArticleEvent.Action.PUBLISHED,
    }

    # An anonymous reader reads it on the site and in the feed.
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + story.get_absolute_url())
    assert page.locator("h1").inner_text() == HEADLINE
    assert page.locator('main a[href="/films/her-smell/"]').count() >= 1
    assert page.locator('main a[href="/people/elisabeth-moss/"]').count() >= 1
    feed = page.request.get(f"{base}/feed/")
    assert feed.status == 200
    assert HEADLINE in [entry.title for entry in feedparser.parse(feed.body()).entries]
    context.close()


def test_change_form_warns_when_someone_else_saves(browser, browser_settings, live_server, newsroom):
    """The form polls the story's version and says so when another editor saved meanwhile."""
    story = Article.objects.get(slug="best-posters-2018")
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert page.locator("#stale-warning").is_hidden()
    Article.objects.filter(pk=story.pk).update(version=story.version + 1, headline="Changed elsewhere")
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # poll now, not in 15 s
    page.wait_for_selector("#stale-warning:not([hidden])")
    page.fill("#id_headline", "My headline")
    page.click("input[name=_save]")
    page.wait_for_selector("#conflict")
    assert page.locator("#id_headline").input_value() == "My headline"
    story.refresh_from_db()
    assert story.headline == "Changed elsewhere"
    context.close()
