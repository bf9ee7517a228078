"""Realistic demo data: a site's people, staff of every role, volunteers and transfer history.

Demos, training and the search benchmark need a database that looks like a real site's, in any
size up to the whole state for ten years (a million people), built in minutes on a laptop. So
rows are made in Python and written with Core executemany in chunks, the offender's derived
columns (key, search text, sort name) computed exactly as ``people._apply`` does. Everything is
drawn from random streams seeded by (seed, scale), keys and timestamps included: the same seed
builds the same state digest, so tests and sites can compare demo databases.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rjdesk.demo import names
from rjdesk.demo.icvc import build as demo_icvc
from rjdesk.domain.core.enums import Role, SiteKind
from rjdesk.domain.core.models import AuditEvent, Site, User
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender, OffenderTransfer
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining
from rjdesk.services.admin.auth import hash_password
from rjdesk.services.core import settings
from rjdesk.services.core.errors import InvalidInput, Refused
from rjdesk.services.core.sites import ensure_register, site_by_code
from rjdesk.services.volunteers.records import ROLE_NAMESPACE
from rjdesk.store.capture import capture_off
from rjdesk.store.database import Database
from rjdesk.store.digest import rebuild_search_index

HOME_PEOPLE = 400          # the home site always has a few hundred people
OFFICE_PEOPLE = 40         # the demo officer's P&P office has some to supervise
ELSEWHERE_AT_SCALE_1 = 20  # and a handful are spread over the other sites
PEOPLE_PER_SCALE = 1000
VOLUNTEERS_PER_SCALE = 30
MAX_SCALE = 5000
CHUNK = 20_000
DEMO_PASSWORD = "demo"
DEMO_NAMESPACE = uuid.UUID("5d1c0f3a-8e2b-4f7c-9a61-0b3e7d2c4f58")
RECEPTION_CENTERS = ("ERDCC", "FRDC", "WRDCC")
WOMENS_CENTERS = ("WERDCC", "CCC")


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


class _Folder:
    """Folds each distinct name once: a million people share a few thousand names."""

    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        got = self._memo.get(text)
        if got is None:
            got = self._memo[text] = rules.fold(text)
        return got


# --- the build -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Place:
    """A site as the build needs it: plain values, cheap to read a million times."""

    id: str
    code: str
    kind: SiteKind
    city: str


@dataclass
class _Ctx:
    """What every part of the build shares: its random stream, its day and its sites."""

    rng: random.Random
    ns: uuid.UUID
    today: date
    home: _Place
    office: _Place
    sites: list[_Place]
    users: dict[str, str]  # username -> id

    def key(self, kind: str, n: object) -> str:
        """A row key derived from the seed, so rebuilding gives the same keys."""
        return str(uuid.uuid5(self.ns, f"{kind}/{n}"))

    def stamp(self, day: date) -> datetime:
        """A working-hours time on ``day``: from the seed, never from the clock."""
        return datetime.combine(day, time(8)) + timedelta(seconds=self.rng.randrange(9 * 3600))

    def site(self, code: str) -> _Place:
        return self.by_code[code]

    def __post_init__(self) -> None:
        self.by_code = {s.code: s for s in self.sites}
        #: Men's and women's prisons, by "female".
        self.prisons = {f: [s for s in self.sites if s.kind is SiteKind.INSTITUTION
                            and (s.code in WOMENS_CENTERS) == f] for f in (False, True)}


def build_demo(db: Database, *, scale: int = 1, seed: int = 1, home_site: str = "JCCC",
               progress: Callable[[int, int], bool | None] | None = None,
               today: date | None = None) -> DemoSummary:
    """Fill a new, empty database with demo data in one transaction.

    ``today`` anchors every date (releases within 180 days, expired checks) and timestamp; it
    defaults to the real date so a demo looks current on the day it is built.
    """
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
        ensure_register(session)
        session.flush()
        found = site_by_code(session, home_site)
        home = _Place(found.id, found.code, found.kind, found.city)
        if home.kind is SiteKind.CENTRAL_OFFICE:
            raise InvalidInput("The central office holds no people; choose a correctional "
                               "center or a P&P office as the demo's home site.", "site")
        sites = [_Place(s.id, s.code, s.kind, s.city)
                 for s in session.scalars(select(Site).order_by(Site.code))]
        ctx = _Ctx(random.Random(f"rjdesk-demo/{seed}/{scale}"),
                   uuid.uuid5(DEMO_NAMESPACE, f"{seed}/{scale}"), today, home,
                   _office_for(home, sites), sites, {})
        settings.write(session, settings.SITE_ID, home.id)
        settings.write(session, settings.WORKSTATION_NAME, f"DEMO-{home.code}-1")
        settings.write(session, settings.DEMO, "1")
        _add_users(session, ctx)
        plan = _people_plan(ctx, scale)
        n_people, n_volunteers = sum(n for _, n in plan), VOLUNTEERS_PER_SCALE * scale
        n_classes = demo_icvc.estimate(n_people)  # the ICVC part reports classes done
        total = n_people + n_volunteers + n_classes

        def tick(done: int) -> None:
            if progress is not None and progress(done, total) is False:
                raise DemoCancelled("The demo was cancelled; nothing was written.")

        tick(0)
        census = demo_icvc.Census(ctx)
        with _bulk_loading(session):  # its page cache serves the ICVC rows' indexes too
            transfers = _add_offenders(session, ctx, plan, tick, census.note)
            speakers = _add_volunteers(session, ctx, n_volunteers, lambda n: tick(n_people + n))
            icvc = demo_icvc.add_icvc(session, ctx, census, speakers,
                                      {u: name for u, _, name, _ in _STAFF},
                                      lambda n: tick(total - n_classes + min(n, n_classes)))
        session.add(AuditEvent(
            id=ctx.key("audit", "demo"), at=datetime.combine(today, time(7, 30)), user_id=None,
            username="system", site_id=home.id, action="demo", entity="workstation",
            entity_id=None,
            summary=(f"Demo data built at {home.code} (scale {scale}, seed {seed}): "
                     f"{n_people:,} offenders, {n_volunteers:,} volunteers, {len(ctx.users)} "
                     f"staff accounts, {transfers:,} transfers; ICVC: {icvc.classes:,} classes, "
                     f"{icvc.enrollments:,} enrollments, {icvc.marks:,} attendance marks, "
                     f"{icvc.completions:,} certificates, {icvc.bookings:,} speaker bookings.")))
        session.flush()
        tick(total)
        return DemoSummary(len(sites), n_people, n_volunteers, len(ctx.users), transfers,
                           icvc.classes, icvc.enrollments)


def _office_for(home: _Place, sites: list[_Place]) -> _Place:
    """The demo officer's office: the home site if it is one, else a P&P office in its city
    (Jefferson City's for JCCC), else the first."""
    if home.kind is SiteKind.PP_OFFICE:
        return home
    offices = [s for s in sites if s.kind is SiteKind.PP_OFFICE]
    return ([s for s in offices if s.city == home.city] or offices)[0]


_STAFF = (  # username, role, display name, where ("home", "office" or a site code)
    ("admin", Role.ADMINISTRATOR, "Dana Whitfield", "home"),
    ("staff", Role.INSTITUTION_STAFF, "Marcus Bell", "home"),
    ("coordinator", Role.VOLUNTEER_COORDINATOR, "Linh Trần", "home"),
    ("officer", Role.PP_OFFICER, "Rosa Peña", "office"),
    ("board", Role.BOARD_COORDINATOR, "Gerald Hoffmann", "office"),
    ("victims", Role.VICTIM_SERVICES, "Amra Hodžić", "home"),
    ("central", Role.CENTRAL_OFFICE, "Patricia Lang", "CO"),
)


@lru_cache(maxsize=8)
def _demo_hash(salt: bytes) -> str:
    """The demo password's hash with a salt derived from the seed, so every build of a seed
    has the same digest. One salt serves every demo account (the password is "demo" anyway)."""
    return hash_password(DEMO_PASSWORD, salt=salt)


def _add_users(session: Session, ctx: _Ctx) -> None:
    """One account per role; inserted directly since "demo" is shorter than the minimum."""
    for username, role, display, where in _STAFF:
        site = {"home": ctx.home, "office": ctx.office}.get(where) or ctx.site(where)
        uid = ctx.key("user", username)
        salt = hashlib.sha256(f"{ctx.ns}/password".encode()).digest()[:16]
        session.add(User(id=uid, username=username, display_name=display, role=role,
                         site_id=site.id, password_hash=_demo_hash(salt), active=True,
                         failed_attempts=0, created_at=ctx.stamp(ctx.today - timedelta(400))))
        ctx.users[username] = uid
    session.flush()


_WEIGHT = {SiteKind.INSTITUTION: 1.0, SiteKind.PP_OFFICE: 1.2,
           SiteKind.COMMUNITY_SUPERVISION_CENTER: 0.3}


def _people_plan(ctx: _Ctx, scale: int) -> list[tuple[_Place, int]]:
    """How many people each site gets: fixed numbers at the home site and the officer's office,
    the rest spread over every site that holds people in proportion to its kind's weight."""
    counts = {ctx.home.id: HOME_PEOPLE}
    counts[ctx.office.id] = counts.get(ctx.office.id, 0) + OFFICE_PEOPLE
    spread = ELSEWHERE_AT_SCALE_1 + (scale - 1) * PEOPLE_PER_SCALE
    holding = [s for s in ctx.sites if s.kind in _WEIGHT]
    shares = [spread * _WEIGHT[s.kind] / sum(_WEIGHT[h.kind] for h in holding) for s in holding]
    whole = [int(x) for x in shares]
    # The fractions left over go to sites drawn by weight: the handful of scale 1 lands on
    # prisons and offices alike, and the total is exact.
    extra = ctx.rng.choices(range(len(holding)), weights=[_WEIGHT[s.kind] for s in holding],
                            k=spread - sum(whole))
    for i in extra:
        whole[i] += 1
    for site, n in zip(holding, whole):
        counts[site.id] = counts.get(site.id, 0) + n
    return [(s, counts[s.id]) for s in ctx.sites if counts.get(s.id)]


BUILD_CACHE_KIB = 256 * 1024
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


def _add_offenders(session: Session, ctx: _Ctx, plan: list[tuple[_Place, int]],
                   tick: Callable[[int], None], note: Callable[[dict, list[dict]], None]) -> int:
    """Write every planned person, CHUNK rows at a time; returns the number of transfers."""
    docs = ctx.rng.sample(range(1_000_000, 10_000_000), sum(n for _, n in plan))
    rows: list[dict] = []
    transfers: list[dict] = []
    done = n_transfers = 0

    def flush() -> None:
        nonlocal done, n_transfers, rows, transfers
        if rows:
            session.execute(insert(Offender.__table__), rows)
        if transfers:  # after their offenders: the foreign keys are checked at once
            session.execute(insert(OffenderTransfer.__table__), transfers)
        done, n_transfers, rows, transfers = done + len(rows), n_transfers + len(transfers), [], []
        tick(done)

    for row, history in _people(ctx, plan, docs):
        note(row, history)  # what the ICVC part needs to know of him
        rows.append(row)
        transfers.extend(history)
        if len(rows) >= CHUNK:
            flush()
    flush()
    return n_transfers


def _people(ctx: _Ctx, plan: list[tuple[_Place, int]],
            docs: list[int]) -> Iterator[tuple[dict, list[dict]]]:
    """Each person's offender row and transfer history. The showcase people come first at the
    home site (the women among them at the officer's office when home is a men's prison)."""
    rng, fold, today = ctx.rng, _Folder(), ctx.today
    women_at_home = ctx.home.kind is not SiteKind.INSTITUTION or ctx.home.code in WOMENS_CENTERS
    showcase = {ctx.home.id: [s for s in names.SHOWCASE if women_at_home or not s[5]]}
    showcase.setdefault(ctx.office.id, []).extend(s for s in names.SHOWCASE
                                                  if not women_at_home and s[5])
    born_of: dict[str, date] = {}
    n = 0
    for site, count in plan:
        named = showcase.get(site.id, [])
        site_id, inside = site.id, site.kind is SiteKind.INSTITUTION
        womens, office = site.code in WOMENS_CENTERS, site.kind is SiteKind.PP_OFFICE
        for i in range(count):
            born = today - timedelta(days=int(rng.triangular(6600, 27350, 11500)))  # 18-75
            if i < len(named):
                tag, last, first, middle, twin, female = named[i]
                born = born_of.setdefault(twin or tag, born)
            else:
                female = womens if inside else rng.random() < 0.18
                last, first, middle = names.pick(rng, female)
            status = (OffenderStatus.INCARCERATED if inside else OffenderStatus.DISCHARGED
                      if office and rng.random() < 0.2 else OffenderStatus.SUPERVISED)
            created = today - timedelta(days=rng.randint(20, 3650))
            doc = str(docs[n])
            n += 1
            fl, ff, fm = fold(last), fold(first), fold(middle)
            stamp = ctx.stamp(created)
            row = {"id": rules.offender_key(doc), "doc_number": doc, "last_name": last,
                   "first_name": first, "middle_name": middle, "date_of_birth": born,
                   "site_id": site_id, "status": status,
                   "projected_release_date": _release(rng, today, status),
                   "housing_unit": (f"HU {rng.randint(1, 8)}-{'ABCD'[rng.randrange(4)]}-"
                                    f"{rng.randint(1, 48)}"
                                    if inside else ""),
                   "merged_into_id": None, "created_at": stamp, "updated_at": stamp,
                   "search_text": " ".join(p for p in (fl, ff, fm, doc) if p),
                   "sort_name": f"{fl}\x1f{ff}\x1f{fm}"}
            moved = rng.random() < 0.12
            yield row, (_history(ctx, row, site, created, female) if moved else [])


def _release(rng: random.Random, today: date, status: OffenderStatus) -> date | None:
    """Incarcerated: ahead (one in six within 180 days; a few life terms have none);
    supervised: already past; discharged: none."""
    if status is OffenderStatus.INCARCERATED:
        roll = rng.random()
        if roll < 0.02:
            return None
        if roll < 0.18:
            return today + timedelta(days=rng.randint(1, 180))
        return today + timedelta(days=int(rng.triangular(181, 4400, 400)))
    if status is OffenderStatus.SUPERVISED:
        return today - timedelta(days=rng.randint(14, 1460))
    return None


def _history(ctx: _Ctx, row: dict, site: _Place, created: date, female: bool) -> list[dict]:
    """The moves that brought a person to ``site`` (reception, perhaps another prison,
    release to supervision), dated in order between intake and today."""
    rng = ctx.rng
    prisons = ctx.prisons[female]
    reception = ctx.site("WERDCC" if female else rng.choice(RECEPTION_CENTERS))
    chain: list[tuple[_Place, str]] = []
    if site.kind is SiteKind.INSTITUTION:
        if reception.id != site.id:
            chain.append((reception, "Initial classification complete"))
        other = rng.choice(prisons)
        if rng.random() < 0.3 and other.id not in (site.id, reception.id):
            chain.append((other, rng.choice(names.TRANSFER_REASONS)))
    else:
        prison = rng.choice(prisons)
        if reception.id != prison.id and rng.random() < 0.5:
            chain.append((reception, "Initial classification complete"))
        chain.append((prison, "Released to community supervision"))
    span = (ctx.today - created).days
    if not chain or span < 2 * len(chain):
        return []
    stops = [s for s, _ in chain] + [site]
    days = sorted(rng.sample(range(1, span), len(chain)))
    by = ctx.users["staff" if site.kind is SiteKind.INSTITUTION else "officer"]
    history = []
    for hop, (day, (_, reason)) in enumerate(zip(days, chain)):
        on = created + timedelta(days=day)
        history.append({"id": ctx.key("transfer", f"{row['doc_number']}/{hop}"),
                        "offender_id": row["id"], "from_site_id": stops[hop].id,
                        "to_site_id": stops[hop + 1].id, "transferred_on": on,
                        "reason": reason, "recorded_by_id": by, "recorded_at": ctx.stamp(on)})
    return history


def _add_volunteers(session: Session, ctx: _Ctx, count: int,
                    tick: Callable[[int], None]) -> list[tuple]:
    """Twenty volunteers at the home site and ten on the officer's board, the rest spread over
    institutions and P&P offices; some background checks and trainings have expired, a few
    victim speakers have not consented or been screened yet. Returns the speakers who may be
    booked: (id, site id, active, checked on, check expires, screened on)."""
    rng, today, fold, speakers = ctx.rng, ctx.today, _Folder(), []
    spread = [s for s in ctx.sites if s.kind in (SiteKind.INSTITUTION, SiteKind.PP_OFFICE)]
    volunteers: list[dict] = []
    grants: list[dict] = []
    trainings: list[dict] = []
    for i in range(count):
        site = ctx.home if i < 20 else ctx.office if i < 30 else rng.choice(spread)
        last, first, _ = names.pick(rng, rng.random() < 0.55, volunteer=True)
        vid = ctx.key("volunteer", i)
        roles = _volunteer_roles(rng, site)
        checked = (today - timedelta(days=int(rng.triangular(10, 1100, 200)))
                   if rng.random() > 0.08 else None)
        stamp = ctx.stamp(today - timedelta(days=rng.randint(60, 2500)))
        consent = (today - timedelta(days=int(rng.triangular(20, 1500, 300)))
                   if VolunteerRole.VICTIM_SPEAKER in roles and rng.random() < 0.92 else None)
        screened = (min(today, consent + timedelta(days=rng.randint(3, 45)))
                    if consent and rng.random() < 0.95 else None)
        active = rng.random() > 0.1
        if screened:
            speakers.append((vid, site.id, active, checked,
                             checked + timedelta(days=730) if checked else None, screened))
        ascii_name = "".join(ch for ch in f"{fold(first)}.{fold(last)}"
                             if ch.isascii() and (ch.isalnum() or ch == "."))
        volunteers.append({
            "id": vid, "site_id": site.id, "last_name": last, "first_name": first,
            "email": f"{ascii_name if len(ascii_name) > 3 else 'volunteer'}{i}@example.org",
            "phone": f"({rng.choice((573, 314, 816, 417, 636, 660))}) 555-01{i % 100:02d}",
            "address": f"{rng.randint(100, 2999)} {rng.choice(names.STREETS)}, {site.city}, MO",
            "background_check_on": checked,
            "background_check_expires": checked + timedelta(days=730) if checked else None,
            "speaker_consent_on": consent, "speaker_screened_on": screened,
            "active": active, "notes": rng.choice(names.NOTES),
            "created_at": stamp, "updated_at": stamp, "sort_name": rules.sort_name(last, first)})
        for role in sorted(roles, key=lambda r: r.value):
            grants.append({"id": str(uuid.uuid5(ROLE_NAMESPACE, f"{vid}/{role.value}")),
                           "volunteer_id": vid, "role": role})
        kinds = [("Volunteer orientation", 2), ("PREA awareness for volunteers", 1)]
        kinds += [names.ROLE_TRAININGS[r] for r in sorted(roles, key=lambda r: r.value)]
        for t, (name, years) in enumerate(kinds):
            on = today - timedelta(days=rng.randint(5, 1200))
            trainings.append({"id": ctx.key("training", f"{i}/{t}"), "volunteer_id": vid,
                              "name": name, "completed_on": on,
                              "expires_on": on + timedelta(days=365 * years) if years else None})
        if len(volunteers) >= CHUNK or i == count - 1:
            for table, batch in ((Volunteer, volunteers), (VolunteerRoleGrant, grants),
                                 (VolunteerTraining, trainings)):
                session.execute(insert(table.__table__), batch)
            volunteers, grants, trainings = [], [], []
            tick(i + 1)
    return speakers


def _volunteer_roles(rng: random.Random, site: _Place) -> set[VolunteerRole]:
    """Board members sit at P&P offices; speakers and project supervisors serve at prisons."""
    if site.kind is SiteKind.PP_OFFICE:
        roles = {VolunteerRole.BOARD_MEMBER} if rng.random() < 0.8 else set()
        if rng.random() < 0.3 or not roles:
            roles.add(VolunteerRole.VICTIM_SPEAKER)
        return roles
    roles = {VolunteerRole.VICTIM_SPEAKER} if rng.random() < 0.5 else set()
    if rng.random() < 0.6 or not roles:
        roles.add(VolunteerRole.PROJECT_SUPERVISOR)
    return roles
