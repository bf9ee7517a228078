"""People list and search at scale: run by hand, never in the test suite.

    .venv/bin/rjdesk-cli demo --db /tmp/big.sqlite3 --scale 1000 --seed 1   # ~1M offenders
    .venv/bin/python bench/bench_people.py /tmp/big.sqlite3

Measures, as a signed-in user would feel them: the time to the people list's first page
(home site and all sites), the time per search keystroke while typing names and DOC numbers
(p50/p95 over every prefix of every sample), and the peak resident memory of the process.
Targets (issue "The spine"): p95 ≤ 30 ms a keystroke, first page ≤ 100 ms, peak RSS ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from rjdesk.domain.people.models import Offender
from rjdesk.services.admin import auth
from rjdesk.services.core.database import open_database
from rjdesk.services.people import query as pq


def _ms(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--user", default="staff")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    db = open_database(args.db, create=False)
    actor = auth.sign_in(db, args.user, args.password)
    with db.reading() as s:
        total = s.scalar(select(func.count()).select_from(Offender))
        rng = random.Random(args.seed)
        offset = rng.randrange(max(1, total - args.samples * 50))
        sample = s.execute(select(Offender.last_name, Offender.first_name, Offender.doc_number)
                           .offset(offset).limit(args.samples * 50)).all()
    people = rng.sample(sample, min(args.samples, len(sample)))
    print(f"database: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB), {total:,} offenders")
    print(f"signed in as {actor.username} at {actor.site_code}")

    for label, site in (("home site", actor.site_id), ("all sites", None)):
        first = [_ms(lambda: pq.list_offenders(db, actor, pq.PeopleFilter(site_id=site)))
                 for _ in range(5)]
        print(f"first page ({label}): cold {first[0]:.1f} ms, warm median "
              f"{statistics.median(first[1:]):.1f} ms")

    for label, site in (("home site", actor.site_id), ("all sites", None)):
        times: list[float] = []
        for last, first, doc in people:
            typed = f"{last} {first}"
            for n in range(1, len(typed) + 1):
                query = typed[:n]
                times.append(_ms(lambda: pq.list_offenders(db, actor, pq.PeopleFilter(
                    site_id=site, query=query))))
            for n in range(1, len(doc) + 1):
                query = doc[:n]
                times.append(_ms(lambda: pq.list_offenders(db, actor, pq.PeopleFilter(
                    site_id=site, query=query))))
        print(f"keystroke ({label}): {len(times)} searches, p50 {_pct(times, 50):.1f} ms, "
              f"p95 {_pct(times, 95):.1f} ms, max {max(times):.1f} ms")

    # The same through the Qt table model the People page shows, offscreen.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from rjdesk.ui.people.model import PeopleTableModel

    app = QApplication.instance() or QApplication([])  # noqa: F841 - the model needs one
    for label, site in (("home site", actor.site_id), ("all sites", None)):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            model = PeopleTableModel(db, actor, pq.PeopleFilter(site_id=site))
            if model.canFetchMore():
                model.fetchMore()
            model.data(model.index(0, 1))
            times.append((time.perf_counter() - start) * 1000)
            assert model.rowCount() > 0
        print(f"first page in the table model ({label}): cold {times[0]:.1f} ms, warm median "
              f"{statistics.median(times[1:]):.1f} ms")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
