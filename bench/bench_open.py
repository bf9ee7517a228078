"""Opening a database: the damage check (SQLite's quick check) it costs, and what an unchanged
file saves.

    .venv/bin/python bench/bench_open.py /tmp/big.sqlite3 --runs 3

Each run opens the database once as after a change made outside RJ Desk (the note of its last
sound close removed, so the quick check reads the whole file) and once as RJ Desk left it (the
note matching, so no check), and prints the times of both and of the check alone.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rjdesk.services.core.database import open_database
from rjdesk.store import soundness


def _open_close(path: Path) -> float:
    started = time.perf_counter()
    open_database(path, create=False).close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    note = args.db.with_name(args.db.name + ".checked")
    checked, unchanged, alone = [], [], []
    for _ in range(args.runs):
        note.unlink(missing_ok=True)
        started = time.perf_counter()
        assert soundness.damage(args.db) is None
        alone.append(time.perf_counter() - started)
        note.unlink(missing_ok=True)
        checked.append(_open_close(args.db))
        unchanged.append(_open_close(args.db))
    size = args.db.stat().st_size / 2**20
    print(f"{args.db} ({size:,.0f} MB), {args.runs} runs, median (min-max) seconds:")
    for name, times in (("quick check alone", alone), ("open, checked", checked),
                        ("open, unchanged since a sound close", unchanged)):
        print(f"  {name}: {statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})")


if __name__ == "__main__":
    main()
