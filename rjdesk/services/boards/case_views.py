"""What the board cases' use cases show and share: a case as one view (its steps, its tasks
and their progress), a row of the list, and the checks of what is typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.boards.enums import CaseStatus, Need
from rjdesk.domain.boards.models import BoardCase, CaseStep
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site, User
from rjdesk.domain.core.text import text_problem
from rjdesk.domain.people.models import Offender
from rjdesk.services.boards.tasks import TaskView, tasks_of
from rjdesk.services.people.records import display_name

COURT_MAX, CASE_NUMBER_MAX, OFFENSE_MAX = 120, 40, 200
NOTES_MAX, HARM_MAX, OUTCOME_MAX, REASON_MAX = 2000, 4000, 4000, 500
SEARCH_KEPT = 60


@dataclass(frozen=True)
class ReferralInput:
    """A referral as the officer writes it. ``officer_id`` "": the actor, when a P&P officer."""

    doc_number: str
    court: str
    case_number: str
    offense: str
    referred_on: date | None
    officer_id: str = ""


@dataclass(frozen=True)
class AssessmentInput:
    needs: frozenset[Need]
    needs_notes: str = ""
    harm: str = ""


@dataclass(frozen=True)
class StepView:
    status: CaseStatus
    happened_on: date
    by_name: str
    note: str


@dataclass(frozen=True)
class CaseView:
    id: str
    site_code: str
    offender_id: str
    doc_number: str
    offender_name: str
    officer_name: str
    court: str
    case_number: str
    offense: str
    referred_on: date
    status: CaseStatus
    status_on: date
    return_reason: str
    needs: tuple[Need, ...]
    needs_notes: str
    harm: str
    agreement_on: date | None
    outcome: str
    steps: tuple[StepView, ...]
    tasks: tuple[TaskView, ...]
    open_tasks: int
    overdue_tasks: int


@dataclass(frozen=True)
class CaseRow:
    id: str
    site_code: str
    doc_number: str
    offender_name: str
    case_number: str
    court: str
    status_label: str
    referred_on: date
    overdue_tasks: int


@dataclass(frozen=True)
class OfficerRow:
    id: str
    username: str
    name: str
    site_code: str


def needs_of(stored: str) -> tuple[Need, ...]:
    found = {v for v in stored.split(",") if v}
    return tuple(n for n in Need if n.value in found)


def _user_names(tx: Session, ids: set[str]) -> dict[str, str]:
    ids.discard("")
    if not ids:
        return {}
    return {uid: name for uid, name in tx.execute(select(User.id, User.display_name)
                                                   .where(User.id.in_(ids)))}


def case_view(tx: Session, case: BoardCase, site: Site, today: date) -> CaseView:
    o = tx.get(Offender, case.offender_id)
    steps = list(tx.scalars(select(CaseStep).where(CaseStep.case_id == case.id)))
    steps.sort(key=lambda s: (s.happened_on, list(CaseStatus).index(s.status)))
    names = _user_names(tx, {case.officer_id, *(s.by_user_id for s in steps)})
    tasks = tasks_of(tx, case, today)
    return CaseView(
        case.id, site.code, case.offender_id, o.doc_number if o else "",
        display_name(o.last_name, o.first_name, o.middle_name) if o else "",
        names.get(case.officer_id, ""), case.court, case.case_number, case.offense,
        case.referred_on, case.status, case.status_on, case.return_reason, needs_of(case.needs),
        case.needs_notes, case.harm, case.agreement_on, case.outcome,
        tuple(StepView(s.status, s.happened_on, names.get(s.by_user_id, ""), s.note)
              for s in steps),
        tasks, sum(t.done_on is None for t in tasks), sum(t.overdue for t in tasks))


# -- checking what is typed ------------------------------------------------------------------

def line_text(value: str, field: str, label: str, limit: int, errors: dict[str, str], *,
          required: bool = True) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        errors[field] = f"Enter the {label}."
    elif len(text) > limit:
        errors[field] = f"The {label} is longer than {limit} characters."
    elif problem := text_problem(text, label):
        errors[field] = problem
    return text


def para_text(value: str, field: str, label: str, limit: int, errors: dict[str, str], *,
          required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = f"Enter the {label}."
    elif len(text) > limit:
        errors[field] = f"The {label} is longer than {limit} characters."
    elif any(ch in text for ch in "\x00\x1b"):
        errors[field] = f"The {label} contains a control character; type it again."
    return text


def check_day(day: date | None, field: str, label: str, today: date,
              errors: dict[str, str]) -> None:
    if day is None:
        errors[field] = f"Enter the {label}."
    elif day > today:
        errors[field] = f"The {label} ({us_date(day)}) is in the future."
