"""Sync between workstations at scale: run by hand, never in the test suite.

    .venv/bin/python bench/bench_sync.py                              # builds the 1M demo too
    .venv/bin/python bench/bench_sync.py --big /tmp/big.sqlite3       # copies one built before
    .venv/bin/python bench/bench_sync.py --skip-big                   # small deployment only

Every figure comes from real sync rounds (``round.run_round``) between workstations of
deployments made here on a share folder in ``--work``, printed beside its target:

1. apply ≥ 20,000 changes/s on one core: one workstation makes N fresh offenders and edits
   N/10 people both hold; the other applies them. Only the pull (copy, verify, decrypt, decode,
   merge, commit) is timed; the publish of the same changes is shown beside it.
2. a round with nothing new ≤ 0.5 s (p50 and max over ``--rounds`` rounds), on a share that
   holds ``--bundles`` bundles already applied, and on the one-million-offender deployment.
3. a day of one site's changes (intakes, edits, transfers, two classes, enrollments and
   attendance; ``--day`` changes) published at one workstation and applied at another
   in ≤ 2 s: publish and apply apart, and their sum.
4. a new workstation from a snapshot of one million offenders ready in ≤ 60 s: the demo at
   scale 1000 founds a deployment, its first round publishes the snapshot; a new workstation
   asks to join, is approved, and its round installs the snapshot; the clock stops when a
   search on it returns people.

The parts of a round are timed by wrapping, in this process only, the functions the round
calls (publish, pull, merge, snapshot, state digest...); RJ Desk itself is unchanged.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import bindparam, func, insert, select, update

from rjdesk.demo import names
from rjdesk.domain.base import utcnow
from rjdesk.domain.icvc.enums import AttendanceMark
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor, acting
from rjdesk.services.core.errors import AlreadyExists, Refused
from rjdesk.services.icvc import attendance, roster, schedule
from rjdesk.services.people import query as pq
from rjdesk.services.people.records import (
    OffenderInput,
    create_offender,
    get_offender,
    transfer_offender,
    update_offender,
)
from rjdesk.store.database import Database
from rjdesk.store.migrate import open_database
from rjdesk.sync import changes, deployment, health, merge, publish, snapshot, state
from rjdesk.sync import pull as pull_module
from rjdesk.sync import round as sync_round
from rjdesk.sync.share import Share

PASSWORD = "correct horse"
OTHER_SITES = ("ERDCC", "FRDC", "WRDCC", "PP-EP", "PP-27", "SCCC", "TCSTL")


# --- timing ----------------------------------------------------------------------------------

class Timers:
    """Seconds spent in the functions a round calls, by label (nested ones overlap)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)

    def wrap(self, owner: object, name: str, label: str) -> None:
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.spent[label] += time.perf_counter() - start

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        out = dict(self.spent)
        self.spent.clear()
        return out


TIMERS = Timers()
TIMERS.wrap(sync_round, "publish_pending", "publish")
TIMERS.wrap(changes, "local_changes", "publish: read the log")
TIMERS.wrap(publish, "write_bundle", "publish: write the bundle")
TIMERS.wrap(publish, "_open_own", "publish: read it back")
TIMERS.wrap(sync_round, "pull", "pull")
TIMERS.wrap(pull_module, "open_bundle", "pull: verify and decode")
TIMERS.wrap(merge.Merger, "apply", "pull: merge")
TIMERS.wrap(Share, "fetch", "copy from the share")
TIMERS.wrap(snapshot, "make", "snapshot")
TIMERS.wrap(snapshot, "install", "install snapshot")
TIMERS.wrap(health, "state_digest", "state digest")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _parts(spent: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f} s" for k, v in spent.items() if v >= 0.005) or "-"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- a deployment in this process ------------------------------------------------------------

@dataclass
class Station:
    name: str
    path: Path
    db: Database | None = None

    def open(self) -> Database:
        self.db = open_database(self.path)
        return self.db

    def reopen(self, path: Path) -> Database:
        self.db = open_database(path, create=False)
        return self.db

    def me(self) -> str:
        with self.db.reading() as s:
            return state.workstation_id(s.connection())

    def pending(self) -> int:
        with self.db.reading() as s:
            c = s.connection()
            return publish.pending_count(c, state.workstation_id(c))


