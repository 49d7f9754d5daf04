"""The story form in a real browser: it works under the admin's strict Content-Security-Policy
(no inline scripts but the nonced import map) and what the desk adds passes an axe audit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAutosave
from images.models import Image
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
    slow_network,
    write,
)
from tests.factories import ArticleFactory, EmbedFactory, ReadMoreLinkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rich_text_editor_runs_with_no_policy_violations(browser, browser_settings, live_server, newsroom):
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    write(page, "Typed under a strict policy.")
    assert editor.inner_text().strip() == "Typed under a strict policy."
    assert csp_violations(page) == []
    context.close()


def test_autosave_banner_restore_discard_and_schedule(browser, browser_settings, live_server, newsroom):
    """An editor's lost tab comes back with a banner naming what changed; Restore is confirmed
    as good news; the add form's banner can be discarded; Schedule states the newsroom's zone."""
    base = live_server.url
    context, page = sign_in(browser, base, "edna", "editor-pw")
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", "Her Smell opens in New York")
    page.wait_for_selector("#article_form[data-autosaved]", state="attached")
    page.goto(f"{base}/admin/articles/article/add/")
    banner = page.locator("#autosave-banner")
    assert banner.locator(".autosave-fields li").all_inner_texts() == ["Headline"]
    assert accessibility_faults(page, ["#autosave-banner", ".submit-row"]) == []
    page.click("#autosave-restore")
    restored = page.locator("#autosave-restored")
    restored.wait_for()
    # Green for good news: the error banners' red border is not used.
    assert restored.evaluate("el => getComputedStyle(el).borderLeftColor") != "rgb(186, 33, 33)"
    assert page.input_value("#id_headline") == "Her Smell opens in New York"
    assert accessibility_faults(page, ["#autosave-restored"]) == []

    # The add form's banner has Discard too.
    page.goto(f"{base}/admin/articles/article/add/")
    page.click("#autosave-discard")
    page.wait_for_url(f"{base}/admin/articles/article/add/")
    assert page.locator("#autosave-banner").count() == 0
    assert not ArticleAutosave.objects.exists()

    # Schedule, with the zone said next to the button.
    assert "America/New_York" in page.locator("#newsroom-zone").inner_text()
    page.fill("#id_headline", "Her Smell opens in New York")
    choose(page, "id_section", "New", "News")
    schedule(page, (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=30, second=0))
    story = Article.objects.get(headline="Her Smell opens in New York")
    assert story.is_scheduled
    assert timezone.localtime(story.published_at).strftime("%H:%M") == "09:30"
    assert csp_violations(page) == []
    context.close()


def test_compare_then_restore_after_seeing_what_changes(browser, browser_settings, live_server, newsroom):
    """Revisions compared with labels and marked words; Restore asks first, then restores."""
    base = live_server.url
    story = Article.objects.get(slug="best-posters-2018")
    context, page = sign_in(browser, base, "edna", "editor-pw")
    change = f"{base}/admin/articles/article/{story.pk}/change/"
    for headline in ["The 20 best posters of 2018", "The 25 best posters of 2018"]:
        page.goto(change)
        page.fill("#id_headline", headline)
        save(page)
    row = compare_latest_revisions(page, base, story.pk)
    assert row.locator("th").all_inner_texts() == ["Headline"]
    assert row.locator("del").inner_text() == "20"
    assert row.locator("ins").inner_text() == "25"
    assert accessibility_faults(page, ["#revision-diff", ".diff-unchanged"]) == []
    page.click("#restore-older")
    page.wait_for_selector("#restore-diff")
    assert Article.objects.get(pk=story.pk).headline == "The 25 best posters of 2018"  # asked, not done
    assert accessibility_faults(page, ["#content-main"]) == []
    page.click("#restore-confirm")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get(pk=story.pk).headline == "The 20 best posters of 2018"
    assert csp_violations(page) == []
    context.close()


def test_writing_surface_and_live_link_suggestions(browser, browser_settings, live_server, newsroom):
    """A writer's add form: spellcheck on, a tall editor, a wide headline, bold ending with its
    paragraph; typing a name offers it at once, as about or mentioned, typographic apostrophe
    and all, and the link is saved with the story."""
    from films.models import Person

    Person.objects.create(name="Josh O'Connor", slug="josh-oconnor")
    base = live_server.url
    context, page = sign_in(browser, base, "wendy", "writer-pw")
    page.goto(f"{base}/admin/articles/article/add/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.wait_for()
    assert editor.get_attribute("spellcheck") != "false"
    assert editor.bounding_box()["height"] >= 300
    # A headline of 60 characters shows whole (the box showed under 40).
    page.fill("#id_headline", "Her Smell gets a punk-rock soundtrack album, out in November")
    assert page.eval_on_selector("#id_headline", "el => el.scrollWidth <= el.clientWidth")
    assert page.locator("#id_headline").get_attribute("spellcheck") == "true"

    page.fill("#id_headline", "Her Smell: the soundtrack")
    choose(page, "id_section", "New", "News")
    editor.click()
    page.keyboard.press("Control+b")
    page.keyboard.type("Bold opening")
    page.keyboard.press("Enter")
    page.keyboard.type("Josh O\u2019Connor joins Elisabeth Moss.")
    assert editor.locator("p").nth(1).locator("strong").count() == 0
    suggestions = page.locator("#entity-suggestions")
    suggestions.locator("li", has_text="Josh O'Connor").wait_for()
    assert accessibility_faults(page, ["#entity-suggestions"]) == []
    suggestions.get_by_role("button", name="Link Josh O'Connor as about").click()
    suggestions.get_by_role("button", name="Link Elisabeth Moss as mentioned").click()
    save(page)
    story = Article.objects.get(headline="Her Smell: the soundtrack")
    kinds = {link.person.name: link.kind for link in story.person_links.select_related("person")}
    assert kinds == {"Josh O'Connor": "about", "Elisabeth Moss": "mentions"}
    assert "<strong>Bold opening</strong>" in story.body
    assert csp_violations(page) == []
    context.close()


def test_a_long_headline_shows_whole_and_stays_one_line(browser, browser_settings, live_server, newsroom):
    """At 1280 px an 89-character headline shows whole (the box grows a line rather than
    scrolling); Enter in it goes to the text instead of breaking the headline."""
    headline = "Her Smell director Alex Ross Perry on punk, Elisabeth Moss and the 2018 soundtrack albums"
    assert len(headline) == 89
    context, page = sign_in(browser, live_server.url, "wendy", "writer-pw")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    box = page.locator("#id_headline")
    box.fill(headline)
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight")
    box.press("End")
    box.press("Enter")
    page.wait_for_function("document.activeElement.matches('.ProseMirror')")
    page.keyboard.type("First words.")
    assert box.input_value() == headline
    assert page.locator(".ProseMirror[contenteditable=true]").inner_text().strip() == "First words."
    context.close()


# Where an element is on the page (not in the viewport), whatever the scrolling.
PAGE_TOP = "el => el.getBoundingClientRect().top + window.scrollY"


def test_live_suggestions_show_beside_the_text_without_moving_it(
    browser, browser_settings, live_server, newsroom, django_user_model
):
    """At 1280 px, typing a name at the end of a long story: the suggestions appear beside the
    writing, in view, and the text stays where it was."""
    paragraphs = "".join(f"<p>Paragraph {n} of a long report from the festival.</p>" for n in range(30))
    writer = django_user_model.objects.get(username="wendy")
    story = ArticleFactory(headline="A long report", body=paragraphs, created_by=writer, status="draft")
    context, page = sign_in(browser, live_server.url, "wendy", "writer-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.locator("p").last.click()
    page.keyboard.press("End")
    text_top = editor.evaluate(PAGE_TOP)
    page.keyboard.type(" Elisabeth Moss was there.")
    panel = page.locator("#entity-suggestions")
    panel.get_by_role("button", name="Link Elisabeth Moss as about").wait_for()
    assert editor.evaluate(PAGE_TOP) == text_top
    shown, writing = panel.bounding_box(), editor.bounding_box()
    assert 0 <= shown["y"] and shown["y"] + shown["height"] <= page.viewport_size["height"]
    assert shown["x"] >= writing["x"] + writing["width"]
    assert accessibility_faults(page, ["#entity-suggestions"]) == []
    context.close()


def linked_people(page) -> list[str]:
    """The names the form's people rows link, deleted rows and the blank template left out."""
    return page.eval_on_selector_all(
        'select[name^="person_links-"][name$="-person"]:not([name*="__prefix__"])',
        "selects => selects.filter((s) => s.value).map((s) => s.selectedOptions[0].textContent.trim())",
    )


