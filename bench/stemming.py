"""How often SQLite's FTS5 (Porter) and the ranking index (Snowball English, as PostgreSQL)
disagree on which words a query word matches, on real English text.

    .venv/bin/python bench/stemming.py FILE...   # default: the fixtures, licences, Vim's manual

Every distinct word of the texts (`query.words_of`; stop words left out, as the parser drops
them from plain terms) is stemmed both ways; a word "diverges"
when the words sharing its Porter stem are not the words sharing its Snowball stem, i.e. a
search for it finds other documents on SQLite with and without the index. Reports the share
of distinct words and of word occurrences that diverge, and the commonest examples.
"""

from __future__ import annotations

import collections
import glob
import os
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

DEFAULT = ["fixtures/*.json", "fixtures/source-pages/*", "/usr/share/common-licenses/*", "/usr/share/vim/vim*/doc/usr_*.txt"]


def porter_stems(words: list[str]) -> dict[str, str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(w, tokenize=\"porter unicode61 remove_diacritics 2\")")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.executemany("INSERT INTO t (rowid, w) VALUES (?, ?)", enumerate(words, start=1))
    return {words[doc - 1]: term for term, doc in db.execute("SELECT term, doc FROM v")}


def main():
    import django

    django.setup()
    from archive.search.query import STOP_WORDS, words_of
    from archive.search.ranking import analyzer

    paths = [p for pattern in (sys.argv[1:] or DEFAULT) for p in glob.glob(str(ROOT / pattern) if not pattern.startswith("/") else pattern)]
    counts = collections.Counter()
    for path in paths:
        if os.path.isfile(path):
            counts.update(w for w in words_of(Path(path).read_text(errors="replace")) if w.isalpha() and w.isascii() and w not in STOP_WORDS)
    words = sorted(counts)
    porter = porter_stems(words)
    snowball_analyzer = analyzer()
    snowball = {w: (snowball_analyzer.analyze(w) or [w])[0] for w in words}
    by_porter, by_snowball = collections.defaultdict(set), collections.defaultdict(set)
    for w in words:
        by_porter[porter.get(w, w)].add(w)
        by_snowball[snowball[w]].add(w)
    diverging = [w for w in words if by_porter[porter.get(w, w)] != by_snowball[snowball[w]]]
    occurrences = sum(counts.values())
    print(f"{len(paths)} files, {occurrences} words, {len(words)} distinct")
    print(f"diverging: {len(diverging)} distinct words ({len(diverging) / len(words):.1%}), "
          f"{sum(counts[w] for w in diverging) / occurrences:.1%} of occurrences")
    for w in sorted(diverging, key=counts.get, reverse=True)[:15]:
        print(f"  {w:16} {counts[w]:6}  porter {sorted(by_porter[porter.get(w, w)])}  snowball {sorted(by_snowball[snowball[w]])}")


if __name__ == "__main__":
    main()
