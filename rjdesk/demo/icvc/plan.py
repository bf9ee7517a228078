"""ICVC in the demo, the planning half: the classes of every site as plain data — their
schedules (holidays and lockdowns included), sizes and requests — plus the seeded draws
the build shares (who asked first, how he marked). Nothing here touches the database:
``rjdesk.demo.icvc.build`` replays the rosters and writes the rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from rjdesk.demo import names
from rjdesk.demo.context import DemoContext, Place
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.icvc.enums import AttendanceMark as M
from rjdesk.domain.icvc.enums import CrimeTopic
from rjdesk.domain.icvc.enums import EnrollmentStatus as S
from rjdesk.domain.icvc.rules import REENTRY_HORIZON_DAYS, default_topics
from rjdesk.domain.people import rules

PEOPLE_PER_CLASS = 84   # a site runs a class a year for every ~40 people it holds
WINDOW = 700            # classes began up to this many days before today …
AHEAD = 45              # … or begin up to this many days after it
SOON = REENTRY_HORIZON_DAYS  # the reentry list's default horizon
ONE = timedelta(days=1)
TRANSFERRED_REASON = "Transferred to another site"  # what roster.on_transfer writes
#: How often a person misses a session: most come, a few rarely do.
MISS = (0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15, 0.3)
RELIABLE = 0.02
FEEDERS = 3  # classes made at other sites so that the home site's arrivals carry progress


def estimate(people: int) -> int:
    """About how many classes a demo of this many people gets (for the progress total)."""
    return people // PEOPLE_PER_CLASS + 10


# --- classes and their schedules ---------------------------------------------------------------

@dataclass(slots=True)
class Seat:
    """One request for a seat: who, when, and when and how he left (if he did)."""

    doc: int
    join: datetime
    leave: datetime | None = None
    gone: S = S.WITHDRAWN
    reason: float | str = 0.0   # a draw for the reason, or the reason itself
    miss: float = 0.03
    marks: list[M] | None = None  # fixed in advance for a transfer (his carried progress)


@dataclass(eq=False)
class PlannedClass:
    no: int
    id: str
    site: Place
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
    early: list[Seat] = field(default_factory=list)  # first to ask: sure of a seat
    extra: list[Seat] = field(default_factory=list)  # asked at a given time (transfers in)
    speakers: float = 0.3         # the chance a topic session has a panel
    complete: bool = True         # completions recorded once finished
    again: PlannedClass | None = None   # one of that class's completers asks again (flagged)
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
    def nth(y: int, month: int, weekday: int, n: int) -> date:
        """The n-th ``weekday`` of ``month`` in year ``y``."""
        first = date(y, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))

    out: dict[date, str] = {}
    for y in years:
        last_may = date(y, 5, 31) - timedelta(days=date(y, 5, 31).weekday())
        out.update({date(y, 1, 1): "New Year's Day", nth(y, 1, 0, 3): "Martin Luther King Jr. Day",
                    date(y, 2, 12): "Lincoln Day", nth(y, 2, 0, 3): "Washington's Birthday",
                    date(y, 5, 8): "Truman Day", last_may: "Memorial Day",
                    date(y, 6, 19): "Juneteenth", date(y, 7, 4): "Independence Day",
                    nth(y, 9, 0, 1): "Labor Day", nth(y, 10, 0, 2): "Columbus Day",
                    date(y, 11, 11): "Veterans Day", nth(y, 11, 3, 4): "Thanksgiving Day",
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


class Planner:
    """Makes the classes of the whole state: their sites, titles, schedules and sizes."""

    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        self.ctx, self.rng, self.today = ctx, rng, ctx.today
        self.holidays = _holidays(range(ctx.today.year - 3, ctx.today.year + 2))
        self.classes: dict[str, list[PlannedClass]] = {}
        self.by_id = {s.id: s for s in ctx.sites}
        self.n = 0
        self._titles: dict[str, set[str]] = {}
        self._staff: dict[str, list[str]] = {}

    def facilitators(self, site: Place) -> list[str]:
        got = self._staff.get(site.id)
        if got is None:
            got = self._staff[site.id] = [names.staff_name(self.rng)
                                          for _ in range(self.rng.randint(2, 4))]
        return got

    def title(self, site: Place, inside: bool, first: date, base: str | None = None) -> str:
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

    def add(self, site: Place, *, first: date, weekdays: frozenset[int], count: int,
            starts: time, ends: time, capacity: int, required: int, excused: bool,
            facilitator: str, location: str, by: str, title: str | None = None,
            base: str | None = None,
            lockdown: date | None = None, keep: date | None = None, need_off: bool = False,
            opened: date | None = None, **kw: object) -> PlannedClass:
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
        c = PlannedClass(self.n, cid, site, inside, title, facilitator, location, capacity, required,
                         excused, starts, ends, sessions, off, opened, by,
                         **kw)  # type: ignore[arg-type]  # kw: the optional fields
        self.classes.setdefault(site.id, []).append(c)
        return c

    def _params(self, site: Place) -> dict:
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
        return {"weekdays": weekdays, "count": count, "starts": starts, "ends": ends,
                "capacity": rng.randint(15, 25) if inside else rng.randint(14, 22),
                "required": count - rng.choice((1, 2, 2, 3)), "excused": rng.random() < 0.3,
                "facilitator": facilitator, "by": _username(facilitator),
                "location": rng.choice(names.ICVC_LOCATIONS["inside" if inside else "office"])}

    def _fill(self, c: PlannedClass) -> PlannedClass:
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

    def generic(self, site: Place) -> PlannedClass:
        """An ordinary class of a site: any time in the last two years or the coming weeks."""
        p = self._params(site)
        first = self.today + timedelta(days=self.rng.randint(-WINDOW, AHEAD))
        return self._fill(self.add(site, first=first, **p))

    def around(self, site: Place, day: date, since: date) -> PlannedClass | None:
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


def early_join(c: PlannedClass, k: int) -> datetime:
    """The k-th of those who asked first, on the day the class opened (before office hours:
    the facilitator had their names already)."""
    return datetime.combine(c.opened, time(7, 30)) + timedelta(minutes=k)


def draw_mark(rng: random.Random, miss: float) -> M:
    u = rng.random()
    if u < miss:
        return M.EXCUSED if rng.random() < 0.35 else M.ABSENT
    return M.LATE if u < miss + 0.05 else M.PRESENT
