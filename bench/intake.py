"""Intake accuracy and speed: how well saved pages become drafts.

    .venv/bin/python bench/intake.py                     # the labelled corpus in tests/
    .venv/bin/python bench/intake.py DIR [DIR…]          # any folders of saved pages
    .venv/bin/python bench/intake.py --rounds 5          # more timing rounds

A folder with a `truth.json` (see tests/curation/intake_corpus/) is scored field by field;
any other folder of .html/.htm files is read and each page's guesses are printed, for a
person to check against the page. Extraction runs without a database (names are not
matched against records), as `archive.curation.extract.extract_html` does for a fresh
archive; the time is that of reading and extracting, one page after another on one core.

Per page: main-text recall (the share of the true main text's words found in the body, as
a multiset), furniture share (characters of body lines that are not in the true main text),
and whether title, kind, written date, authors, recipients and place are exactly right.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from archive.curation.extract import extract_html  # noqa: E402
from archive.curation.pages import PageError, decode_page, parse_page  # noqa: E402
from archive.text import name_key  # noqa: E402

CORPUS = ROOT / "tests" / "curation" / "intake_corpus"
TARGETS = {"recall_min": 0.98, "furniture": 0.02, "title": 0.90, "kind": 0.85, "date": 0.90,
           "authors": 0.85, "recipients": 0.80, "pages_per_second": 20}


def words(text: str) -> list[str]:
    return name_key(text).split()


def recall(truth: str, body: str) -> float:
    expected = Counter(words(truth))
    found = Counter(words(body))
    total = sum(expected.values())
    return sum(min(n, found[w]) for w, n in expected.items()) / total if total else 1.0


def furniture(truth: str, body: str) -> float:
    blob = " ".join(words(truth))
    lines = [line for line in body.split("\n") if line.strip()]
    total = sum(len(line) for line in lines) or 1
    extra = sum(len(line) for line in lines if " ".join(words(line)) not in blob)
    return extra / total


def chosen_date(page) -> str:
    """The date the importer puts on the draft: one written in the text first."""
    dates = [g for g in page.guesses if g.field == "date"]
    written = [g for g in dates if g.as_written]
    return (written or dates or [None])[0].value if dates else ""


def people(page, *fields) -> list[str]:
    return [g.value for g in page.guesses if g.field in fields]


def keyset(values) -> set[str]:
    return {name_key(v) for v in values}


def score(page, truth: dict) -> dict:
    authors = people(page, "author", "co_signatory", "author_organisation")
    recipients = people(page, "recipient", "recipient_organisation")
    place = next((g.value for g in page.guesses if g.field == "place_written"), "")
    return {
        "recall": recall(truth["main_text"], page.body),
        "furniture": furniture(truth["main_text"], page.body),
        "title": name_key(page.title) == name_key(truth["title"]),
        "kind": page.kind == truth["kind"],
        "date": chosen_date(page) == truth["date"],
        "authors": keyset(authors) == keyset(truth["authors"]),
        "recipients": [name_key(r) for r in recipients] == [name_key(r) for r in truth["recipients"]],
        "place": name_key(place) == name_key(truth["place"]),
        "language": page.language == truth.get("language", "en"),
        "got": {"title": page.title, "kind": page.kind, "date": chosen_date(page), "authors": authors,
                "recipients": recipients, "place": place},
    }


def baseline(data: bytes, name: str):
    """The importer before this benchmark: BeautifulSoup text with the page's <nav>, <header>,
    <footer> and <aside> dropped, then the plain-text rules of `pages.parse_page`."""
    return parse_page(decode_page(data, name))


def timed(files: list[Path], rounds: int, extract=extract_html) -> tuple[list, float]:
    datas = [(f, f.read_bytes()) for f in files]
    results = []
    for f, data in datas:  # warm-up, and the results
        try:
            results.append((f, extract(data, f.name)))
        except PageError as exc:
            results.append((f, exc))
    start = time.perf_counter()
    for _ in range(rounds):
        for f, data in datas:
            try:
                extract(data, f.name)
            except PageError:
                pass
    elapsed = time.perf_counter() - start
    return results, len(datas) * rounds / elapsed


def scored(results, truth) -> list[dict]:
    rows = []
    for f, page in results:
        if isinstance(page, PageError):
            rows.append({"file": f.name, "recall": 0.0, "furniture": 0.0, "title": False, "kind": False, "date": False,
                         "authors": False, "recipients": False, "place": False, "language": False,
                         "got": {"refused": str(page)}})
            continue
        rows.append(score(page, truth[f.name]) | {"file": f.name})
    return rows


def summary(rows) -> dict:
    n = len(rows)
    out = {"recall_min": min(r["recall"] for r in rows), "recall_mean": sum(r["recall"] for r in rows) / n,
           "furniture": sum(r["furniture"] for r in rows) / n}
    out.update({k: sum(r[k] for r in rows) / n for k in ("title", "kind", "date", "authors", "recipients", "place", "language")})
    return out


def run_labelled(folder: Path, rounds: int) -> None:
    truth = {t["file"]: t for t in json.loads((folder / "truth.json").read_text(encoding="utf-8"))}
    files = [folder / "pages" / name for name in truth]
    results, speed = timed(files, rounds)
    old_results, old_speed = timed(files, rounds, baseline)
    rows, old_rows = scored(results, truth), scored(old_results, truth)
    n = len(rows)
    print(f"{n} pages in {len({t['structure'] for t in truth.values()})} structures ({folder})\n")
    print(f"{'page':34} {'recall':>6} {'furn.':>6}  title kind date auth recp place")
    for row in rows:
        marks = " ".join(f"{'ok' if row[k] else '--':>4}" for k in ("title", "kind", "date", "authors", "recipients", "place"))
        print(f"{row['file'][:34]:34} {row['recall']:6.3f} {row['furniture']:6.3f}  {marks}")
    print()
    for row in rows:
        wrong = [k for k in ("title", "kind", "date", "authors", "recipients", "place") if not row[k]]
        if wrong:
            t = truth[row["file"]]
            print(f"{row['file']}: " + "; ".join(f"{k} got {row['got'].get(k)!r} want {t[k]!r}" for k in wrong))
    new, old = summary(rows), summary(old_rows)
    print("\n| measure | intake | before (same run) | target |\n|---|---:|---:|---|")

    def line(label, key, fmt, target=None, higher=True):
        value = new[key]
        verdict = ""
        if target is not None:
            met = value >= target if higher else value <= target
            verdict = f"{'≥' if higher else '≤'} {fmt(target)}: {'met' if met else 'NOT met'}"
        print(f"| {label} | {fmt(value)} | {fmt(old[key])} | {verdict} |")

    three = lambda v: f"{v:.3f}"  # noqa: E731
    pct = lambda v: f"{v:.0%}"  # noqa: E731
    line("main-text recall, lowest page", "recall_min", three, TARGETS["recall_min"])
    line("main-text recall, mean", "recall_mean", three)
    line("furniture share of body characters, mean", "furniture", three, TARGETS["furniture"], higher=False)
    line("title", "title", pct, TARGETS["title"])
    line("kind", "kind", pct, TARGETS["kind"])
    line("written date exact", "date", pct, TARGETS["date"])
    line("authors", "authors", pct, TARGETS["authors"])
    line("recipients in order", "recipients", pct, TARGETS["recipients"])
    line("place written", "place", pct)
    line("language", "language", pct)
    refused = sum(1 for _f, p in old_results if isinstance(p, PageError))
    print(f"| pages per second, one core | {speed:.1f} | {old_speed:.1f} | ≥ 20: {'met' if speed >= 20 else 'NOT met'} |")
    print(f"\nBefore: {refused} of {n} pages refused (not UTF-8); a refused page scores zero on every field.")


def run_unlabelled(folder: Path, rounds: int) -> None:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".html", ".htm")
                   and not any(part.endswith("_files") for part in p.relative_to(folder).parts[:-1]))
    if not files:
        print(f"{folder}: no .html pages")
        return
    results, speed = timed(files, rounds)
    for f, page in results:
        if isinstance(page, PageError):
            print(f"{f.name}: refused: {page}")
            continue
        removed = sum(len(g.source_text) for g in page.guesses if g.field == "removed")
        print(f"{f.name}\n  title: {page.title}\n  kind: {page.kind}; date: {chosen_date(page) or '—'}; "
              f"language: {page.language}\n  authors: {people(page, 'author', 'co_signatory', 'author_organisation')}\n"
              f"  recipients: {people(page, 'recipient', 'recipient_organisation')}\n"
              f"  body: {len(page.body):,} characters; removed: {removed:,}\n  begins: {page.body[:120]!r}\n")
    print(f"{len(files)} pages, {speed:.1f} pages per second")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds over the pages")
    args = parser.parse_args()
    for folder in args.folders:
        if (folder / "truth.json").exists():
            run_labelled(folder, args.rounds)
        else:
            run_unlabelled(folder, args.rounds)


if __name__ == "__main__":
    main()
