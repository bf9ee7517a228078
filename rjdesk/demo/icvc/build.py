"""ICVC in the demo: classes at every site in every state, rosters with waitlists, attendance,
completions with certificates, victim speakers, and progress that follows a transfer.

The demo holds only what the ICVC services could have written: a person is enrolled at a
class of his current site (a class of a site he left reads "transferred", and what he attended
there counts at his new site); seats never exceed capacity and a waitlist exists only behind a
full class, first come first served; marks exist only for past, held sessions while he held a
seat; a completion only where the class's rule allows, dated after his last session, with the
service's certificate number; a speaker only within his clearance and never twice at once.
Rosters come from replaying each class's requests, withdrawals and transfers in time order,
exactly as ``roster.enroll``/``withdraw``/``on_transfer`` would have moved them.

Everything is drawn from the demo's seeded stream, keys and timestamps included; attendance
and speaker keys come from the services' own key functions. Rows go in with Core executemany
in chunks: a scale-1000 demo writes ~10,000 classes, ~210,000 enrollments and ~1.6 million
marks.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rjdesk.demo import names
from rjdesk.demo.context import CHUNK, DemoContext, Place, Speaker, Tick, Written, table_of
from rjdesk.demo.icvc.people import Census, Pool, Transfers, add_office_showcase, add_showcase
from rjdesk.demo.icvc.plan import (MISS, ONE, PEOPLE_PER_CLASS, PlannedClass, Planner, Seat,
                                   draw_mark, early_join, estimate)
from rjdesk.domain.icvc.enums import AttendanceMark as M
from rjdesk.domain.icvc.enums import CrimeTopic
from rjdesk.domain.icvc.enums import EnrollmentStatus as S
from rjdesk.domain.icvc.models import (Attendance, ClassDayOff, Enrollment, IcvcClass, IcvcSession,
                                       SpeakerBooking)
from rjdesk.domain.people import rules
from rjdesk.services.icvc.attendance import attendance_key
from rjdesk.services.icvc.completion import certificate_number
from rjdesk.services.icvc.speakers import booking_key

__all__ = ["Census", "IcvcPlan", "IcvcSummary", "add_icvc", "estimate", "plan_icvc"]

# --- the build -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class IcvcSummary:
    classes: int
    enrollments: int
    marks: int
    completions: int
    transfers: int
    bookings: int


class IcvcPlan:
    """The ICVC part once planned: it watches the people as they are written (its pools and
    movers), then plans and writes the classes once the volunteers are in."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.census = Census(ctx)
        ctx.person_watchers.append(self.census.note)
        self.steps = estimate(ctx.people_planned)  # the classes, for the progress total

    def write(self, session: Session, tick: Tick) -> Written:
        got = add_icvc(session, self.ctx, self.census, self.ctx.speakers, self.ctx.staff_names,
                       tick)
        return Written({"classes": got.classes, "enrollments": got.enrollments},
                       f"ICVC: {got.classes:,} classes, {got.enrollments:,} enrollments, "
                       f"{got.marks:,} attendance marks, {got.completions:,} certificates, "
                       f"{got.bookings:,} speaker bookings")


def plan_icvc(ctx: DemoContext, scale: int) -> IcvcPlan:
    """Plans after the people part, whose count sets how many classes to expect."""
    return IcvcPlan(ctx)


def add_icvc(session: Session, ctx: DemoContext, census: Census, speakers: list[Speaker],
             staff: dict[str, str], tick: Tick) -> IcvcSummary:
    """Plan every class, replay every roster, and write it all. ``speakers`` are the
    volunteers cleared to speak: (id, site id, active, checked on, check expires, screened
    on); ``staff`` the demo accounts' display names by username."""
    rng = ctx.rng
    plan = Planner(ctx, rng)
    used: set[int] = set()  # people placed in a class already (membership only, never walked)
    add_showcase(plan, census, ctx.home, staff["staff"], staff["admin"], used)
    if ctx.office.id != ctx.home.id:
        add_office_showcase(plan, ctx.office)
    for site in ctx.sites:
        pool = census.pools.get(site.id)
        if pool is None:
            continue
        share = len(pool.docs) / PEOPLE_PER_CLASS
        n = int(share) + (rng.random() < share - int(share))
        n -= len(plan.classes.get(site.id, ()))
        for _ in range(max(0, n)):
            plan.generic(site)
    moves = Transfers(plan, census, used)
    for m in census.movers:
        home = m.to_site == ctx.home.id
        if home or rng.random() < 0.5:
            moves.place(m, sure=home)

    writer = _Writer(session, ctx, plan, census, moves.carried, speakers, used, tick)
    for site in ctx.sites:
        writer.site(site)
    writer.flush(final=True)
    return IcvcSummary(writer.n_classes, writer.n_enrollments, writer.n_marks,
                       writer.n_completions, moves.count, writer.n_bookings)


