"""Two editors on one story, in a real browser: the second save is refused with a labelled diff,
and the editor takes the other's headline and body with a button each, keeps their own
standfirst, and saves the merge without retyping anything."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Section
from tests.e2e.admin_pages import accessibility_faults, choose, csp_violations, save, sign_in
from tests.factories import SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merge_their_headline_and_body_keep_my_standfirst(
    browser, browser_settings, live_server, newsroom, django_user_model
):
    base = live_server.url
    other = django_user_model.objects.create_user("otto", "o@example.com", "otto-pw", is_staff=True)
    other.groups.add(Group.objects.get(name="Editor"))
    SectionFactory(slug="features", name="Features")
    story = Article.objects.get(slug="best-posters-2018")
    change = f"{base}/admin/articles/article/{story.pk}/change/"

    context_a, page_a = sign_in(browser, base, "edna", "editor-pw")
    context_b, page_b = sign_in(browser, base, "otto", "otto-pw")
    page_a.goto(change)
    page_b.goto(change)

    # Editor B rewrites the headline and the body, moves the story to Features and a day back,
    # and saves first.
    page_b.fill("#id_headline", "The 25 best movie posters of 2018")
    choose(page_b, "id_section", "Feat", "Features")
    page_b.fill("#id_published_at_0", "2018-12-20")
    page_b.fill("#id_published_at_1", "09:30:00")
    body_b = page_b.locator(".ProseMirror[contenteditable=true]")
    body_b.click()
    page_b.keyboard.press("Control+a")
    page_b.keyboard.type("Her Smell has the best poster of the year.")
    page_b.keyboard.press("Enter")
    page_b.keyboard.type("Its designer explains why.")
    save(page_b)
    context_b.close()

    # Editor A, still on the version they opened, changes the standfirst: refused.
    page_a.fill("#id_dek", "My standfirst, kept through the merge.")
    page_a.click("input[name=_save]")
    conflict = page_a.locator("#conflict")
    conflict.wait_for()
    rows = conflict.locator("table.workflow-diff").last.locator("tbody tr th")
    labels = rows.all_inner_texts()
    assert {"Headline", "Standfirst", "Body"} <= set(labels)
    assert "dek" not in {label.lower() for label in labels}

    take_headline = page_a.get_by_role("button", name="Use their headline")
    take_body = page_a.get_by_role("button", name="Use their body")
    take_body.wait_for()
    assert page_a.get_by_role("button", name="Use their standfirst").is_visible()
    assert accessibility_faults(page_a, ["#conflict"]) == []
    # A fourth column, still no sideways scrolling on a phone.
    page_a.set_viewport_size({"width": 390, "height": 900})
    assert page_a.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page_a.set_viewport_size({"width": 1280, "height": 900})

    # By keyboard: the headline goes in place, and can come back.
    take_headline.focus()
    page_a.keyboard.press("Enter")
    assert page_a.input_value("#id_headline") == "The 25 best movie posters of 2018"
    keep_headline = page_a.get_by_role("button", name="Keep my headline")
    in_the_form = conflict.locator("td.conflict-merge", has=page_a.locator("[data-field=headline]"))
    assert in_the_form.locator(".conflict-state").inner_text() == "Theirs"
    keep_headline.press("Enter")
    assert page_a.input_value("#id_headline") == "The 20 Best Movie Posters Of 2018"
    assert in_the_form.locator(".conflict-state").inner_text() == "Yours"
    take_headline.click()

    # The body: their text becomes the editor's content, paragraphs and all.
    take_body.click()
    body_a = page_a.locator(".ProseMirror[contenteditable=true]")
    assert body_a.locator("p").all_inner_texts() == [
        "Her Smell has the best poster of the year.",
        "Its designer explains why.",
    ]
    assert page_a.get_by_role("button", name="Keep my body").is_visible()

    # A select (an autocomplete box here) and the split publish time go in place too.
    mine_date = page_a.input_value("#id_published_at_0")
    page_a.get_by_role("button", name="Use their section").click()
    assert page_a.input_value("#id_section") == str(Section.objects.get(slug="features").pk)
    assert page_a.locator("#id_section + .select2 .select2-selection__rendered").inner_text() == "Features"
    page_a.get_by_role("button", name="Use their publish time").click()
    assert page_a.input_value("#id_published_at_0") == "2018-12-20"
    assert page_a.input_value("#id_published_at_1") == "09:30:00"
    page_a.get_by_role("button", name="Keep my publish time").click()
    assert page_a.input_value("#id_published_at_0") == mine_date
    assert page_a.input_value("#id_dek") == "My standfirst, kept through the merge."
    assert accessibility_faults(page_a, ["#conflict"]) == []

    save(page_a)
    story.refresh_from_db()
    assert story.headline == "The 25 best movie posters of 2018"
    assert story.body == "<p>Her Smell has the best poster of the year.</p><p>Its designer explains why.</p>"
    assert story.dek == "My standfirst, kept through the merge."
    assert story.section.slug == "features"
    assert timezone.localtime(story.published_at).strftime("%Y-%m-%d") == mine_date
    assert csp_violations(page_a) == []
    context_a.close()
