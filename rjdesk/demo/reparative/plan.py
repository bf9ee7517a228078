"""Reparative work in the demo, the planning half: who could join a crew (the census taken
while the people part writes them), the projects of every institution with their supervising
volunteers, and the volunteers the projects recruit where a site has too few cleared ones.

Nothing here draws from the random stream before the write step: the parts before this one
draw in the same order as without it, so their rows stay the same.
"""

from __future__ import annotations

import random
import uuid
from array import array
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.demo import names
from rjdesk.demo.context import DemoContext, Place
from rjdesk.demo.reparative.catalog import CREW_WEIGHT, DESCRIPTIONS, PROJECT_NAMES
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.people import rules as people_rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import ProjectCategory
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant
from rjdesk.services.volunteers.records import ROLE_NAMESPACE

YEAR = 365                 # the hours reach this many days back from the demo's today
CHECK_DAYS = 730           # a background check is good for two years (the volunteers part's)
PEOPLE_PER_EXTRA_PROJECT = 900  # a large site runs more crews than one per category
CLOSED_SHARE = 0.12


@dataclass
class Pool:
    """The incarcerated people of one institution: their keys and the day each came."""

    ids: list[str] = field(default_factory=list)
    arrival: array = field(default_factory=lambda: array("i"))  # ordinal day


class Census:
    """Notes each person the people part writes (through ``ctx.person_watchers``): the men and
    women held at an institution, and since when, for its crews. It draws nothing."""

    def __init__(self, ctx: DemoContext) -> None:
        self.inside = {s.id for s in ctx.sites if s.kind is SiteKind.INSTITUTION}
        self.pools: dict[str, Pool] = {}

    def note(self, row: dict, history: list[dict]) -> None:
        site = row["site_id"]
        if site not in self.inside or row["status"] is not OffenderStatus.INCARCERATED:
            return
        came = history[-1]["transferred_on"] if history else row["created_at"].date()
        pool = self.pools.get(site)
        if pool is None:
            pool = self.pools[site] = Pool()
        pool.ids.append(row["id"])
        pool.arrival.append(came.toordinal())


@dataclass(frozen=True, slots=True)
class Supervisor:
    id: str
    site_id: str
    checked_on: date
    expires: date

    def cleared(self, day: date) -> bool:
        return self.checked_on <= day <= self.expires


@dataclass(eq=False)
class PlannedProject:
    id: str
    site: Place
    name: str
    category: ProjectCategory
    opened: date
    closed: date | None
    supervisors: list[Supervisor]
    weight: float

    def open_on(self, day: date) -> bool:
        return self.opened <= day and (self.closed is None or day <= self.closed)


def cleared_supervisors(session: Session, today: date) -> dict[str, list[Supervisor]]:
    """The active project supervisors of each site whose check is valid today, as the
    volunteers part wrote them (read back rather than shared: it owns its rows)."""
    rows = session.execute(
        select(Volunteer.id, Volunteer.site_id, Volunteer.background_check_on,
               Volunteer.background_check_expires)
        .join(VolunteerRoleGrant, VolunteerRoleGrant.volunteer_id == Volunteer.id)
        .where(VolunteerRoleGrant.role == VolunteerRole.PROJECT_SUPERVISOR,
               Volunteer.active.is_(True), Volunteer.background_check_on.is_not(None),
               Volunteer.background_check_expires >= today)
        .order_by(Volunteer.id)).all()
    out: dict[str, list[Supervisor]] = {}
    for vid, site_id, checked, expires in rows:
        if checked is not None and expires is not None:  # both, by the query
            out.setdefault(site_id, []).append(Supervisor(vid, site_id, checked, expires))
    return out


