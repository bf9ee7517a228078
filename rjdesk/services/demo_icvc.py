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
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rjdesk.domain import people_rules as rules
from rjdesk.domain.enums import AttendanceMark as M
from rjdesk.domain.enums import CrimeTopic, OffenderStatus, SiteKind
from rjdesk.domain.enums import EnrollmentStatus as S
from rjdesk.domain.icvc_models import (Attendance, ClassDayOff, Enrollment, IcvcClass, IcvcSession,
                                       SpeakerBooking)
from rjdesk.services import demo_names as names
from rjdesk.services.icvc.attendance import attendance_key
from rjdesk.services.icvc.completion import certificate_number
from rjdesk.services.icvc.schedule import default_topics
from rjdesk.services.icvc.speakers import booking_key

if TYPE_CHECKING:
    from rjdesk.services.demo import _Ctx, _Place

PEOPLE_PER_CLASS = 84   # a site runs a class a year for every ~40 people it holds
WINDOW = 700            # classes began up to this many days before today …
AHEAD = 45              # … or begin up to this many days after it
SOON = 180              # the reentry list's default horizon
CHUNK = 20_000
ONE = timedelta(days=1)
TRANSFERRED_REASON = "Transferred to another site"  # what roster.on_transfer writes
#: How often a person misses a session: most come, a few rarely do.
MISS = (0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15, 0.3)
RELIABLE = 0.02
FEEDERS = 3  # classes made at other sites so that the home site's arrivals carry progress


# --- what the build learns about the people while writing them ------------------------------

@dataclass
class _Pool:
    """The people of one site who can take the class (incarcerated, or supervised outside),
    in compact arrays: a million people cost a few megabytes."""

    docs: array = field(default_factory=lambda: array("i"))
    arrival: array = field(default_factory=lambda: array("i"))  # day he came to the site
    soon: bytearray = field(default_factory=bytearray)           # released within SOON days


@dataclass(frozen=True, slots=True)
class _Mover:
    doc: int
    from_site: str
    to_site: str
    on: date        # the transfer
    since: date     # when he came to the site he left


class Census:
    """Notes each person as ``demo._add_offenders`` writes him: his site pool, his last
    transfer, and which of the showcase people he is."""

    def __init__(self, ctx: _Ctx) -> None:
        self.today = ctx.today
        self.home_id = ctx.home.id
        self.inside = {s.id: s.kind is SiteKind.INSTITUTION for s in ctx.sites}
        self.pools: dict[str, _Pool] = {}
        self.movers: list[_Mover] = []
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
            pool = self.pools[site] = _Pool()
        pool.docs.append(doc)
        pool.arrival.append(arrival.toordinal())
        pool.soon.append(release is not None and self.today.toordinal() < release.toordinal()
                         <= self._soon)
        if history and arrival >= self._movers_from:
            since = history[-2]["transferred_on"] if len(history) > 1 else created
            self.movers.append(_Mover(doc, history[-1]["from_site_id"], site, arrival, since))
        if site == self.home_id and self._home_seen < len(names.SHOWCASE):
            self._home_seen += 1
            tag = self._tags.get((row["last_name"], row["first_name"], row["middle_name"]))
            if tag:
                self.showcase[tag] = (doc, arrival.toordinal())


def estimate(people: int) -> int:
    """About how many classes a demo of this many people gets (for the progress total)."""
    return people // PEOPLE_PER_CLASS + 10


# --- classes and their schedules ---------------------------------------------------------------

@dataclass(slots=True)
class _Seat:
    """One request for a seat: who, when, and when and how he left (if he did)."""

    doc: int
    join: datetime
    leave: datetime | None = None
    gone: S = S.WITHDRAWN
    reason: float | str = 0.0   # a draw for the reason, or the reason itself
    miss: float = 0.03
    marks: list[M] | None = None  # fixed in advance for a transfer (his carried progress)


