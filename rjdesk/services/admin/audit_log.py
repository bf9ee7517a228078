"""Reading the audit trail (writing it is ``context.audit``, inside each service's transaction):
filtered for an investigation, in plain words, a page at a time, and out to a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Select, func, or_, select, tuple_
from sqlalchemy.orm import Session

from rjdesk.domain.core.models import AuditEvent, Site
from rjdesk.domain.core.permissions import Output, Permission
from rjdesk.domain.people.models import Offender
from rjdesk.domain.people.rules import normalize_doc_number
from rjdesk.printing.admin.audit_log import AuditLine, render_audit_log
from rjdesk.services.core.context import Actor, audit, require, require_output_role
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.services.core.files import Sheet, SpreadsheetOut, write_pdf
from rjdesk.store.database import Database

#: Internal names of actions and record kinds, and the words people read: one table.
WORDS: dict[str, str] = {
    # actions
    "create": "Created", "update": "Changed", "view": "Viewed", "search": "Searched",
    "print": "Printed", "export": "Exported", "import": "Imported", "merge": "Merged",
    "merged_away": "Merged into another record", "transfer": "Transferred",
    "sign_in": "Signed in", "sign_in_failed": "Failed sign-in",
    "unlock_window": "Unlocked the window", "unlock_window_failed": "Failed window unlock",
    "unlock": "Unlocked account", "change_password": "Changed password",
    "reset_password": "Reset password", "deactivate": "Deactivated account",
    "reactivate": "Reactivated account", "edit": "Changed account",
    "enroll": "Enrolled", "waitlist": "Wait-listed", "promote": "Moved up from wait list",
    "withdraw": "Withdrew", "transferred": "Moved to another class", "complete": "Completed",
    "attendance": "Took attendance", "attendance_scan": "Scanned attendance",
    "book_speaker": "Booked speaker", "unbook_speaker": "Removed speaker",
    "cancel_session": "Cancelled session", "move_session": "Moved session",
    "session_topic": "Set session topic", "resolve": "Resolved",
    "configure": "Set up", "setup": "Set up the workstation", "demo": "Built demo data",
    "hours": "Logged hours",
    "volunteer_hours": "Logged volunteer hours", "deliver": "Delivered",
    "receive": "Received", "cancel": "Cancelled", "close": "Closed", "reopen": "Reopened",
    # record kinds
    "offender": "Person", "volunteer": "Volunteer", "user": "Staff account",
    "site": "Site", "setting": "Setting", "workstation": "Workstation", "sync": "Sync",
    "sync_conflict": "Sync conflict", "icvc_class": "ICVC class",
    "icvc_enrollment": "ICVC enrollment", "reparative_project": "Reparative project",
    "reparative_recipient": "Recipient", "reparative_delivery": "Delivery",
    "reparative_production": "Items made", "reparative_item_type": "Item type",
    "reparative_hours": "Reparative hours", "reparative_summary": "Reparative summary",
    "audit_log": "Audit log",
}


#: The kinds of record an investigator filters by, in the order a list offers them.
KINDS = ("offender", "volunteer", "user", "icvc_class", "icvc_enrollment", "reparative_project",
         "reparative_hours", "reparative_production", "reparative_delivery",
         "reparative_recipient", "reparative_item_type", "site", "setting", "sync_conflict",
         "workstation", "audit_log")


def parse_day(text: str, field: str = "since") -> date | None:
    """A date as US staff type it (MM/DD/YYYY) or as a spreadsheet writes it (YYYY-MM-DD);
    blank is no date."""
    typed = text.strip()
    if not typed:
        return None
    try:
        if "/" in typed:
            month, day, year = (int(p) for p in typed.split("/"))
            return date(year, month, day)
        return date.fromisoformat(typed)
    except ValueError:
        raise InvalidInput(f"“{typed}” is not a date: write MM/DD/YYYY.", field) from None


def words(name: str) -> str:
    """The plain words for an action or a record kind; an unknown name still reads as words."""
    return WORDS.get(name) or name.replace("_", " ").capitalize()


def kind_named(text: str) -> str:
    """A record kind as typed (its plain words or its internal name) to its internal name."""
    typed = text.strip().lower()
    for name, label in WORDS.items():
        if typed in (name, label.lower()):
            return name
    raise InvalidInput(f"There is no kind of record called “{text.strip()}”.", "kind")


@dataclass(frozen=True)
class AuditRow:
    id: str
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str | None
    summary: str
    site_code: str = ""

    @property
    def action_words(self) -> str:
        return words(self.action)

    @property
    def entity_words(self) -> str:
        return words(self.entity)


@dataclass(frozen=True)
class AuditFilter:
    """What an investigator narrows the log to; every part is optional. Dates are the
    workstation's calendar days, both ends included."""

    person_id: str | None = None  # an offender or a volunteer
    username: str | None = None
    site_id: str | None = None
    kind: str | None = None  # internal entity name
    since: date | None = None
    until: date | None = None
    text: str = ""

    def check(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise InvalidInput("The From date is after the To date.", "since")


def person_by_doc(db: Database, actor: Actor, doc_number: str) -> str:
    """The id of the person a DOC number (as typed or scanned) names, to filter the log by."""
    require(actor, Permission.VIEW_AUDIT)
    doc = normalize_doc_number(doc_number)
    with db.reading() as tx:
        found = tx.scalar(select(Offender.id).where(Offender.doc_number == doc))
    if found is None:
        raise NotFound(f"No one has the DOC number “{doc_number.strip()}”.", "person")
    return found


def _utc(day: date) -> datetime:
    """Midnight at the start of a local calendar day, in the UTC the log is stamped in."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def _filtered(tx: Session, stmt: Select, f: AuditFilter) -> Select:
    if f.person_id:
        # His own record's events, and those of his program records, which name his DOC number.
        doc = tx.scalar(select(Offender.doc_number).where(Offender.id == f.person_id))
        stmt = stmt.where(or_(AuditEvent.entity_id == f.person_id,
                              AuditEvent.summary.contains(doc)) if doc else
                          AuditEvent.entity_id == f.person_id)
    if f.username:
        stmt = stmt.where(AuditEvent.username == f.username.strip().lower())
    if f.site_id:
        stmt = stmt.where(AuditEvent.site_id == f.site_id)
    if f.kind:
        stmt = stmt.where(AuditEvent.entity == f.kind)
    if f.since:
        stmt = stmt.where(AuditEvent.at >= _utc(f.since))
    if f.until:
        stmt = stmt.where(AuditEvent.at < _utc(f.until + timedelta(days=1)))
    if f.text.strip():
        like = f"%{f.text.strip()}%"
        stmt = stmt.where(or_(AuditEvent.summary.ilike(like), AuditEvent.username.ilike(like)))
    return stmt


def _rows(tx: Session, events: list[AuditEvent]) -> list[AuditRow]:
    codes = {site_id: code for site_id, code in tx.execute(select(Site.id, Site.code))}
    return [AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, e.summary,
                     codes.get(e.site_id or "", "")) for e in events]


def list_events(db: Database, actor: Actor, *, entity_id: str | None = None,
                where: AuditFilter | None = None,
                before: tuple[datetime, str] | None = None,
                limit: int = 200) -> tuple[list[AuditRow], tuple[datetime, str] | None]:
    """Newest first, one page at a time (keyset: the next page starts ``before``)."""
    require(actor, Permission.VIEW_AUDIT)
    f = where or AuditFilter()
    f.check()
    stmt = select(AuditEvent)
    if entity_id:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    if before:
        stmt = stmt.where(tuple_(AuditEvent.at, AuditEvent.id) < tuple_(*before))
    with db.reading() as tx:
        stmt = _filtered(tx, stmt, f)
        stmt = stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit + 1)
        events = list(tx.scalars(stmt))
        rows = _rows(tx, events[:limit])
    return rows, ((rows[-1].at, rows[-1].id) if len(events) > limit else None)


def _all(db: Database, actor: Actor, f: AuditFilter) -> Iterator[AuditRow]:
    cursor: tuple[datetime, str] | None = None
    while True:
        rows, cursor = list_events(db, actor, where=f, before=cursor, limit=1000)
        yield from rows
        if cursor is None:
            return


COLUMNS = ("when_utc", "user", "site", "action", "record_kind", "record_id", "what")
SHEET = Sheet("Audit log", COLUMNS, (20, 14, 8, 24, 20, 38, 80))


def describe(db: Database, f: AuditFilter) -> str:
    """The filter in words, for the export's own audit event and a printout's heading."""
    parts = []
    if f.username:
        parts.append(f"user {f.username}")
    if f.site_id:
        with db.reading() as tx:
            site = tx.get(Site, f.site_id)
        parts.append(f"site {site.code if site else '?'}")
    if f.kind:
        parts.append(words(f.kind).lower())
    if f.person_id:
        parts.append(f"record {f.person_id}")
    if f.since:
        parts.append(f"from {f.since.isoformat()}")
    if f.until:
        parts.append(f"to {f.until.isoformat()}")
    if f.text.strip():
        parts.append(f"“{f.text.strip()}”")
    return ", ".join(parts) or "all events"


def export_events(db: Database, actor: Actor, out: Path, where: AuditFilter | None = None) -> int:
    """Write the events the filter selects, newest first, to ``out`` (.csv or .xlsx) for an
    investigator; the export is itself audited. Returns how many events were written."""
    require_output_role(actor, Output.AUDIT_EXPORT)
    f = where or AuditFilter()
    f.check()
    target = SpreadsheetOut.checked(out, "events")
    if f.site_id:
        with db.reading() as tx:
            if tx.get(Site, f.site_id) is None:
                raise NotFound("That site does not exist.", "site")
    with db.reading() as tx:
        total = tx.scalar(_filtered(tx, select(func.count()).select_from(AuditEvent), f)) or 0
    target.check_fits(total)
    scope = describe(db, f)

    def record(tx: Session, count: int) -> None:
        audit(tx, actor, "export", "audit_log", None,
              f"Exported {count:,} audit events ({scope}) to {target.path.name}")

    return target.write(db, actor, SHEET, (
        [r.at.replace(microsecond=0), r.username, r.site_code, r.action_words,
         r.entity_words, r.entity_id or "", r.summary] for r in _all(db, actor, f)), record)


def print_events(db: Database, actor: Actor, out: Path | BinaryIO,
                 where: AuditFilter | None = None, *,
                 printed_at: datetime | None = None) -> int:
    """The events the filter selects on paper, newest first; audited. Returns pages."""
    require_output_role(actor, Output.AUDIT_EXPORT)
    f = where or AuditFilter()
    f.check()
    printed_at = printed_at or datetime.now()
    scope = describe(db, f)
    lines = [AuditLine(local_time(r.at), r.username, r.site_code, r.action_words,
                       r.entity_words, r.summary) for r in _all(db, actor, f)]

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "audit_log", None,
              f"Printed {len(lines):,} audit events ({scope}), {pages} pages")

    return write_pdf(db, actor, out, lambda target: render_audit_log(
        lines, scope=scope, site_name=actor.site_code, printed_at=printed_at,
        printed_by=actor.display_name, out=target), record)


def local_time(at: datetime) -> datetime:
    """An event's UTC stamp in the workstation's time, as people read it (no zone attached)."""
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
