"""Every page type in a real browser: accessibility (axe-core), phone width, citation files."""

import pytest
from playwright.sync_api import expect

from archive.models import Role

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
OPEN_LETTER = "/documents/open-letter-khodabandeh-to-iraqi-leaders-on-camp-ashraf/"
PAGE_TYPES = [
    "/",
    "/documents/",
    "/documents/?q=maliki&kind=open_letter",
    OPEN_LETTER,
    "/documents/cable-iranian-popular-attitudes-towards-the-mek/",
    "/people/nouri-al-maliki/",
    "/organisations/mojahedin-e-khalq/",
    "/places/camp-ashraf/",
    "/topics/",
    "/topics/camp-ashraf/",
    "/timeline/",
    "/about/",
    "/names/?q=rajavi",
    "/documents/no-such-document/",
]


def _axe_violations(page, axe_source):
    page.evaluate(axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def test_every_page_type_passes_axe(live_server, browser, seed, axe_source):
    # axe is injected as a script, which the site's own CSP rightly forbids.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    failures = {}
    for path in PAGE_TYPES:
        page.goto(live_server.url + path)
        violations = _axe_violations(page, axe_source)
        if violations:
            failures[path] = violations
    context.close()
    assert failures == {}


@pytest.mark.parametrize("path", ["/", "/documents/", OPEN_LETTER, "/organisations/mojahedin-e-khalq/"])
def test_readable_on_a_375_pixel_phone(live_server, browser, seed, path):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_cite_downloads(site, make_document, make_person):
    document = make_document(title="A letter to cite", slug="a-letter-to-cite", date_edtf="2014-10-16")
    Role.objects.create(document=document, role="author", person=make_person("Ann Author"))
    page = site(document.get_absolute_url())
    expected = {"BibTeX": ("a-letter-to-cite.bib", "@misc{"), "RIS": ("a-letter-to-cite.ris", "TY  - "),
                "CSL-JSON": ("a-letter-to-cite.json", '"family": "Author"')}
    for label, (filename, needle) in expected.items():
        with page.expect_download() as info:
            page.get_by_role("link", name=label).click()
        download = info.value
        assert download.suggested_filename == filename
        assert needle in open(download.path(), encoding="utf-8").read()


def test_paragraph_links_and_skip_link(site, seed):
    page = site(OPEN_LETTER + "#p4")
    expect(page.locator("#p4")).to_be_in_viewport()
    page = site(OPEN_LETTER)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(OPEN_LETTER.join([site.url, "#main"]))


def test_axe_finds_a_planted_violation(site, db, axe_source, browser, live_server):
    """The accessibility check can fail: an unlabelled input is reported."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/about/")
    page.evaluate("document.querySelector('main').appendChild(document.createElement('input'))")
    ids = [v[0] for v in _axe_violations(page, axe_source)]
    context.close()
    assert "label" in ids
