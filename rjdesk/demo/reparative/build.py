"""Reparative work in the demo: projects of every category at every institution with their
supervising volunteers, a year of crews' and supervisors' hours, items made, recipients of
every type and deliveries in every state (see ``plan``, ``hours`` and ``goods``).

The demo holds only what the reparative services could have written: keys from
``domain.reparative.rules``, hours only while the person was at the site and the project
open, never in the future and never above 24 a day, deliveries never more than on hand.
All of it is drawn from the demo's seeded stream in the write step, after every other part
has drawn: adding this part changed no row of the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rjdesk.demo.context import DemoContext, Tick, Written, table_of
from rjdesk.demo.reparative.goods import Deliveries, item_rows, production, recipients
from rjdesk.demo.reparative.hours import ENTRIES_PER_STEP, Crews, bulk_table
from rjdesk.demo.reparative.plan import (
    Census,
    Pool,
    Recruits,
    cleared_supervisors,
    plan_projects,
    project_rows,
)
from rjdesk.domain.reparative.models import HourEntry, ItemType, Project, ProjectSupervisor
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining

#: Hour entries per person the people part writes, about: a tenth of them are in prisons'
#: crews at a large scale. A step of the progress is ENTRIES_PER_STEP of them, which take
#: about as long to write as one person of the people part, so the bar moves evenly.
ENTRIES_PER_PERSON = 10


def estimate(people: int) -> int:
    """The progress steps of a demo of this many people, about."""
    return people * ENTRIES_PER_PERSON // ENTRIES_PER_STEP + 1


@dataclass
class ReparativePlan:
    """Watches the people as they are written (its census), then writes everything once the
    volunteers are in. Its steps count hour entries written, as estimated."""

    ctx: DemoContext
    census: Census
    steps: int

    def write(self, session: Session, tick: Tick) -> Written:
        ctx = self.ctx
        rng = ctx.rng
        cleared = cleared_supervisors(session, ctx.today)
        recruits = Recruits(ctx, rng)
        projects = plan_projects(ctx, rng, self.census, cleared, recruits)
        for table, rows in ((Volunteer, recruits.volunteers),
                            (VolunteerRoleGrant, recruits.grants),
                            (VolunteerTraining, recruits.trainings)):
            if rows:
                session.execute(insert(table_of(table)), rows)
        made_projects, supervisors = project_rows(ctx, projects)
        session.execute(insert(table_of(Project)), made_projects)
        session.execute(insert(table_of(ProjectSupervisor)), supervisors)

        crews = Crews(session, ctx, rng, tick)
        by_site: dict[str, list] = {}
        for p in projects:
            by_site.setdefault(p.site.id, []).append(p)
        with bulk_table(session, table_of(HourEntry).name):
            for site in ctx.sites:
                crews.site(site, self.census.pools.get(site.id, Pool()),
                           by_site.get(site.id, []))
            crews.write()
        volunteer_hours = crews.supervisors(projects)

        session.execute(insert(table_of(ItemType)), item_rows())
        n_made, made = production(session, ctx, crews, projects)
        to = recipients(session, ctx, rng)
        deliveries = Deliveries(session, ctx, rng, to)
        for site in ctx.sites:
            people = len(self.census.pools.get(site.id, Pool()).ids)
            deliveries.site(site, made.get(site.id, []), people)
        deliveries.flush()
        tick(self.steps)
        n_deliveries = sum(deliveries.statuses.values())
        volunteers = session.scalar(select(func.count()).select_from(Volunteer)) or 0
        return Written(
            {"volunteers": volunteers, "projects": len(projects), "hours": crews.entries,
             "deliveries": n_deliveries},
            f"reparative work: {len(projects):,} projects (supervisors recruited for them: "
            f"{len(recruits.volunteers):,}), {crews.entries:,} hour entries of {crews.people:,} "
            f"people ({crews.pending:,} waiting for approval, {crews.declined:,} declined), "
            f"{volunteer_hours:,} supervisors' hours, {n_made:,} production entries, "
            f"{len(to):,} recipients, {n_deliveries:,} deliveries")


def plan_reparative(ctx: DemoContext, scale: int) -> ReparativePlan:
    """Plans after the people part, whose count sets how many hours to expect; draws nothing."""
    census = Census(ctx)
    ctx.person_watchers.append(census.note)
    return ReparativePlan(ctx, census, estimate(ctx.people_planned))


__all__ = ["ReparativePlan", "estimate", "plan_reparative"]