def writing_about_moss(browser, base: str):
    """A writer's new story naming Elisabeth Moss, with the suggestion to link her on screen."""
    context, page = sign_in(browser, base, "wendy", "writer-pw")
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", "Moss on stage")
    choose(page, "id_section", "New", "News")
    write(page, "Elisabeth Moss plays Becky Something.")
    suggestions = page.locator("#entity-suggestions")
    about_moss = suggestions.get_by_role("button", name="Link Elisabeth Moss as about")
    about_moss.wait_for()
    return context, page, suggestions, about_moss


def saved_people() -> list[str]:
    story = Article.objects.get(headline="Moss on stage")
    return [link.person.name for link in story.person_links.select_related("person")]


def test_a_name_linked_while_suggestions_load_is_not_offered_again(
    browser, browser_settings, live_server, newsroom
):
    """On a network with 1.5 s round trips, About pressed while the next suggestions are on
    their way: the late answer does not offer the linked name again, and the story saves."""
    context, page, suggestions, about_moss = writing_about_moss(browser, live_server.url)
    slow_network(page, 1500)
    with page.expect_response("**/suggest-links/") as answer:
        with page.expect_request("**/suggest-links/"):
            page.keyboard.type(" Alex Ross Perry directs.")
        about_moss.click()  # the list on screen is the older answer's; the new one is on its way
    assert answer.value.ok
    suggestions.get_by_role("button", name="Link Alex Ross Perry as about").wait_for()
    assert about_moss.count() == 0
    assert linked_people(page) == ["Elisabeth Moss"]
    save(page)
    assert saved_people() == ["Elisabeth Moss"]
    context.close()


