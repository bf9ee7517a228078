"""Board cases: an offender under supervision referred by his P&P officer, moving through
referred → scheduled → agreement → in progress → completed, or returned to court with a reason.
Every step is dated, by whom, and audited (``common.move_case``). The board's assessment (the
needs it found, the harm done) and the agreement of tasks are recorded on the case; the tasks'
progress is ``agreement``'s. A case follows its offender to his new office (``on_transfer``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus, Need, TaskKind
from rjdesk.domain.boards.models import BoardCase, CaseStep, Task
from rjdesk.domain.core.enums import Role, SiteKind
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site, User
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.domain.people import rules as people_rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.services.boards.case_views import (  # noqa: F401 - this module's API too
    AssessmentInput,
    CaseRow,
    CaseView,
    OfficerRow,
    ReferralInput,
    StepView,
    case_view,
    check_day,
    line_text,
    needs_of,
    para_text,
)
from rjdesk.services.boards.common import load_case, move_case
from rjdesk.services.boards.tasks import CleanTask, TaskInput, check_task, new_task, tasks_of
from rjdesk.services.core.context import Actor, acting, audit, audit_read, require, require_site
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotFound
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

COURT_MAX, CASE_NUMBER_MAX, OFFENSE_MAX = 120, 40, 200
NOTES_MAX, HARM_MAX, OUTCOME_MAX, REASON_MAX = 2000, 4000, 4000, 500
SEARCH_KEPT = 60


# -- referral --------------------------------------------------------------------------------

def _offender(tx: Session, number: str) -> Offender:
    found = tx.scalar(select(Offender).where(Offender.doc_number == number))
    seen: set[str] = set()
    while found is not None and found.merged_into_id and found.id not in seen:
        seen.add(found.id)
        found = tx.get(Offender, found.merged_into_id)
    if found is None:
        raise NotFound(f"No one has the DOC number {number}.", "doc_number")
    return found


def _officer(tx: Session, officer_id: str) -> str:
    row = tx.execute(select(User.role, User.active).where(User.id == officer_id)).first()
    if row is None or not row.active or row.role is not Role.PP_OFFICER:
        return "Choose an active P&P officer as the referring officer."
    return ""


def refer(db: Database, actor: Actor, data: ReferralInput, *,
          today: date | None = None) -> CaseView:
    """Refer an offender under supervision at a P&P office to its board."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    errors: dict[str, str] = {}
    number = ""
    try:
        number = people_rules.normalize_doc_number(data.doc_number)
    except people_rules.RuleError as exc:
        errors["doc_number"] = exc.message
    court = line_text(data.court, "court", "court", COURT_MAX, errors)
    case_number = line_text(data.case_number, "case_number", "case number", CASE_NUMBER_MAX, errors)
    offense = line_text(data.offense, "offense", "offense", OFFENSE_MAX, errors)
    check_day(data.referred_on, "referred_on", "referral date", today, errors)
    officer_id = data.officer_id or (actor.user_id if actor.role is Role.PP_OFFICER else "")
    with acting(db, actor) as tx:
        if officer_id and (problem := _officer(tx, officer_id)):
            errors["officer_id"] = problem
        if errors:
            raise Errors(errors)
        assert data.referred_on is not None
        o = _offender(tx, number)
        name = display_name(o.last_name, o.first_name)
        site = tx.get(Site, o.site_id)
        assert site is not None
        if o.status is not OffenderStatus.SUPERVISED:
            raise InvalidInput(f"{name} is {o.status.label.lower()}; a board hears offenders "
                               "under supervision.", "doc_number")
        if site.kind is not SiteKind.PP_OFFICE:
            raise InvalidInput(f"{name} is at {site.code}, not a Probation and Parole office; "
                               "transfer him to his office first.", "doc_number")
        require_site(actor, site.id, "board cases")
        key = rules.case_key(o.id, court, case_number)
        if (other := tx.get(BoardCase, key)) is not None:
            raise AlreadyExists(f"{name} is already referred for case {other.case_number} of "
                                f"{other.court} (referred on {us_date(other.referred_on)}, "
                                f"{other.status.label.lower()}).", "case_number")
        case = BoardCase(id=key, site_id=site.id, offender_id=o.id, officer_id=officer_id,
                         court=court, case_number=case_number, offense=offense,
                         referred_on=data.referred_on, status=CaseStatus.REFERRED,
                         status_on=data.referred_on, return_reason="", needs="",
                         needs_notes="", harm="", agreement_on=None, outcome="")
        tx.add(case)
        tx.add(CaseStep(id=rules.step_key(key, CaseStatus.REFERRED), case_id=key,
                        status=CaseStatus.REFERRED, happened_on=data.referred_on,
                        by_user_id=actor.user_id, note=""))
        tx.flush()
        audit(tx, actor, "refer", "board_case", key,
              f"{site.code} {o.doc_number} {name}: {court} case {case_number} referred on "
              f"{us_date(data.referred_on)}")
        return case_view(tx, case, site, today)


