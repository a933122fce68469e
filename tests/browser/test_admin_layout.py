"""The curators' screens at 1280 px in a real browser: the document form in fieldsets with a
tall text box, every inline column and the mentions list within the screen, and the
breadcrumb of the archive's own admin pages inside its bar."""

import pytest
from django.contrib.auth.models import User

from archive.curation.models import MentionSuggestion
from archive.models import Document

OPEN_LETTER = "open-letter-khodabandeh-to-iraqi-leaders-on-camp-ashraf"
WIDTH = 1280


@pytest.fixture
def curator_page(live_server, browser):
    User.objects.create_superuser("chief", "chief@example.org", "a-long-test-password")
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    def open_path(path):
        page.goto(live_server.url + path)
        return page

    yield open_path
    context.close()


def _overflow(page, selector):
    """Right edges of the matching elements past the viewport, in pixels."""
    return page.evaluate(
        """([selector, width]) => [...document.querySelectorAll(selector)]
            .map(e => e.getBoundingClientRect().right).filter(right => right > width)""",
        [selector, WIDTH],
    )


def test_document_form_fits_the_screen_with_a_tall_text_box(curator_page, seed):
    document = Document.objects.get(slug=OPEN_LETTER)
    page = curator_page(f"/admin/archive/document/{document.pk}/change/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    # The last column of every inline (its delete box) is on screen.
    assert _overflow(page, ".inline-group .tabular td.delete, .inline-group .tabular th:last-child") == []
    body = page.locator("#id_body").bounding_box()
    assert body["height"] >= 400 and body["width"] >= 600
    # Rarely used fields wait in a collapsed fieldset.
    assert not page.locator("#id_curator_notes").is_visible()
    page.screenshot(path=_shot("admin-document-desktop.png"), full_page=True)


def test_mentions_list_gives_the_context_room(curator_page, seed):
    document = Document.objects.get(slug=OPEN_LETTER)
    role = document.roles.filter(person__isnull=False).first()
    start = document.body.index("Iraq")
    MentionSuggestion.objects.create(document=document, person=role.person, start=start, end=start + 4, text="Iraq")
    page = curator_page("/admin/curation/mentionsuggestion/")
    context = page.locator("td.field-context_display").first.bounding_box()
    assert context["width"] >= 250
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_breadcrumb_of_the_archives_own_pages_sits_in_its_bar(curator_page, seed):
    page = curator_page("/admin/curation/importedpage/upload/")
    crumbs = page.locator("div.breadcrumbs")
    background = crumbs.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert crumbs.bounding_box()["x"] == 0


def _shot(name):
    from tests.browser.test_design import SHOTS

    SHOTS.mkdir(exist_ok=True)
    return SHOTS / name