def test_a_name_linked_by_hand_is_never_linked_twice(browser, browser_settings, live_server, newsroom):
    """A suggestion still on screen for a name the writer has just linked in its row: pressing
    About adds no second row (a duplicate would make Save refuse the form)."""
    context, page, suggestions, about_moss = writing_about_moss(browser, live_server.url)
    row = add_inline_row(page, "person_links")
    choose(page, f"id_person_links-{row}-person", "Moss", "Elisabeth Moss")
    about_moss.click()
    suggestions.locator("li", has_text="Elisabeth Moss: already linked").wait_for()
    assert linked_people(page) == ["Elisabeth Moss"]
    save(page)
    assert saved_people() == ["Elisabeth Moss"]
    context.close()


# Boxes of the page's content that scroll sideways inside (a table in an overflow:auto box).
SCROLLING_BOXES = """() => Array.from(document.querySelectorAll("#content *"))
  .filter((el) => el.scrollWidth > el.clientWidth + 1
    && ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
  .map((el) => el.className || el.tagName)"""


@pytest.mark.parametrize("width", [1280, 390])
def test_desk_forms_fit_without_sideways_scrolling(browser, browser_settings, live_server, newsroom, width):
    """The story form (writing in the main column, the rest in a sidebar at desktop width) and
    the film and festival forms, whose credits and screenings tables used to overflow."""
    base = live_server.url
    context, page = sign_in(browser, base, "edna", "editor-pw", width=width)
    pages = ["articles/article/add/", "films/film/add/", "films/festivaledition/add/", "films/person/add/"]
    for path in pages:
        page.goto(f"{base}/admin/{path}")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert page.evaluate(SCROLLING_BOXES) == [], f"{path} has boxes scrolling sideways at {width}px"
    page.goto(f"{base}/admin/articles/article/add/")
    if width >= 1280:
        main = page.locator(".story-main").bounding_box()
        side = page.locator(".story-side").bounding_box()
        assert side["x"] >= main["x"] + main["width"] - 1, "the sidebar sits beside the writing"
        assert page.locator(".story-side #id_status").count() == 1
        assert page.locator(".story-main .ProseMirror[contenteditable=true]").count() == 1
    assert accessibility_faults(page, [".story-side"]) == []
    assert csp_violations(page) == []
    context.close()


