"""The demo's volunteers: community citizens at the home site, on the officer's board and
spread over the state, with their roles, trainings and background checks.

Some checks and trainings have expired and a few victim speakers have not consented or been
screened yet, as at a real site. The speakers who may be booked go to ``ctx.speakers``.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rjdesk.demo import names
from rjdesk.demo.context import (CHUNK, DemoContext, DemoPart, Place, Speaker, Tick, Written,
                                 table_of)
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.people import rules
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining
from rjdesk.services.volunteers.records import ROLE_NAMESPACE

VOLUNTEERS_PER_SCALE = 30


@dataclass
class VolunteersPlan:
    """How many volunteers to write: the count is all there is to plan."""

    ctx: DemoContext
    steps: int

    def write(self, session: Session, tick: Tick) -> Written:
        self.ctx.speakers = _add_volunteers(session, self.ctx, self.steps, tick)
        return Written({"volunteers": self.steps})


def plan_volunteers(ctx: DemoContext, scale: int) -> VolunteersPlan:
    return VolunteersPlan(ctx, VOLUNTEERS_PER_SCALE * scale)


DEMO = DemoPart("volunteers", plan_volunteers)


def _add_volunteers(session: Session, ctx: DemoContext, count: int,
                    tick: Tick) -> list[Speaker]:
    """Twenty volunteers at the home site and ten on the officer's board, the rest spread over
    institutions and P&P offices. Returns the speakers who may be booked."""
    rng, today = ctx.rng, ctx.today
    speakers: list[Speaker] = []
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
            speakers.append(Speaker(vid, site.id, active, checked,
                                    checked + timedelta(days=730) if checked else None,
                                    screened))
        ascii_name = "".join(ch for ch in f"{rules.fold(first)}.{rules.fold(last)}"
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
            "created_at": stamp, "updated_at": stamp, **rules.volunteer_derived(last, first)})
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
                session.execute(insert(table_of(table)), batch)
            volunteers, grants, trainings = [], [], []
            tick(i + 1)
    return speakers


def _volunteer_roles(rng: random.Random, site: Place) -> set[VolunteerRole]:
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
