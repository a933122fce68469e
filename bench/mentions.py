"""Mention detection at scale: a full re-scan of 100,000 documents for 10,000 names.

Deterministic (a seeded generator): the same corpus and names on every run. Prints documents
per second for the Aho-Corasick matcher used by the archive, and for a baseline measured in the
same run (one compiled regular expression per name, on a sample of the documents), with the
ratio between them. Run: `.venv/bin/python bench/mentions.py [--docs N] [--names N]`.
"""

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from archive.curation.matching import NameMatcher  # noqa: E402
from archive.text import fold  # noqa: E402

SYLLABLES = ["ma", "ri", "so", "ud", "ra", "ja", "vi", "ka", "mi", "ne", "zh", "al", "ba", "di", "ha", "sh", "ta", "ko"]
ACCENTED = {"a": "á", "o": "ö", "u": "ü", "e": "é", "i": "ï"}
WORDS = ("the of and to in a was for on that with by as at from his her they their camp letter families "
         "government members said report meeting leader group people country city wrote".split())


def make_word(rng, lo=2, hi=4):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi))).capitalize()


def make_names(rng, n):
    names = set()
    while len(names) < n:
        names.add(" ".join(make_word(rng) for _ in range(rng.randint(1, 3))))
    return sorted(names)


def variant(rng, name):
    """How a document might write a name: other case, accents, hyphens."""
    choice = rng.random()
    if choice < 0.25:
        return name.upper()
    if choice < 0.5:
        return "".join(ACCENTED.get(ch, ch) if rng.random() < 0.3 else ch for ch in name)
    if choice < 0.6:
        return name.replace(" ", "-")
    return name


def make_documents(rng, names, n, words=300, mentions=6):
    docs = []
    for _ in range(n):
        body = [rng.choice(WORDS) for _ in range(words)]
        for _ in range(mentions):
            body[rng.randrange(words)] = variant(rng, rng.choice(names))
        docs.append(" ".join(body) + ".")
    return docs


def regex_baseline(names):
    """The naive approach: one folded, whole-word pattern per name."""
    patterns = [re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, fold(n).split())) + r"(?!\w)") for n in names]

    def find(text):
        folded = fold(text)
        return [m.span() for p in patterns for m in p.finditer(folded)]

    return find


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--baseline-sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2011)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    names = make_names(rng, args.names)
    started = time.perf_counter()
    docs = make_documents(rng, names, args.docs)
    chars = sum(map(len, docs))
    print(f"corpus: {args.docs:,} documents ({chars / args.docs:,.0f} characters each), {args.names:,} names "
          f"(generated in {time.perf_counter() - started:.1f} s)")

    started = time.perf_counter()
    matcher = NameMatcher((name, i) for i, name in enumerate(names))
    build = time.perf_counter() - started

    started = time.perf_counter()
    found = 0
    for doc in docs:
        found += len(matcher.find(doc))
    scan = time.perf_counter() - started
    rate = args.docs / scan
    print(f"aho-corasick: automaton built in {build:.2f} s; scanned {args.docs:,} documents in {scan:.1f} s "
          f"= {rate:,.0f} documents/s ({found:,} mentions)")

    sample = docs[: args.baseline_sample]
    baseline = regex_baseline(names)
    started = time.perf_counter()
    base_found = sum(len(baseline(doc)) for doc in sample)
    base_time = time.perf_counter() - started
    base_rate = len(sample) / base_time
    sample_found = sum(len(matcher.find(doc)) for doc in sample)
    print(f"baseline (one regex per name) on {len(sample)} documents: {base_time:.1f} s = {base_rate:,.1f} documents/s "
          f"({base_found:,} mentions; aho-corasick finds {sample_found:,} on the same sample)")
    print(f"speed-up: {rate / base_rate:,.0f}x; target 2,000 documents/s: {'met' if rate >= 2000 else 'NOT met'}")


if __name__ == "__main__":
    main()