@dataclass(eq=False)
class _Class:
    no: int
    id: str
    site: _Place
    inside: bool
    title: str
    facilitator: str
    location: str
    capacity: int
    required: int
    excused: bool
    starts: time
    ends: time
    #: (id, held_on, topic, cancelled, reason) for every session row, in date order.
    sessions: list[tuple[str, date, CrimeTopic, bool, str]]
    days_off: list[tuple[date, str]]
    opened: date                  # created: requests are taken from this day
    by: str                       # the username that takes attendance
    cancelled_on: date | None = None
    locals: int = 0               # people of the site to draw as requests
    withdrawals: int | None = None  # exactly this many, or at random
    soon_share: float = 0.0
    early: list[_Seat] = field(default_factory=list)  # first to ask: sure of a seat
    extra: list[_Seat] = field(default_factory=list)  # asked at a given time (transfers in)
    speakers: float = 0.3         # the chance a topic session has a panel
    complete: bool = True         # completions recorded once finished
    again: _Class | None = None   # one of that class's completers asks again (flagged)
    completers: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.held = [d for _, d, _, c, _ in self.sessions if not c]
        self.first, self.last = self.held[0], self.held[-1]

    def cancel_session(self, i: int, why: str) -> None:
        sid, day, topic, _, _ = self.sessions[i]
        self.sessions[i] = (sid, day, topic, True, why)
        self.__post_init__()

    def state(self, today: date) -> str:
        if self.cancelled_on:
            return "cancelled"
        return ("planned" if today < self.first else "finished" if today > self.last
                else "running")

    def close(self, today: date) -> date:
        """The last day a request is taken (in the demo's past)."""
        if self.cancelled_on:
            return self.cancelled_on - ONE
        return min(self.first + timedelta(days=10), today - ONE) if self.first <= today \
            else today - ONE


