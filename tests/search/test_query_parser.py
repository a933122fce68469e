"""The query language: what readers type becomes a safe, quoted backend query."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.names import build_query
from archive.search.query import All, Any, Phrase, Term, parse, render_fts5, render_tsquery


def tree(text):
    return build_query(parse(text), expand=False)[0]


def test_plain_words_are_all_required():
    assert render_fts5(tree("water supply")) == '("water" AND "supply")'
    assert render_tsquery(tree("water supply")) == "('water' & 'supply')"


def test_phrases_or_exclusion_and_prefix():
    node = tree('"cedar camp" OR gate -winter famil*')
    assert node == All(
        (Any((Phrase(("cedar", "camp")), Term("gate"))), Term("famil", prefix=True)), (Term("winter"),)
    )
    assert render_fts5(node) == '((("cedar camp" OR "gate") AND "famil"*) NOT ("winter"))'
    assert render_tsquery(node) == "((('cedar' <-> 'camp') | 'gate') & 'famil':* & !'winter')"


def test_hyphenated_word_is_a_phrase_and_case_and_script_are_folded():
    assert tree("Al-Tahir") == All((Phrase(("al", "tahir")),))
    assert tree("كتاب") == tree("کتاب")
    assert tree("Ségolène") == All((Term("segolene"),))


def test_operators_and_punctuation_are_words_or_ignored_never_syntax():
    parsed = parse('NEAR(a b) AND : ^ "unbalanced')
    assert "unmatched quotation mark" in " ".join(parsed.notes)
    rendered = render_fts5(build_query(parsed, expand=False)[0])
    # Punctuation inside a token joins its words as a phrase; "AND" is a common word, dropped.
    assert rendered == '("near a" AND "b" AND "unbalanced")'


def test_only_excluded_words_is_no_query_with_a_message():
    parsed = parse("-water -gate")
    assert parsed.is_empty
    assert "at least one word" in " ".join(parsed.notes)


def test_common_words_are_dropped_with_a_message():
    parsed = parse("the water")
    assert [item.words for group in parsed.groups for item in group] == [("water",)]
    assert "“the”" in " ".join(parsed.notes)


def test_very_long_input_is_cut_with_a_message():
    parsed = parse("word " * 5000)
    assert len(list(parsed.items())) <= 32
    assert parsed.notes


# No reader text can act as FTS5 or tsquery syntax: outside the quotes there are only
# the operators the renderer wrote.
@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_string_renders_to_quoted_words_only(text):
    parsed = parse(text)
    if parsed.is_empty:
        return
    node = build_query(parsed, expand=False)[0]
    fts = render_fts5(node)
    for quoted in re.findall(r'"([^"]*)"', fts):
        assert all(re.fullmatch(r"(?:[^\W_]|[\u0300-\u036f\u064b-\u065f\u0670])+", w) for w in quoted.split(" "))
    outside = re.sub(r'"[^"]*"', "", fts)
    assert set(re.sub(r"AND|OR|NOT", "", outside)) <= set("()* ")
    ts = render_tsquery(node)
    outside = re.sub(r"'[^']*'", "", ts)
    assert set(re.sub(r"<->", "", outside)) <= set("()&|!:* ")