class Recruits:
    """Volunteers the projects bring in where a site has fewer than two cleared supervisors
    (at a small scale most institutions have none), written like the volunteers part's."""

    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.volunteers: list[dict] = []
        self.grants: list[dict] = []
        self.trainings: list[dict] = []

    def add(self, site: Place, *, expired: bool = False) -> Supervisor:
        """A new supervisor of ``site``; ``expired``: cleared once, his check lapsed lately."""
        ctx, rng, today = self.ctx, self.rng, self.ctx.today
        n = len(self.volunteers)
        vid = ctx.key("volunteer", f"reparative/{n}")
        last, first, _ = names.pick(rng, rng.random() < 0.5, volunteer=True)
        checked = today - timedelta(days=(CHECK_DAYS + rng.randint(5, 40) if expired
                                          else rng.randint(20, 600)))
        expires = checked + timedelta(days=CHECK_DAYS)
        stamp = ctx.stamp(checked - timedelta(days=rng.randint(5, 30)))
        email = "".join(ch for ch in people_rules.fold(f"{first}.{last}")
                        if ch.isascii() and (ch.isalnum() or ch == "."))
        self.volunteers.append({
            "id": vid, "site_id": site.id, "last_name": last, "first_name": first,
            "email": f"{email or 'volunteer'}.r{n}@example.org",
            "phone": f"({rng.choice((573, 314, 816, 417, 660))}) 555-02{n % 100:02d}",
            "address": f"{rng.randint(100, 2999)} {rng.choice(names.STREETS)}, {site.city}, MO",
            "background_check_on": checked, "background_check_expires": expires,
            "speaker_consent_on": None, "speaker_screened_on": None, "active": True,
            "notes": "Supervises a reparative project.", "created_at": stamp,
            "updated_at": stamp, **people_rules.volunteer_derived(last, first)})
        role = VolunteerRole.PROJECT_SUPERVISOR
        self.grants.append({"id": str(uuid.uuid5(ROLE_NAMESPACE, f"{vid}/{role.value}")),
                            "volunteer_id": vid, "role": role})
        kinds = [("Volunteer orientation", 2), ("PREA awareness for volunteers", 1),
                 names.ROLE_TRAININGS[role]]
        for t, (name, years) in enumerate(kinds):
            on = checked + timedelta(days=rng.randint(0, 20))
            self.trainings.append({"id": ctx.key("training", f"reparative/{n}/{t}"),
                                   "volunteer_id": vid, "name": name, "completed_on": on,
                                   "expires_on": on + timedelta(days=365 * years) if years
                                   else None})
        return Supervisor(vid, site.id, checked, expires)


def plan_projects(ctx: DemoContext, rng: random.Random, census: Census,
                  cleared: dict[str, list[Supervisor]], recruits: Recruits
                  ) -> list[PlannedProject]:
    """Every institution gets a project of every category, and a large one more crews; some
    are closed, a few opened during the year. One project at the home site keeps a supervisor
    whose check has since expired, so the flag shows where it matters."""
    today = ctx.today
    projects: list[PlannedProject] = []
    for site in ctx.sites:
        if site.kind is not SiteKind.INSTITUTION:
            continue
        mine = list(cleared.get(site.id, ()))
        while len(mine) < 2:
            mine.append(recruits.add(site))
        people = len(census.pools.get(site.id, Pool()).ids)
        wanted = [(c, PROJECT_NAMES[c][0]) for c in ProjectCategory]
        extra = people // PEOPLE_PER_EXTRA_PROJECT
        cats = list(ProjectCategory)
        for k in range(extra):
            c = rng.choices(cats, weights=[CREW_WEIGHT[c] for c in cats])[0]
            others = PROJECT_NAMES[c][1:]
            base = others[k % len(others)]
            taken = {n for _, n in wanted}
            name, unit = base, 2
            while name in taken:
                name, unit = f"{base}, Housing Unit {unit}", unit + 1
            wanted.append((c, name))
        for c, name in wanted:
            pid = rules.project_key(site.id, name)
            new = rng.random() < 0.15
            opened = today - timedelta(days=rng.randint(60, 300) if new
                                       else rng.randint(400, 3000))
            closed = (today - timedelta(days=rng.randint(20, 220))
                      if rng.random() < CLOSED_SHARE else None)
            if closed is not None and closed <= opened + timedelta(days=30):
                closed = None
            sups = rng.sample(mine, min(len(mine), rng.choice((1, 2, 2))))
            projects.append(PlannedProject(pid, site, name, c, opened, closed, sups,
                                           CREW_WEIGHT[c]))
    home = [p for p in projects if p.site.id == ctx.home.id]
    if home:
        # the home site shows a closed project and one whose supervisor's check ran out
        home[-1].closed = home[-1].closed or today - timedelta(days=45)
        flagged = home[0]
        flagged.closed = None
        flagged.supervisors = [flagged.supervisors[0], recruits.add(ctx.home, expired=True)]
    return projects


def project_rows(ctx: DemoContext, projects: list[PlannedProject]) -> tuple[list[dict],
                                                                             list[dict]]:
    """The projects and their supervisor rows, with the keys the services derive."""
    rows, sups = [], []
    for p in projects:
        made = datetime.combine(p.opened, time(9, 15))
        changed = datetime.combine(p.closed, time(15, 40)) if p.closed else made
        rows.append({"id": p.id, "site_id": p.site.id, "name": p.name, "category": p.category,
                     "description": DESCRIPTIONS[p.category], "active": p.closed is None,
                     "created_at": made, "updated_at": changed})
        for s in p.supervisors:
            sups.append({"id": rules.supervisor_key(p.id, s.id), "project_id": p.id,
                         "volunteer_id": s.id})
    return rows, sups
