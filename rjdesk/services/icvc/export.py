"""ICVC enrollments and the reentry list out to a spreadsheet: for the central office's counts
and for reentry caseworkers who track who finished the class and who still needs it.

One row per enrollment (every status), in the order a person reads a roster: site, class, name.
The attended count is what the class's rule counts at that class (present and late, excused
only where the class says so); sessions carried over from a previous site are not included,
since they belong to the other class's row. Written through a temporary file and audited as
every export of personal data is (see ``services.core.files``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Output
from rjdesk.domain.icvc.enums import AttendanceMark
from rjdesk.domain.icvc.models import Attendance, Enrollment, IcvcClass
from rjdesk.domain.icvc.rules import ATTENDED, REENTRY_HORIZON_DAYS
from rjdesk.domain.people.models import Offender
from rjdesk.services.core.context import Actor, audit, require_output, require_output_role
from rjdesk.services.core.errors import NotFound
from rjdesk.services.core.files import Sheet, SpreadsheetOut
from rjdesk.services.icvc.completion import reentry_list
from rjdesk.store.database import Database

COLUMNS = ("class_id", "class", "site", "doc_number", "last_name", "first_name", "status",
           "requested_at_utc", "completed_on", "certificate_number", "attended")
SHEET = Sheet("Enrollments", COLUMNS, (38, 28, 8, 12, 18, 16, 12, 20, 13, 28, 9))
PAGE = 1000
Query = TypeVar("Query", bound=Select)


def export_enrollments(db: Database, actor: Actor, out: Path, *, site_id: str | None = None,
                       class_id: str | None = None) -> int:
    """Write the enrollments of a class, a site or every site to ``out`` (.csv with a byte-order
    mark so Excel reads it as UTF-8, or .xlsx); returns how many rows were written."""
    require_output_role(actor, Output.ENROLLMENT_EXPORT)
    target = SpreadsheetOut.checked(out, "enrollments")
    with db.reading() as tx:
        site = tx.get(Site, site_id) if site_id else None
        if site_id and site is None:
            raise NotFound("That site does not exist.", "site")
        cls = tx.get(IcvcClass, class_id) if class_id else None
        if class_id and cls is None:
            raise NotFound(f"There is no class “{class_id}”.", "class")
        total = tx.scalar(_filtered(select(func.count()).select_from(Enrollment)
                                    .join(IcvcClass, IcvcClass.id == Enrollment.class_id),
                                    site_id, class_id)) or 0
    require_output(actor, Output.ENROLLMENT_EXPORT, cls.site_id if cls else site_id)
    target.check_fits(total)
    scope = (f"class {cls.title}" if cls else f"site {site.code}" if site else "all sites")

    def record(tx: Session, count: int) -> None:
        audit(tx, actor, "export", "icvc_enrollment", None,
              f"Exported {count:,} ICVC enrollments of {scope} to {target.path.name}")

    return target.write(db, actor, SHEET, _rows(db, site_id, class_id), record)


def _filtered(stmt: Query, site_id: str | None, class_id: str | None) -> Query:
    """The statement narrowed to one site's or one class's enrollments, when asked."""
    if site_id:
        stmt = stmt.where(IcvcClass.site_id == site_id)
    if class_id:
        stmt = stmt.where(IcvcClass.id == class_id)
    return stmt


def _rows(db: Database, site_id: str | None, class_id: str | None) -> Iterator[list[object]]:
    """The rows in one read, streamed a page at a time so memory stays flat at 200,000."""
    counted = case(
        (Attendance.mark.in_(ATTENDED), 1),
        (and_(Attendance.mark == AttendanceMark.EXCUSED, IcvcClass.excused_counts), 1),
        else_=0)
    attended = _filtered(
        select(Attendance.enrollment_id, func.sum(counted).label("n"))
        .join(Enrollment, Enrollment.id == Attendance.enrollment_id)
        .join(IcvcClass, IcvcClass.id == Enrollment.class_id)
        .group_by(Attendance.enrollment_id), site_id, class_id).subquery()
    stmt = _filtered(
        select(IcvcClass.id, IcvcClass.title, Site.code, Offender.doc_number, Offender.last_name,
               Offender.first_name, Enrollment.status, Enrollment.requested_at,
               Enrollment.completed_on, Enrollment.certificate_number,
               func.coalesce(attended.c.n, 0))
        .join(IcvcClass, IcvcClass.id == Enrollment.class_id)
        .join(Site, Site.id == IcvcClass.site_id)
        .join(Offender, Offender.id == Enrollment.offender_id)
        .outerjoin(attended, attended.c.enrollment_id == Enrollment.id)
        .order_by(Site.code, IcvcClass.title, IcvcClass.id, Offender.sort_name, Enrollment.id),
        site_id, class_id)
    with db.reading() as tx:
        for row in tx.execute(stmt.execution_options(yield_per=PAGE)):
            values = list(row)
            values[6] = values[6].value
            values[7] = values[7].replace(microsecond=0) if values[7] else None
            yield values


REENTRY_COLUMNS = ("site", "doc_number", "name", "projected_release_date", "days_left",
                   "housing_unit", "class_id", "class", "class_status", "class_first_day",
                   "class_last_day", "class_ends_after_release")
REENTRY_SHEET = Sheet("Reentry", REENTRY_COLUMNS,
                      (8, 12, 28, 14, 9, 14, 38, 28, 12, 13, 13, 12))


def export_reentry(db: Database, actor: Actor, out: Path, *, site_id: str | None = None,
                   within_days: int = REENTRY_HORIZON_DAYS, today: date | None = None) -> int:
    """Write the reentry list of a site (or every site) to ``out``, .csv or .xlsx, in the order
    it is shown: soonest release first; returns how many people were written. Who leaves before
    his class ends reads "yes" in the last column, so a caseworker can filter on it."""
    require_output_role(actor, Output.REENTRY_EXPORT)
    target = SpreadsheetOut.checked(out, "people")
    with db.reading() as tx:
        site = tx.get(Site, site_id) if site_id else None
        if site_id and site is None:
            raise NotFound("That site does not exist.", "site")
    require_output(actor, Output.REENTRY_EXPORT, site_id)
    rows = reentry_list(db, actor, site_id, within_days=within_days, today=today)
    target.check_fits(len(rows))
    scope = f"site {site.code}" if site else "all sites"

    def record(tx: Session, count: int) -> None:
        audit(tx, actor, "export", "site", site_id,
              f"Exported the reentry list of {scope} ({count:,} people due for release within "
              f"{within_days} days) to {target.path.name}")

    return target.write(db, actor, REENTRY_SHEET, (
        [r.site_code, r.doc_number, r.name, r.projected_release_date, r.days_left,
         r.housing_unit, r.class_id, r.current_class,
         r.current_status.value if r.current_status else "", r.class_first_day,
         r.class_last_day, "yes" if r.ends_after_release else "no"] for r in rows), record)