def officers(db: Database, actor: Actor, *, site_code: str | None = None) -> list[OfficerRow]:
    """The active P&P officers (of a site), who may be named as a case's referring officer."""
    require(actor, Permission.RUN_BOARDS)
    stmt = (select(User.id, User.username, User.display_name, Site.code)
            .join(Site, Site.id == User.site_id)
            .where(User.role == Role.PP_OFFICER, User.active.is_(True)))
    if site_code:
        stmt = stmt.where(Site.code == site_code.strip().upper())
    with db.reading() as tx:
        rows = [OfficerRow(*r) for r in tx.execute(stmt.order_by(Site.code, User.display_name))]
    return rows


# -- reading ---------------------------------------------------------------------------------

def get_case(db: Database, actor: Actor, case_id: str, *,
             today: date | None = None) -> CaseView:
    require(actor, Permission.VIEW_BOARDS)
    with db.reading() as tx:
        case, site = load_case(tx, case_id)
        view = case_view(tx, case, site, today or date.today())
    audit_read(db, actor, "view", "board_case", view.id,
               f"{view.doc_number} {view.offender_name}: case {view.case_number}")
    return view


def list_cases(db: Database, actor: Actor, *, site_code: str | None = None,
               status: CaseStatus | None = None, text: str = "",
               today: date | None = None) -> list[CaseRow]:
    """Cases of a site (None: every site), newest referral first; ``text`` matches the
    offender's name or DOC number, or the case number."""
    require(actor, Permission.VIEW_BOARDS)
    today = today or date.today()
    stmt = (select(BoardCase, Site.code, Offender)
            .join(Site, Site.id == BoardCase.site_id)
            .join(Offender, Offender.id == BoardCase.offender_id))
    if site_code:
        stmt = stmt.where(Site.code == site_code.strip().upper())
    if status is not None:
        stmt = stmt.where(BoardCase.status == status)
    typed = " ".join(without_controls(text).split())
    for term in people_rules.fold(typed).replace(",", " ").split():
        stmt = stmt.where(or_(Offender.search_text.contains(term, autoescape=True),
                              func.upper(BoardCase.case_number).contains(term.upper(),
                                                                         autoescape=True)))
    with db.reading() as tx:
        found = list(tx.execute(stmt))
        late = {case_id: n for case_id, n in tx.execute(
            select(Task.case_id, func.count())
            .where(Task.case_id.in_([c.id for c, _, _ in found]), Task.done_on.is_(None),
                   Task.due_on < today).group_by(Task.case_id))}
    found.sort(key=lambda r: (-r[0].referred_on.toordinal(), r[2].sort_name, r[0].id))
    rows = [CaseRow(c.id, code, o.doc_number, display_name(o.last_name, o.first_name),
                    c.case_number, c.court, c.status.label, c.referred_on,
                    0 if c.status.closed else late.get(c.id, 0)) for c, code, o in found]
    if typed and rows:
        audit_read(db, actor, "search", "board_case", None,
                   f"“{typed[:SEARCH_KEPT]}” found {len(rows)}")
    return rows


