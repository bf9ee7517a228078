"""ICVC at scale: run by hand, never in the test suite.

    .venv/bin/rjdesk-cli demo --db /tmp/big-icvc.sqlite3 --scale 1000 --seed 1
    .venv/bin/python bench/bench_icvc.py /tmp/big-icvc.sqlite3

Measures, as the facilitator at the door would feel them (issue 3, item 10):

(a) scan-to-feedback: signed in as the demo's ``staff`` (home site JCCC), the time from a DOC
    number read by the scanner to the answer of ``attendance.scan`` at a running session, over
    a mix of numbers: on the roster (marked present), the same again (already marked), a person
    of the site who is not on the roster, a number nobody has, and a misread (a letter in it, or
    two digits swapped). Target p95 ≤ 20 ms.
(b) the sign-in sheet of a class of 500 people (``printouts.print_roster``). Target ≤ 1 s.

Scans mark people and the big class is added for (b), so everything runs on a copy of the
database made with SQLite's backup API; the original is never written and the bench repeats.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from rjdesk.domain.icvc.enums import CrimeTopic, EnrollmentStatus
from rjdesk.domain.icvc.models import Attendance, Enrollment, IcvcClass, IcvcSession
from rjdesk.domain.people.models import Offender
from rjdesk.services.admin import auth
from rjdesk.services.core.context import acting
from rjdesk.services.core.database import open_database
from rjdesk.services.icvc import attendance, roster, schedule

BENCH = uuid.UUID("0b6f3c55-1d2e-4f7a-9c8b-5e4d3c2b1a09")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _line(label: str, times: list[float]) -> str:
    return (f"{label}: {len(times)} scans, p50 {_pct(times, 50):.1f} ms, "
            f"p95 {_pct(times, 95):.1f} ms, max {max(times):.1f} ms")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through the backup API (the WAL included), the source only read."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=65536)
    finally:
        dst.close()
        src.close()


def _typo(doc: str, rng: random.Random) -> str:
    """A misread: an O for a 0 or an l for a 1 (not a number at all), or two digits swapped
    (a number that may be nobody's, or somebody else's)."""
    if rng.random() < 0.5:
        i = rng.randrange(len(doc))
        return doc[:i] + rng.choice("OlIS") + doc[i + 1:]
    while True:
        i = rng.randrange(len(doc) - 1)
        if doc[i] != doc[i + 1]:
            return doc[:i] + doc[i + 1] + doc[i] + doc[i + 2:]


def bench_scans(db, actor, today: date, rounds: int, rng: random.Random) -> None:  # noqa: ANN001
    classes = [c for c in schedule.list_classes(db, actor, actor.site_id, today=today)
               if c.state == "running"]
    best = None
    for c in classes:
        view = schedule.get_class(db, actor, c.id, today=today)
        held = [s for s in view.sessions if not s.cancelled and s.held_on <= today]
        if held and (best is None or (held[-1].held_on, view.enrolled) >
                     (best[1].held_on, best[0].enrolled)):
            best = (view, held[-1])
    if best is None:
        raise SystemExit("no running class with a session today or before at the home site")
    view, session = best
    people = [r for r in roster.roster(db, actor, view.id)
              if r.status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)]
    on_roster = {r.doc_number for r in people}
    with db.reading() as s:
        here = [d for d in s.scalars(select(Offender.doc_number).where(
            Offender.site_id == actor.site_id).limit(5000)) if d not in on_roster]
        drawn = {str(rng.randrange(1_000_000, 10_000_000)) for _ in range(200)}
        taken = set(s.scalars(select(Offender.doc_number).where(
            Offender.doc_number.in_(drawn))))
        nobodys = sorted(drawn - taken)
        total = s.scalar(select(func.count()).select_from(Offender))
    print(f"scan: {view.title} at {view.site_code}, session of {session.held_on} "
          f"({session.label}), {len(people)} on the roster; {total:,} offenders in the database")

    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        # Start each round with the session unmarked, as at the door.
        with acting(db, actor) as s:
            s.execute(delete(Attendance).where(Attendance.session_id == session.id))
        mix: list[str] = []
        for r in people:
            mix += [r.doc_number, r.doc_number]  # present, then already marked
        mix += rng.sample(here, 15)
        mix += rng.sample(nobodys, 10)
        mix += [_typo(rng.choice(people).doc_number, rng) for _ in range(10)]
        # Keep each person's second scan after his first; shuffle the rest around them.
        firsts = {r.doc_number for r in people}
        rng.shuffle(mix)
        seen: set[str] = set()
        for raw in mix:
            start = time.perf_counter()
            result = attendance.scan(db, actor, session.id, raw, today=today)
            ms = (time.perf_counter() - start) * 1000
            times[result.outcome.value].append(ms)
            times["all"].append(ms)
            if raw in firsts:
                assert result.outcome in (attendance.ScanOutcome.MARKED_PRESENT,
                                          attendance.ScanOutcome.ALREADY_MARKED), result
                assert (result.outcome is attendance.ScanOutcome.ALREADY_MARKED) == (raw in seen)
                seen.add(raw)
    for outcome in ("all", *sorted(k for k in times if k != "all")):
        print("  " + _line(outcome, times[outcome]))


def make_big_class(db, actor, today: date, size: int) -> tuple[str, str]:  # noqa: ANN001
    """A class of ``size`` people of the home site with one session today, written in bulk
    (the service caps a class at 200 seats; a sign-in sheet of 500 is the stress case)."""
    with acting(db, actor) as s:
        docs = list(s.execute(select(Offender.id).where(
            Offender.site_id == actor.site_id, Offender.merged_into_id.is_(None))
            .order_by(Offender.sort_name).limit(size)).scalars())
        if len(docs) < size:
            raise SystemExit(f"the home site has only {len(docs)} people")
        stamp = datetime.combine(today - timedelta(days=30), time_of_day(8))
        cid = str(uuid.uuid5(BENCH, "class"))
        s.execute(insert(IcvcClass.__table__), [{
            "id": cid, "site_id": actor.site_id, "title": f"ICVC bench class of {size}",
            "facilitator": "Marcus Bell", "location": "Gymnasium", "capacity": size,
            "sessions_required": 1, "excused_counts": False, "cancelled": False,
            "created_at": stamp, "updated_at": stamp}])
        sid = str(uuid.uuid5(BENCH, "session"))
        s.execute(insert(IcvcSession.__table__), [{
            "id": sid, "class_id": cid, "held_on": today, "starts_at": time_of_day(9),
            "ends_at": time_of_day(11, 30),
            "topic": CrimeTopic.ORIENTATION, "cancelled": False, "cancel_reason": ""}])
        s.execute(insert(Enrollment.__table__), [{
            "id": str(uuid.uuid5(BENCH, f"enrollment/{i}")), "class_id": cid, "offender_id": oid,
            "status": EnrollmentStatus.ENROLLED, "requested_at": stamp + timedelta(seconds=i),
            "status_changed_at": stamp + timedelta(seconds=i), "reason": "",
            "completed_on": None, "certificate_number": None} for i, oid in enumerate(docs)])
    return cid, sid


def bench_roster_pdf(db, actor, today: date, size: int, out_dir: Path) -> None:  # noqa: ANN001
    try:
        from rjdesk.services.icvc.printouts import print_roster
    except ImportError:
        print("roster PDF: rjdesk.services.printouts.print_roster is not there yet; skipped")
        return
    _, sid = make_big_class(db, actor, today, size)
    times, pages = [], 0
    for n in range(4):
        out = out_dir / f"roster-{n}.pdf"
        start = time.perf_counter()
        pages = print_roster(db, actor, sid, out)
        times.append((time.perf_counter() - start) * 1000)
    size_kb = out.stat().st_size / 1024
    print(f"roster PDF of {size} people ({pages} pages, {size_kb:.0f} KiB): cold "
          f"{times[0]:.0f} ms, warm median {statistics.median(times[1:]):.0f} ms, "
          f"max {max(times):.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--user", default="staff")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--rounds", type=int, default=8,
                        help="rounds of the scan mix (each ~2 × roster + 35 scans)")
    parser.add_argument("--roster", type=int, default=500)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the demo's day (default: today)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    today = args.today or date.today()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="bench-icvc-") as tmp:
        copy = Path(tmp) / "copy.sqlite3"
        start = time.perf_counter()
        copy_database(args.db, copy)
        print(f"database: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB), copied in "
              f"{time.perf_counter() - start:.1f} s")
        db = open_database(copy, create=False)
        actor = auth.sign_in(db, args.user, args.password)
        print(f"signed in as {actor.username} at {actor.site_code}")
        with db.reading() as s:
            print(f"{s.scalar(select(func.count()).select_from(IcvcClass)):,} classes, "
                  f"{s.scalar(select(func.count()).select_from(Enrollment)):,} enrollments, "
                  f"{s.scalar(select(func.count()).select_from(Attendance)):,} marks")
        bench_scans(db, actor, today, args.rounds, rng)
        bench_roster_pdf(db, actor, today, args.roster, Path(tmp))
        db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