class _Draw:
    """Takes people of one site at random, only those who had arrived when they asked."""

    def __init__(self, pool: Pool, rng: random.Random, used: set[int]) -> None:
        self.pool, self.rng, self.used = pool, rng, used
        self.order = sorted(range(len(pool.docs)), key=pool.arrival.__getitem__)
        self.p = 0
        self.ready: tuple[list[int], list[int]] = ([], [])  # (others, release soon)

    def admit(self, before: date) -> None:
        limit, pool, order = before.toordinal(), self.pool, self.order
        while self.p < len(order) and pool.arrival[order[self.p]] < limit:
            i = order[self.p]
            self.ready[pool.soon[i]].append(pool.docs[i])
            self.p += 1

    def take(self, soon_first: bool) -> int | None:
        rng = self.rng
        while True:
            others, soon = self.ready
            if not others and not soon:
                return None
            if soon and (soon_first or rng.randrange(len(others) + len(soon)) < len(soon)):
                got = soon
            else:
                got = others or soon
            i = rng.randrange(len(got))
            doc = got[i]
            got[i] = got[-1]
            got.pop()
            if doc not in self.used:
                self.used.add(doc)
                return doc


class _Writer:
    def __init__(self, session: Session, ctx: DemoContext, plan: Planner, census: Census,
                 carried: dict[int, list[M]], speakers: list[Speaker], used: set[int],
                 tick: Callable[[int], None]) -> None:
        self.session, self.ctx, self.plan, self.census = session, ctx, plan, census
        self.rng, self.today, self.carried, self.tick = ctx.rng, ctx.today, carried, tick
        self.used = used
        self.done = 0
        self.enrollments: list[dict] = []
        self.marks: list[dict] = []
        self.n_classes = self.n_enrollments = self.n_marks = 0
        self.n_completions = self.n_bookings = 0
        self.speakers: dict[str, list[Speaker]] = {}
        for sp in speakers:
            self.speakers.setdefault(sp[1], []).append(sp)
        self.booked: dict[str, list[tuple[date, time, time]]] = {}
        self._write_classes()

    def _write_classes(self) -> None:
        """Classes, sessions and days off first: everything else points at them."""
        classes, sessions, days_off = [], [], []
        for site in self.ctx.sites:
            for c in self.plan.classes.get(site.id, ()):
                made = self.ctx.stamp(c.opened - ONE)
                changed = self.ctx.stamp(c.cancelled_on) if c.cancelled_on else made
                if any(s[3] for s in c.sessions):
                    day = next(s[1] for s in c.sessions if s[3])
                    changed = max(changed, datetime.combine(day, time(7, 5)))
                classes.append({"id": c.id, "site_id": c.site.id, "title": c.title,
                                "facilitator": c.facilitator, "location": c.location,
                                "capacity": c.capacity, "sessions_required": c.required,
                                "excused_counts": c.excused,
                                "cancelled": c.cancelled_on is not None,
                                "created_at": made, "updated_at": changed})
                for sid, day, topic, cancelled, why in c.sessions:
                    sessions.append({"id": sid, "class_id": c.id, "held_on": day,
                                     "starts_at": c.starts, "ends_at": c.ends, "topic": topic,
                                     "cancelled": cancelled, "cancel_reason": why})
                for i, (day, why) in enumerate(c.days_off):
                    days_off.append({"id": self.ctx.key("icvc-day-off", f"{c.no}/{i}"),
                                     "class_id": c.id, "day": day, "reason": why})
        for table, rows in ((IcvcClass, classes), (IcvcSession, sessions),
                            (ClassDayOff, days_off)):
            for i in range(0, len(rows), CHUNK):
                self.session.execute(insert(table_of(table)), rows[i:i + CHUNK])
        self.n_classes = len(classes)

    def site(self, site: Place) -> None:
        classes = sorted(self.plan.classes.get(site.id, ()), key=lambda c: (c.opened, c.no))
        if not classes:
            return
        pool = self.census.pools.get(site.id, Pool())
        draw = _Draw(pool, self.rng, self.used)
        for c in classes:
            self.roster(c, draw)
            self.book(c)
        self.tick(self.done)

    def roster(self, c: PlannedClass, draw: _Draw) -> None:
        rng, today, ctx = self.rng, self.today, self.ctx
        state = c.state(today)
        close = c.close(today)
        draw.admit(c.opened)
        seats: list[Seat] = list(c.early)
        if c.again is not None and c.again.completers:
            seats.append(Seat(c.again.completers[0], early_join(c, len(seats))))
        lo = c.opened + timedelta(days=4)
        if lo > close:
            lo = c.opened
        span = (close - lo).days
        locals_: list[Seat] = []
        if span >= 0:
            for _ in range(max(0, c.locals - len(seats))):
                doc = draw.take(rng.random() < c.soon_share)
                if doc is None:
                    break
                day = lo + timedelta(days=rng.randint(0, span))
                locals_.append(Seat(doc, ctx.stamp(day), miss=rng.choice(MISS),
                                     reason=rng.random()))
        # Who left: at random, or exactly as many as the showcase wants.
        if c.cancelled_on:
            for s in seats + locals_:
                s.leave = datetime.combine(c.cancelled_on, time(16))
                s.reason = f"Class cancelled: {rng.choice(names.CANCEL_CLASS_REASONS)}"
        else:
            hi = min(c.last, today - ONE)
            quitting = (rng.sample(locals_, min(c.withdrawals, len(locals_)))
                        if c.withdrawals is not None else
                        [s for s in locals_ if rng.random() < 0.07])
            for s in quitting:
                room = (hi - s.join.date()).days
                if room >= 1:
                    s.leave = ctx.stamp(s.join.date() + timedelta(days=rng.randint(1, room)))
        seats += locals_ + c.extra
        self._replay(c, seats, state)
        self.done += 1

    def _replay(self, c: PlannedClass, seats: list[Seat], state: str) -> None:
        """Requests, withdrawals and transfers in time order, as the roster service moves
        them: a seat while one is free, else the waitlist; a freed seat to the first waiting."""
        rng, today, ctx = self.rng, self.today, self.ctx
        events = sorted([(s.join, 0, i) for i, s in enumerate(seats)] +
                        [(s.leave, 1, i) for i, s in enumerate(seats) if s.leave])
        seated_at: list[datetime | None] = [None] * len(seats)
        where = [0] * len(seats)  # 0 not yet, 1 seated, 2 waiting, 3 left a seat, 4 left the list
        queue: deque[int] = deque()
        taken = 0
        for at, kind, i in events:
            if kind == 0:
                if taken < c.capacity:
                    where[i], seated_at[i] = 1, at
                    taken += 1
                else:
                    where[i] = 2
                    queue.append(i)
            elif where[i] == 1:
                where[i] = 3
                taken -= 1
                while taken < c.capacity and queue:
                    j = queue.popleft()
                    where[j], seated_at[j] = 1, at
                    taken += 1
            elif where[i] == 2:
                where[i] = 4
                queue.remove(i)
        counted = (M.PRESENT, M.LATE) + ((M.EXCUSED,) if c.excused else ())
        held = [(sid, d) for sid, d, _, cancelled, _ in c.sessions if not cancelled and d < today]
        finished = state == "finished"
        inside = "inside" if c.inside else "office"
        for i, s in enumerate(seats):
            eid = ctx.key("icvc-enrollment", f"{c.no}/{s.doc}")
            status, changed, reason = S.ENROLLED, s.join, ""
            completed_on = number = None
            if where[i] == 2:
                status = S.WAITLISTED
            elif where[i] in (3, 4):
                assert s.leave is not None  # only those who left are in 3 and 4
                status, changed = s.gone, s.leave
                if isinstance(s.reason, str):
                    reason = s.reason
                else:
                    pick = (names.WITHDRAW_REASONS[inside] if where[i] == 3
                            else names.WAITLIST_WITHDRAW_REASONS)
                    reason = pick[int(s.reason * len(pick))]
            elif where[i] == 1:
                changed = seated_at[i] or changed
            if where[i] in (1, 3):
                seated = seated_at[i]
                assert seated is not None  # 1 and 3 held a seat
                since = seated.date()
                until = s.leave.date() if s.leave else date.max
                mine = [(sid, d) for sid, d in held if since < d < until]
                marks = s.marks if s.marks is not None else [draw_mark(rng, s.miss) for _ in mine]
                assert len(marks) == len(mine), (c.no, s.doc)
                for k, ((sid, d), m) in enumerate(zip(mine, marks)):
                    self.marks.append({"id": attendance_key(sid, eid), "session_id": sid,
                                       "enrollment_id": eid, "mark": m,
                                       "marked_at": datetime.combine(d, c.starts)
                                       + timedelta(minutes=3 + (k * 7 + i) % 40),
                                       "marked_by": c.by})
                if status is S.ENROLLED and finished and c.complete:
                    got = sum(m in counted for m in marks)
                    got += sum(m in counted for m in self.carried.get(s.doc, ()))
                    if got >= c.required:
                        status = S.COMPLETED
                        completed_on = min(today, c.last + timedelta(days=rng.randint(1, 7)))
                        number = certificate_number(c.site.code, completed_on, eid)
                        changed = ctx.stamp(completed_on)
                        c.completers.append(s.doc)
                        self.n_completions += 1
            self.enrollments.append({
                "id": eid, "class_id": c.id, "offender_id": rules.offender_key(str(s.doc)),
                "status": status, "requested_at": s.join, "status_changed_at": changed,
                "reason": reason, "completed_on": completed_on, "certificate_number": number})
        if len(self.marks) >= CHUNK or len(self.enrollments) >= CHUNK:
            self.flush()

    def book(self, c: PlannedClass) -> None:
        """Victim speakers on some topic sessions: a panel of one to three, each cleared on the
        day and free at that hour. Bookings reach a month ahead."""
        if c.cancelled_on:
            return
        rng, today = self.rng, self.today
        cast = self.speakers.get(c.site.id)
        if not cast:
            return
        rows = []
        for sid, day, topic, cancelled, _ in c.sessions:
            if cancelled or topic in (CrimeTopic.ORIENTATION, CrimeTopic.CLOSING) or \
                    day > today + timedelta(days=30) or rng.random() >= c.speakers:
                continue
            want = rng.choice((1, 1, 2, 2, 3))
            for _ in range(want * 3):
                if want == 0:
                    break
                vid, _, active, checked, expires, screened = cast[rng.randrange(len(cast))]
                if not (active and checked and expires and screened and screened <= day
                        and checked <= day <= expires):
                    continue
                mine = self.booked.setdefault(vid, [])
                if any(d == day and s < c.ends and c.starts < e for d, s, e in mine):
                    continue
                mine.append((day, c.starts, c.ends))
                rows.append({"id": booking_key(sid, vid), "session_id": sid,
                             "volunteer_id": vid})
                want -= 1
        if rows:
            self.session.execute(insert(table_of(SpeakerBooking)), rows)
            self.n_bookings += len(rows)

    def flush(self, final: bool = False) -> None:
        if self.enrollments:  # before the marks: their keys are checked at once
            self.session.execute(insert(table_of(Enrollment)), self.enrollments)
            self.n_enrollments += len(self.enrollments)
        if self.marks:
            self.session.execute(insert(table_of(Attendance)), self.marks)
            self.n_marks += len(self.marks)
        self.enrollments, self.marks = [], []