class Deployment:
    def __init__(self, root: Path) -> None:
        self.share_dir = root / "share"
        self.share_dir.mkdir(parents=True, exist_ok=True)
        self.share = Share(self.share_dir)
        self.admin = deployment.create(self.share, name="Bench deployment")

    def found(self, ws: Station, site: str) -> None:
        with ws.db.transaction() as s:
            c = s.connection()
            deployment.found(c, self.share, self.admin, name=ws.name, site_code=site)
            state.put(c, "joined", "founder")

    def ask_and_approve(self, ws: Station, site: str) -> None:
        with ws.db.transaction() as s:
            deployment.request_to_join(s.connection(), self.share, name=ws.name, site_code=site)
        deployment.approve(self.share, self.admin, [ws.me()])

    def round(self, ws: Station) -> tuple[sync_round.SyncReport, float, dict[str, float]]:
        TIMERS.take()
        start = time.perf_counter()
        report, ws.db = sync_round.run_round(ws.db, self.share_dir, share=self.share,
                                             reopen=ws.reopen)
        seconds = time.perf_counter() - start
        if report.outcome != sync_round.SYNCED or report.rejected or report.held:
            raise SystemExit(f"{ws.name}: " + "; ".join(report.lines()))
        return report, seconds, TIMERS.take()


# --- changes ---------------------------------------------------------------------------------

_ADMINS: dict[int, Actor] = {}


def _admin(db: Database) -> Actor:
    """The deployment's administrator, signed in once per database: bulk writes are theirs,
    signed with their key like any service's."""
    if id(db) not in _ADMINS:
        _ADMINS[id(db)] = auth.sign_in(db, "admin", PASSWORD)
    return _ADMINS[id(db)]

def add_people(db: Database, rng: random.Random, first_doc: int, count: int,
               sites: tuple[str, ...]) -> list[str]:
    """``count`` new offenders written in one transaction (captured like any write, as the
    deployment's administrator's)."""
    today, now = date.today(), utcnow()
    ids, rows = [], []
    with acting(db, _admin(db)) as session:
        for n in range(count):
            doc = str(first_doc + n)
            last, first, middle = names.pick(rng, rng.random() < 0.1)
            ids.append(rules.offender_key(doc))
            rows.append({
                "id": ids[-1], "doc_number": doc, "last_name": last, "first_name": first,
                "middle_name": middle,
                "date_of_birth": date(rng.randint(1950, 2004), rng.randint(1, 12),
                                      rng.randint(1, 28)),
                "site_id": rules.site_key(rng.choice(sites)),
                "status": OffenderStatus.INCARCERATED,
                "projected_release_date": today + timedelta(days=rng.randint(30, 3650)),
                "housing_unit": f"{rng.choice('ABCDEFG')}-{rng.randint(1, 40)}",
                "merged_into_id": None, "created_at": now, "updated_at": now,
                "search_text": rules.search_text(doc, last, first, middle),
                "sort_name": rules.sort_name(last, first, middle)})
            if len(rows) == 5000:
                session.execute(insert(Offender), rows)
                rows = []
        if rows:
            session.execute(insert(Offender), rows)
    return ids


def edit_people(db: Database, rng: random.Random, ids: list[str]) -> None:
    """A new housing unit for each (and its updated_at), in one transaction."""
    table = Offender.__table__
    now = utcnow()
    with acting(db, _admin(db)) as session:
        session.connection().execute(
            update(table).where(table.c.id == bindparam("b_id"))
            .values(housing_unit=bindparam("b_unit"), updated_at=bindparam("b_at")),
            [{"b_id": i, "b_unit": f"{rng.choice('HJKLMN')}-{rng.randint(1, 60)}", "b_at": now}
             for i in ids])


