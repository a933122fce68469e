"""Shared passages of two documents, marked in their context, for the side-by-side screen."""

from django.utils.html import format_html

CONTEXT = 120


def _marked(text: str, start: int, end: int):
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if start > CONTEXT else "", before, text[start:end], after, "…" if end + CONTEXT < len(text) else "",
    )


def marked_passages(proposal) -> list[tuple]:
    """[(source excerpt, target excerpt)], escaped, with the shared passage in <mark>."""
    source, target = proposal.source.body, proposal.target.body
    pairs = []
    for s_start, s_end, t_start, t_end in proposal.passages:
        pairs.append((_marked(source, s_start, s_end), _marked(target, t_start, t_end)))
    return pairs
