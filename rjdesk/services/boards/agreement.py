"""The tasks of a case's reparative agreement and their progress: hours of community service
logged, restitution paid, the other tasks marked done; and the tasks overdue.

Money is integer cents from end to end: typed amounts go through ``rules.parse_money``, and a
payment above what is still owed is refused. A task reaching its hours or its amount is done
on the day of the entry that reached it; the first progress on a case whose agreement was
just signed puts the case in progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus
from rjdesk.domain.boards.models import BoardCase, Task, TaskProgress
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people.models import Offender
from rjdesk.services.boards.common import load_case, move_case
from rjdesk.services.boards.tasks import (  # noqa: F401 - this module's API too
    NOTE_MAX,
    CleanTask,
    OverdueRow,
    ProgressView,
    TaskInput,
    TaskView,
    cents_of,
    check_task,
    clean_text,
    new_task,
    task_title,
    task_view,
    tasks_of,
)
from rjdesk.services.core.context import Actor, acting, audit, require, require_site
from rjdesk.services.core.errors import Errors, InvalidInput, NotFound
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

#: Most hours one day's entry may hold.
DAY_HOURS_MAX = 24.0
#: The steps at which an agreement's tasks are added to and worked on.
_WORKING = (CaseStatus.AGREEMENT, CaseStatus.IN_PROGRESS)


def _title(task: CleanTask | Task) -> str:
    return task_title(task.kind, task.description, task.hours_required, task.amount_cents)


# -- adding a task, progress -------------------------------------------------------------------

def _working_case(tx: Session, actor: Actor, case_id: str) -> tuple[BoardCase, Site]:
    case, site = load_case(tx, case_id)
    require_site(actor, site.id, "board cases")
    if case.status not in _WORKING:
        raise InvalidInput(f"The case is {case.status.label.lower()}; tasks are added and "
                           "worked on once the agreement is signed and until the case closes.",
                           "status")
    return case, site


def add_task(db: Database, actor: Actor, case_id: str, data: TaskInput, *,
             today: date | None = None) -> TaskView:
    """A task added to an agreement already signed (the board may add one at a review)."""
    require(actor, Permission.RUN_BOARDS)
    day = today or date.today()
    with acting(db, actor) as tx:
        case, site = _working_case(tx, actor, case_id)
        assert case.agreement_on is not None  # set with the agreement's step
        clean, errors = check_task(data, case.agreement_on)
        if clean is None:
            raise Errors(errors)
        task = new_task(tx, case, clean)
        tx.flush()
        audit(tx, actor, "add_task", "board_task", task.id,
              f"{site.code} case {case.case_number}: {_title(clean)}, due {us_date(task.due_on)}")
        return task_view(task, [], day, True)


def _task(tx: Session, actor: Actor, task_id: str) -> tuple[Task, BoardCase, Site]:
    task = tx.get(Task, task_id)
    if task is None:
        raise NotFound("That task is no longer on file.")
    case, site = with_site(tx, BoardCase, task.case_id, "That board case is no longer on file.")
    require_site(actor, site.id, "board cases")
    if case.status not in _WORKING:
        raise InvalidInput(f"The case is {case.status.label.lower()}; its tasks take no more "
                           "progress.", "task")
    return task, case, site


def _check_day(case: BoardCase, day: date, today: date, errors: dict[str, str]) -> None:
    if day > today:
        errors["day"] = f"{us_date(day)} is in the future; record what was done."
    elif case.agreement_on is not None and day < case.agreement_on:
        errors["day"] = (f"The agreement was signed on {us_date(case.agreement_on)}; progress "
                         "cannot come before it.")


def _progress(tx: Session, task: Task) -> list[TaskProgress]:
    return list(tx.scalars(select(TaskProgress).where(TaskProgress.task_id == task.id)
                           .order_by(TaskProgress.happened_on)))


def _entry(tx: Session, actor: Actor, task: Task, day: date, note: str) -> TaskProgress:
    """The task's entry of the day, made if new: a second entry on a day adds to it."""
    key = rules.progress_key(task.id, day)
    entry = tx.get(TaskProgress, key)
    if entry is None:
        entry = TaskProgress(id=key, task_id=task.id, happened_on=day, note="")
        tx.add(entry)
    if note:
        entry.note = "; ".join(n for n in (entry.note, note) if n)[:NOTE_MAX]
    entry.recorded_by = actor.user_id
    return entry


