"""What the boards' use cases share: reading a board or a case with its site, moving a case a
step (dated, by whom, audited), and who may see a court report's victims."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus
from rjdesk.domain.boards.models import Board, BoardCase, CaseStep, CourtReport
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor, audit
from rjdesk.services.core.errors import InvalidInput, NotAllowed
from rjdesk.services.core.lookup import with_site


def board_of_site(tx: Session, site_id: str) -> Board | None:
    return tx.scalar(select(Board).where(Board.site_id == site_id))


def load_case(tx: Session, case_id: str) -> tuple[BoardCase, Site]:
    return with_site(tx, BoardCase, case_id, "That board case is no longer on file.")


def move_case(tx: Session, actor: Actor, case: BoardCase, wanted: CaseStatus, day: date,
              note: str = "", *, field: str = "status") -> None:
    """Move ``case`` to the step ``wanted`` on ``day``: its status, and the step's record
    (when, by whom, why), audited. Refused with the reason when the step does not follow."""
    problem = rules.step_problem(case.status, wanted)
    if problem:
        raise InvalidInput(problem, field)
    if day < case.referred_on:
        raise InvalidInput(f"The case was referred on {case.referred_on:%m/%d/%Y}; a step "
                           "cannot come before it.", "day")
    before = case.status
    case.status, case.status_on = wanted, day
    key = rules.step_key(case.id, wanted)
    step = tx.get(CaseStep, key)
    if step is None:
        step = CaseStep(id=key, case_id=case.id, status=wanted)
        tx.add(step)
    step.happened_on, step.by_user_id, step.note = day, actor.user_id, note
    audit(tx, actor, "case_step", "board_case", case.id,
          f"{wanted.label} on {day:%m/%d/%Y}" + (f" ({note})" if note else ""),
          {"status": (before.value, wanted.value)})


def may_see_victims(actor: Actor, report: CourtReport) -> bool:
    """Victims are seen by victim services and administrators, and by the officer of the
    report; by no one else, whatever else their role may see."""
    return actor.may(Permission.VIEW_VICTIM_STATEMENTS) or (
        bool(actor.user_id) and actor.user_id == report.officer_id
        and actor.may(Permission.EDIT_COURT_REPORTS))


def require_victims(actor: Actor, report: CourtReport) -> None:
    if not may_see_victims(actor, report):
        raise NotAllowed("Only victim services, administrators and the officer of this court "
                         "report may see its victims.")
