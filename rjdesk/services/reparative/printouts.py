"""Reparative work's papers: the delivery slip, the reparative summary and an offender's hours
statement. Each print is one audited action written through a temporary file, so a failed print
leaves nothing behind; a victim as recipient prints as "a victim (name withheld)" for a role
that may not see victims."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Output, Permission
from rjdesk.domain.reparative.enums import RecipientType
from rjdesk.domain.reparative.models import (
    Delivery,
    DeliveryLine,
    ItemType,
    Project,
    ProjectSupervisor,
    Recipient,
)
from rjdesk.domain.reparative.rules import parse_slip
from rjdesk.domain.volunteers.models import Volunteer
from rjdesk.printing.reparative.delivery_slip import WITHHELD, Slip, SlipLine
from rjdesk.printing.reparative.delivery_slip import render_delivery_slip as render_slip
from rjdesk.printing.reparative.hours_statement import (
    Statement,
    StatementRow,
    render_hours_statements,
)
from rjdesk.printing.reparative.summary import (
    HoursLine,
    ItemLine,
    RecipientLine,
    Summary,
    render_reparative_summary,
)
from rjdesk.services.core.context import Actor, audit, require_output, require_output_role
from rjdesk.services.core.errors import NotFound
from rjdesk.services.core.files import write_pdf
from rjdesk.services.people.records import display_name
from rjdesk.services.reparative import totals
from rjdesk.services.reparative.statement import hours_statement_rows
from rjdesk.store.database import Database

Out = TypeVar("Out", Path, BinaryIO)
Progress = Callable[[int, int], None] | None


def find_delivery(tx: Session, text: str) -> Delivery:
    """A delivery by its id, or by its slip number as typed or scanned."""
    found = tx.get(Delivery, text.strip())
    slip = parse_slip(text)
    if found is None and slip is not None:
        found = tx.scalar(select(Delivery).where(Delivery.slip_number == str(slip)))
    if found is None:
        raise NotFound(f"There is no delivery “{text.strip()}”.", "delivery")
    return found


def withheld(kind: RecipientType, actor: Actor) -> bool:
    """A victim as recipient is victim data: hidden from roles that may not see victims."""
    return kind is RecipientType.VICTIM and not actor.may(Permission.VIEW_VICTIMS)


def print_delivery_slip(db: Database, actor: Actor, delivery_id: str, out: Out, *,
                        printed_at: datetime | None = None, progress: Progress = None) -> Out:
    """Both copies of a delivery's slip; ``delivery_id`` may also be its slip number."""
    require_output_role(actor, Output.DELIVERY_SLIP)
    with db.reading() as tx:
        delivery = find_delivery(tx, delivery_id)
        require_output(actor, Output.DELIVERY_SLIP, delivery.site_id)
        site = tx.get(Site, delivery.site_id)
        recipient = tx.get(Recipient, delivery.recipient_id)
        assert site is not None and recipient is not None
        lines = tuple(
            SlipLine(line.quantity_ordered, line.quantity_delivered, unit.label, name,
                     project or "")
            for line, name, unit, project in tx.execute(
                select(DeliveryLine, ItemType.name, ItemType.unit, Project.name)
                .join(ItemType, ItemType.id == DeliveryLine.item_type_id)
                .outerjoin(Project, Project.id == DeliveryLine.project_id)
                .where(DeliveryLine.delivery_id == delivery.id)
                .order_by(ItemType.name, Project.name)))
        hidden = withheld(recipient.kind, actor)
        contact = [recipient.address, recipient.city,
                   f"Contact: {recipient.contact_name}" if recipient.contact_name else "",
                   recipient.phone, recipient.email]
        slip = Slip(
            delivery.slip_number, site.name, site.code,
            (f"{site.city}, Missouri",) if site.city else (),
            WITHHELD if hidden else recipient.name, recipient.kind.label,
            () if hidden else tuple(c for c in contact if c), delivery.status.label,
            delivery.prepared_on, lines, delivery.delivered_on, delivery.delivered_by,
            delivery.received_by, delivery.received_on, delivery.notes,
            names_a_victim=recipient.kind is RecipientType.VICTIM and not hidden)
        entity_id = delivery.id
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "reparative_delivery", entity_id,
              f"Delivery slip {slip.slip_number} printed: {len(lines)} lines, {pages} pages")

    write_pdf(db, actor, out, lambda target: render_slip(
        slip, printed_at=printed_at, printed_by=actor.display_name, out=target,
        progress=progress), record)
    return out


