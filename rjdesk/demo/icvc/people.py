"""ICVC in the demo, the people half: what the build learns about the people while writing
them (``Census``), the showcase classes a new user tries first with their named people,
and transfers — a seat left at one site whose progress follows the person to the next.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from rjdesk.demo import names
from rjdesk.demo.context import DemoContext, Place
from rjdesk.demo.icvc.plan import (FEEDERS, MISS, RELIABLE, SOON, TRANSFERRED_REASON, WINDOW,
                                   PlannedClass, Planner, Seat, draw_mark, early_join)
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.icvc.enums import AttendanceMark as M
from rjdesk.domain.icvc.enums import EnrollmentStatus as S
from rjdesk.domain.people.enums import OffenderStatus

# --- what the build learns about the people while writing them ------------------------------

@dataclass
class Pool:
    """The people of one site who can take the class (incarcerated, or supervised outside),
    in compact arrays: a million people cost a few megabytes."""

    docs: array = field(default_factory=lambda: array("i"))
    arrival: array = field(default_factory=lambda: array("i"))  # day he came to the site
    soon: bytearray = field(default_factory=bytearray)           # released within SOON days


@dataclass(frozen=True, slots=True)
class Mover:
    doc: int
    from_site: str
    to_site: str
    on: date        # the transfer
    since: date     # when he came to the site he left


class Census:
    """Notes each person as the people part writes him (through ``ctx.person_watchers``):
    his site pool, his last transfer, and which of the showcase people he is."""

    def __init__(self, ctx: DemoContext) -> None:
        self.today = ctx.today
        self.home_id = ctx.home.id
        self.inside = {s.id: s.kind is SiteKind.INSTITUTION for s in ctx.sites}
        self.pools: dict[str, Pool] = {}
        self.movers: list[Mover] = []
        self.showcase: dict[str, tuple[int, int]] = {}  # tag -> (doc, arrival)
        self._tags = {(last, first, middle): tag for tag, last, first, middle, *_ in
                      names.SHOWCASE}
        self._soon = (ctx.today + timedelta(days=SOON)).toordinal()
        self._movers_from = ctx.today - timedelta(days=WINDOW + 120)
        self._home_seen = 0

    def note(self, row: dict, history: list[dict]) -> None:
        status, site = row["status"], row["site_id"]
        if status is not (OffenderStatus.INCARCERATED if self.inside[site]
                          else OffenderStatus.SUPERVISED):
            return
        doc = int(row["doc_number"])
        created = row["created_at"].date()
        arrival = history[-1]["transferred_on"] if history else created
        release = row["projected_release_date"]
        pool = self.pools.get(site)
        if pool is None:
            pool = self.pools[site] = Pool()
        pool.docs.append(doc)
        pool.arrival.append(arrival.toordinal())
        pool.soon.append(release is not None and self.today.toordinal() < release.toordinal()
                         <= self._soon)
        if history and arrival >= self._movers_from:
            since = history[-2]["transferred_on"] if len(history) > 1 else created
            self.movers.append(Mover(doc, history[-1]["from_site_id"], site, arrival, since))
        if site == self.home_id and self._home_seen < len(names.SHOWCASE):
            self._home_seen += 1
            tag = self._tags.get((row["last_name"], row["first_name"], row["middle_name"]))
            if tag:
                self.showcase[tag] = (doc, arrival.toordinal())



# --- the showcase at the home site and the officer's office ------------------------------------

def add_showcase(plan: Planner, census: Census, home: Place, staff: str, admin: str,
              used: set[int]) -> list[PlannedClass]:
    """The classes a new user tries first at the home site: one running with a session today
    (taken by the ``staff`` account), one more running, one planned with free seats, one
    planned and full with a waitlist, two finished with certificates, one cancelled."""
    today = plan.today
    inside = home.kind is SiteKind.INSTITUTION
    where = "inside" if inside else "office"
    morning = (time(9), time(11, 30)) if inside else (time(18), time(20))
    afternoon = (time(13), time(15, 30)) if inside else (time(17, 30), time(19, 30))
    other = plan.facilitators(home)[0]
    loc = names.ICVC_LOCATIONS[where]

    def monday_after(day: date) -> date:
        return day + timedelta(days=7 - day.weekday())

    def add(first: date, weekdays: frozenset[int], count: int, times: tuple[time, time],
            facilitator: str, base: str, location: str, **kw: object) -> PlannedClass:
        return plan.add(home, first=first, weekdays=weekdays, count=count, starts=times[0],
                        ends=times[1], facilitator=facilitator, location=location,
                        base=base, by="staff",
                        need_off=True, speakers=0.6, **kw)  # type: ignore[arg-type]  # kw: the optional fields

    wd = frozenset({today.weekday()})
    today_class = add(today - timedelta(weeks=6), wd, 12, morning, staff,
                      "Impact of Crime on Victims", loc[0], capacity=20, required=9,
                      excused=True, keep=today, lockdown=today - timedelta(weeks=2),
                      locals=24, withdrawals=2, soon_share=0.5)
    second_days = frozenset({1, 3}) if today.weekday() not in (1, 3) else frozenset({0, 2})
    second = add(today - timedelta(days=17), second_days, 10, afternoon, other,
                 "ICVC — Reentry Cohort" if inside else "ICVC Community Class", loc[1],
                 capacity=18, required=8, excused=False, locals=17, soon_share=0.6)
    free_day = 0 if today.weekday() != 0 else 2  # not in the room the class of today holds
    free = add(monday_after(today + timedelta(days=6)) + timedelta(days=free_day),
               frozenset({free_day}), 12, morning, staff,
               "Impact of Crime on Victims", loc[0], capacity=16, required=10, excused=True,
               locals=13, withdrawals=1, soon_share=0.5)
    full = add(monday_after(today + timedelta(days=30)) + timedelta(days=2), frozenset({2}), 10,
               afternoon, admin, "ICVC", loc[2 % len(loc)], capacity=20, required=8,
               excused=False, locals=26, withdrawals=2, soon_share=0.5,
               opened=today - timedelta(days=20))
    recent = add(monday_after(today - timedelta(weeks=16)), frozenset({0}), 12, morning, admin,
                 "Impact of Crime on Victims", loc[0], capacity=22, required=10, excused=True,
                 locals=24, withdrawals=2)
    old = add(monday_after(today - timedelta(weeks=40)), frozenset({3}), 13, afternoon, staff,
              "Impact of Crime on Victims", loc[1], capacity=20, required=11, excused=False,
              locals=21, withdrawals=1)
    dropped = add(monday_after(today + timedelta(days=20)), frozenset({4}), 10, morning, other,
                  "ICVC", loc[-1], capacity=15, required=8, excused=False, locals=6,
                  opened=today - timedelta(days=25))
    dropped.cancelled_on = today - timedelta(days=3)
    free.again = old  # one who finished last year asks again: the roster flags him
    for c in (recent, old):
        c.complete = True
    # Names in every script on the papers a new user prints first.
    for tags, c in ((("nva", "pg", "mh", "ob"), today_class), (("nca", "ids", "he"), recent),
                    (("ho", "pjl"), free), (("nmt",), full)):
        for tag in tags:
            doc, arrival = census.showcase.get(tag, (0, 0))
            if doc and arrival < c.opened.toordinal() and doc not in used:
                used.add(doc)
                c.early.append(Seat(doc, early_join(c, len(c.early)), miss=RELIABLE))
    return [today_class, second, free, full, recent, old, dropped]


def add_office_showcase(plan: Planner, office: Place) -> list[PlannedClass]:
    """The officer's P&P office: an evening class finished, one running and one planned."""
    today = plan.today
    out = []
    for weeks, weekday, locals_ in ((-20, 1, 8), (-4, 1, 9), (3, 3, 6)):  # Tuesdays, Thursdays
        first = today + timedelta(weeks=weeks)
        first += timedelta(days=(weekday - first.weekday()) % 7)
        facilitator = plan.facilitators(office)[0]
        out.append(plan.add(office, first=first, weekdays=frozenset({weekday}), count=10,
                            starts=time(18), ends=time(20), capacity=12, required=8,
                            excused=True, facilitator=facilitator, base="ICVC Community Class",
                            location=names.ICVC_LOCATIONS["office"][0], by="officer",
                            need_off=True, locals=locals_, speakers=0.5))
    return out