def _holidays(years: range) -> dict[date, str]:
    """Missouri state holidays (RSMo 9.010) on their dates; a class that meets that day
    skips it."""
    out: dict[date, str] = {}
    for y in years:
        def nth(month: int, weekday: int, n: int) -> date:
            first = date(y, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        last_may = date(y, 5, 31) - timedelta(days=date(y, 5, 31).weekday())
        out.update({date(y, 1, 1): "New Year's Day", nth(1, 0, 3): "Martin Luther King Jr. Day",
                    date(y, 2, 12): "Lincoln Day", nth(2, 0, 3): "Washington's Birthday",
                    date(y, 5, 8): "Truman Day", last_may: "Memorial Day",
                    date(y, 6, 19): "Juneteenth", date(y, 7, 4): "Independence Day",
                    nth(9, 0, 1): "Labor Day", nth(10, 0, 2): "Columbus Day",
                    date(y, 11, 11): "Veterans Day", nth(11, 3, 4): "Thanksgiving Day",
                    date(y, 12, 25): "Christmas Day"})
    return out


def _schedule(first: date, weekdays: frozenset[int], count: int, holidays: dict[date, str], *,
              keep: date | None = None, need_off: bool = False
              ) -> tuple[list[date], list[tuple[date, str]]]:
    """The dates ``schedule.session_dates`` gives from ``first`` with the holidays that fall on
    a class day as the days off (``keep`` is held even on a holiday). With ``need_off`` and no
    holiday in the span, the facilitator takes a training day off instead."""
    off_days = dict(holidays)
    while True:
        dates: list[date] = []
        off: list[tuple[date, str]] = []
        day = first
        while len(dates) < count:
            if day.weekday() in weekdays:
                why = off_days.get(day) if day != keep else None
                if not why:
                    dates.append(day)
                elif dates:  # a holiday before the first session only starts it later
                    off.append((day, why))
            day += ONE
        if off or not need_off:
            return dates, off
        skip = next(d for d in dates[2:] + dates if d != keep)
        off_days[skip] = names.NO_HOLIDAY_DAY_OFF


class _Planner:
    """Makes the classes of the whole state: their sites, titles, schedules and sizes."""

    def __init__(self, ctx: _Ctx, rng: random.Random) -> None:
        self.ctx, self.rng, self.today = ctx, rng, ctx.today
        self.holidays = _holidays(range(ctx.today.year - 3, ctx.today.year + 2))
        self.classes: dict[str, list[_Class]] = {}
        self.by_id = {s.id: s for s in ctx.sites}
        self.n = 0
        self._titles: dict[str, set[str]] = {}
        self._staff: dict[str, list[str]] = {}

    def facilitators(self, site: _Place) -> list[str]:
        got = self._staff.get(site.id)
        if got is None:
            got = self._staff[site.id] = [names.staff_name(self.rng)
                                          for _ in range(self.rng.randint(2, 4))]
        return got

    def title(self, site: _Place, inside: bool, first: date, base: str | None = None) -> str:
        rng = self.rng
        if base is None:
            where = "inside" if inside else "office"
            base = rng.choice([t for t, w in names.ICVC_TITLES if w in (where, "both")])
            base = base.format(unit=rng.randint(1, 8))
        season = ("Winter", "Winter", "Spring", "Spring", "Spring", "Summer", "Summer", "Summer",
                  "Fall", "Fall", "Fall", "Winter")[first.month - 1]
        text = f"{base}, {season} {first.year}"
        taken = self._titles.setdefault(site.id, set())
        n = 1
        title = text
        while title in taken:
            n += 1
            title = f"{text} (Group {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[min(n, 26) - 1]})" \
                if n <= 26 else f"{text} (Group {n})"
        taken.add(title)
        return title

    def add(self, site: _Place, *, first: date, weekdays: frozenset[int], count: int,
            starts: time, ends: time, capacity: int, required: int, excused: bool,
            facilitator: str, location: str, by: str, title: str | None = None,
            base: str | None = None,
            lockdown: date | None = None, keep: date | None = None, need_off: bool = False,
            opened: date | None = None, **kw: object) -> _Class:
        """A class on the schedule the service would have made, with a session cancelled by
        a lockdown if ``lockdown`` is one of its dates."""
        rng, ctx = self.rng, self.ctx
        dates, off = _schedule(first, weekdays, count, self.holidays, keep=keep,
                               need_off=need_off)
        if lockdown is not None:  # the held date nearest before it (a holiday is no lockdown)
            before = [d for d in dates[1:] if d <= lockdown and d < self.today]
            lockdown = before[-1] if before else None
        self.n += 1
        cid = ctx.key("icvc-class", self.n)
        inside = site.kind is SiteKind.INSTITUTION
        title = title or self.title(site, inside, dates[0], base)
        why = rng.choice(names.LOCKDOWN_REASONS["inside" if inside else "office"])
        sessions = [(ctx.key("icvc-session", f"{self.n}/{i}"), d, topic, d == lockdown,
                     why if d == lockdown else "")
                    for i, (d, topic) in enumerate(zip(dates, default_topics(len(dates))))]
        opened = opened or min(dates[0] - timedelta(days=rng.randint(21, 45)),
                               self.today - timedelta(days=2))
        c = _Class(self.n, cid, site, inside, title, facilitator, location, capacity, required,
                   excused, starts, ends, sessions, off, opened, by, **kw)  # type: ignore[arg-type]
        self.classes.setdefault(site.id, []).append(c)
        return c

    def _params(self, site: _Place) -> dict:
        """How a site runs its classes: days, hours, length, size, rule and facilitator."""
        rng = self.rng
        inside = site.kind is SiteKind.INSTITUTION
        weekly = not inside or rng.random() < 0.7
        if inside:
            weekdays = (frozenset({rng.randrange(5)}) if weekly
                        else rng.choice((frozenset({0, 2}), frozenset({1, 3}))))
            starts, ends = rng.choice(((time(9), time(11, 30)), (time(13), time(15, 30)),
                                       (time(8, 30), time(11))))
        else:
            weekdays = frozenset({rng.randrange(4)})
            starts, ends = rng.choice(((time(18), time(20)), (time(17, 30), time(19, 30))))
        count = rng.choice((10, 12, 13)) if weekly else rng.choice((10, 12))
        facilitator = rng.choice(self.facilitators(site))
        return dict(weekdays=weekdays, count=count, starts=starts, ends=ends,
                    capacity=rng.randint(15, 25) if inside else rng.randint(14, 22),
                    required=count - rng.choice((1, 2, 2, 3)), excused=rng.random() < 0.3,
                    facilitator=facilitator, by=_username(facilitator),
                    location=rng.choice(names.ICVC_LOCATIONS["inside" if inside
                                                              else "office"]))

    def _fill(self, c: _Class) -> _Class:
        """How many of the site ask for a seat, and whether the rest of the class's life
        (a lockdown, a cancellation, completions not yet recorded) happened."""
        rng, today = self.rng, self.today
        where = "inside" if c.inside else "office"
        past = [i for i, (_, d, _, _, _) in enumerate(c.sessions) if 0 < i and d < today]
        if past and rng.random() < 0.25:  # a lockdown: one past session did not happen
            c.cancel_session(rng.choice(past), rng.choice(names.LOCKDOWN_REASONS[where]))
        if rng.random() < 0.015:  # called off before it began
            on = min(c.first - timedelta(days=rng.randint(2, 12)), today - ONE)
            if on > c.opened + timedelta(days=2):
                c.cancelled_on = on
        state = c.state(today)
        share = rng.uniform(0.7, 1.45) if state != "planned" else rng.uniform(0.3, 1.1)
        c.locals = round(c.capacity * share)
        c.soon_share = 0.4 if state in ("planned", "running") else 0.0
        c.complete = (today - c.last).days > 10 or rng.random() < 0.5
        return c

    def generic(self, site: _Place) -> _Class:
        """An ordinary class of a site: any time in the last two years or the coming weeks."""
        p = self._params(site)
        first = self.today + timedelta(days=self.rng.randint(-WINDOW, AHEAD))
        return self._fill(self.add(site, first=first, **p))

    def around(self, site: _Place, day: date, since: date) -> _Class | None:
        """A class at ``site`` that was running on ``day`` and opened after ``since`` (made for
        someone who left the site that day), or None when none fits."""
        p = self._params(site)
        p["weekdays"] = frozenset({min(day.weekday(), 4)})
        first = day - timedelta(weeks=self.rng.randint(3, 6))
        opened = first - timedelta(days=self.rng.randint(21, 45))
        if opened <= since:
            return None
        return self._fill(self.add(site, first=first, opened=opened, **p))


def _username(name: str) -> str:
    """A made-up staff username for a facilitator at a site without demo accounts."""
    first, _, last = name.partition(" ")
    folded = "".join(ch for ch in rules.fold(first[:1] + last) if ch.isascii() and ch.isalnum())
    return folded[:40] or "staff"


# --- the showcase at the home site and the officer's office ------------------------------------

def _showcase(plan: _Planner, census: Census, home: _Place, staff: str, admin: str,
              used: set[int]) -> list[_Class]:
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
            facilitator: str, base: str, location: str, **kw: object) -> _Class:
        return plan.add(home, first=first, weekdays=weekdays, count=count, starts=times[0],
                        ends=times[1], facilitator=facilitator, location=location,
                        base=base, by="staff",
                        need_off=True, speakers=0.6, **kw)  # type: ignore[arg-type]

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
                c.early.append(_Seat(doc, _early(c, len(c.early)), miss=RELIABLE))
    return [today_class, second, free, full, recent, old, dropped]