def print_reparative_summary(db: Database, actor: Actor, site_id: str | None, start: date,
                             end: date, out: Out, *, printed_at: datetime | None = None,
                             progress: Progress = None) -> Out:
    """A site's (None: every site's) reparative work from ``start`` to ``end``."""
    require_output(actor, Output.REPARATIVE_SUMMARY, site_id)
    data = totals.between(db, actor, site_id, start, end)
    with db.reading() as tx:
        site = tx.get(Site, site_id) if site_id else None
        supervisors: dict[str, list[str]] = defaultdict(list)
        ids = [p.project_id for p in data.by_project]
        for pid, last, first in tx.execute(
                select(ProjectSupervisor.project_id, Volunteer.last_name, Volunteer.first_name)
                .join(Volunteer, Volunteer.id == ProjectSupervisor.volunteer_id)
                .where(ProjectSupervisor.project_id.in_(ids))
                .order_by(Volunteer.last_name, Volunteer.first_name)):
            supervisors[pid].append(display_name(last, first))
    scope = f"{site.name} ({site.code})" if site else "All sites"
    summary = Summary(
        scope, start, end,
        tuple(HoursLine(f"{m.month:%B %Y}", m.approved, m.pending, m.declined)
              for m in data.by_month),
        tuple(HoursLine(f"{p.name} ({p.site_code})", p.approved, p.pending, p.declined,
                        "; ".join(supervisors.get(p.project_id, ())))
              for p in data.by_project),
        tuple(HoursLine(s.site_code, s.approved, s.pending, s.declined, f"{s.participants:,}")
              for s in data.by_site),
        data.participants,
        tuple(ItemLine(i.item_name, i.unit.label, i.made, i.delivered) for i in data.items),
        tuple(RecipientLine(kind.label, q, n) for kind, q, n in data.delivered_by_recipient_type),
        data.produce_pounds)
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "reparative_summary", site_id,
              f"Reparative summary of {scope}, {us_date(start)} to {us_date(end)} printed: "
              f"{pages} pages")

    write_pdf(db, actor, out, lambda target: render_reparative_summary(
        summary, printed_at=printed_at, printed_by=actor.display_name, out=target,
        progress=progress), record)
    return out


def print_hours_statement(db: Database, actor: Actor, doc_number: str, out: Out, *,
                          start: date | None = None, end: date | None = None,
                          printed_at: datetime | None = None, progress: Progress = None) -> Out:
    """An offender's hours on every project, at every site, for his file (a merged record's
    number finds the record it was merged into)."""
    require_output_role(actor, Output.HOURS_STATEMENT)
    data = hours_statement_rows(db, actor, doc_number, start=start, end=end)
    person = data.offender
    with db.reading() as tx:
        site = tx.scalar(select(Site).where(Site.code == person.site_code))
        assert site is not None
        site_id, site_name = site.id, site.name
    require_output(actor, Output.HOURS_STATEMENT, site_id)
    statement = Statement(person.doc_number, person.name, site_name,
                          tuple(StatementRow(r.day, r.project, r.site, r.hours, r.status.label)
                                for r in data.rows), start, end)
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "offender", person.id,
              f"Reparative hours statement of {person.doc_number} printed: "
              f"{len(statement.rows)} entries")

    write_pdf(db, actor, out, lambda target: render_hours_statements(
        [statement], site_name=site_name, printed_at=printed_at,
        printed_by=actor.display_name, out=target, progress=progress), record)
    return out
