"""The desk's whole job in a real browser at 1280 px, with no superuser anywhere (issue 15):
an editor makes the people, the film, the festival and its edition; a writer with no byline
yet writes, links and submits a story; the editor previews, reviews, renames, schedules and
publishes it, compares and restores revisions, and meets a second editor's save; a reader
finds it on the site and in the feed."""

from datetime import timedelta

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, ArticleAutosave, ArticleEvent, Author
from films.models import Credit, Film
from tests.e2e.admin_pages import (
    accessibility_faults,
    add_inline_row,
    choose,
    compare_latest_revisions,
    csp_violations,
    insert_in_text,
    save,
    schedule,
    sign_in,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Vox Lux gets its soundtrack album"
PARAGRAPHS = [
    "Vox Lux stars Natalie Portman as Celeste, a pop star.",
    "Brady Corbet wrote and directed it; Scott Walker wrote the score.",
    "The songs are by Sia.",
]


@pytest.fixture
def desk(newsroom, django_user_model):
    """A writer and two editors with no byline yet: staff in their groups, nothing more."""
    accounts = {}
    for username, group in [("walt", "Writer"), ("edna", "Editor"), ("eddie", "Editor")]:
        user = django_user_model.objects.filter(username=username).first()
        if user is None:
            user = django_user_model.objects.create_user(username, password=f"{username}-pw", is_staff=True)
            user.groups.add(Group.objects.get(name=group))
        assert not user.is_superuser and not user.user_permissions.exists()
        assert not Author.objects.filter(user=user).exists()
        accounts[username] = user
    return accounts


def add(page, base: str, model: str, fields: dict[str, str]) -> None:
    """Open a films admin add form and fill its plain fields."""
    page.goto(f"{base}/admin/films/{model}/add/")
    for field, value in fields.items():
        page.fill(f"#id_{field}", value)


def test_a_writer_and_an_editor_do_the_whole_job(browser, browser_settings, live_server, desk):
    browser_settings.PAGE_CACHE_SECONDS = 0
    base = live_server.url

    # The editor makes the people, the film with its credits, the festival and an edition.
    context, page = sign_in(browser, base, "edna", "editor-pw")
    for name in ["Brady Corbet", "Natalie Portman", "Scott Walker", "Sia"]:
        add(page, base, "person", {"name": name})
        save(page)
    add(page, base, "film", {"title": "Vox Lux", "release_year": "2018"})
    credits = [
        ("Brady", "Brady Corbet", "director", ""),
        ("Natalie", "Natalie Portman", "cast", ""),
        ("Scott", "Scott Walker", "composer", ""),
        ("Sia", "Sia", "songwriter", "songs for Celeste"),
    ]
    for row, (search, name, role, note) in enumerate(credits):
        if row:  # the form starts with one empty row
            row = add_inline_row(page, "credits")
        choose(page, f"id_credits-{row}-person", search, name)
        page.select_option(f"#id_credits-{row}-role", role)
        page.fill(f"#id_credits-{row}-note", note)
    assert accessibility_faults(page, ["#content-main"]) == []
    save(page)
    add(page, base, "festival", {"name": "Venice International Film Festival", "short_name": "Venice"})
    save(page)
    add(page, base, "festivaledition", {"year": "2018", "slug": "venice-2018", "location": "Lido"})
    choose(page, "id_festival", "Venice", "Venice")
    row = add_inline_row(page, "screenings")
    choose(page, f"id_screenings-{row}-film", "Vox", "Vox Lux")
    save(page)
    context.close()
    film = Film.objects.get(title="Vox Lux")
    assert Credit.objects.get(film=film, role="songwriter").note == "songs for Celeste"
    assert [edition.slug for edition in film.festival_editions.all()] == ["venice-2018"]

    # The writer's first story: written, autosaved, restored, linked, READ MORE placed, submitted.
    context, page = sign_in(browser, base, "walt", "walt-pw")
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_dek", "Sia's songs and Scott Walker's score, out in December.")
    write(page, *PARAGRAPHS)
    page.wait_for_selector("#article_form[data-autosaved]", state="attached")
    page.goto(f"{base}/admin/articles/article/add/")  # the tab was lost
    assert "Headline" in page.locator("#autosave-banner .autosave-fields").inner_text()
    page.click("#autosave-restore")
    page.wait_for_selector("#autosave-restored")
    assert page.input_value("#id_headline") == HEADLINE
    assert page.locator(".ProseMirror[contenteditable=true] p").all_inner_texts() == PARAGRAPHS

    choose(page, "id_section", "New", "News")
    suggestions = page.locator("#entity-suggestions")
    suggestions.get_by_role("button", name="Link Natalie Portman as about").click()
    suggestions.get_by_role("button", name="Link Scott Walker as mentioned").click()
    row = add_inline_row(page, "film_links")
    choose(page, f"id_film_links-{row}-film", "Vox", "Vox Lux")
    row = add_inline_row(page, "person_links")
    choose(page, f"id_person_links-{row}-person", "Brady", "Brady Corbet")
    choose(page, "id_festival_editions", "Venice", "Venice")
    page.fill("#id_tags", "soundtrack")
    row = add_inline_row(page, "read_more_links")
    choose(page, f"id_read_more_links-{row}-target", "Posters", "The 20 Best Movie Posters Of 2018")
    insert_in_text(page, after="pop star.", kind="READ MORE")
    # The whole form as the writer has it now passes an accessibility audit.
    assert accessibility_faults(page, ["#content-main"]) == []
    # A writer's form offers no way to publish.
    assert page.locator("#id_status option").all_inner_texts() == ["Draft", "In review"]
    assert page.locator("#id_published_at_0, #schedule-button").count() == 0
    page.select_option("#id_status", "review")
    save(page)
    assert csp_violations(page) == []
    context.close()

    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Article.Status.REVIEW
    assert not ArticleAutosave.objects.exists()  # saved for real: the autosave is done with
    # Their byline was made from their account and signs the story.
    assert [byline.author.user for byline in story.bylines.all()] == [desk["walt"]]
    kinds = {link.person.name: link.kind for link in story.person_links.select_related("person")}
    assert kinds == {"Natalie Portman": "about", "Scott Walker": "mentions", "Brady Corbet": "about"}
    assert [f.title for f in story.films.all()] == ["Vox Lux"]
    assert [e.slug for e in story.festival_editions.all()] == ["venice-2018"]
    assert list(story.tags.names()) == ["soundtrack"]
    assert "data-read-more" in story.body

    # The editor opens it from the dashboard, previews and shares it, adds the review's rating,
    # renames its address and schedules it in the newsroom's zone.
    context, page = sign_in(browser, base, "edna", "editor-pw")
    page.locator("#workflow-dashboard a", has_text=HEADLINE).first.click()
    page.wait_for_selector("#id_headline")
    with context.expect_page() as opened:
        page.click("#preview-link")
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == HEADLINE
    assert preview.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    preview.close()
    reader = browser.new_context()
    shared = reader.new_page()
    shared.goto(page.input_value("#share-link"))
    assert shared.locator("h1").inner_text() == HEADLINE
    row = add_inline_row(page, "review")
    choose(page, f"id_review-{row}-film", "Vox", "Vox Lux")
    page.select_option(f"#id_review-{row}-rating", index=1)
    page.fill("#id_slug", "vox-lux-soundtrack")
    assert "America/New_York" in page.locator("#newsroom-zone").inner_text()
    schedule(page, timezone.localtime() + timedelta(days=1))
    story.refresh_from_db()
    assert story.is_scheduled and story.slug == "vox-lux-soundtrack" and story.review.film == film
    assert shared.request.get(base + story.get_absolute_url()).status == 404  # not yet public

    # Revisions: a labelled comparison; Restore asks before it acts.
    changed = compare_latest_revisions(page, base, story.pk)
    assert "Slug" in changed.locator("th").all_inner_texts()
    page.click("#restore-older")
    page.wait_for_selector("#restore-diff")
    assert Article.objects.get(pk=story.pk).slug == "vox-lux-soundtrack"  # asked, not done

    # A second editor saves while the first has the story open: the first is warned, then
    # their save is refused with what changed, labelled, and nothing they typed is lost.
    change = f"{base}/admin/articles/article/{story.pk}/change/"
    page.goto(change)
    assert page.locator("#stale-warning").is_hidden()
    page.fill("#id_headline", "Vox Lux: the soundtrack album")
    write(page, "Out on December 7.")
    other_context, other = sign_in(browser, base, "eddie", "eddie-pw")
    other.goto(change)
    other.fill("#id_dek", "Songs by Sia, a score by Scott Walker.")
    save(other)
    other_context.close()
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # poll now, not in 15 s
    page.wait_for_selector("#stale-warning:not([hidden])")
    page.click("input[name=_save]")
    page.wait_for_selector("#conflict")
    assert "Standfirst" in page.locator("#conflict th[scope=row]").all_inner_texts()
    assert page.input_value("#id_headline") == "Vox Lux: the soundtrack album"
    assert page.locator(".ProseMirror[contenteditable=true] p").last.inner_text() == "Out on December 7."
    # Merged by hand (their standfirst, my headline and text), saved again, published now.
    page.fill("#id_dek", "Songs by Sia, a score by Scott Walker.")
    just_now = timezone.localtime() - timedelta(minutes=1)
    page.fill("#id_published_at_0", just_now.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", just_now.strftime("%H:%M:%S"))
    save(page)
    context.close()
    story.refresh_from_db()
    assert story.is_published and story.headline == "Vox Lux: the soundtrack album"
    assert story.dek == "Songs by Sia, a score by Scott Walker."
    assert "Out on December 7." in story.body_text
    assert set(story.events.values_list("action", flat=True)) == {
        ArticleEvent.Action.CREATED,
        ArticleEvent.Action.SUBMITTED,
        ArticleEvent.Action.SCHEDULED,
        ArticleEvent.Action.PUBLISHED,
    }

    # The reader: the film box with its key credits, the festival, READ MORE where it was put.
    page = reader.new_page()
    page.goto(base + story.get_absolute_url())
    box = page.locator(".film-box")
    assert box.locator(".film-credits").bounding_box()["width"] > 200
    credits_text = box.inner_text()
    assert "Directed by Brady Corbet" in credits_text and "With Natalie Portman" in credits_text
    assert "Music by Scott Walker" in credits_text
    assert "Original songs by Sia (songs for Celeste)" in credits_text
    assert page.locator('.festivals a[href="/festivals/venice-2018/"]').is_visible()
    body = page.locator("div.body").inner_text()
    read_more = body.index("READ MORE: The 20 Best Movie Posters Of 2018")
    assert body.index("pop star.") < read_more < body.index("Brady Corbet wrote")
    feed = page.request.get(f"{base}/feed/")
    assert story.headline in [entry.title for entry in feedparser.parse(feed.body()).entries]
    reader.close()