# -- assessment and agreement ----------------------------------------------------------------

def _open_case(tx: Session, actor: Actor, case_id: str) -> tuple[BoardCase, Site]:
    case, site = load_case(tx, case_id)
    require_site(actor, site.id, "board cases")
    return case, site


def record_assessment(db: Database, actor: Actor, case_id: str, data: AssessmentInput, *,
                      today: date | None = None) -> CaseView:
    """The needs the board found and the harm done; replaces what was recorded before."""
    require(actor, Permission.RUN_BOARDS)
    errors: dict[str, str] = {}
    if not all(isinstance(n, Need) for n in data.needs):
        errors["needs"] = "Choose the needs from the list."
    notes = para_text(data.needs_notes, "needs_notes", "notes on the needs", NOTES_MAX, errors)
    harm = para_text(data.harm, "harm", "description of the harm", HARM_MAX, errors)
    if Need.OTHER in data.needs and not notes and "needs_notes" not in errors:
        errors["needs_notes"] = "Say what the other need is, in the notes."
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        case, site = _open_case(tx, actor, case_id)
        if case.status.closed:
            raise InvalidInput(f"The case is {case.status.label.lower()}; its assessment "
                               "stays as it was.", "status")
        before = case.needs
        case.needs = ",".join(n.value for n in Need if n in data.needs)
        case.needs_notes, case.harm = notes, harm
        tx.flush()
        audit(tx, actor, "assess", "board_case", case.id,
              f"{site.code} case {case.case_number}: "
              + (", ".join(n.label for n in needs_of(case.needs)) or "no needs found"),
              {"needs": (before, case.needs)} if before != case.needs else None)
        return case_view(tx, case, site, today or date.today())


def record_agreement(db: Database, actor: Actor, case_id: str, agreement_on: date | None,
                     tasks: Sequence[TaskInput], *, today: date | None = None) -> CaseView:
    """The reparative agreement the offender signed on ``agreement_on``, with its tasks, all
    in one: a scheduled case moves to “Agreement signed”. Every wrong field of every task is
    named at once (``tasks[1].due_on``)."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    errors: dict[str, str] = {}
    check_day(agreement_on, "agreement_on", "agreement date", today, errors)
    if not tasks:
        errors["tasks"] = "An agreement has at least one task."
    cleaned: list[CleanTask] = []
    for i, data in enumerate(tasks):
        clean, wrong = check_task(data, agreement_on or today)
        kind = data.kind.label if isinstance(data.kind, TaskKind) else "?"
        for field, message in wrong.items():
            errors[f"tasks[{i}].{field}"] = f"Task {i + 1} ({kind}): {message}"
        if clean is not None:
            keys = [(c.kind, people_rules.fold(c.description)) for c in cleaned]
            if (clean.kind, people_rules.fold(clean.description)) in keys:
                errors[f"tasks[{i}].kind"] = (f"Task {i + 1} ({kind}) is listed twice; give "
                                              "each its own description.")
            cleaned.append(clean)
    with acting(db, actor) as tx:
        case, site = _open_case(tx, actor, case_id)
        if case.status is not CaseStatus.SCHEDULED:
            errors["status"] = (f"The case is {case.status.label.lower()}; an agreement is "
                                "recorded for a case scheduled before the board.")
        elif agreement_on is not None and "agreement_on" not in errors and \
                agreement_on < case.status_on:
            errors["agreement_on"] = (f"The case was scheduled on {us_date(case.status_on)}; "
                                      "the agreement cannot come before it.")
        if errors:
            raise Errors(errors)
        assert agreement_on is not None  # checked above
        move_case(tx, actor, case, CaseStatus.AGREEMENT, agreement_on, field="agreement_on")
        case.agreement_on = agreement_on
        for clean in cleaned:
            new_task(tx, case, clean)
        tx.flush()
        audit(tx, actor, "agreement", "board_case", case.id,
              f"{site.code} case {case.case_number}: agreement of {us_date(agreement_on)}, "
              f"{len(cleaned)} task(s)")
        return case_view(tx, case, site, today)


# -- steps -----------------------------------------------------------------------------------

def _step(db: Database, actor: Actor, case_id: str, wanted: CaseStatus, day: date,
          today: date, errors: dict[str, str], note: str = "",
          fill: dict[str, str] | None = None) -> CaseView:
    """Move a case one step on ``day`` (not in the future, not before its last step), with
    ``fill`` set on the case, all in one transaction."""
    check_day(day, "day", "date", today, errors)
    with acting(db, actor) as tx:
        case, site = _open_case(tx, actor, case_id)
        problem = rules.step_problem(case.status, wanted)
        if problem:
            errors["status"] = problem
        elif "day" not in errors and day < case.status_on:
            errors["day"] = (f"The case became {case.status.label.lower()} on "
                             f"{us_date(case.status_on)}; the next step cannot come before.")
        if wanted is CaseStatus.COMPLETED and not problem:
            still = [t for t in tasks_of(tx, case, today) if t.done_on is None]
            if still:
                errors["tasks"] = ("The case cannot be completed while tasks are open: "
                                   + "; ".join(f"{t.title} — {t.remaining}" for t in still)
                                   + ".")
        if errors:
            raise Errors(errors)
        move_case(tx, actor, case, wanted, day, note, field="day")
        for name, value in (fill or {}).items():
            setattr(case, name, value)
        tx.flush()
        return case_view(tx, case, site, today)


def schedule_case(db: Database, actor: Actor, case_id: str, day: date, *,
                  today: date | None = None) -> CaseView:
    """A referred case set before the board (the meetings' use cases do it when they put a
    case on an agenda)."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    return _step(db, actor, case_id, CaseStatus.SCHEDULED, day, today, {})