def _reached(entries: Sequence[TaskProgress], wanted: float,
             measure: str) -> date | None:
    """The day the running total of ``measure`` first reached ``wanted``, or None."""
    total = 0.0
    for p in sorted(entries, key=lambda e: e.happened_on):
        total += getattr(p, measure) or 0
        if total >= wanted - 1e-9:
            return p.happened_on
    return None


def _started(tx: Session, actor: Actor, case: BoardCase, day: date) -> None:
    """The first progress on a case whose agreement was just signed puts it in progress."""
    if case.status is CaseStatus.AGREEMENT:
        move_case(tx, actor, case, CaseStatus.IN_PROGRESS, day, "first progress logged",
                  field="day")


def _name(tx: Session, case: BoardCase) -> str:
    o = tx.get(Offender, case.offender_id)
    return display_name(o.last_name, o.first_name) if o else ""


def log_hours(db: Database, actor: Actor, task_id: str, day: date, hours: float,
              note: str = "", *, today: date | None = None) -> TaskView:
    """Hours of community service worked on ``day``; a second entry that day adds to it."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    errors: dict[str, str] = {}
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or \
            not 0 < hours <= DAY_HOURS_MAX:
        errors["hours"] = f"Enter the hours worked that day: above 0, at most {DAY_HOURS_MAX:g}."
    note = clean_text(note, "note", "note", NOTE_MAX, errors)
    with acting(db, actor) as tx:
        task, case, site = _task(tx, actor, task_id)
        if not task.kind.in_hours:
            raise InvalidInput(f"“{task.kind.label}” is not counted in hours.", "task")
        if task.done_on is not None:
            raise InvalidInput(f"The hours were all worked by {us_date(task.done_on)}.", "task")
        _check_day(case, day, today, errors)
        entry = tx.get(TaskProgress, rules.progress_key(task.id, day))
        if "hours" not in errors and entry is not None and \
                (entry.hours or 0) + hours > DAY_HOURS_MAX:
            errors["hours"] = (f"{entry.hours or 0:g} hours are already logged on "
                               f"{us_date(day)}; a day holds at most {DAY_HOURS_MAX:g}.")
        if errors:
            raise Errors(errors)
        entry = _entry(tx, actor, task, day, note)
        entry.hours = round((entry.hours or 0) + float(hours), 2)
        tx.flush()
        entries = _progress(tx, task)
        assert task.hours_required is not None
        task.done_on = _reached(entries, task.hours_required, "hours")
        _started(tx, actor, case, day)
        audit(tx, actor, "hours", "board_task", task.id,
              f"{site.code} {_name(tx, case)}, case {case.case_number}: {hours:g} hours on "
              f"{us_date(day)}" + (" (all hours worked)" if task.done_on else ""))
        return task_view(task, entries, today, True)


def record_payment(db: Database, actor: Actor, task_id: str, day: date, amount: str | int,
                   note: str = "", *, today: date | None = None) -> TaskView:
    """A restitution payment made on ``day``: text as typed, or an int of cents. Refused above
    what is still owed; a second payment that day adds to it."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    errors: dict[str, str] = {}
    cents = 0
    try:
        cents = cents_of(amount)
    except ValueError as exc:
        errors["amount"] = str(exc)
    else:
        if cents == 0:
            errors["amount"] = "A payment of $0.00 is no payment; enter the amount paid."
    note = clean_text(note, "note", "note", NOTE_MAX, errors)
    with acting(db, actor) as tx:
        task, case, site = _task(tx, actor, task_id)
        if not task.kind.in_money:
            raise InvalidInput(f"“{task.kind.label}” takes no payments.", "task")
        entries = _progress(tx, task)
        assert task.amount_cents is not None
        owed = task.amount_cents - sum(p.amount_cents or 0 for p in entries)
        if owed <= 0:
            raise InvalidInput(f"The restitution of {rules.money(task.amount_cents)} is paid "
                               "in full.", "amount")
        _check_day(case, day, today, errors)
        if "amount" not in errors and cents > owed:
            errors["amount"] = (f"{rules.money(cents)} is more than is still owed: "
                                f"{rules.money(owed)} of {rules.money(task.amount_cents)}.")
        if errors:
            raise Errors(errors)
        entry = _entry(tx, actor, task, day, note)
        entry.amount_cents = (entry.amount_cents or 0) + cents
        tx.flush()
        entries = _progress(tx, task)
        task.done_on = _reached(entries, task.amount_cents, "amount_cents")
        _started(tx, actor, case, day)
        audit(tx, actor, "payment", "board_task", task.id,
              f"{site.code} {_name(tx, case)}, case {case.case_number}: {rules.money(cents)} "
              f"paid on {us_date(day)}" + (" (paid in full)" if task.done_on else ""))
        return task_view(task, entries, today, True)


