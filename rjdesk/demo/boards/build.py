"""Reparation boards and court reports in the demo: a board at the demo officer's office with
its members (and three who may not sit), cases at every step with their meetings, agreements
and progress, and the officer's court reports with victims' statements in every state; the
other P&P offices get smaller boards and a few cases, more with the scale but never many (a
board hears a few cases a month).

The rows are the ones the boards' services write: keys from ``domain.boards.rules``, a
``CaseStep`` for every step a case took, dated in order by the officer (the referral) and the
board coordinator (the rest), tasks due within 90 days of the agreement, payments never above
what is owed, completed cases with every task done, decisions only at meetings with three
members present who could sit that day. Every draw is made in the write step, after every
other part has drawn: adding this part changed no row of the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rjdesk.demo.boards.cases import HOME_STORIES, STORIES, Calendar, Stories, board_meetings
from rjdesk.demo.boards.members import Boards, PlannedBoard, member_rows
from rjdesk.demo.boards.reports import HOME_REPORTS, RANDOM_KINDS, Reports
from rjdesk.demo.boards.tasks import task_rows
from rjdesk.demo.boards.words import HARMS, NEEDS_NOTES, OFFENSES, court_of
from rjdesk.demo.context import CHUNK, DemoContext, Tick, Written, table_of
from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import HearingPurpose, Need, ReportStatus
from rjdesk.domain.boards.models import (
    Board,
    BoardCase,
    BoardMember,
    CaseStep,
    CourtReport,
    Hearing,
    Meeting,
    MeetingMember,
    Task,
    TaskProgress,
    VictimStatement,
)
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining

#: People under supervision the officer's office keeps out of every case and report, for
#: the walk-through to refer.
TO_REFER = 4
#: Cases at each other office: a few, one more for every SCALE_PER_CASE of the scale.
OTHER_CASES, SCALE_PER_CASE, MAX_OTHER_CASES = 2, 25, 50
PEOPLE_PER_STEP = 200


def estimate(people: int) -> int:
    """The progress steps of a demo of this many people, about (one per office written)."""
    return people // PEOPLE_PER_STEP + 1


def _other_cases(scale: int) -> int:
    return min(MAX_OTHER_CASES, OTHER_CASES + scale // SCALE_PER_CASE)


def _home_extra(scale: int) -> int:
    return min(40, scale // SCALE_PER_CASE)


@dataclass
class Supervised:
    """Notes the people under supervision at each P&P office as the people part writes them
    (who, and since when he has been there), as many as the office's cases can use. It draws
    nothing."""

    wanted: dict[str, int]
    pools: dict[str, list[tuple[str, date]]] = field(default_factory=dict)

    def note(self, row: dict, history: list[dict]) -> None:
        site = row["site_id"]
        if row["status"] is not OffenderStatus.SUPERVISED or site not in self.wanted:
            return
        pool = self.pools.setdefault(site, [])
        if len(pool) < self.wanted[site]:
            since = history[-1]["transferred_on"] if history else row["created_at"].date()
            pool.append((row["id"], since))


@dataclass
class BoardsPlan:
    ctx: DemoContext
    scale: int
    census: Supervised
    steps: int
    rows: dict[type, list[dict]] = field(default_factory=dict)

    def _add(self, model: type, rows: list[dict]) -> None:
        self.rows.setdefault(model, []).extend(rows)

    def write(self, session: Session, tick: Tick) -> Written:
        ctx = self.ctx
        rng = ctx.rng
        boards = Boards(ctx, rng, session)
        offices = [s for s in ctx.sites if s.kind is SiteKind.PP_OFFICE]
        planned: list[PlannedBoard] = []
        n_cases = 0
        for done, office in enumerate(offices, 1):
            home = office.id == ctx.office.id
            people = list(self.census.pools.get(office.id, []))
            if not people:
                continue
            if home:
                people = self._home_reports(people)
            board = boards.plan(office, home=home)
            planned.append(board)
            n_cases += self._cases(board, people, home=home)
            tick(done * self.steps // len(offices))
        recruits = boards.recruits
        joined: tuple[tuple[type, list[dict]], ...] = (
            (Volunteer, recruits.volunteers), (VolunteerRoleGrant, recruits.grants),
            (VolunteerTraining, recruits.trainings))
        for model, rows in joined:
            if rows:
                session.execute(insert(table_of(model)), rows)
        session.execute(insert(table_of(Board)), [
            {"id": b.id, "site_id": b.site.id, "name": b.name, "active": True,
             "created_at": b.created, "updated_at": b.created} for b in planned])
        self._add(BoardMember, [r for b in planned for r in member_rows(b)])
        order: tuple[type, ...] = (BoardMember, BoardCase, CaseStep, Meeting, MeetingMember,
                                   Hearing, Task, TaskProgress, CourtReport, VictimStatement)
        for model in order:
            rows = self.rows.get(model, [])
            for i in range(0, len(rows), CHUNK):
                session.execute(insert(table_of(model)), rows[i:i + CHUNK])
        tick(self.steps)
        counts = {m: len(self.rows.get(m, [])) for m in order}
        volunteers = session.scalar(select(func.count()).select_from(Volunteer)) or 0
        return Written(
            {"volunteers": volunteers, "boards": len(planned),
             "board_members": counts[BoardMember], "board_cases": n_cases,
             "board_meetings": counts[Meeting], "court_reports": counts[CourtReport],
             "victim_statements": counts[VictimStatement]},
            f"boards: {len(planned):,} boards with {counts[BoardMember]:,} members "
            f"({len(recruits.volunteers):,} recruited), {n_cases:,} cases, "
            f"{counts[Meeting]:,} meetings, {counts[Task]:,} agreement tasks, "
            f"{counts[CourtReport]:,} court reports with {counts[VictimStatement]:,} victims' "
            "statements")

    def _home_reports(self, people: list[tuple[str, date]]) -> list[tuple[str, date]]:
        """The officer's court reports, on people of his office who have no board case;
        returns those left for cases (TO_REFER of them are kept out of everything)."""
        ctx, rng = self.ctx, self.ctx.rng
        reports = Reports(rng, ctx.today, ctx.office, ctx.users["officer"], ctx.stamp)
        people = people[TO_REFER:]  # the first few are never referred, never reported on
        plans = list(HOME_REPORTS)
        for _ in range(_home_extra(self.scale)):
            kinds = tuple(rng.sample(RANDOM_KINDS, rng.randint(1, 2)))
            plans.append((ReportStatus.DRAFT, rng.randint(3, 40), None, kinds)
                         if rng.random() < 0.5 else
                         (ReportStatus.SUBMITTED, -rng.randint(10, 200), None, kinds))
        for status, due_in, ago, kinds in plans:
            if len(people) <= len(HOME_STORIES) // 2:
                break  # a tiny office: the cases come first
            offender, since = people.pop()
            if status is ReportStatus.SUBMITTED and ago is None:
                ago = -due_in + rng.randint(1, 5)
            reports.add(offender, since, status, due_in, ago, kinds)
        self._add(CourtReport, reports.reports)
        self._add(VictimStatement, reports.statements)
        return people

    def _cases(self, board: PlannedBoard, people: list[tuple[str, date]], *,
               home: bool) -> int:
        ctx, rng, today = self.ctx, self.ctx.rng, self.ctx.today
        cal = Calendar(rng, today, home=home)
        stories = Stories(rng, today, cal, home=home)
        if home:
            kinds = list(HOME_STORIES) + rng.choices(list(STORIES), weights=list(STORIES.values()),
                                                     k=_home_extra(self.scale))
        else:
            kinds = rng.choices(list(STORIES), weights=list(STORIES.values()),
                                k=min(len(people), _other_cases(self.scale)))
        court, code = court_of(board.site.city)
        officer = ctx.users["officer"] if home else ""
        by_officer, by_board = ctx.users["officer"], ctx.users["board"]
        heard: dict[date, list[tuple[str, HearingPurpose, str]]] = {}
        made = 0
        for kind in kinds:
            story = stories.tell(kind)
            if story is None:
                continue
            match = next((i for i, (_, since) in enumerate(people)
                          if since <= story.referred), None)
            if match is None:
                continue
            offender, _ = people.pop(match)
            number = f"{story.referred - timedelta(days=rng.randint(60, 400)):%y}{code}-CR" \
                     f"{rng.randint(100, 99999):05d}"
            cid = rules.case_key(offender, court, number)
            needs = ([] if story.agreed is None else
                     sorted(rng.sample(list(Need), rng.randint(1, 3)), key=list(Need).index))
            self._add(BoardCase, [{
                "id": cid, "site_id": board.site.id, "offender_id": offender,
                "officer_id": officer, "court": court, "case_number": number,
                "offense": rng.choice(OFFENSES), "referred_on": story.referred,
                "status": story.status, "status_on": story.status_on,
                "return_reason": story.return_reason,
                "needs": ",".join(n.value for n in needs),
                "needs_notes": " ".join(NEEDS_NOTES[n] for n in needs),
                "harm": rng.choice(HARMS) if needs else "",
                "agreement_on": story.agreed, "outcome": story.outcome,
                "created_at": ctx.stamp(story.referred),
                "updated_at": ctx.stamp(story.status_on)}])
            self._add(CaseStep, [{
                "id": rules.step_key(cid, status), "case_id": cid, "status": status,
                "happened_on": on, "by_user_id": by_officer if i == 0 else by_board,
                "note": note} for i, (status, on, note) in enumerate(story.steps)])
            for day, purpose, decision in story.hearings:
                heard.setdefault(day, []).append((cid, purpose, decision))
            tasks, progress = task_rows(ctx.stamp, cid, story.tasks, by_board,
                                        story.agreed or story.referred)
            self._add(Task, tasks)
            self._add(TaskProgress, progress)
            made += 1
        meetings, present, hearings = board_meetings(rng, board, cal, heard, today, ctx.stamp)
        self._add(Meeting, meetings)
        self._add(MeetingMember, present)
        self._add(Hearing, hearings)
        return made


def plan_boards(ctx: DemoContext, scale: int) -> BoardsPlan:
    """Plans after the people part, watching for the people under supervision the offices'
    cases and reports will name; draws nothing."""
    wanted = {s.id: _other_cases(scale) for s in ctx.sites if s.kind is SiteKind.PP_OFFICE}
    wanted[ctx.office.id] = (TO_REFER + len(HOME_STORIES) + len(HOME_REPORTS)
                             + 2 * _home_extra(scale) + 10)
    census = Supervised(wanted)
    ctx.person_watchers.append(census.note)
    return BoardsPlan(ctx, scale, census, estimate(ctx.people_planned))


__all__ = ["BoardsPlan", "estimate", "plan_boards"]
