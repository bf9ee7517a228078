"""One person's hours for his file: every entry, oldest first, with the totals of each status
kept apart (approved, waiting for approval, declined). Printed as the hours statement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people import rules as people_rules
from rjdesk.domain.people.models import Offender
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import HoursStatus
from rjdesk.domain.reparative.models import HourEntry, Project
from rjdesk.services.core.context import Actor, audit_read, require
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.services.people.records import display_name
from rjdesk.services.reparative.hours_check import follow_merges
from rjdesk.store.database import Database


@dataclass(frozen=True)
class StatementOffender:
    id: str
    doc_number: str
    name: str
    site_code: str


@dataclass(frozen=True)
class StatementRow:
    day: date
    project: str
    site: str
    hours: float
    status: HoursStatus


@dataclass(frozen=True)
class StatementData:
    offender: StatementOffender
    rows: tuple[StatementRow, ...]
    #: Hours by status: approved, pending and declined are never added together.
    totals: dict[HoursStatus, float] = field(default_factory=dict)
    start: date | None = None
    end: date | None = None


def hours_statement_rows(db: Database, actor: Actor, doc_number: str, *,
                         start: date | None = None, end: date | None = None) -> StatementData:
    """One person's hours, oldest first, with totals kept apart by status: his statement."""
    require(actor, Permission.VIEW_REPARATIVE)
    try:
        number = people_rules.normalize_doc_number(doc_number)
    except people_rules.RuleError as exc:
        raise InvalidInput(exc.message, "doc_number") from None
    if start and end and end < start:
        raise InvalidInput("The period ends before it starts.", "end")
    with db.reading() as tx:
        o = follow_merges(tx, tx.scalar(select(Offender).where(Offender.doc_number == number)))
        if o is None:
            raise NotFound(f"No one has the DOC number {number}.")
        site = tx.get(Site, o.site_id)
        stmt = (select(HourEntry.worked_on, Project.name, Site.code, HourEntry.hours,
                       HourEntry.status)
                .join(Project, Project.id == HourEntry.project_id)
                .join(Site, Site.id == HourEntry.site_id)
                .where(HourEntry.offender_id == o.id)
                .order_by(HourEntry.worked_on, Project.name))
        if start:
            stmt = stmt.where(HourEntry.worked_on >= start)
        if end:
            stmt = stmt.where(HourEntry.worked_on <= end)
        rows = tuple(StatementRow(*r) for r in tx.execute(stmt))
        person = StatementOffender(o.id, o.doc_number, display_name(o.last_name, o.first_name),
                                   site.code if site else "")
    totals = {status: 0.0 for status in HoursStatus}
    for r in rows:
        totals[r.status] += r.hours
    data = StatementData(person, rows, {s: rules.round2(v) for s, v in totals.items()},
                         start, end)
    audit_read(db, actor, "view", "offender", person.id,
               f"Hours statement of {person.doc_number} {person.name}")
    return data