# The names chosen in a form's autocomplete rows, each with whether it shows whole.
CHOSEN_NAMES = """() => Array.from(
    document.querySelectorAll(".inline-group .select2-selection__rendered[title]"))
  .map((el) => [el.title, el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1])"""


def test_names_in_link_and_credit_rows_show_whole_at_1280px(browser, browser_settings, live_server, newsroom):
    """The credits' Person column and the story's film, people and READ MORE rows show the
    whole name or headline chosen, on two lines if need be."""
    from films.models import Credit, Film, Person
    from tests.factories import ArticleFilmFactory, ArticlePersonFactory

    film = Film.objects.create(title="Uncle Boonmee Who Can Recall His Past Lives", slug="uncle-boonmee")
    names = ["Kelly Reichardt", "Apichatpong Weerasethakul", "Sakda Kaewbuadee"]
    for order, name in enumerate(names):
        person = Person.objects.create(name=name, slug=f"p{order}")
        Credit.objects.create(film=film, person=person, role="cast")
    story = Article.objects.get(slug="best-posters-2018")
    ArticleFilmFactory(article=story, film=film)
    ArticlePersonFactory(article=story, person=Person.objects.get(name="Apichatpong Weerasethakul"))
    target = ArticleFactory(headline="Kelly Reichardt and Apichatpong Weerasethakul on their new films")
    ReadMoreLinkFactory(article=story, target=target)
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/films/film/{film.pk}/change/")
    assert sorted(page.evaluate(CHOSEN_NAMES)) == sorted([name, True] for name in names)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert sorted(page.evaluate(CHOSEN_NAMES)) == sorted(
        [[film.title, True], ["Apichatpong Weerasethakul", True], [target.headline, True]]
    )
    context.close()


def test_only_times_carry_the_time_zone_note(browser, browser_settings, live_server, newsroom):
    """An editor in Paris is told that times are New York's beside the publish time, but not
    beside a date (a birth date, a festival's dates, a release date), which has no time."""
    from tests.factories import ReleaseFactory

    film = ReleaseFactory().film
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw", zone="Europe/Paris")
    notes = ".timezonewarning:visible"
    for path in ["films/person/add/", "films/festivaledition/add/", f"films/film/{film.pk}/change/"]:
        page.goto(f"{live_server.url}/admin/{path}")
        page.wait_for_selector(".datetimeshortcuts", state="attached")
        assert page.locator(notes).count() == 0, path
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.wait_for_selector(".datetimeshortcuts", state="attached")
    [note] = page.locator(notes).all_inner_texts()
    assert note.startswith("Note: Enter times in the America/New_York timezone. (You are ")
    context.close()


def test_bylines_reordered_by_drag_and_by_keyboard(browser, browser_settings, live_server, newsroom):
    """No position numbers to type: drag a row by its handle, or use Move up / Move down."""
    from articles.models import Byline
    from tests.factories import AuthorFactory

    story = Article.objects.get(slug="best-posters-2018")
    for position, name in enumerate(["Ana", "Bo", "Cy"]):
        Byline.objects.create(article=story, author=AuthorFactory(name=name), position=position)
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    rows = page.locator("#bylines-group tr.form-row.has_original")
    # Cy to the top from the keyboard.
    rows.nth(2).get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    rows.nth(1).get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    # Then Bo dragged above Ana.
    rows.nth(2).locator(".sort-handle").drag_to(rows.nth(1), target_position={"x": 10, "y": 2})
    assert accessibility_faults(page, ["#bylines-group .sort-controls", "#bylines-group .sort-value"]) == []
    save(page)
    order = Byline.objects.filter(article=story).order_by("position")
    assert [byline.author.name for byline in order] == ["Cy", "Bo", "Ana"]
    context.close()


