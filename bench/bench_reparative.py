"""Reparative totals and papers at scale: run by hand, never in the test suite.

    .venv/bin/python bench/bench_reparative.py /tmp/big-rep.sqlite3 --build   # once, ~5 min
    .venv/bin/python bench/bench_reparative.py /tmp/big-rep.sqlite3

``--build`` makes a new database of ten million hour entries (one year, every institution,
about 100 days a year for each of 100,000 offenders in crews of eight projects a site), with
production, recipients and deliveries beside them, by bulk insert with change capture off
(as the demo builds big data). The hours' secondary indexes are dropped for the load and built
again after it: building an index by sorting is many times quicker than growing it row by row.

Then it times, as the coordinator and the central office feel them (issue 11, item 10):

- ``totals.dashboard`` for the biggest site's year (target ≤ 1 s) and for the whole state's
  year (target ≤ 3 s), cold (first call) and warm (median of three), each beside the same hours
  aggregate written as one raw SQL query;
- a 200-line delivery slip printed through ``printouts.print_delivery_slip`` (target ≤ 1 s).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text

from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.models import Site
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.domain.people.rules import offender_derived
from rjdesk.domain.reparative.enums import (
    DeliveryStatus,
    HoursStatus,
    ProjectCategory,
    RecipientType,
    Unit,
)
from rjdesk.domain.reparative.models import (
    Delivery,
    DeliveryLine,
    HourEntry,
    ItemType,
    Production,
    Project,
    Recipient,
)
from rjdesk.services.admin import auth
from rjdesk.services.core.database import open_database
from rjdesk.store import rollups
from rjdesk.store.capture import capture_off

PASSWORD = "bench password 1"
YEAR = 2026
CHUNK = 50_000
DAYS_A_YEAR = 100  # days an offender of a crew works in the year
PROJECTS_A_SITE = 8
ITEMS = [("Quilt", Unit.EACH, False), ("Weighted blanket", Unit.EACH, False),
         ("Wooden toy", Unit.EACH, False), ("Bicycle", Unit.EACH, False),
         ("Knitted hat", Unit.EACH, False), ("Fresh produce", Unit.POUND, True),
         ("Braille book", Unit.VOLUME, False), ("Birdhouse", Unit.EACH, False)]


def _id(kind: int, n: int) -> str:
    """Ids in insertion order: the bench loads fast; the service derives its own keys."""
    return str(uuid.UUID(int=(kind << 100) + n))


def _chunks(conn: Any, table: Any, rows: Any) -> int:
    batch: list[dict] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            conn.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
        count += len(batch)
    return count


def build(path: Path, entries: int, seed: int) -> None:
    if path.exists():
        sys.exit(f"{path} exists; --build makes a new database.")
    started = time.perf_counter()
    rng = random.Random(seed)
    db = open_database(path, create=True)
    auth.setup_workstation(db, site_code="JCCC", workstation_name="BENCH-JCCC-1",
                           admin_username="admin", admin_name="Bench Admin",
                           admin_password=PASSWORD)
    hours_table = HourEntry.__table__
    with db.transaction() as tx, capture_off(tx.connection()):
        conn = tx.connection()
        conn.exec_driver_sql("PRAGMA cache_size=-1000000")
        sites = [s for s in tx.scalars(select(Site).order_by(Site.code))
                 if s.kind is SiteKind.INSTITUTION]
        weights = [rng.uniform(0.3, 2.0) for _ in sites]
        weights[[s.code for s in sites].index("JCCC")] = 2.5  # the biggest: the bench's site
        scale = entries / sum(weights)
        offenders: list[dict] = []
        projects: list[dict] = []
        crews: list[tuple[str, str, list[str], int]] = []  # site, project, offenders, entries
        n_off = 0
        for s, w in zip(sites, weights, strict=True):
            site_entries = int(w * scale)
            people = max(1, site_entries // DAYS_A_YEAR)
            ids = []
            for _ in range(people):
                doc = str(2_000_000 + n_off)
                oid = _id(1, n_off)
                n_off += 1
                ids.append(oid)
                offenders.append({"id": oid, "doc_number": doc, "last_name": f"Bench{n_off}",
                                  "first_name": "Crew", "middle_name": "", "site_id": s.id,
                                  "status": OffenderStatus.INCARCERATED, "housing_unit": "",
                                  **offender_derived(doc, f"Bench{n_off}", "Crew")})
            for p in range(PROJECTS_A_SITE):
                pid = _id(2, len(projects))
                category = list(ProjectCategory)[p % len(ProjectCategory)]
                projects.append({"id": pid, "site_id": s.id, "category": category,
                                 "name": f"{category.label} {s.code}", "description": "",
                                 "active": True})
                crews.append((s.id, pid, ids[p::PROJECTS_A_SITE], site_entries))
        _chunks(conn, Offender.__table__, offenders)
        conn.execute(insert(Project.__table__), projects)
        print(f"{len(sites)} sites, {n_off:,} offenders, {len(projects)} projects "
              f"({time.perf_counter() - started:.0f} s)", flush=True)

        secondary = [i for i in hours_table.indexes]
        for index in secondary:
            index.drop(conn)
        year_days = [date(YEAR, 1, 1) + timedelta(days=d) for d in range(365)]
        counter = iter(range(1 << 40))

        def hours_rows() -> Any:
            for site_id, project_id, crew, _ in crews:
                for oid in crew:
                    for day in sorted(rng.sample(year_days, DAYS_A_YEAR)):
                        h = rng.choice((2.0, 3.0, 4.0, 5.5, 6.0, 7.5, 8.0, 8.0, 9.0, 10.0))
                        roll = rng.random()
                        status = (HoursStatus.DECLINED if roll < 0.02 else
                                  HoursStatus.PENDING if h > 8 and roll < 0.3 else
                                  HoursStatus.APPROVED)
                        yield {"id": _id(3, next(counter)), "offender_id": oid,
                               "project_id": project_id, "site_id": site_id, "worked_on": day,
                               "hours": h, "status": status, "entered_by": "", "decided_by": "",
                               "note": ""}

        with rollups.set_aside(conn):  # the kept sums: counted once after the load
            n_hours = _chunks(conn, hours_table, hours_rows())
        print(f"{n_hours:,} hour entries ({time.perf_counter() - started:.0f} s)", flush=True)
        for index in secondary:
            index.create(conn)
        print(f"indexes built ({time.perf_counter() - started:.0f} s)", flush=True)

        items = [{"id": _id(4, i), "name": n, "unit": u, "produce": p}
                 for i, (n, u, p) in enumerate(ITEMS)]
        conn.execute(insert(ItemType.__table__), items)
        production = []
        for p in projects:
            item = items[int(p["id"][-4:], 16) % len(items)]
            for week in range(52):
                production.append({"id": _id(5, len(production)), "project_id": p["id"],
                                   "site_id": p["site_id"], "item_type_id": item["id"],
                                   "made_on": date(YEAR, 1, 5) + timedelta(weeks=week),
                                   "quantity": float(rng.randint(5, 400))})
        _chunks(conn, Production.__table__, production)
        recipients = [{"id": _id(6, i), "kind": list(RecipientType)[i % len(RecipientType)],
                       "name": f"Recipient {i}", "abbreviation": "", "address": "", "city": "",
                       "contact_name": "", "phone": "", "email": "", "active": True,
                       "match_key": f"recipient {i}"} for i in range(500)]
        conn.execute(insert(Recipient.__table__), recipients)
        deliveries, lines = [], []
        for p in production[::4]:
            did = _id(7, len(deliveries))
            code = next(s.code for s in sites if s.id == p["site_id"])
            slip = f"{code}-{YEAR}-1{len(deliveries):05d}"
            deliveries.append({"id": did, "slip_number": slip, "site_id": p["site_id"],
                               "recipient_id": rng.choice(recipients)["id"],
                               "status": DeliveryStatus.RECEIVED, "prepared_on": p["made_on"],
                               "delivered_on": p["made_on"], "delivered_by": "Bench",
                               "received_by": "Bench", "received_on": p["made_on"], "notes": ""})
            q = p["quantity"] / 2
            lines.append({"id": _id(8, len(lines)), "delivery_id": did,
                          "item_type_id": p["item_type_id"], "project_id": p["project_id"],
                          "quantity_ordered": q, "quantity_delivered": q})
        _chunks(conn, Delivery.__table__, deliveries)
        _chunks(conn, DeliveryLine.__table__, lines)
        print(f"{len(production):,} production entries, {len(deliveries):,} deliveries "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
    db.close()
    print(f"built {path} in {time.perf_counter() - started:.0f} s", flush=True)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds: on a shared machine the CPU time is what
    the same call costs on a quiet one (nearly: caches are shared too)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def median(times: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(w for w, _ in times), statistics.median(c for _, c in times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--build", action="store_true", help="make the database first")
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.build:
        build(args.db, args.entries, args.seed)
    measure(args.db)


def measure(path: Path) -> None:
    from rjdesk.services.reparative import attention, printouts, totals

    db = open_database(path)
    admin = auth.sign_in(db, "admin", PASSWORD)
    with db.reading() as tx:
        n = tx.scalar(select(func.count()).select_from(HourEntry))
        site = tx.scalar(select(Site).where(Site.code == "JCCC"))
        assert site is not None
        site_id = site.id
        site_n = tx.scalar(select(func.count()).select_from(HourEntry)
                           .where(HourEntry.site_id == site_id))
    print(f"{n:,} hour entries; JCCC {site_n:,}")
    raw = text("SELECT project_id, substr(worked_on, 1, 7) AS month, status, sum(hours), "
               "count(DISTINCT offender_id) FROM reparative_hours "
               "WHERE site_id = :site AND worked_on BETWEEN :a AND :b "
               "GROUP BY project_id, month, status")
    raw_state = text("SELECT site_id, substr(worked_on, 1, 7) AS month, status, sum(hours) "
                     "FROM reparative_hours WHERE worked_on BETWEEN :a AND :b "
                     "GROUP BY site_id, month, status")
    bounds = {"a": f"{YEAR}-01-01", "b": f"{YEAR}-12-31"}

    def raw_site() -> object:
        with db.reading() as tx:
            return tx.execute(raw, {"site": site_id, **bounds}).all()

    def raw_all() -> object:
        with db.reading() as tx:
            return tx.execute(raw_state, bounds).all()

    rows: list[tuple[str, str, tuple[float, float], tuple[float, float]]] = []
    for label, target, fn in (
            ("dashboard, JCCC year", "≤ 1 s",
             lambda: totals.dashboard(db, admin, site_id, YEAR)),
            ("raw SQL, JCCC year (project × month × status)", "",
             raw_site),
            ("dashboard, state year", "≤ 3 s", lambda: totals.dashboard(db, admin, None, YEAR)),
            ("raw SQL, state year (site × month × status)", "", raw_all)):
        cold = timed(fn)
        rows.append((label, target, cold, median([timed(fn) for _ in range(3)])))

    lines = _big_delivery(db, site_id)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "slip.pdf"
        times = [timed(lambda: printouts.print_delivery_slip(db, admin, lines, out))
                 for _ in range(4)]
    rows.append(("200-line delivery slip, both copies, through the service", "≤ 1 s",
                 times[0], median(times[1:])))
    today = date(YEAR, 12, 31)
    for label, where in (("attention list, JCCC", site_id), ("attention list, state", None)):
        times = [timed(lambda w=where: attention.needs_attention(db, admin, w, today=today))
                 for _ in range(3)]
        rows.append((label, "", times[0], median(times[1:])))
    db.close()
    print(f"\nload average {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| measure | target | first call: wall (CPU) | then, median of 3: wall (CPU) |")
    print("|---|---|---|---|")
    for label, target, (cw, cc), (ww, wc) in rows:
        print(f"| {label} | {target} | {cw:.2f} s ({cc:.2f} s) | {ww:.2f} s ({wc:.2f} s) |")


def _big_delivery(db: Any, site_id: str) -> str:
    """A prepared 200-line delivery at the site (made once, kept for the next run)."""
    slip = f"JCCC-{YEAR}-99999"
    with db.reading() as tx:
        found = tx.scalar(select(Delivery.id).where(Delivery.slip_number == slip))
        if found:
            return str(found)
        recipient = tx.scalar(select(Recipient.id).limit(1))
        project_ids = list(tx.scalars(select(Project.id).where(Project.site_id == site_id)))
    did = _id(9, 1)
    with db.transaction() as tx, capture_off(tx.connection()):
        conn = tx.connection()
        conn.execute(insert(Delivery.__table__), [{
            "id": did, "slip_number": slip, "site_id": site_id, "recipient_id": recipient,
            "status": DeliveryStatus.PREPARED, "prepared_on": date(YEAR, 12, 1),
            "delivered_by": "", "received_by": "", "notes": ""}])
        extra = [{"id": _id(10, 1000 + i), "name": f"Bench item {i}", "unit": Unit.EACH,
                  "produce": False} for i in range(200)]
        conn.execute(insert(ItemType.__table__), extra)
        conn.execute(insert(DeliveryLine.__table__), [
            {"id": _id(9, 100 + i), "delivery_id": did, "item_type_id": e["id"],
             "project_id": project_ids[i % len(project_ids)], "quantity_ordered": 1.0 + i,
             "quantity_delivered": None} for i, e in enumerate(extra)])
    return did


if __name__ == "__main__":
    main()