def a_day(db: Database, actor: Actor, rng: random.Random, target: int, first_doc: int) -> dict:
    """One busy site's day through the services, until ``target`` changes wait to go out:
    intakes, record edits, transfers out, two new classes, enrollments and attendance."""
    done: dict[str, int] = defaultdict(int)
    site, today = actor.site_code, date.today()
    start = time.perf_counter()
    base = _pending(db)
    scale = target / 10_000

    def left() -> bool:
        return _pending(db) - base < target

    with db.reading() as s:
        here = [r[0] for r in s.execute(
            select(Offender.id).where(Offender.site_id == actor.site_id,
                                      Offender.merged_into_id.is_(None))
            .order_by(Offender.sort_name).limit(20_000))]
    rng.shuffle(here)
    doc = first_doc
    for _ in range(int(800 * scale)):  # intakes
        last, first, middle = names.pick(rng, rng.random() < 0.1)
        while True:
            try:
                made = create_offender(db, actor, OffenderInput(
                    doc_number=str(doc), last_name=last, first_name=first, middle_name=middle,
                    site_code=site, date_of_birth=date(rng.randint(1960, 2004),
                                                       rng.randint(1, 12), rng.randint(1, 28)),
                    housing_unit=f"R-{rng.randint(1, 30)}"))
                break
            except AlreadyExists:
                doc += 1
        doc += 1
        here.append(made.id)
        done["intakes"] += 1
    classes = []
    for k in range(2):  # classes meeting daily since two weeks ago, 200 seats each
        classes.append(schedule.create_class(db, actor, schedule.ClassInput(
            site_code=site, title=f"ICVC bench {k + 1}", facilitator="Bench Facilitator",
            capacity=200, sessions_required=8, first_day=today - timedelta(days=13),
            weekdays=frozenset(range(7)), session_count=20)))
        done["classes"] += 1
    seated = []
    pool = iter(here[int(3000 * scale):])
    for cls in classes:
        for _ in range(int(200 * scale)):
            for who in pool:
                try:
                    seated.append((cls, roster.enroll(db, actor, cls.id, who, waitlist_ok=True)))
                    done["enrollments"] += 1
                    break
                except Refused:  # already in the other class
                    continue
    marks = [AttendanceMark.PRESENT] * 8 + [AttendanceMark.ABSENT, AttendanceMark.LATE]
    for cls, e in seated:  # the last four sessions' attendance
        past = [v for v in cls.sessions if v.held_on <= today and not v.cancelled][-4:]
        for v in past:
            attendance.mark(db, actor, v.id, e.id, rng.choice(marks))
            done["attendance marks"] += 1
    edits = iter(here[:int(3000 * scale)])
    for _ in range(int(300 * scale)):  # transfers out
        transfer_offender(db, actor, next(edits), rng.choice(OTHER_SITES), on=today,
                          reason="Transferred for programming")
        done["transfers"] += 1
    for who in edits:  # record edits until the day is full
        if not left():
            break
        view = get_offender(db, actor, who)
        change = replace(view.as_input(), housing_unit=f"{rng.choice('ABCDEF')}-"
                                                       f"{rng.randint(1, 50)}")
        if rng.random() < 0.3:
            change = replace(change, projected_release_date=today + timedelta(
                days=rng.randint(30, 2000)))
        update_offender(db, actor, who, change)
        done["edits"] += 1
    done["changes"] = _pending(db) - base
    done["seconds"] = round(time.perf_counter() - start, 1)
    return dict(done)


def _pending(db: Database) -> int:
    with db.reading() as s:
        c = s.connection()
        return publish.pending_count(c, state.workstation_id(c))


# --- the parts -------------------------------------------------------------------------------