def test_image_chooser_searches_and_uploads_in_place(
    browser, browser_settings, live_server, newsroom, tmp_path
):
    """Lead image from a dialog: thumbnails, search, upload in place; chosen without a popup."""
    from tests.factories import ImageFactory, jpeg_bytes

    ImageFactory(alt_text="Elisabeth Moss on stage")
    ImageFactory(alt_text="A poster in a shop window")
    story = Article.objects.get(slug="best-posters-2018")
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.get_by_role("button", name="Choose from the library: lead image").click()
    dialog = page.get_by_role("dialog", name="Choose a picture")
    dialog.get_by_role("searchbox").fill("moss")
    dialog.locator(".chooser-status", has_text="1 picture").wait_for()
    card = dialog.locator(".chooser-card", has_text="Elisabeth Moss on stage")
    assert dialog.locator(".chooser-card").count() == 1
    assert card.locator("img").evaluate("img => img.naturalWidth") > 0
    assert accessibility_faults(page, ["dialog.image-chooser"]) == []
    card.click()
    assert page.locator("#id_lead_image").input_value() == str(
        Image.objects.get(alt_text="Elisabeth Moss on stage").pk
    )
    # Upload in place: the new picture replaces the chosen one.
    picture = tmp_path / "stage.jpg"
    picture.write_bytes(jpeg_bytes((120, 80)))
    page.get_by_role("button", name="Choose from the library: lead image").click()
    dialog = page.get_by_role("dialog", name="Choose a picture")
    dialog.locator("input[type=file]").set_input_files(str(picture))
    dialog.get_by_label("Description for readers who cannot see it (required)").fill("The band at TIFF")
    dialog.get_by_label("Caption (shown under the picture)").fill("Something She plays the Royal Alexandra")
    dialog.get_by_label("Credit").fill("Gunpowder & Sky")
    assert accessibility_faults(page, ["dialog.image-chooser"]) == []
    dialog.get_by_role("button", name="Upload and choose").click()
    page.locator("#id_lead_image option:checked", has_text="The band at TIFF").wait_for(state="attached")
    save(page)
    story.refresh_from_db()
    assert story.lead_image.alt_text == "The band at TIFF"
    assert story.lead_image.caption == "Something She plays the Royal Alexandra"
    assert story.lead_image.credit == "Gunpowder & Sky"
    assert csp_violations(page) == []
    context.close()


def test_read_more_and_embed_inserted_at_the_cursor_show_there_on_the_page(
    browser, browser_settings, live_server, newsroom
):
    browser_settings.PAGE_CACHE_SECONDS = 0
    target = ArticleFactory(headline="Her Smell, reviewed", slug="her-smell-reviewed")
    story = ArticleFactory(
        headline="Punk on screen", body="<p>First paragraph.</p><p>Second paragraph.</p><p>Third.</p>"
    )
    ReadMoreLinkFactory(article=story, target=target, label="READ MORE")
    EmbedFactory(article=story, title="The trailer", after_paragraph=None)
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator(".ProseMirror p", has_text="First paragraph.").click()
    page.keyboard.press("End")
    page.get_by_role("button", name="Insert READ MORE").click()
    dialog = page.locator("dialog.place-chooser")
    assert accessibility_faults(page, ["dialog.place-chooser"]) == []
    dialog.get_by_label("Insert READ MORE").select_option(label="Her Smell, reviewed")
    dialog.get_by_role("button", name="Insert").click()
    assert page.locator(".ProseMirror .place-in-text").inner_text() == "READ MORE: Her Smell, reviewed"
    # The only embed: the dialog lists it, Insert takes it.
    insert_in_text(page, after="Second paragraph.", kind="embed")
    assert page.locator(".ProseMirror .place-in-text").all_inner_texts() == [
        "READ MORE: Her Smell, reviewed",
        "Embed: The trailer",
    ]
    save(page)
    assert csp_violations(page) == []

    page.goto(live_server.url + Article.objects.get(pk=story.pk).get_absolute_url())
    body = page.locator("div.body").inner_text()
    assert body.index("First paragraph.") < body.index("READ MORE: Her Smell, reviewed")
    assert body.index("READ MORE: Her Smell, reviewed") < body.index("Second paragraph.")
    assert body.index("Second paragraph.") < body.index("Play “The trailer”") < body.index("Third.")
    context.close()


