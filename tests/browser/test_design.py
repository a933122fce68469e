"""The designed pages in a real browser at a desktop width (1280 px) and a phone width (375 px):
no sideways scrolling, search results first on a phone, timeline labels bound to their
inputs, names chosen with suggestions, the copy button, axe-core at phone width.

Screenshots of the main page types at both widths are written to tests/browser/screenshots/
(ignored by git) on every run, so anyone can look at the pages after `make test`."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages import OPEN_LETTER, _axe_violations

SHOTS = Path(__file__).parent / "screenshots"
WIDTHS = {"desktop": (1280, 800), "phone": (375, 667)}
PAGES = {
    "home": "/",
    "search": "/documents/?q=ashraf",
    "document": OPEN_LETTER,
    "person": "/people/nouri-al-maliki/",
    "organisation": "/organisations/mojahedin-e-khalq/",
    "timeline": "/timeline/",
}


@pytest.fixture
def at_width(live_server, browser):
    contexts = []

    def open_at(width_name, path, **options):
        width, height = WIDTHS[width_name]
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + path)
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_pages_fit_the_width_and_are_photographed(at_width, seed, width_name):
    SHOTS.mkdir(exist_ok=True)
    too_wide = {}
    for name, path in PAGES.items():
        page = at_width(width_name, path)
        page.wait_for_load_state("networkidle")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > WIDTHS[width_name][0]:
            too_wide[name] = scroll_width
        page.screenshot(path=SHOTS / f"{name}-{width_name}.png", full_page=True)
    assert too_wide == {}


def test_phone_search_shows_count_and_first_result_on_the_first_screen(at_width, seed):
    page = at_width("phone", "/documents/?q=ashraf")
    height = WIDTHS["phone"][1]
    count = page.locator("#results-heading").bounding_box()
    first = page.locator("#hits li.hit h3").first.bounding_box()
    assert count["y"] + count["height"] <= height
    assert first["y"] + first["height"] <= height, first
    # The filters wait behind one disclosure, closed, below the results.
    expect(page.get_by_role("checkbox", name=re.compile(r"^Report \d"))).to_be_hidden()
    page.locator("#filters > summary").click()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Report \d"))).to_be_visible()
    # It stays open while htmx swaps the results under it.
    page.get_by_role("checkbox", name=re.compile(r"^Report \d")).check()
    expect(page).to_have_url(re.compile(r"kind=report"))
    expect(page.locator("#filters")).to_have_attribute("open", "")


def test_desktop_search_shows_the_filters_beside_the_results(at_width, seed):
    page = at_width("desktop", "/documents/")
    checkbox = page.get_by_role("checkbox", name=re.compile(r"^Report \d"))
    expect(checkbox).to_be_visible()
    assert checkbox.bounding_box()["x"] < page.locator("#hits").bounding_box()["x"]


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_timeline_labels_focus_their_own_inputs(at_width, seed, width_name):
    page = at_width(width_name, "/timeline/")
    for label, input_id in (("Person", "tl-person"), ("Organisation", "tl-organisation"), ("Place", "tl-place")):
        page.locator(f"label[for={input_id}]").click()
        assert page.evaluate("document.activeElement.id") == input_id
        label_box = page.get_by_text(label, exact=True).bounding_box()
        input_box = page.locator(f"#{input_id}").bounding_box()
        # The label sits directly above its own input, not beside another one.
        assert abs(label_box["x"] - input_box["x"]) < 2 and 0 <= input_box["y"] - label_box["y"] < 40


def test_timeline_person_chosen_by_name_with_suggestions(at_width, seed):
    page = at_width("desktop", "/timeline/")
    page.locator("#tl-person").press_sequentially("malik", delay=30)
    expect(page.locator("#tl-person-options option[value='Nouri al-Maliki']")).to_have_count(1)
    page.locator("#tl-person").fill("Nouri al-Maliki")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#timeline-heading")).to_contain_text("Nouri al-Maliki")
    expect(page).to_have_url(re.compile(r"person=Nouri"))


def test_copy_button_copies_the_citation(at_width, seed):
    page = at_width("desktop", OPEN_LETTER, permissions=["clipboard-read", "clipboard-write"])
    button = page.locator("button[data-copy='cite-chicago']")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-chicago").inner_text().strip()
    assert copied.startswith("Khodabandeh, Massoud, and Iran Interlink.")


def test_copy_buttons_stay_hidden_without_javascript(at_width, seed):
    page = at_width("desktop", OPEN_LETTER, java_script_enabled=False)
    expect(page.locator("button[data-copy]").first).to_be_hidden()
    expect(page.locator("#cite-chicago")).to_be_visible()


def test_phone_pages_pass_axe(live_server, browser, seed, axe_source):
    context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)
    page = context.new_page()
    failures = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        violations = _axe_violations(page, axe_source)
        if violations:
            failures[name] = violations
    page.goto(live_server.url + "/documents/?q=ashraf")
    page.locator("#filters > summary").click()
    if violations := _axe_violations(page, axe_source):
        failures["search with filters open"] = violations
    context.close()
    assert failures == {}
