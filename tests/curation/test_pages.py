"""Reading and parsing saved pages, on pages written for these tests (not the seeds)."""

import pytest

from archive.curation.pages import MAX_PAGE_BYTES, PageError, decode_page, parse_page, parse_date

from .conftest import ARTICLE, CABLE, COMPILATION, HTML, LETTER, OPEN_LETTER


def test_letter_has_recipient_author_place_and_date_from_salutation_and_signature():
    page = parse_page(LETTER)
    assert page.kind == "letter"
    assert page.title == "A letter to the minister about the river"
    assert page.values("topic") == ["Europe"]
    assert page.values("recipient") == ["Ånna Kowalská"]
    assert page.values("author") == ["Tomás Ferreira"]
    assert page.values("place_written") == ["Lisbon"]
    assert page.values("date") == ["2019-03-03"]
    date = next(g for g in page.guesses if g.field == "date")
    assert date.as_written == "3 March 2019" and "Tomás Ferreira" in date.source_text


def test_letter_body_drops_breadcrumb_repeated_title_and_footer():
    page = parse_page(LETTER)
    assert "Home »" not in page.body
    assert "You may also like" not in page.body and "Leave a Comment" not in page.body
    assert page.body.count("A letter to the minister") == 0
    assert page.body.startswith("Dear Minister")


def test_open_letter_lists_every_addressee_without_titles():
    page = parse_page(OPEN_LETTER)
    assert page.kind == "open_letter"
    assert page.values("recipient") == ["Maria Lindqvist", "Peter Okafor"]
    assert page.values("author") == ["Helen Brandt"]
    assert page.values("author_organisation") == ["Rural Health Network"]
    assert page.values("place_written") == ["Sweden"]
    # Undated: the month of the latest date it mentions, flagged as an inference.
    date = next(g for g in page.guesses if g.field == "date")
    assert date.value == "2021-02?" and "Undated" in date.note


def test_cable_recognised_by_markings():
    page = parse_page(CABLE)
    assert page.kind == "cable"
    assert page.values("classification") == ["CONFIDENTIAL"]


def test_article_without_salutation_or_markings():
    page = parse_page(ARTICLE)
    assert page.kind == "article"
    assert page.title == "Harbour festival draws record crowds"
    assert "Related posts" not in page.body and "Another festival story" not in page.body
    assert page.values("recipient") == [] and page.values("author") == []


def test_compilation_flagged_for_splitting_and_teasers_removed():
    page = parse_page(COMPILATION)
    assert page.kind == "compilation"
    assert page.values("split")
    assert "..." not in page.body
    assert page.body.count("Flooding closed the bridge on Monday") == 1


def test_html_page_read_without_navigation_or_footer():
    text = decode_page(HTML.encode(), "statement.html")
    page = parse_page(text)
    assert page.title == "Statement on the harbour"
    assert "Home" not in page.body and "Leave a Comment" not in page.body
    assert "pier will reopen in May" in page.body


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Caf\u00e9 au lait".encode("latin-1"), "not UTF-8"),
        (b"a" * (MAX_PAGE_BYTES + 1), "too large"),
    ],
)
def test_unreadable_files_are_refused_with_their_reason(data, reason):
    with pytest.raises(PageError, match=reason):
        decode_page(data, "page.txt")


@pytest.mark.parametrize(
    "text, edtf",
    [("October 16 2014", "2014-10-16"), ("16 October 2014", "2014-10-16"), ("Oct. 16, 2014", "2014-10-16"),
     ("2011-05-02", "2011-05-02"), ("May 2011", "2011-05"), ("31 February 2011", "2011-02")],
)
def test_dates_as_letters_write_them(text, edtf):
    parsed = parse_date(text)
    assert (parsed[0] if parsed else None) == edtf