def noop_rounds(d: Deployment, stations: list[Station], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {ws.name: [] for ws in stations}
    for _ in range(rounds):
        for ws in stations:
            report, seconds, _ = d.round(ws)
            if report.published or report.changes_applied:
                raise SystemExit(f"{ws.name}: a round meant to find nothing new did not")
            times[ws.name].append(seconds)
    return times


def print_noop(label: str, times: dict[str, list[float]]) -> None:
    for name, values in times.items():
        ok = _pct(values, 50) <= 0.5 and max(values) <= 0.5
        print(f"  {label}, {name}: {len(values)} rounds, p50 {_pct(values, 50) * 1000:.0f} ms, "
              f"max {max(values) * 1000:.0f} ms (target ≤ 500 ms: {_verdict(ok)})")


def small_deployment(root: Path, args: argparse.Namespace, rng: random.Random) -> None:
    print(f"== small deployment: two workstations on {root / 'share'}")
    d = Deployment(root)
    ws0, ws1 = Station("WS0", root / "ws0.sqlite3"), Station("WS1", root / "ws1.sqlite3")
    ws0.open()
    auth.setup_workstation(ws0.db, site_code="JCCC", workstation_name=ws0.name,
                           admin_username="admin", admin_name="Ada Admin",
                           admin_password=PASSWORD)
    d.found(ws0, "JCCC")
    d.round(ws0)
    ws1.open()
    d.ask_and_approve(ws1, "JCCC")
    d.round(ws1)
    doc = 20_000_000

    # 2. many bundles on the share, all applied; then rounds that find nothing new
    per = args.bundle_changes
    start = time.perf_counter()
    held: list[str] = []
    publish_s = 0.0
    for _ in range(args.bundles):
        held += add_people(ws1.db, rng, doc, per, ("JCCC", *OTHER_SITES))
        doc += per
        _, _, spent = d.round(ws1)
        publish_s += spent.get("publish", 0)
    made = time.perf_counter() - start
    report, seconds, spent = d.round(ws0)
    on_share = len(d.share.list_bundles())
    print(f"{args.bundles} bundles of {per} new offenders from WS1 ({made:.1f} s in "
          f"{args.bundles} rounds, publish {publish_s:.2f} s); WS0 applied "
          f"{report.bundles_applied} bundles, {report.changes_applied} changes in one round of "
          f"{seconds:.2f} s ({_parts(spent)})")
    d.round(ws1)
    print(f"2. rounds with nothing new, {on_share} applied bundles on the share:")
    print_noop("small deployment", noop_rounds(d, [ws0, ws1], args.rounds))

    # 1. apply rate: N fresh offenders and N/10 edits of people both hold
    n = args.changes
    start = time.perf_counter()
    add_people(ws1.db, rng, doc, n, ("JCCC", *OTHER_SITES))
    doc += n
    edited = rng.sample(held, min(len(held), n // 10))
    edit_people(ws1.db, rng, edited)
    print(f"1. WS1 made {n:,} offenders and edited {len(edited):,} in "
          f"{time.perf_counter() - start:.1f} s: {ws1.pending():,} changes waiting")
    report, seconds, spent = d.round(ws1)
    pub = spent["publish"]
    print(f"  publish at WS1: {report.published:,} changes in {pub:.2f} s = "
          f"{report.published / pub:,.0f} changes/s (round {seconds:.2f} s: {_parts(spent)})")
    report, seconds, spent = d.round(ws0)
    pulled, merged = spent["pull"], spent["pull: merge"]
    rate = report.changes_applied / pulled
    print(f"  apply at WS0: {report.changes_applied:,} changes from {report.bundles_applied} "
          f"bundles in {pulled:.2f} s = {rate:,.0f} changes/s (target ≥ 20,000: "
          f"{_verdict(rate >= 20_000)}); merge alone {merged:.2f} s = "
          f"{report.changes_applied / merged:,.0f} changes/s")
    print(f"  (round {seconds:.2f} s: {_parts(spent)})")
    if args.profile:
        _profile_apply(d, ws0, ws1, rng, doc + 1_000_000, n, held, args.profile)

    # 3. a day of one site's changes
    actor = auth.sign_in(ws1.db, "admin", PASSWORD)
    day_at(d, ws1, ws0, actor, rng, args.day, 30_000_000, "3. small deployment")
    for ws in (ws0, ws1):
        ws.db.close()


def day_at(d: Deployment, maker: Station, taker: Station, actor: Actor, rng: random.Random,
           target: int, first_doc: int, label: str) -> None:
    made = a_day(maker.db, actor, rng, target, first_doc)
    seconds = made.pop("seconds")
    print(f"{label}: a day at {actor.site_code} made at {maker.name} in {seconds:.0f} s: "
          + ", ".join(f"{v:,} {k}" for k, v in made.items()))
    report, r1, s1 = d.round(maker)
    report2, r2, s2 = d.round(taker)
    pub, app = s1["publish"], s2["pull"]
    print(f"  publish at {maker.name} {pub:.2f} s ({report.published:,} changes) + apply at "
          f"{taker.name} {app:.2f} s ({report2.changes_applied:,} changes in "
          f"{report2.bundles_applied} bundles) = {pub + app:.2f} s (target ≤ 2 s: "
          f"{_verdict(pub + app <= 2)})")
    print(f"  whole rounds: {maker.name} {r1:.2f} s ({_parts(s1)}); {taker.name} {r2:.2f} s "
          f"({_parts(s2)})")


def _profile_apply(d: Deployment, ws0: Station, ws1: Station, rng: random.Random, doc: int,
                   n: int, held: list[str], out: Path) -> None:
    """The same apply again under cProfile, its top entries printed and the stats kept."""
    import cProfile
    import pstats

    out.mkdir(parents=True, exist_ok=True)
    add_people(ws1.db, rng, doc, n, ("JCCC", *OTHER_SITES))
    edit_people(ws1.db, rng, rng.sample(held, min(len(held), n // 10)))
    profiler = cProfile.Profile()
    profiler.enable()
    d.round(ws1)
    profiler.disable()
    profiler.dump_stats(out / "publish.prof")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    profiler = cProfile.Profile()
    profiler.enable()
    d.round(ws0)
    profiler.disable()
    profiler.dump_stats(out / "apply.prof")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through the backup API (the WAL included), the source only read."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=65536)
    finally:
        dst.close()
        src.close()


def big_deployment(root: Path, args: argparse.Namespace, rng: random.Random) -> None:
    root.mkdir(parents=True, exist_ok=True)
    founder_path = root / "founder.sqlite3"
    start = time.perf_counter()
    if args.big:
        copy_database(args.big, founder_path)
        print(f"== one million offenders: {args.big} copied in {time.perf_counter() - start:.0f} s")
    else:
        cli = Path(sys.executable).with_name("rjdesk-cli")
        subprocess.run([str(cli), "demo", "--db", str(founder_path), "--scale", "1000",
                        "--seed", str(args.seed), "--site", "JCCC"], check=True)
        print(f"== one million offenders: demo built in {time.perf_counter() - start:.0f} s")
    d = Deployment(root)
    founder, joiner = Station("FOUNDER", founder_path), Station("NEW", root / "new.sqlite3")
    founder.open()
    with founder.db.reading() as s:
        people = s.scalar(select(func.count()).select_from(Offender))
    print(f"founder: {people:,} offenders, {founder_path.stat().st_size / 1e6:,.0f} MB")
    d.found(founder, "JCCC")
    report, seconds, spent = d.round(founder)
    (snap,) = d.share.list_snapshots()
    made = spent["snapshot"]
    print(f"4. snapshot published by the founder's first round in {made:.1f} s, "
          f"{snap.size / 1e6:,.0f} MB (round {seconds:.1f} s: {_parts(spent)})")

    start = time.perf_counter()
    joiner.open()
    d.ask_and_approve(joiner, "JCCC")
    asked = time.perf_counter() - start
    report, seconds, spent = d.round(joiner)
    t = time.perf_counter()
    actor = auth.sign_in(joiner.db, "staff", "demo")
    page = pq.list_offenders(joiner.db, actor, pq.PeopleFilter(site_id=actor.site_id))
    surname = page.rows[5].name.split(",")[0]
    found = pq.list_offenders(joiner.db, actor, pq.PeopleFilter(query=surname))
    searched = time.perf_counter() - t
    ready = asked + seconds + searched
    print(f"  new workstation: asked and approved {asked:.2f} s, join round {seconds:.1f} s "
          f"({_parts(spent)}), signed in and searched {searched:.2f} s "
          f"({len(page.rows)} on the first page, {len(found.rows)} found for “{surname}”)")
    print(f"  ready to search {ready:.1f} s after asking (target ≤ 60 s: {_verdict(ready <= 60)})"
          f"; peak RSS so far {_rss():.0f} MB")

    # the sign-in above is a change: the next rounds carry it to the founder
    for ws in (joiner, founder, joiner):
        report, seconds, spent = d.round(ws)
        print(f"  settling round at {ws.name}: published {report.published}, applied "
              f"{report.changes_applied}, {seconds:.1f} s ({_parts(spent)})")
    print("2. rounds with nothing new, one million offenders:")
    print_noop("1M deployment", noop_rounds(d, [founder, joiner], args.rounds))

    actor = auth.sign_in(joiner.db, "admin", "demo")
    day_at(d, joiner, founder, actor, rng, args.day, 40_000_000, "3. 1M deployment")
    for ws in (founder, joiner):
        ws.db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="where the deployments go (default: a "
                                                  "temporary folder, removed at the end)")
    parser.add_argument("--big", type=Path, help="a demo database at scale 1000 to copy "
                                                 "instead of building one")
    parser.add_argument("--skip-big", action="store_true", help="no one-million deployment")
    parser.add_argument("--skip-small", action="store_true", help="only the one-million one")
    parser.add_argument("--changes", type=int, default=50_000, help="new offenders to apply")
    parser.add_argument("--bundles", type=int, default=200, help="bundles on the share")
    parser.add_argument("--bundle-changes", type=int, default=25, help="changes per bundle")
    parser.add_argument("--day", type=int, default=10_000, help="changes in a site's day")
    parser.add_argument("--rounds", type=int, default=20, help="rounds with nothing new")
    parser.add_argument("--profile", type=Path, help="also profile one apply; stats go here")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="rjdesk-bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    for part in ("small", "big"):
        if (work / part).exists():
            shutil.rmtree(work / part)
    os.environ.setdefault("RJDESK_HOME", str(work / "home"))
    rng = random.Random(args.seed)
    print(f"work folder: {work}")
    try:
        if not args.skip_small:
            small_deployment(work / "small", args, rng)
            print(f"peak RSS: {_rss():.0f} MB")
        if not args.skip_big:
            big_deployment(work / "big", args, rng)
            print(f"peak RSS: {_rss():.0f} MB")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
