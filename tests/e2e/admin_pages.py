"""Driving the admin in a real browser: signing in, the select2 and inline widgets, and
checking a page for Content-Security-Policy violations and accessibility faults (axe-core)."""

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Every violation of the page's Content-Security-Policy, however it shows (a blocked script
# only logs to the console); an init script runs before the page's own and outside its policy.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def sign_in(browser, base_url: str, username: str, password: str, width: int = 1280, zone: str | None = None):
    """A new browser (at `width` px, in time zone `zone` if given) signed in to the admin."""
    context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id=zone)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return context, page


def slow_network(page, latency_ms: int) -> None:
    """Every request of the page from now on takes `latency_ms` more to answer, as on a slow
    connection (Chromium's own network emulation, through its debugging protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    conditions = {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1}
    session.send("Network.emulateNetworkConditions", conditions)


def csp_violations(page) -> list[str]:
    return page.evaluate("window.cspViolations")


def choose(page, select_id: str, search: str, label: str):
    """Pick an option in an admin autocomplete (select2) field."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option:not(.loading-results)", has_text=label).first.click()


def save(page) -> None:
    """Press Save and expect the admin's success message; otherwise show the form's errors."""
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success, .errornote")
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def add_inline_row(page, prefix: str) -> int:
    index = page.locator(f"#{prefix}-group .dynamic-{prefix}").count()
    page.locator(f"#{prefix}-group .add-row a").click()
    return index


def accessibility_faults(page, include: list[str]) -> list[str]:
    """Serious and critical axe-core violations inside the elements `include` selects.

    axe is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy does not govern (a <script> tag would be refused, rightly)."""
    if not AXE.exists():
        reason = f"axe-core is not installed at {AXE} (npm install)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"accessibility audits cannot be skipped in CI: {reason}")
        pytest.skip(reason)
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        "(include) => axe.run({include: include.map((selector) => [selector])},"
        " {resultTypes: ['violations']})",
        include,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def write(page, *paragraphs: str) -> None:
    """Type paragraphs at the end of the story's rich-text editor, as a writer would."""
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    for number, paragraph in enumerate(paragraphs):
        if number or editor.inner_text().strip():
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)


def insert_in_text(page, after: str, kind: str, choice: str | None = None) -> None:
    """Put the cursor at the end of the paragraph that says `after` and insert a READ MORE,
    an embed or a picture there (`kind`: the toolbar button's "Insert ..." name); `choice`
    picks one of the story's rows in the dialog, else its first."""
    page.locator(".ProseMirror p", has_text=after).click()
    page.keyboard.press("End")
    page.get_by_role("button", name=f"Insert {kind}").click()
    dialog = page.locator("dialog.place-chooser")
    if choice is not None:
        dialog.get_by_label(f"Insert {kind}").select_option(label=choice)
    dialog.get_by_role("button", name="Insert").click()


def schedule(page, when) -> None:
    """Set the publish time (a datetime in the newsroom's zone) and press Schedule."""
    page.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", when.strftime("%H:%M:%S"))
    page.click("#schedule-button")
    page.wait_for_selector(".messagelist .success, .errornote")
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def compare_latest_revisions(page, base_url: str, pk: int):
    """Open the story's revisions and compare the last two; the rows that changed."""
    page.goto(f"{base_url}/admin/articles/article/{pk}/revisions/")
    page.click("input[type=submit][value='Compare selected']")
    return page.locator("#revision-diff tr.changed")