def _office_showcase(plan: _Planner, office: _Place) -> list[_Class]:
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


def _early(c: _Class, k: int) -> datetime:
    """The k-th of those who asked first, on the day the class opened (before office hours:
    the facilitator had their names already)."""
    return datetime.combine(c.opened, time(7, 30)) + timedelta(minutes=k)


# --- transfers: progress that follows a person ---------------------------------------------------

class _Transfers:
    def __init__(self, plan: _Planner, census: Census, used: set[int]) -> None:
        self.plan, self.census, self.used = plan, census, used
        self.carried: dict[int, list[M]] = {}
        self.count = 0
        self.feeders = FEEDERS
        self._index: dict[str, tuple[list[date], list[_Class]]] = {}

    def index(self, site_id: str) -> tuple[list[date], list[_Class]]:
        got = self._index.get(site_id)
        if got is None:
            ordered = sorted((c for c in self.plan.classes.get(site_id, ())
                              if not c.cancelled_on), key=lambda c: (c.first, c.no))
            got = self._index[site_id] = ([c.first for c in ordered], ordered)
        return got

    def running_at(self, site_id: str, day: date) -> list[_Class]:
        firsts, ordered = self.index(site_id)
        i = bisect_left(firsts, day)
        out = []
        j = i - 1
        while j >= 0 and firsts[j] > day - timedelta(days=120):
            if ordered[j].last >= day:
                out.append(ordered[j])
            j -= 1
        return out

    def left_class(self, m: _Mover) -> _Class | None:
        """A class at the site he left that was running when he left, with room for him among
        its first requests and sessions he attended before leaving."""
        for c in self.running_at(m.from_site, m.on):
            if self.fits(c, m):
                return c
        return None

    def next_class(self, m: _Mover) -> tuple[_Class, date] | None:
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

    def feeder(self, m: _Mover) -> _Class | None:
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

    def fits(self, c: _Class, m: _Mover) -> bool:
        held_before = sum(1 for d in c.held if d < m.on and d < self.plan.today)
        return held_before >= 2 and m.since < c.opened and len(c.early) < c.capacity // 2

    def place(self, m: _Mover, *, sure: bool) -> bool:
        rng, today = self.plan.rng, self.plan.today
        if m.doc in self.used:
            return False
        then = self.next_class(m)
        if sure and then is None:
            return False
        c = self.left_class(m) or (self.feeder(m) if sure else None)
        if c is None:
            return False
        seat = _Seat(m.doc, _early(c, len(c.early)), self.plan.ctx.stamp(m.on), S.TRANSFERRED,
                     TRANSFERRED_REASON, rng.choice(MISS[:6]))
        seat.marks = [_mark(rng, seat.miss) for d in c.held
                      if seat.join.date() < d < min(m.on, today)]
        c.early.append(seat)
        self.carried[m.doc] = seat.marks
        self.used.add(m.doc)
        self.count += 1
        if then is not None and (sure or rng.random() < 0.7):
            later, day = then
            later.extra.append(_Seat(m.doc, self.plan.ctx.stamp(day),
                                     miss=rng.choice(MISS[:6])))
        return True