def test_a_picture_in_the_text_survives_editing(browser, browser_settings, live_server, newsroom):
    """An imported picture placeholder shows in the editor and is still in the body after a save."""
    image = Image.objects.create(file="images/still.jpg", width=1600, height=900, alt_text="Still")
    story = ArticleFactory(body=f'<p>First.</p><figure data-image="{image.pk}"></figure><p>Second.</p>')
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert page.locator(".ProseMirror .place-in-text").inner_text() == "Picture: Still"
    page.locator(".ProseMirror p", has_text="Second.").click()
    page.keyboard.press("End")
    page.keyboard.type(" More.")
    save(page)
    assert Article.objects.get(pk=story.pk).body == (
        f'<p>First.</p><figure data-image="{image.pk}"></figure><p>Second. More.</p>'
    )
    assert csp_violations(page) == []
    context.close()


def test_a_picture_in_the_text_shows_its_thumbnail_and_description(
    browser, browser_settings, live_server, newsroom
):
    """A saved story's picture reads as what it shows, with its thumbnail, not as an id."""
    from tests.factories import ImageFactory

    image = ImageFactory(alt_text="Elisabeth Moss on stage")
    story = ArticleFactory(body=f'<p>First.</p><figure data-image="{image.pk}"></figure><p>Second.</p>')
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    placed = page.locator(".ProseMirror .place-in-text")
    assert placed.inner_text() == "Picture: Elisabeth Moss on stage"
    assert placed.locator("img").evaluate("img => img.complete && img.naturalWidth") > 0
    assert csp_violations(page) == []
    context.close()


def test_a_picture_chosen_from_the_library_shows_where_it_was_inserted(
    browser, browser_settings, live_server, newsroom
):
    from tests.factories import ImageFactory

    browser_settings.PAGE_CACHE_SECONDS = 0
    image = ImageFactory(alt_text="Elisabeth Moss on stage", caption="Becky Something live")
    ImageFactory(alt_text="A poster in a shop window")
    story = ArticleFactory(headline="Punk on screen", body="<p>First paragraph.</p><p>Second paragraph.</p>")
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator(".ProseMirror p", has_text="First paragraph.").click()
    page.keyboard.press("End")
    page.get_by_role("button", name="Insert picture").click()
    dialog = page.get_by_role("dialog", name="Choose a picture")
    dialog.get_by_role("searchbox").fill("moss")
    dialog.locator(".chooser-status", has_text="1 picture").wait_for()
    dialog.locator(".chooser-card", has_text="Elisabeth Moss on stage").click()
    assert page.locator(".ProseMirror .place-in-text").inner_text() == "Picture: Elisabeth Moss on stage"
    save(page)
    assert csp_violations(page) == []
    story = Article.objects.get(pk=story.pk)
    assert story.body == (
        f'<p>First paragraph.</p><figure data-image="{image.pk}"></figure><p>Second paragraph.</p>'
    )
    page.goto(live_server.url + story.get_absolute_url())
    figure = page.locator("div.body figure.body-picture")
    assert figure.locator("img").get_attribute("alt") == "Elisabeth Moss on stage"
    assert figure.locator("figcaption").inner_text().startswith("Becky Something live")
    body = page.locator("div.body").inner_text()
    assert (
        body.index("First paragraph.") < body.index("Becky Something live") < body.index("Second paragraph.")
    )
    context.close()
