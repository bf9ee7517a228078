"""Reparative work in the demo: a year of crews' hours and the volunteers' supervising hours.

Each institution's crew members are drawn from its incarcerated people; each works a stint on
one project (a few on a second one too) on weekdays, mostly two to six hours, only while he
was at the site and the project was open, never after the demo's today. A day above the
approval amount is a single entry of at most twelve hours, so nobody's day passes 24 hours:
waiting for approval if recent, else approved or declined by a second staff member. Rows go
in with Core executemany in chunks (a scale-1000 demo writes about ten million).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rjdesk.demo.context import CHUNK, DemoContext, Place, table_of
from rjdesk.demo.reparative.plan import YEAR, PlannedProject, Pool
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import HoursStatus
from rjdesk.domain.reparative.models import HourEntry, VolunteerHours
from rjdesk.store import rollups

PARTICIPATION = 0.4     # the share of a prison's people who join a crew during the year
SECOND_PROJECT = 0.1    # ... and of those, who work on a second project too
OVER = 0.004            # the share of days above the approval amount
RECENT = 21             # days: an entry above it this recent is still waiting …
OVER_RECENT = 0.03      # … and a few more of them, so the approvals page has some to decide
DECLINED = 0.3          # of the older ones, declined (else approved)
SHIFTS = (2.0, 2.0, 2.5, 3.0, 3.0, 3.5, 4.0, 4.0, 4.0, 4.5, 5.0, 5.0, 5.5, 6.0, 6.0, 6.5,
          7.0, 7.5, 8.0)
LONG = (8.5, 9.0, 9.5, 10.0, 10.0, 11.0, 12.0)
BULK_CACHE_KIB = 1024 * 1024  # while the hours go in
ENTRIES_PER_STEP = 5   # hour entries per step of the build's progress
SIDE = (1.5, 2.0, 2.0, 2.5, 3.0)   # hours on a second project the same day
DECLINE_NOTES = ("More than the shift allows.", "Not confirmed by the crew supervisor.",
                 "Entered twice; see the other entry.")


@contextmanager
def bulk_table(session: Session, table: str) -> Iterator[None]:
    """Fill a big table with its triggers (the change capture, told to log nothing anyway,
    and the hours' kept sums, recounted after) and its own indexes set aside, then make them again, in the same transaction, so a
    cancelled build rolls all of it back. Measured at a scale-20 demo on two busy cores: 15 s
    to write 195,000 hours as they are, 6.3 s without the triggers, 4.3 s + 2.6 s to index
    after; the indexes count more as the table grows past the page cache, which is made
    larger meanwhile (a cache the size of the key indexes of ten million entries, filled
    only as far as the table needs)."""
    connection = session.connection()
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    saved = connection.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
        "AND type IN ('index', 'trigger') ORDER BY type, name", (table,)).all()
    for kind, name, _ in saved:
        connection.exec_driver_sql(f'DROP {"INDEX" if kind == "index" else "TRIGGER"} "{name}"')
    yield
    for _, _, sql in saved:  # the indexes first, then the triggers
        connection.exec_driver_sql(sql)
    if table == "reparative_hours":  # the sums its triggers keep: counted once, now
        rollups.rebuild(connection)
    connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


class Crews:
    """Writes the hours of every site in turn and remembers, per project, which days its crew
    worked and how many hours a week, for the supervisors' hours and the production."""

    def __init__(self, session: Session, ctx: DemoContext, rng: random.Random,
                 tick: Callable[[int], None]) -> None:
        self.session, self.ctx, self.rng, self.tick = session, ctx, rng, tick
        today = ctx.today
        self.first = today - timedelta(days=YEAR - 1)
        self.o0 = self.first.toordinal()
        self.days = [self.first + timedelta(days=i) for i in range(YEAR)]
        self.stamps = [datetime.combine(d, time(16, 30)) for d in self.days]
        self.weekday = bytes(d.weekday() < 5 for d in self.days)
        self.worked: dict[str, bytearray] = {}
        self.weekly: dict[str, list[float]] = {}
        self.rows: list[dict] = []
        self.entries = self.pending = self.declined = 0
        self.people = 0
        self.users = ctx.users
        self.by = self.decider = ""  # the accounts that enter and decide at the current site
        #: Who joins a crew: (offender id, day he came as an index, site, its projects and
        #: their weights).
        self.members: list[tuple[str, int, Place, list[PlannedProject], list[float]]] = []

    def site(self, site: Place, pool: Pool, projects: list[PlannedProject]) -> None:
        """Draw who of the site's people join a crew this year; ``write`` makes their hours."""
        if not projects or not pool.ids:
            return
        weights = [p.weight for p in projects]
        chosen = self.rng.sample(range(len(pool.ids)), round(len(pool.ids) * PARTICIPATION))
        self.members.extend((pool.ids[i], max(pool.arrival[i] - self.o0, 0), site, projects,
                             weights) for i in chosen)

    def write(self) -> None:
        """Every crew member's hours, in the order of his key: the table's unique index on
        (offender, project, day) then grows at its end instead of everywhere at once."""
        rng, home = self.rng, self.ctx.home.id
        # At home the coordinator enters and the staff account decides. Other sites' own
        # accounts are not in the demo: the administrator (who may write every site) stands
        # in for the one who entered, and a decision there names no account of this demo.
        accounts = {True: (self.users["coordinator"], self.users["staff"]),
                    False: (self.users["admin"], "")}
        self.members.sort(key=lambda m: m[0])
        for offender_id, came, site, projects, weights in self.members:
            self.by, self.decider = accounts[site.id == home]
            plan = self._stint(projects, weights, came, {})
            if plan is None:
                continue
            project, day_hours = plan
            second = None
            if rng.random() < SECOND_PROJECT:
                second = self._stint(projects, weights, came, day_hours, avoid=project)
            self._emit(offender_id, site, project, day_hours, long_ok=second is None)
            if second is not None:
                self._emit(offender_id, site, second[0], second[1], long_ok=False)
            self.people += 1
            if len(self.rows) >= CHUNK:
                self.flush()
        self.members = []
        self.flush()

    def _stint(self, projects: list[PlannedProject], weights: list[float], came: int,
               busy: dict[int, float], avoid: PlannedProject | None = None
               ) -> tuple[PlannedProject, dict[int, float]] | None:
        """A project and the hours of each day he worked on it (day as an index into the
        year). With ``busy`` (his first project's days), a short shift beside it."""
        rng = self.rng
        project = rng.choices(projects, weights=weights)[0]
        if project is avoid:
            return None
        lo = max(came, project.opened.toordinal() - self.o0)
        hi = YEAR - 1 if project.closed is None else project.closed.toordinal() - self.o0
        if lo > hi:
            return None
        start = lo + rng.randrange(min(150, hi - lo + 1))
        end = min(hi, start + rng.randint(40, 330))
        attend = rng.uniform(0.7, 0.95)
        weekday, random_ = self.weekday, rng.random
        out: dict[int, float] = {}
        for d in range(start, end + 1):
            if not weekday[d] or random_() > attend:
                continue
            if busy:
                first = busy.get(d, 0.0)
                hours = min(rng.choice(SIDE), 8.0 - first)
                if hours >= 1.0:
                    out[d] = hours
            else:
                out[d] = rng.choice(SHIFTS)
        return (project, out) if out else None

    def _emit(self, offender_id: str, site: Place, project: PlannedProject,
              day_hours: dict[int, float], *, long_ok: bool) -> None:
        rng, days, stamps, rows = self.rng, self.days, self.stamps, self.rows
        pid, sid = project.id, site.id
        worked = self.worked.get(pid)
        if worked is None:
            worked = self.worked[pid] = bytearray(YEAR)
            self.weekly[pid] = [0.0] * (YEAR // 7 + 1)
        weekly = self.weekly[pid]
        approved, by, key = HoursStatus.APPROVED, self.by, rules.hours_key
        recent = YEAR - RECENT
        for d, hours in day_hours.items():
            day = days[d]
            row: dict[str, Any] = {"id": key(offender_id, pid, day), "offender_id": offender_id,
                   "project_id": pid, "site_id": sid, "worked_on": day, "hours": hours,
                   "status": approved, "entered_by": by, "decided_by": "",
                   "decided_at": None, "note": "", "updated_at": stamps[d]}
            if long_ok and rng.random() < (OVER_RECENT if d >= recent else OVER):
                self._long(row, d)
            rows.append(row)
            if row["status"] is not HoursStatus.DECLINED:
                worked[d] = 1
                weekly[d // 7] += row["hours"]

    def _long(self, row: dict, d: int) -> None:
        """A day above the approval amount: waiting if recent, else decided."""
        rng = self.rng
        row["hours"] = rng.choice(LONG)
        if d >= YEAR - RECENT:
            row["status"] = HoursStatus.PENDING
            self.pending += 1
            return
        decided = min(self.days[d] + timedelta(days=rng.randint(1, 6)), self.ctx.today)
        row["decided_by"] = self.decider
        row["decided_at"] = datetime.combine(decided, time(10, 5))
        row["updated_at"] = row["decided_at"]
        if rng.random() < DECLINED:
            row["status"] = HoursStatus.DECLINED
            row["note"] = rng.choice(DECLINE_NOTES)
            self.declined += 1

    def flush(self) -> None:
        if self.rows:
            self.session.execute(insert(table_of(HourEntry)), self.rows)
            self.entries += len(self.rows)
            self.rows = []
            self.tick(self.entries // ENTRIES_PER_STEP)

    def supervisors(self, projects: list[PlannedProject]) -> int:
        """The supervisors' own hours: one of them on about half the days the crew worked,
        while his background check was valid."""
        rng, rows = self.rng, []
        for p in projects:
            worked = self.worked.get(p.id)
            if worked is None or not p.supervisors:
                continue
            for d in range(YEAR):
                if not worked[d] or rng.random() < 0.5:
                    continue
                s = p.supervisors[d % len(p.supervisors)]
                day = self.days[d]
                if not s.cleared(day):
                    continue
                rows.append({"id": rules.volunteer_hours_key(s.id, p.id, day),
                             "volunteer_id": s.id, "project_id": p.id, "worked_on": day,
                             "hours": rng.choice((2.0, 3.0, 3.0, 4.0, 4.0, 5.0))})
        for i in range(0, len(rows), CHUNK):
            self.session.execute(insert(table_of(VolunteerHours)), rows[i:i + CHUNK])
        return len(rows)

    def last_worked(self, project_id: str, week: int) -> date | None:
        """The last day of ``week`` the project's crew worked, or None."""
        worked = self.worked.get(project_id)
        if worked is None:
            return None
        for d in range(min(YEAR, week * 7 + 7) - 1, week * 7 - 1, -1):
            if worked[d]:
                return self.days[d]
        return None