def mark_done(db: Database, actor: Actor, task_id: str, day: date, *,
              today: date | None = None) -> TaskView:
    """A task neither in hours nor in money (a letter, a class, an essay…) done on ``day``."""
    require(actor, Permission.RUN_BOARDS)
    today = today or date.today()
    with acting(db, actor) as tx:
        task, case, site = _task(tx, actor, task_id)
        if task.kind.in_hours or task.kind.in_money:
            what = "its hours are logged" if task.kind.in_hours else "it is paid in full"
            raise InvalidInput(f"“{task.kind.label}” is done when {what}.", "task")
        if task.done_on is not None:
            raise InvalidInput(f"“{_title(task)}” was done on {us_date(task.done_on)}.", "task")
        errors: dict[str, str] = {}
        _check_day(case, day, today, errors)
        if errors:
            raise Errors(errors)
        task.done_on = day
        _started(tx, actor, case, day)
        tx.flush()
        audit(tx, actor, "task_done", "board_task", task.id,
              f"{site.code} {_name(tx, case)}, case {case.case_number}: {_title(task)} done on "
              f"{us_date(day)}")
        return task_view(task, _progress(tx, task), today, True)


def overdue(db: Database, actor: Actor, *, site_code: str | None = None,
            today: date | None = None) -> list[OverdueRow]:
    """Tasks past their due date and not done, of cases still open: the most late first."""
    require(actor, Permission.VIEW_BOARDS)
    today = today or date.today()
    stmt = (select(Task, BoardCase, Site.code, Offender)
            .join(BoardCase, BoardCase.id == Task.case_id)
            .join(Site, Site.id == BoardCase.site_id)
            .join(Offender, Offender.id == BoardCase.offender_id)
            .where(Task.done_on.is_(None), Task.due_on < today,
                   BoardCase.status.in_(_WORKING)))
    if site_code:
        stmt = stmt.where(Site.code == site_code.strip().upper())
    with db.reading() as tx:
        found = list(tx.execute(stmt))
        progress: dict[str, list[TaskProgress]] = {t.id: [] for t, *_ in found}
        for p in tx.scalars(select(TaskProgress)
                            .where(TaskProgress.task_id.in_(list(progress)))):
            progress[p.task_id].append(p)
    rows = []
    for task, case, code, o in found:
        view = task_view(task, progress[task.id], today, True)
        rows.append(OverdueRow(task.id, case.id, code, o.doc_number,
                               display_name(o.last_name, o.first_name), case.case_number,
                               view.title, task.due_on, (today - task.due_on).days,
                               view.remaining))
    rows.sort(key=lambda r: (r.due_on, r.site_code, r.offender_name, r.task_id))
    return rows
