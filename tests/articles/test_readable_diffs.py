"""Readable diffs (issue 15, point 3): field labels as the form shows them, the body compared
paragraph by paragraph with changed words marked, on the conflict page and in revision
comparison; Restore shows what it would change and asks first."""

import sys

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from reversion.models import Version

from articles.diffs import body_paragraphs, side_by_side
from tests.factories import ArticleFactory
from tests.staff import client_for, form_data, make_staff

BODY = "<p>Her Smell stars Elisabeth Moss.</p><p>Alex Ross Perry wrote it.</p><p>It runs 134 minutes.</p>"
EDITED = (
    "<p>Her Smell stars Elisabeth Moss.</p><p>Alex Ross Perry wrote and directed it.</p>"
    "<p>A soundtrack album follows.</p><p>It runs 134 minutes.</p>"
)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **changes):
    response = client.post(change_url(article), {**form_data(client.get(change_url(article))), **changes})
    assert response.status_code == 302
    return response


def cells(row) -> tuple[list[str], list[str]]:
    """The before and after cells of a diff row, as their paragraphs' text (a conflict's row
    has a third, for merging)."""
    before, after = row.find_all("td")[:2]
    return [p.get_text() for p in before.find_all("p")], [p.get_text() for p in after.find_all("p")]


def test_body_is_compared_paragraph_by_paragraph_word_by_word():
    sides = side_by_side(body_paragraphs(BODY), body_paragraphs(EDITED))
    assert len(sides.before) == 3 and len(sides.after) == 4
    assert sides.before[0] == sides.after[0] == [("same", "Her Smell stars Elisabeth Moss.")]
    assert sides.after[1] == [("same", "Alex Ross Perry wrote "), ("ins", "and directed "), ("same", "it.")]
    assert sides.before[1] == [("same", "Alex Ross Perry wrote "), ("same", "it.")]
    assert [("ins", "A soundtrack album follows.")] in sides.after
    assert sides.after[-1] == [("same", "It runs 134 minutes.")]


def test_a_paragraph_cut_shows_as_removed_whole():
    sides = side_by_side("One.\n\nTwo.\n\nThree.", "One.\n\nThree.")
    assert sides.before == [[("same", "One.")], [("del", "Two.")], [("same", "Three.")]]
    assert sides.after == [[("same", "One.")], [("same", "Three.")]]


@pytest.mark.django_db
def test_revision_comparison_uses_labels_and_highlights_the_body_by_paragraph(editor_client):
    article = ArticleFactory(body=BODY, dek="Old standfirst")
    save(editor_client, article)
    save(editor_client, article, body=EDITED, dek="New standfirst")
    new, old = Version.objects.get_for_object(article)[:2]
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"a": old.pk, "b": new.pk}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {row.th.get_text(strip=True): row for row in soup.select("#revision-diff tbody tr")}
    assert "Standfirst" in rows and "dek" not in rows
    before, after = cells(rows["Body"])
    assert before == [
        "Her Smell stars Elisabeth Moss.",
        "Alex Ross Perry wrote it.",
        "It runs 134 minutes.",
    ]
    assert after[2] == "A soundtrack album follows." and len(after) == 4
    assert rows["Body"].select_one("td:nth-of-type(2) ins").get_text().strip().startswith("and")
    assert "<p>" not in rows["Body"].get_text()  # text, not markup
    assert "Headline" in soup.select_one(".diff-unchanged").get_text()


@pytest.mark.django_db
def test_long_bodies_are_shown_whole(editor_client):
    """Not cut after a few hundred characters."""
    long_paragraph = "word " * 400
    article = ArticleFactory(body=f"<p>{long_paragraph}</p>")
    save(editor_client, article)
    save(editor_client, article, body=f"<p>{long_paragraph} end.</p>")
    new, old = Version.objects.get_for_object(article)[:2]
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"a": old.pk, "b": new.pk}
    )
    row = BeautifulSoup(response.content, "html.parser").select_one("#revision-diff tr.changed")
    assert row.td.get_text().count("word") == 400


