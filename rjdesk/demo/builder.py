"""Realistic demo data: a site's people, staff of every role, volunteers, ICVC and history.

Demos, training and the search benchmark need a database that looks like a real site's, in any
size up to the whole state for ten years (a million people), built in minutes on a laptop.
This module is the orchestrator: it writes the sites' settings and the staff accounts, then
runs every area's part (``DEMO`` in ``rjdesk.demo.<area>``, found through the areas registry),
so a new area adds its demo without a change here. Everything is drawn from one random stream
seeded by (seed, scale), keys and timestamps included: the same seed builds the same state
digest, so tests and sites can compare demo databases.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rjdesk import areas
from rjdesk.demo.context import DemoContext, DemoPart, Place, PlannedPart, Tick, Written
from rjdesk.demo.staff import add_users
from rjdesk.domain.base import utcnow
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.models import AuditEvent, Site, User
from rjdesk.domain.people.models import Offender
from rjdesk.services.core import settings
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import InvalidInput, Refused
from rjdesk.services.core.sites import ensure_register, site_by_code
from rjdesk.store.capture import capture_off
from rjdesk.store.digest import rebuild_search_index

MAX_SCALE = 5000
DEMO_NAMESPACE = uuid.UUID("5d1c0f3a-8e2b-4f7c-9a61-0b3e7d2c4f58")
BUILD_CACHE_KIB = 256 * 1024


class DemoCancelled(Refused):
    """The person building the demo cancelled it; nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    sites: int
    offenders: int
    volunteers: int
    users: int
    transfers: int
    classes: int = 0
    enrollments: int = 0


def demo_parts() -> list[DemoPart]:
    """Every area's demo part, in the areas' order (people before the programs that use them)."""
    return [package.DEMO for package in areas.packages("demo")]


def build_demo(db: Database, *, scale: int = 1, seed: int = 1, home_site: str = "JCCC",
               progress: Callable[[int, int], bool | None] | None = None,
               today: date | None = None,
               stage: Callable[[str], None] | None = None) -> DemoSummary:
    """Fill a new, empty database with demo data in one transaction.

    ``today`` anchors every date (releases within 180 days, expired checks) and timestamp; it
    defaults to the real date so a demo looks current on the day it is built. ``progress`` is
    told ``(done, total)`` once the parts have planned; ``stage`` is told in words what is
    being written, from the start: the staff accounts (their password hashes take the first
    seconds) come before any count is known.
    """
    said = stage or (lambda _text: None)
    if not 1 <= scale <= MAX_SCALE:
        raise InvalidInput(f"The demo scale is a whole number from 1 to {MAX_SCALE}.", "scale")
    today = today or date.today()
    # The demo is a founding baseline, not this workstation's changes: it reaches other
    # workstations inside a snapshot, and a million logged inserts would only slow it down.
    with db.transaction() as session, capture_off(session.connection()):
        if session.scalar(select(func.count()).select_from(User)) or \
                session.scalar(select(func.count()).select_from(Offender)):
            raise InvalidInput("This database already has staff accounts or people; a demo is "
                               "built only into a new, empty database.", "db")
        said("Setting up the sites and the staff accounts…")
        ctx = _start(session, scale, seed, home_site, today)
        planned = [part.plan(ctx, scale) for part in demo_parts()]
        total = sum(p.steps for p in planned)

        def tick(done: int) -> None:
            if progress is not None and progress(done, total) is False:
                raise DemoCancelled("The demo was cancelled; nothing was written.")

        said("Writing people, volunteers and programs…")
        tick(0)
        written: list[Written] = []
        with _bulk_loading(session):  # its page cache serves every area's indexes
            offset = 0
            for part in planned:
                written.append(part.write(session, _part_tick(tick, offset, part)))
                offset += part.steps
            said("Indexing names for search and saving…")
        counts: dict[str, int] = {}
        for w in written:
            counts.update(w.counts)
        headline = (f"{counts.get('offenders', 0):,} offenders, "
                    f"{counts.get('volunteers', 0):,} volunteers, {len(ctx.users)} staff "
                    f"accounts, {counts.get('transfers', 0):,} transfers")
        session.add(AuditEvent(
            # Never later than the moment it was built: a demo made before 07:30 UTC (or for a
            # ``today`` ahead of the clock) would otherwise show an event from the future.
            id=ctx.key("audit", "demo"), at=min(datetime.combine(today, time(7, 30)), utcnow()),
            user_id=None,
            username="system", site_id=ctx.home.id, action="demo", entity="workstation",
            entity_id=None,
            summary=(f"Demo data built at {ctx.home.code} (scale {scale}, seed {seed}): "
                     + "; ".join([headline] + [w.note for w in written if w.note]) + ".")))
        session.flush()
        tick(total)
        return DemoSummary(len(ctx.sites), counts.get("offenders", 0),
                           counts.get("volunteers", 0), len(ctx.users),
                           counts.get("transfers", 0), counts.get("classes", 0),
                           counts.get("enrollments", 0))


def _start(session: Session, scale: int, seed: int, home_site: str,
           today: date) -> DemoContext:
    """The sites, this workstation's settings and the staff accounts: what every part needs."""
    ensure_register(session)
    session.flush()
    found = site_by_code(session, home_site)
    home = Place(found.id, found.code, found.kind, found.city)
    if home.kind is SiteKind.CENTRAL_OFFICE:
        raise InvalidInput("The central office holds no people; choose a correctional "
                           "center or a P&P office as the demo's home site.", "site")
    sites = [Place(s.id, s.code, s.kind, s.city)
             for s in session.scalars(select(Site).order_by(Site.code))]
    ctx = DemoContext(random.Random(f"rjdesk-demo/{seed}/{scale}"),
                      uuid.uuid5(DEMO_NAMESPACE, f"{seed}/{scale}"), today, home,
                      _office_for(home, sites), sites)
    settings.write(session, settings.SITE_ID, home.id)
    settings.write(session, settings.WORKSTATION_NAME, f"DEMO-{home.code}-1")
    settings.write(session, settings.DEMO, "1")
    add_users(session, ctx)
    return ctx


def _part_tick(tick: Tick, offset: int, part: PlannedPart) -> Tick:
    """A part's progress on the build's one bar: its own steps after the parts before it."""
    return lambda n: tick(offset + min(n, part.steps))


def _office_for(home: Place, sites: list[Place]) -> Place:
    """The demo officer's office: the home site if it is one, else a P&P office in its city
    (Jefferson City's for JCCC), else the first."""
    if home.kind is SiteKind.PP_OFFICE:
        return home
    offices = [s for s in sites if s.kind is SiteKind.PP_OFFICE]
    return ([s for s in offices if s.city == home.city] or offices)[0]


@contextmanager
def _bulk_loading(session: Session) -> Iterator[None]:
    """Fill the people search tables once at the end instead of row by row.

    Measured at a million people on two cores: 27 s of SQL with the insert triggers set aside
    and the tables filled and the index rebuilt afterwards, 42 s setting aside only the
    full-text one, 66 s through both (all with this page cache; twice as long with the
    default), with identical results. The trigger comes back inside the same transaction, so
    a cancelled build rolls all of it back.
    """
    connection = session.connection()
    feed = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                      "AND name = 'offender_search_ai'").scalar_one()
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    try:
        connection.exec_driver_sql("DROP TRIGGER offender_search_ai")
        yield
        connection.exec_driver_sql(feed)
        rebuild_search_index(connection)  # fills what the trigger would have, then the index
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
