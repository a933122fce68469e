"""Memory and load time of the in-memory document columns, at any corpus size.

    .venv/bin/python bench/columns.py --documents 1000000

Uses (or generates) the search benchmark's corpus (`bench/corpus.py`), then loads the
document columns once in this process, as a worker does on its first search after a start
or a full reload, and prints the load time, the bytes of the arrays held and how much the
process's resident memory grew (and how high it went while loading).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)


def resident_mb(field: str = "VmRSS") -> float:
    """The process's resident memory now (`VmHWM`: its highest so far), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return float("nan")


def array_bytes(value, seen: set[int]) -> int:
    """Bytes of every numpy array reachable from `value` (attributes, dicts, sequences)."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(array_bytes(v, seen) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(array_bytes(v, seen) for v in value)
    if hasattr(value, "__dict__"):
        return array_bytes(vars(value), seen)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()
    bench_search.prepare(args.documents)

    from archive.search.columns import document_columns
    from archive.search.tokens import current_tokens

    state = current_tokens()
    gc.collect()
    before = resident_mb()
    if resident_mb("VmHWM") > before + 1:
        # The high-water mark would hide the load's own peak: start it again from here.
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    started = time.perf_counter()
    columns = document_columns(state)
    loaded = time.perf_counter() - started
    gc.collect()
    after = resident_mb()
    print(f"{args.documents} documents: loaded in {loaded:.1f} s; arrays {array_bytes(columns, set()) / 2**20:.0f} MB; "
          f"resident memory {before:.0f} → {after:.0f} MB (+{after - before:.0f} MB; "
          f"peak during the load +{resident_mb('VmHWM') - before:.0f} MB)")


if __name__ == "__main__":
    main()
