"""Search and browse in a real browser: facets, history, load more, suggestions, no JavaScript."""

import re

from playwright.sync_api import expect

from archive.models import Status


def _hits(page):
    return page.locator("#hits li.hit")


def test_facet_filter_updates_results_and_address_and_back_restores(site, seed):
    page = site("/documents/")
    total = _hits(page).count()
    assert total > 2
    page.get_by_role("checkbox", name=re.compile(r"^Report \d")).check()
    expect(page).to_have_url(re.compile(r"kind=report"))
    expect(page.locator("#results-heading")).not_to_have_text(f"{total} documents")
    kinds = page.locator("#hits li.hit .kind").all_inner_texts()
    assert kinds and all(k == "Report" for k in kinds)
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"kind="))
    expect(_hits(page)).to_have_count(total)
    expect(page.get_by_role("checkbox", name=re.compile(r"^Report \d"))).not_to_be_checked()


def test_load_more_appends_the_next_page(site, make_document):
    for i in range(25):
        make_document(title=f"Numbered letter {i:02d}", date_edtf=f"{1990 + i}", status=Status.PUBLISHED)
    page = site("/documents/?sort=date")
    expect(_hits(page)).to_have_count(20)
    page.get_by_role("link", name="Load more results").click()
    expect(_hits(page)).to_have_count(25)
    expect(page.get_by_role("link", name="Load more results")).to_have_count(0)
    titles = page.locator("#hits li.hit h3").all_inner_texts()
    assert titles == sorted(titles)


def test_name_suggestions_offer_records(site, make_person):
    make_person("Nouri al-Maliki", aliases=["Nuri Kamil al-Maliki"], slug="nouri-al-maliki")
    page = site("/")
    page.get_by_label("Search the documents").press_sequentially("maliki", delay=30)
    suggestion = page.locator("#home-q-suggestions").get_by_role("link", name="Nouri al-Maliki", exact=True)
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page).to_have_url(re.compile(r"/people/nouri-al-maliki/$"))


def test_search_works_without_javascript(live_server, browser, seed):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/documents/")
    page.get_by_role("checkbox", name=re.compile(r"^Report \d")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"kind=report"))
    kinds = page.locator("#hits li.hit .kind").all_inner_texts()
    assert kinds and all(k == "Report" for k in kinds)
    page.get_by_label("Words or names").fill("Maliki")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=Maliki"))
    context.close()


def test_no_content_security_policy_violations(site, seed):
    page = site.page
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    site("/documents/cable-iranian-popular-attitudes-towards-the-mek/")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    site("/documents/")
    page.get_by_role("checkbox", name=re.compile(r"^Report \d")).check()
    expect(page).to_have_url(re.compile(r"kind=report"))
    assert violations == []
