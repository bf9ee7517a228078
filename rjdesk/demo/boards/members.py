"""The boards' members in the demo: the board-member volunteers the volunteers part placed at
each P&P office, and volunteers recruited where an office has too few who could sit through
the whole year of meetings the demo holds.

The demo officer's board also keeps one member whose term ended, one who never finished the
board training and one whose background check expired, so each refusal can be tried.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.demo import names
from rjdesk.demo.boards.words import RECRUITED
from rjdesk.demo.context import DemoContext, Place
from rjdesk.domain.boards import rules
from rjdesk.domain.people import rules as people_rules
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining
from rjdesk.services.volunteers.records import ROLE_NAMESPACE

CHECK_DAYS = 730     # a background check is good for two years (the volunteers part's)
TERM_DAYS = 3 * 365  # a member's term
#: The meetings reach this many days back; the core members may sit through all of it.
HISTORY = 364
TRAINING = names.ROLE_TRAININGS[VolunteerRole.BOARD_MEMBER][0]


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    volunteer_id: str
    term_start: date
    term_end: date
    trained_on: date | None
    check_on: date | None
    check_expires: date | None

    def may_sit(self, day: date) -> bool:
        return not rules.sitting_problem(
            day=day, term_start=self.term_start, term_end=self.term_end,
            trained_on=self.trained_on, check_on=self.check_on,
            check_expires=self.check_expires, active=True, board_member_role=True)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A board-member volunteer of the volunteers part, active and checked, as written."""

    id: str
    check_on: date
    check_expires: date | None
    trained_on: date | None


def candidates(session: Session) -> dict[str, list[Candidate]]:
    """Active board-member volunteers with a background check, by site, in key order (read
    back rather than shared: the volunteers part owns its rows)."""
    trained = dict(session.execute(
        select(VolunteerTraining.volunteer_id, VolunteerTraining.completed_on)
        .where(VolunteerTraining.name == TRAINING)).all())
    rows = session.execute(
        select(Volunteer.id, Volunteer.site_id, Volunteer.background_check_on,
               Volunteer.background_check_expires)
        .join(VolunteerRoleGrant, VolunteerRoleGrant.volunteer_id == Volunteer.id)
        .where(VolunteerRoleGrant.role == VolunteerRole.BOARD_MEMBER,
               Volunteer.active.is_(True), Volunteer.background_check_on.is_not(None))
        .order_by(Volunteer.id)).all()
    out: dict[str, list[Candidate]] = {}
    for vid, site_id, checked, expires in rows:
        if checked is not None:  # always, by the query
            out.setdefault(site_id, []).append(Candidate(vid, checked, expires, trained.get(vid)))
    return out


class Recruits:
    """Volunteers the boards bring in, written like the volunteers part's, each with the
    board-member role, the usual trainings and the board training (unless ``trained`` is
    None: one who has not finished it)."""

    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.volunteers: list[dict] = []
        self.grants: list[dict] = []
        self.trainings: list[dict] = []

    def add(self, site: Place, checked: date, trained: date | None) -> str:
        ctx, rng = self.ctx, self.rng
        n = len(self.volunteers)
        vid = ctx.key("volunteer", f"boards/{n}")
        last, first, _ = names.pick(rng, rng.random() < 0.55, volunteer=True)
        stamp = ctx.stamp(checked - timedelta(days=rng.randint(5, 30)))
        email = "".join(ch for ch in people_rules.fold(f"{first}.{last}")
                        if ch.isascii() and (ch.isalnum() or ch == ".")).strip(".")
        email = email if any(ch.isalnum() for ch in email) else "volunteer"
        self.volunteers.append({
            "id": vid, "site_id": site.id, "last_name": last, "first_name": first,
            "email": f"{email}.b{n}@example.org",
            "phone": f"({rng.choice((573, 314, 816, 417, 660))}) 555-03{n % 100:02d}",
            "address": f"{rng.randint(100, 2999)} {rng.choice(names.STREETS)}, {site.city}, MO",
            "background_check_on": checked,
            "background_check_expires": checked + timedelta(days=CHECK_DAYS),
            "speaker_consent_on": None, "speaker_screened_on": None, "active": True,
            "notes": RECRUITED, "created_at": stamp, "updated_at": stamp,
            **people_rules.volunteer_derived(last, first)})
        role = VolunteerRole.BOARD_MEMBER
        self.grants.append({"id": str(uuid.uuid5(ROLE_NAMESPACE, f"{vid}/{role.value}")),
                            "volunteer_id": vid, "role": role})
        kinds: list[tuple[str, int, date]] = [
            ("Volunteer orientation", 2, checked + timedelta(days=rng.randint(0, 20))),
            ("PREA awareness for volunteers", 1, checked + timedelta(days=rng.randint(0, 20)))]
        if trained is not None:
            kinds.append((TRAINING, 0, trained))
        for t, (name, years, on) in enumerate(kinds):
            on = min(on, ctx.today)
            self.trainings.append({"id": ctx.key("training", f"boards/{n}/{t}"),
                                   "volunteer_id": vid, "name": name, "completed_on": on,
                                   "expires_on": on + timedelta(days=365 * years) if years
                                   else None})
        return vid


