"""Reading saved HTML pages, on the labelled intake corpus (pages written for the project in
the structures real sites give them; see intake_corpus/README.md)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from archive.curation.extract import decode_html, extract_html
from archive.curation.pages import PageError
from archive.text import name_key

CORPUS = Path(__file__).parent / "intake_corpus"
TRUTH = {t["file"]: t for t in json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))}


def read(name):
    return extract_html((CORPUS / "pages" / name).read_bytes(), name)


def values(page, *fields):
    return [g.value for g in page.guesses if g.field in fields]


def first(page, field):
    return next(g for g in page.guesses if g.field == field)


def recall(truth: str, body: str) -> float:
    expected, found = Counter(name_key(truth).split()), Counter(name_key(body).split())
    return sum(min(n, found[w]) for w, n in expected.items()) / sum(expected.values())


def test_the_corpus_has_thirty_pages_in_fifteen_structures_with_both_scripts():
    assert len(TRUTH) >= 30
    assert len({t["structure"] for t in TRUTH.values()}) >= 15
    assert {"letter", "open_letter", "statement", "press_release", "cable", "article"} <= {t["kind"] for t in TRUTH.values()}
    assert {"fa", "ar"} <= {t["language"] for t in TRUTH.values()}
    assert {"windows-1256", "windows-1252"} <= {t["encoding"] for t in TRUTH.values()}


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_no_page_loses_its_document(name):
    page = read(name)
    assert recall(TRUTH[name]["main_text"], page.body) >= 0.98


def test_field_accuracy_on_the_corpus_meets_the_targets():
    right = Counter()
    for name, truth in TRUTH.items():
        page = read(name)
        right["title"] += name_key(page.title) == name_key(truth["title"])
        right["kind"] += page.kind == truth["kind"]
        dates = [g for g in page.guesses if g.field == "date"]
        chosen = ([g for g in dates if g.as_written] or dates or [None])[0]
        right["date"] += (chosen.value if chosen else "") == truth["date"]
        authors = {name_key(v) for v in values(page, "author", "co_signatory", "author_organisation")}
        right["authors"] += authors == {name_key(a) for a in truth["authors"]}
        recipients = [name_key(v) for v in values(page, "recipient", "recipient_organisation")]
        right["recipients"] += recipients == [name_key(r) for r in truth["recipients"]]
    n = len(TRUTH)
    assert right["title"] / n >= 0.90
    assert right["kind"] / n >= 0.85
    assert right["date"] / n >= 0.90
    assert right["authors"] / n >= 0.85
    assert right["recipients"] / n >= 0.80


def test_a_cable_page_keeps_its_subject_and_paragraphs_and_its_own_date():
    page = read("cable-viewer-sep09.html")
    assert page.kind == "cable"
    assert page.title == "IRAQ: CAMP RESIDENTS REFUSE POLICE STATION INSIDE THE CAMP"
    for words in ("E.O. 12958: DECL: 09/24/2019", "1. (C) SUMMARY:", "2. (C) PolOff met", "4. (C) COMMENT:", "HILL"):
        assert words in page.body
    # The viewer's furniture is not the body, and its "latest releases" dates are not the date.
    assert "Browse by origin" not in page.body and "2010/12/01" not in page.body
    date = first(page, "date")
    assert (date.value, date.as_written) == ("2009-09-24", "241351Z SEP 09")
    assert values(page, "author_organisation") == ["AMEMBASSY BAGHDAD"]
    assert values(page, "recipient_organisation") == ["SECSTATE WASHDC", "IRAN COLLECTIVE"]
    assert values(page, "classification") == ["CONFIDENTIAL"]
    assert "TAGS: PREL, PHUM, PREF, IZ, IR" in first(page, "provenance").source_text
    removed = "\n".join(g.source_text for g in page.guesses if g.field == "removed")
    assert "Browse latest releases" in removed


def test_a_letters_addressee_block_gives_its_recipients_in_order_with_their_titles():
    page = read("letter-three-ministers.html")
    assert page.kind == "letter"
    assert values(page, "recipient") == ["Karim Saleh", "Adnan Faraj", "Tariq Nasser"]
    written = [g.as_written for g in page.guesses if g.field == "recipient"]
    assert written[1] == "His Excellency Mr. Adnan Faraj, Prime Minister of Iraq"
    assert values(page, "author") == ["Daniel Whitcombe"]
    assert values(page, "author_organisation") == ["Iran Interlink Bulletin"]


def test_an_office_addressee_and_a_signing_body_are_organisations():
    page = read("letter-office-only.html")
    assert values(page, "recipient_organisation") == ["UNHCR"]
    assert values(page, "author_organisation") == ["Sahand Family Foundation"]
    assert values(page, "author") == []


def test_a_letters_place_and_date_line_is_its_exact_date():
    page = read("ngo-letter-unhcr.html")
    date = first(page, "date")
    assert (date.value, date.as_written) == ("2013-04-29", "29 Apr 2013")
    assert values(page, "place_written") == ["Baghdad"]
    # The post's own date (2 May) and the sidebar's dates are never the letter's.
    assert "2013-05-02" not in values(page, "date")


def test_title_without_the_site_name_which_becomes_the_source():
    page = read("news-cms-raid.html")
    assert page.title == "Clashes at camp in Iraq leave dozens wounded"
    assert values(page, "source_title") == ["The Daily Chronicle"]
    blog = read("former-member-letter.html")
    assert blog.title == "A letter from Paris to the Minister"


def test_kind_comes_with_its_reason():
    for name, kind, reason in [("press-release-wire.html", "press_release", "release"),
                               ("statement-press-spokesperson.html", "statement", "statement"),
                               ("open-letter-congress.html", "open_letter", "open letter")]:
        page = read(name)
        guess = first(page, "kind")
        assert page.kind == kind and reason in guess.note.lower()


def test_a_page_saved_in_windows_1256_is_persian_right_to_left():
    page = read("open-letter-persian.html")
    assert page.language == "fa" and page.direction == "rtl"
    assert "کمپ" in page.body


def test_a_meta_charset_that_lies_is_overruled_by_the_bytes():
    arabic = read("statement-arabic-ministry.html")  # declares windows-1256, saved as UTF-8
    assert arabic.language == "ar" and arabic.direction == "rtl" and "الحكومة العراقية" in arabic.body
    western = read("letter-static-1252.html")  # declares UTF-8, saved as windows-1252
    assert "camp’s officials" in western.body
    assert "declared utf-8" in first(western, "encoding").note


def test_a_removed_block_knows_the_paragraph_it_followed():
    page = read("news-cms-raid.html")
    caption = next(g for g in page.guesses if g.field == "removed" and "Photo: Agency" in g.source_text)
    assert caption.note == "an image caption"
    inline = next(g for g in page.guesses if g.field == "removed" and "Read more" in g.source_text)
    paragraphs = page.body.split("\n\n")
    assert paragraphs[int(inline.value)].startswith(inline.as_written[:40])


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (b"<html><body><nav><a>Home</a> <a>News</a></nav><footer>(c) 2020 Site</footer></body></html>", "main text"),
    (b"<html><head><title>Nothing</title></head><body>   </body></html>", "no visible text"),
    (b"<html><body>" + b"<p>" + b"word " * 600_000 + b"</p></body></html>", "too large"),
])
def test_bad_pages_are_refused_with_a_reason(data, reason):
    with pytest.raises(PageError, match=reason):
        extract_html(data, "bad.html")


def test_malformed_html_is_read_as_far_as_it_goes():
    html = ("<html><body><div><h1>Statement on the river</h1><p>The council said on Monday that the weir "
            "will be rebuilt before the winter floods<div><p>Work starts in May and will take four months to finish "
            "<b>if the weather holds</p></body>").encode()
    page = extract_html(html, "broken.html")
    assert "weir will be rebuilt" in page.body and "if the weather holds" in page.body
    assert page.kind == "statement"


def test_utf8_with_a_byte_order_mark_and_no_declaration():
    decoded = decode_html("\ufeff<html><body><p>Café</p></body></html>".encode("utf-8"))
    assert "Café" in decoded.text


def test_an_undated_letter_gets_an_open_interval_up_to_its_publication_with_the_reason():
    page = read("letter-office-only.html")
    date = first(page, "date")
    assert date.value == "../2015-06-15" and date.as_written == ""
    assert date.note.startswith("Undated: written on or before 2015-06-15")
    # A news post's publication date is its own date, as the page shows it.
    news = first(read("news-cms-raid.html"), "date")
    assert (news.value, news.as_written) == ("2011-04-09", "9 April 2011")