# --- transfers: progress that follows a person ---------------------------------------------------

class Transfers:
    def __init__(self, plan: Planner, census: Census, used: set[int]) -> None:
        self.plan, self.census, self.used = plan, census, used
        self.carried: dict[int, list[M]] = {}
        self.count = 0
        self.feeders = FEEDERS
        self._index: dict[str, tuple[list[date], list[PlannedClass]]] = {}

    def index(self, site_id: str) -> tuple[list[date], list[PlannedClass]]:
        got = self._index.get(site_id)
        if got is None:
            ordered = sorted((c for c in self.plan.classes.get(site_id, ())
                              if not c.cancelled_on), key=lambda c: (c.first, c.no))
            got = self._index[site_id] = ([c.first for c in ordered], ordered)
        return got

    def running_at(self, site_id: str, day: date) -> list[PlannedClass]:
        firsts, ordered = self.index(site_id)
        i = bisect_left(firsts, day)
        out = []
        j = i - 1
        while j >= 0 and firsts[j] > day - timedelta(days=120):
            if ordered[j].last >= day:
                out.append(ordered[j])
            j -= 1
        return out

    def left_class(self, m: Mover) -> PlannedClass | None:
        """A class at the site he left that was running when he left, with room for him among
        its first requests and sessions he attended before leaving."""
        for c in self.running_at(m.from_site, m.on):
            if self.fits(c, m):
                return c
        return None

    def next_class(self, m: Mover) -> tuple[PlannedClass, date] | None:
        """A class at his new site: one running a week or three after he arrived (he joins
        where he left off), else the next to begin within five months."""
        rng, today = self.plan.rng, self.plan.today
        day = m.on + timedelta(days=rng.randint(7, 21))
        if day >= today:
            return None
        for c in self.running_at(m.to_site, day):
            if any(d > day for d in c.held):
                return c, day
        firsts, ordered = self.index(m.to_site)
        for c in ordered[bisect_left(firsts, day):]:
            if c.first > m.on + timedelta(days=150):
                break
            join = max(day, c.opened + timedelta(days=4))
            if join <= c.close(today):
                return c, join
        return None

    def feeder(self, m: Mover) -> PlannedClass | None:
        """A class at the site he left, made for him when that site has none running then (the
        home site's arrivals always show progress that followed them)."""
        site = self.plan.by_id[m.from_site]
        if site.kind is SiteKind.CENTRAL_OFFICE or not self.feeders:
            return None
        made = self.plan.around(site, m.on, m.since)
        if made is None:
            return None
        self._index.pop(site.id, None)
        if made in self.running_at(site.id, m.on) and self.fits(made, m):
            self.feeders -= 1
            return made
        self.plan.classes[site.id].remove(made)
        self._index.pop(site.id, None)
        return None

    def fits(self, c: PlannedClass, m: Mover) -> bool:
        held_before = sum(1 for d in c.held if d < m.on and d < self.plan.today)
        return held_before >= 2 and m.since < c.opened and len(c.early) < c.capacity // 2

    def place(self, m: Mover, *, sure: bool) -> bool:
        rng, today = self.plan.rng, self.plan.today
        if m.doc in self.used:
            return False
        then = self.next_class(m)
        if sure and then is None:
            return False
        c = self.left_class(m) or (self.feeder(m) if sure else None)
        if c is None:
            return False
        seat = Seat(m.doc, early_join(c, len(c.early)), self.plan.ctx.stamp(m.on), S.TRANSFERRED,
                     TRANSFERRED_REASON, rng.choice(MISS[:6]))
        seat.marks = [draw_mark(rng, seat.miss) for d in c.held
                      if seat.join.date() < d < min(m.on, today)]
        c.early.append(seat)
        self.carried[m.doc] = seat.marks
        self.used.add(m.doc)
        self.count += 1
        if then is not None and (sure or rng.random() < 0.7):
            later, day = then
            later.extra.append(Seat(m.doc, self.plan.ctx.stamp(day),
                                     miss=rng.choice(MISS[:6])))
        return True
