"""Board cases out to a spreadsheet (.csv or .xlsx by the file's suffix): one row per case, for
the coordinators' own reports and the central office's counts. Tasks open and overdue, hours
required and done, restitution ordered, paid and owed are as of ``today``; money is written as
people read it ($1,200.00).

The file has no victim column, whoever exports it: a board's file goes to more hands than the
victims' statements may. Written through a temporary file and audited, as every export of
personal data is (``services.core.files``); text that reads like a formula stays text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.models import BoardCase, Task
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Output
from rjdesk.domain.people.models import Offender
from rjdesk.services.boards.paper_data import TaskState, need_labels, task_states
from rjdesk.services.core.context import Actor, audit, require_output, require_output_role
from rjdesk.services.core.errors import NotFound
from rjdesk.services.core.files import Sheet, SpreadsheetOut
from rjdesk.store.database import Database

CASES = Sheet("Board cases",
              ("site", "doc_number", "last_name", "first_name", "court", "case_number",
               "offense", "status", "referred_on", "status_on", "agreement_on", "needs",
               "tasks_open", "tasks_overdue", "hours_required", "hours_done",
               "restitution_ordered", "restitution_paid", "restitution_owed"),
              (8, 12, 18, 16, 28, 16, 28, 16, 12, 12, 12, 28, 10, 10, 10, 10, 14, 14, 14))
PAGE = 1000


def export_board_cases(db: Database, actor: Actor, out: Path, *, site_code: str | None = None,
                       today: date) -> int:
    """Every board case of a site (``site_code``; none named: every site for a role that takes
    every site away, else the home site); returns how many rows were written."""
    require_output_role(actor, Output.BOARD_CASES_EXPORT)
    target = SpreadsheetOut.checked(out, "board cases")
    site_id, scope = actor.output_site_id, f"site {actor.site_code}"
    if site_code is not None and site_code.strip():
        with db.reading() as tx:
            site = tx.scalar(select(Site).where(Site.code == site_code.strip().upper()))
        if site is None:
            raise NotFound(f"There is no site “{site_code.strip()}”.", "site")
        site_id, scope = site.id, f"site {site.code}"
    if site_id is None:
        scope = "all sites"
    require_output(actor, Output.BOARD_CASES_EXPORT, site_id)
    where: list[ColumnElement[bool]] = [] if site_id is None else [BoardCase.site_id == site_id]
    with db.reading() as tx:
        target.check_fits(tx.scalar(select(func.count()).select_from(BoardCase)
                                    .where(*where)) or 0)
    stmt = (select(Site.code, Offender.doc_number, Offender.last_name, Offender.first_name,
                   BoardCase)
            .join(Site, Site.id == BoardCase.site_id)
            .join(Offender, Offender.id == BoardCase.offender_id)
            .where(*where)
            .order_by(Site.code, Offender.sort_name, BoardCase.referred_on, BoardCase.id))

    def rows() -> Iterator[list[object]]:
        with db.reading() as tx:
            in_scope = ([Task.case_id.in_(select(BoardCase.id).where(*where))] if where
                        else [])
            tasks = task_states(tx, today, *in_scope)
            for code, doc, last, first, case in tx.execute(
                    stmt.execution_options(yield_per=PAGE)):
                yield [code, doc, last, first, case.court, case.case_number, case.offense,
                       case.status.label, case.referred_on, case.status_on, case.agreement_on,
                       "; ".join(need_labels(case.needs)), *_progress(tasks.get(case.id, []))]

    def record(tx: Session, count: int) -> None:
        audit(tx, actor, "export", "board_case", None,
              f"Exported {count:,} board cases of {scope} to {target.path.name}")

    return target.write(db, actor, CASES, rows(), record)


def _progress(tasks: list[TaskState]) -> list[object]:
    """Open and overdue tasks, hours required and done, restitution ordered, paid and owed."""
    hours = [t for t in tasks if t.hours_required is not None]
    money = [t for t in tasks if t.amount_cents is not None]
    ordered = sum(t.amount_cents or 0 for t in money)
    paid = sum(t.paid_cents for t in money)
    return [sum(1 for t in tasks if not t.done), sum(1 for t in tasks if t.overdue),
            sum(t.hours_required or 0 for t in hours), sum(t.hours_done for t in hours),
            rules.money(ordered), rules.money(paid), rules.money(max(0, ordered - paid))]