def start_case(db: Database, actor: Actor, case_id: str, day: date, *,
               today: date | None = None) -> CaseView:
    """Agreement signed → in progress (the first progress logged does it too)."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    return _step(db, actor, case_id, CaseStatus.IN_PROGRESS, day, today, {})


def complete_case(db: Database, actor: Actor, case_id: str, day: date, outcome: str, *,
                  today: date | None = None) -> CaseView:
    """The case completed on ``day`` with its outcome; refused while a task is open."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    errors: dict[str, str] = {}
    text = para_text(outcome, "outcome", "outcome", OUTCOME_MAX, errors, required=True)
    return _step(db, actor, case_id, CaseStatus.COMPLETED, day, today, errors,
                 fill={"outcome": text})


def return_to_court(db: Database, actor: Actor, case_id: str, day: date, reason: str, *,
                    today: date | None = None) -> CaseView:
    """The case sent back to court on ``day``, from any open step, with the reason."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    errors: dict[str, str] = {}
    text = line_text(reason, "reason", "reason for returning the case", REASON_MAX, errors)
    return _step(db, actor, case_id, CaseStatus.RETURNED, day, today, errors, note=text,
                 fill={"return_reason": text})


def on_transfer(tx: Session, actor: Actor, offender_id: str, new_site_id: str, *,
                today: date | None = None) -> None:
    """Called inside a transfer's transaction: the offender's open cases follow him to his
    new office (their board is that office's); closed ones stay where they were heard."""
    new_code = tx.scalar(select(Site.code).where(Site.id == new_site_id)) or ""
    for case in tx.scalars(select(BoardCase).where(
            BoardCase.offender_id == offender_id, BoardCase.site_id != new_site_id,
            BoardCase.status.not_in([CaseStatus.COMPLETED, CaseStatus.RETURNED]))).all():
        old_code = tx.scalar(select(Site.code).where(Site.id == case.site_id)) or ""
        case.site_id = new_site_id
        tx.flush()
        audit(tx, actor, "transferred", "board_case", case.id,
              f"case {case.case_number}: {old_code} → {new_code} with its offender")
