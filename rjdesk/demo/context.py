"""What every part of the demo build shares, public so that each area's builder reads it
without reaching into another module's private names: the sites as plain values, the seeded
random stream and keys, the staff accounts, and the few facts one area hands another (the
people as they are written, the victim speakers cleared to speak).

An area's builder is declared once in its package as a :class:`DemoPart`; the orchestrator
(``rjdesk.demo.builder``) finds every part through ``rjdesk.areas.packages("demo")`` and runs
them in the areas' order: first every part plans (the draws that decide how much it writes),
then every part writes its rows.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple, Protocol, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from rjdesk.domain.core.enums import SiteKind

CHUNK = 20_000  # rows per executemany: big enough to be fast, small enough to stay in memory
WOMENS_CENTERS = ("WERDCC", "CCC")

#: Told of each person as he is written: his offender row and his transfer history.
PersonWatcher = Callable[[dict, list[dict]], None]
#: Told how many of its part's steps are done, for the build's one progress bar.
Tick = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Place:
    """A site as the build needs it: plain values, cheap to read a million times."""

    id: str
    code: str
    kind: SiteKind
    city: str


class Speaker(NamedTuple):
    """A volunteer screened as a victim speaker, as the ICVC part books him."""

    id: str
    site_id: str
    active: bool
    checked_on: date | None
    check_expires: date | None
    screened_on: date


@dataclass
class DemoContext:
    """The build's random stream, its day and its sites, and what areas hand each other.

    Every draw comes from ``rng`` in a fixed order, so the same seed and scale build the same
    state; a part therefore never draws outside its own plan and write steps.
    """

    rng: random.Random
    ns: uuid.UUID
    today: date
    home: Place
    office: Place
    sites: list[Place]
    users: dict[str, str] = field(default_factory=dict)        # username -> id
    staff_names: dict[str, str] = field(default_factory=dict)  # username -> display name
    #: How many people the people part will write (known once it has planned).
    people_planned: int = 0
    #: Called for every person the people part writes, in order.
    person_watchers: list[PersonWatcher] = field(default_factory=list)
    #: Filled by the volunteers part: the speakers who may be booked.
    speakers: list[Speaker] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_code = {s.code: s for s in self.sites}
        #: Men's and women's prisons, by "female".
        self.prisons = {f: [s for s in self.sites if s.kind is SiteKind.INSTITUTION
                            and (s.code in WOMENS_CENTERS) == f] for f in (False, True)}

    def key(self, kind: str, n: object) -> str:
        """A row key derived from the seed, so rebuilding gives the same keys."""
        return str(uuid.uuid5(self.ns, f"{kind}/{n}"))

    def stamp(self, day: date) -> datetime:
        """A working-hours time on ``day``: from the seed, never from the clock."""
        return datetime.combine(day, time(8)) + timedelta(seconds=self.rng.randrange(9 * 3600))

    def site(self, code: str) -> Place:
        return self.by_code[code]


def table_of(model: type) -> Table:
    """A mapped class's table, typed for the Core executemany the build writes its rows with."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]  # set by the mapper, unseen by mypy



@dataclass(frozen=True)
class Written:
    """What a part wrote: counts by name (``"offenders"``, ``"classes"`` …) for the summary,
    and an optional clause for the demo's audit event."""

    counts: dict[str, int]
    note: str = ""


class PlannedPart(Protocol):
    """An area's part once planned: how many progress steps it takes, and the writing."""

    steps: int

    def write(self, session: Session, tick: Tick) -> Written: ...


@dataclass(frozen=True)
class DemoPart:
    """An area's share of the demo, declared once in its package as ``DEMO``."""

    name: str
    plan: Callable[[DemoContext, int], PlannedPart]  # (context, scale) -> the planned part