def _mark(rng: random.Random, miss: float) -> M:
    u = rng.random()
    if u < miss:
        return M.EXCUSED if rng.random() < 0.35 else M.ABSENT
    return M.LATE if u < miss + 0.05 else M.PRESENT


# --- the build -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class IcvcSummary:
    classes: int
    enrollments: int
    marks: int
    completions: int
    transfers: int
    bookings: int


def add_icvc(session: Session, ctx: _Ctx, census: Census, speakers: list[tuple],
             staff: dict[str, str], tick: Callable[[int], None]) -> IcvcSummary:
    """Plan every class, replay every roster, and write it all. ``speakers`` are the
    volunteers cleared to speak: (id, site id, active, checked on, check expires, screened
    on); ``staff`` the demo accounts' display names by username."""
    rng = ctx.rng
    plan = _Planner(ctx, rng)
    used: set[int] = set()  # people placed in a class already (membership only, never walked)
    _showcase(plan, census, ctx.home, staff["staff"], staff["admin"], used)
    if ctx.office.id != ctx.home.id:
        _office_showcase(plan, ctx.office)
    for site in ctx.sites:
        pool = census.pools.get(site.id)
        if pool is None:
            continue
        share = len(pool.docs) / PEOPLE_PER_CLASS
        n = int(share) + (rng.random() < share - int(share))
        n -= len(plan.classes.get(site.id, ()))
        for _ in range(max(0, n)):
            plan.generic(site)
    moves = _Transfers(plan, census, used)
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

    def __init__(self, pool: _Pool, rng: random.Random, used: set[int]) -> None:
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
    def __init__(self, session: Session, ctx: _Ctx, plan: _Planner, census: Census,
                 carried: dict[int, list[M]], speakers: list[tuple], used: set[int],
                 tick: Callable[[int], None]) -> None:
        self.session, self.ctx, self.plan, self.census = session, ctx, plan, census
        self.rng, self.today, self.carried, self.tick = ctx.rng, ctx.today, carried, tick
        self.used = used
        self.done = 0
        self.enrollments: list[dict] = []
        self.marks: list[dict] = []
        self.n_classes = self.n_enrollments = self.n_marks = 0
        self.n_completions = self.n_bookings = 0
        self.speakers: dict[str, list[tuple]] = {}
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
                self.session.execute(insert(table.__table__), rows[i:i + CHUNK])
        self.n_classes = len(classes)

    def site(self, site: _Place) -> None:
        classes = sorted(self.plan.classes.get(site.id, ()), key=lambda c: (c.opened, c.no))
        if not classes:
            return
        pool = self.census.pools.get(site.id, _Pool())
        draw = _Draw(pool, self.rng, self.used)
        for c in classes:
            self.roster(c, draw)
            self.book(c)
        self.tick(self.done)

    def roster(self, c: _Class, draw: _Draw) -> None:
        rng, today, ctx = self.rng, self.today, self.ctx
        state = c.state(today)
        close = c.close(today)
        draw.admit(c.opened)
        seats: list[_Seat] = list(c.early)
        if c.again is not None and c.again.completers:
            seats.append(_Seat(c.again.completers[0], _early(c, len(seats))))
        lo = c.opened + timedelta(days=4)
        if lo > close:
            lo = c.opened
        span = (close - lo).days
        locals_: list[_Seat] = []
        if span >= 0:
            for _ in range(max(0, c.locals - len(seats))):
                doc = draw.take(rng.random() < c.soon_share)
                if doc is None:
                    break
                day = lo + timedelta(days=rng.randint(0, span))
                locals_.append(_Seat(doc, ctx.stamp(day), miss=rng.choice(MISS),
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

    def _replay(self, c: _Class, seats: list[_Seat], state: str) -> None:
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
                status, changed = s.gone, s.leave
                if isinstance(s.reason, str):
                    reason = s.reason
                else:
                    pick = (names.WITHDRAW_REASONS[inside] if where[i] == 3
                            else names.WAITLIST_WITHDRAW_REASONS)
                    reason = pick[int(s.reason * len(pick))]
            elif where[i] == 1:
                changed = seated_at[i]
            if where[i] in (1, 3):
                since = seated_at[i].date()
                until = s.leave.date() if s.leave else date.max
                mine = [(sid, d) for sid, d in held if since < d < until]
                marks = s.marks if s.marks is not None else [_mark(rng, s.miss) for _ in mine]
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

    def book(self, c: _Class) -> None:
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
                if not (active and checked and screened and screened <= day
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
            self.session.execute(insert(SpeakerBooking.__table__), rows)
            self.n_bookings += len(rows)

    def flush(self, final: bool = False) -> None:
        if self.enrollments:  # before the marks: their keys are checked at once
            self.session.execute(insert(Enrollment.__table__), self.enrollments)
            self.n_enrollments += len(self.enrollments)
        if self.marks:
            self.session.execute(insert(Attendance.__table__), self.marks)
            self.n_marks += len(self.marks)
        self.enrollments, self.marks = [], []