@dataclass
class PlannedBoard:
    id: str
    site: Place
    name: str
    created: datetime
    members: list[Member]
    chair: Member
    chair_from: date

    def sitting(self, day: date) -> list[Member]:
        return [m for m in self.members if m.may_sit(day)]


class Boards:
    """Plans each office's board: its members, chair and who may sit when."""

    def __init__(self, ctx: DemoContext, rng: random.Random, session: Session) -> None:
        self.ctx, self.rng = ctx, rng
        self.recruits = Recruits(ctx, rng)
        self.found = candidates(session)
        offices = [s for s in ctx.sites if s.code.startswith("PP-")]
        cities = [s.city for s in offices]
        self.names = {s.id: f"{s.city} Community Reparation Board" if cities.count(s.city) == 1
                      else f"{s.city} Community Reparation Board, District {s.code[3:]}"
                      for s in offices}

    def plan(self, site: Place, *, home: bool) -> PlannedBoard:
        """At home the volunteers placed on the officer's board, five who may sit all year and
        the three who may not; elsewhere two to five of the office's and at least three who
        may sit all year."""
        ctx, rng, today = self.ctx, self.rng, self.ctx.today
        bid = rules.board_key(site.id)
        found = self.found.get(site.id, [])
        if not home and len(found) > 5:
            found = rng.sample(found, rng.randint(2, 5))
        members = [self._member(bid, c.id, c.check_on, c.check_expires, c.trained_on)
                   for c in found]
        start = today - timedelta(days=HISTORY)
        whole = [m for m in members if m.may_sit(start) and m.may_sit(today + timedelta(14))]
        for _ in range(max(0, (5 if home else 3) - len(whole))):
            checked = today - timedelta(days=rng.randint(HISTORY + 6, CHECK_DAYS - 20))
            trained = checked + timedelta(days=rng.randint(1, 5))
            vid = self.recruits.add(site, checked, trained)
            term_start = today - timedelta(days=rng.randint(HISTORY + 10, TERM_DAYS - 200))
            m = Member(rules.member_key(bid, vid), vid, term_start,
                       term_start + timedelta(days=TERM_DAYS - 1), trained, checked,
                       checked + timedelta(days=CHECK_DAYS))
            members.append(m)
            whole.append(m)
        if home:
            members += self._unable(bid, site)
        chair_from = today - timedelta(days=rng.randint(30, 300))
        created = ctx.stamp(min(m.term_start for m in members) - timedelta(rng.randint(5, 90)))
        return PlannedBoard(bid, site, self.names[site.id], created, members, whole[0],
                            chair_from)

    def _member(self, bid: str, vid: str, checked: date | None, expires: date | None,
                trained: date | None) -> Member:
        term_start = self.ctx.today - timedelta(days=self.rng.randint(60, 700))
        return Member(rules.member_key(bid, vid), vid, term_start,
                      term_start + timedelta(days=TERM_DAYS - 1), trained, checked, expires)

    def _unable(self, bid: str, site: Place) -> list[Member]:
        """One whose term ended, one untrained, one whose check expired: otherwise able."""
        rng, today = self.rng, self.ctx.today
        out = []
        for reason in ("term", "training", "check"):
            checked = today - timedelta(days=(CHECK_DAYS + rng.randint(5, 40) if reason == "check"
                                              else rng.randint(60, 400)))
            trained = None if reason == "training" else checked + timedelta(rng.randint(1, 9))
            vid = self.recruits.add(site, checked, trained)
            end = (today - timedelta(days=rng.randint(10, 60)) if reason == "term"
                   else today + timedelta(days=rng.randint(200, 700)))
            out.append(Member(rules.member_key(bid, vid), vid,
                              end - timedelta(days=TERM_DAYS - 1), end, trained, checked,
                              checked + timedelta(days=CHECK_DAYS)))
        return out


def member_rows(board: PlannedBoard) -> list[dict]:
    rows = []
    for m in board.members:
        since = board.chair_from if m is board.chair else None
        rows.append({"id": m.id, "board_id": board.id, "volunteer_id": m.volunteer_id,
                     "term_start": m.term_start, "term_end": m.term_end,
                     "trained_on": m.trained_on, "chair_from": since,
                     "chair_to": rules.one_year_after(since) if since else None,
                     "updated_at": board.created})
    return rows