@pytest.mark.django_db
def test_conflict_page_shows_labelled_paragraph_diffs(editor_client, editor, django_user_model):
    article = ArticleFactory(body=BODY)
    save(editor_client, article)
    mine = form_data(editor_client.get(change_url(article)))
    other = client_for(make_staff(django_user_model, "otto", "Editor"))
    save(other, article, body=EDITED)
    response = editor_client.post(change_url(article), {**mine, "dek": "My standfirst"})
    soup = BeautifulSoup(response.content, "html.parser")
    conflict = soup.find(id="conflict")
    tables = conflict.select("table.workflow-diff")
    since = {row.th.get_text(strip=True): row for row in tables[0].select("tbody tr")}
    assert set(since) == {"Body"}
    assert cells(since["Body"])[1][2] == "A soundtrack album follows."
    yours = {row.th.get_text(strip=True): row for row in tables[1].select("tbody tr")}
    assert {"Body", "Standfirst"} <= set(yours)
    saved, typed = cells(yours["Body"])
    assert len(saved) == 4 and len(typed) == 3  # paragraphs, not one run-together blob


@pytest.mark.django_db
def test_restore_asks_first_showing_what_would_change(editor_client):
    article = ArticleFactory(headline="First take", body=BODY)
    save(editor_client, article)
    save(editor_client, article, headline="Second take", body=EDITED)
    old = Version.objects.get_for_object(article).last()
    url = reverse("admin:articles_article_restore", args=[article.pk, old.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    rows = {row.th.get_text(strip=True): row for row in soup.select("#restore-diff tbody tr")}
    assert set(rows) == {"Headline", "Body"}
    assert cells(rows["Headline"]) == (["Second take"], ["First take"])
    article.refresh_from_db()
    assert article.headline == "Second take"  # nothing happened yet
    form = soup.find("form", id="restore-form")
    assert form.find("input", type="submit")
    assert editor_client.post(url).status_code == 302
    article.refresh_from_db()
    assert article.headline == "First take"


@pytest.mark.django_db
def test_revisions_list_restore_leads_to_the_question(editor_client):
    article = ArticleFactory()
    save(editor_client, article)
    save(editor_client, article, headline="Changed")
    page = editor_client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    restore = soup.select_one("#revision-list a.button")
    assert restore.get_text(strip=True).startswith("Restore")
    assert editor_client.get(restore["href"]).status_code == 200


def test_a_read_more_moved_in_the_text_shows_in_the_diff():
    before = '<p>One.</p><figure data-read-more="42"></figure><p>Two.</p>'
    after = '<p>One.</p><p>Two.</p><figure data-read-more="42"></figure>'
    assert body_paragraphs(before).split("\n\n") == ["One.", "[READ MORE: story 42]", "Two."]
    assert body_paragraphs(after) != body_paragraphs(before)


class TooMuchWork(Exception):
    pass


def lines_run(call, limit: int) -> int:
    """How many lines of Python `call()` runs (its own and every library's), stopping it once
    past `limit`: a measure of work that does not depend on the machine's speed."""
    monitoring, tool = sys.monitoring, sys.monitoring.PROFILER_ID
    count = 0

    def on_line(code, line):
        nonlocal count
        count += 1
        if count > limit:
            monitoring.set_events(tool, monitoring.events.NO_EVENTS)
            raise TooMuchWork

    monitoring.use_tool_id(tool, "diff work")
    monitoring.register_callback(tool, monitoring.events.LINE, on_line)
    monitoring.set_events(tool, monitoring.events.LINE)
    try:
        call()
    except TooMuchWork:
        pass
    finally:
        monitoring.set_events(tool, monitoring.events.NO_EVENTS)
        monitoring.register_callback(tool, monitoring.events.LINE, None)
        monitoring.free_tool_id(tool)
    return count


def words(count: int, *vocabulary: str) -> str:
    return " ".join(vocabulary[i % len(vocabulary)] for i in range(count))


# Texts an attacker can save as a story body (about 100,000 words each side): each once
# took the diff work that grows with the square of its length.
HOSTILE = {
    "one word repeated, one added": (words(100_000, "a"), "b " + words(100_000, "a")),
    "two words swapped throughout": (words(100_000, "a", "b"), words(100_000, "b", "a")),
    "a few words shuffled": (words(100_000, "a", "b", "c"), words(100_000, "c", "a", "b", "b")),
    "a paragraph repeated": ("\n\n".join(["x y"] * 50_000), "\n\n".join(["y x"] + ["x y"] * 50_000)),
    "many short paragraphs, each slow to compare": (
        "\n\n".join(f"{i} " + words(10, "a") for i in range(10_000)),
        "\n\n".join(f"{i} " + words(10, "a", "a", "b") for i in range(10_000)),
    ),
    "every paragraph rewritten": (
        "\n\n".join(f"{i} " + words(20, "a", "b") for i in range(10_000)),
        "\n\n".join(f"{i} " + words(20, "b", "a") for i in range(10_000)),
    ),
}


@pytest.mark.parametrize("old, new", HOSTILE.values(), ids=HOSTILE.keys())
def test_diff_work_grows_with_the_text_not_its_square(old, new):
    """Comparing long hostile bodies runs a bounded number of steps per word: one writer
    cannot hold a worker (and the public site with it) with a body built to be slow to diff."""
    size = len(old.split()) + len(new.split())
    limit = 60 * size + 5_000_000
    assert lines_run(lambda: side_by_side(old, new), limit) <= limit


def test_a_long_body_with_one_edit_still_marks_the_words():
    """The bound costs nothing in the ordinary case: a long story with one paragraph edited
    shows the edited words, and every other paragraph unchanged."""
    paragraphs = [f"Paragraph {i} of the story, with words of its own." for i in range(20_000)]
    edited = [*paragraphs]
    edited[10_000] = "Paragraph 10000 of the story, with new words of its own."
    sides = side_by_side("\n\n".join(paragraphs), "\n\n".join(edited))
    assert len(sides.before) == len(sides.after) == 20_000
    assert ("ins", "new ") in sides.after[10_000]
    assert sides.after[9_999] == [("same", paragraphs[9_999])]


def test_a_body_too_costly_to_compare_word_by_word_shows_its_paragraphs_whole():
    """Past the bound, a changed paragraph reads as removed and added whole, still as text."""
    old, new = words(2_000, "a", "b"), words(2_000, "b", "a")
    sides = side_by_side(old, new)
    assert sides.before == [[("del", old)]] and sides.after == [[("ins", new)]]


@pytest.mark.django_db
def test_read_more_and_pictures_in_the_text_read_as_headline_and_description(
    editor_client, django_user_model
):
    """On the conflict page and in a revision comparison, what is placed in the text names the
    story's headline and the picture's description, not their ids."""
    from tests.factories import ImageFactory

    target = ArticleFactory(headline="Her Smell, reviewed")
    picture = ImageFactory(alt_text="Elisabeth Moss on stage")
    article = ArticleFactory(body=BODY)
    save(editor_client, article)
    mine = form_data(editor_client.get(change_url(article)))
    placed = f'<p>One.</p><figure data-read-more="{target.pk}"></figure>'
    placed += f'<figure data-image="{picture.pk}"></figure>'
    save(client_for(make_staff(django_user_model, "otto", "Editor")), article, body=placed)
    response = editor_client.post(change_url(article), {**mine, "dek": "My standfirst"})
    yours = BeautifulSoup(response.content, "html.parser").select("#conflict table.workflow-diff")[1]
    saved, _typed = cells({row.th.get_text(strip=True): row for row in yours.select("tbody tr")}["Body"])
    named = ["[READ MORE: Her Smell, reviewed]", "[Picture: Elisabeth Moss on stage]"]
    assert saved == ["One.", *named]
    new, old = Version.objects.get_for_object(article)[:2]
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"a": old.pk, "b": new.pk}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {row.th.get_text(strip=True): row for row in soup.select("#revision-diff tbody tr")}
    assert cells(rows["Body"])[1][1:] == named
