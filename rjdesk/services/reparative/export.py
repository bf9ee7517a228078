"""Reparative hours and deliveries out to a spreadsheet (.csv or .xlsx by the file's suffix):
for the central office's counts and the coordinators' own reports.

Hours: one row per entry, with its status (approved, pending and declined stay apart).
Deliveries: one row per delivery line, ordered and delivered apart. A victim as recipient reads
"a victim (name withheld)", with no city, for a role that may not see victims. Written through a
temporary file and audited, as every export of personal data is (``services.core.files``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Output, Permission
from rjdesk.domain.people.models import Offender
from rjdesk.domain.reparative.enums import RecipientType
from rjdesk.domain.reparative.models import (
    Delivery,
    DeliveryLine,
    HourEntry,
    ItemType,
    Project,
    Recipient,
)
from rjdesk.printing.reparative.delivery_slip import WITHHELD
from rjdesk.services.core.context import Actor, audit, require_output, require_output_role
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.services.core.files import Sheet, SpreadsheetOut
from rjdesk.store.database import Database

HOURS = Sheet("Hours", ("site", "project", "category", "doc_number", "last_name", "first_name",
                        "worked_on", "hours", "status"), (8, 30, 24, 12, 18, 16, 12, 8, 10))
DELIVERIES = Sheet("Deliveries", ("slip_number", "site", "status", "prepared_on",
                                  "delivered_on", "received_on", "recipient_type", "recipient",
                                  "city", "item", "unit", "project", "quantity_ordered",
                                  "quantity_delivered"),
                   (18, 8, 10, 12, 12, 12, 16, 30, 16, 24, 8, 28, 10, 10))
PAGE = 1000


def _checked(db: Database, site_id: str | None, start: date, end: date) -> str:
    if end < start:
        raise InvalidInput("The range ends before it starts.", "end")
    if site_id is None:
        return "all sites"
    with db.reading() as tx:
        site = tx.get(Site, site_id)
    if site is None:
        raise NotFound("That site does not exist.", "site")
    return f"site {site.code}"


def export_hours(db: Database, actor: Actor, site_id: str | None, start: date, end: date,
                 out: Path) -> int:
    """Every hour entry of a site (None: every site) worked from ``start`` to ``end``; returns
    how many rows were written."""
    require_output_role(actor, Output.HOURS_EXPORT)
    target = SpreadsheetOut.checked(out, "hours")
    scope = _checked(db, site_id, start, end)
    require_output(actor, Output.HOURS_EXPORT, site_id)
    where: list[ColumnElement[bool]] = [HourEntry.worked_on.between(start, end)]
    if site_id is not None:
        where.append(HourEntry.site_id == site_id)
    with db.reading() as tx:
        target.check_fits(tx.scalar(select(func.count()).select_from(HourEntry)
                                    .where(*where)) or 0)
    stmt = (select(Site.code, Project.name, Project.category, Offender.doc_number,
                   Offender.last_name, Offender.first_name, HourEntry.worked_on,
                   HourEntry.hours, HourEntry.status)
            .join(Project, Project.id == HourEntry.project_id)
            .join(Site, Site.id == HourEntry.site_id)
            .join(Offender, Offender.id == HourEntry.offender_id)
            .where(*where)
            .order_by(Site.code, HourEntry.worked_on, Project.name, Offender.sort_name))

    def rows() -> Iterator[list[object]]:
        with db.reading() as tx:
            for code, project, category, *person, day, hours, status in tx.execute(
                    stmt.execution_options(yield_per=PAGE)):
                yield [code, project, category.label, *person, day, hours, status.value]

    def record(tx: Session, count: int) -> None:
        audit(tx, actor, "export", "reparative_hours", None,
              f"Exported {count:,} reparative hour entries of {scope}, {us_date(start)} to "
              f"{us_date(end)} to {target.path.name}")

    return target.write(db, actor, HOURS, rows(), record)


def export_deliveries(db: Database, actor: Actor, site_id: str | None, start: date, end: date,
                      out: Path) -> int:
    """Every line of the deliveries a site (None: every site) prepared from ``start`` to
    ``end``; returns how many rows were written."""
    require_output_role(actor, Output.DELIVERIES_EXPORT)
    target = SpreadsheetOut.checked(out, "deliveries")
    scope = _checked(db, site_id, start, end)
    require_output(actor, Output.DELIVERIES_EXPORT, site_id)
    where: list[ColumnElement[bool]] = [Delivery.prepared_on.between(start, end)]
    if site_id is not None:
        where.append(Delivery.site_id == site_id)
    with db.reading() as tx:
        target.check_fits(tx.scalar(select(func.count()).select_from(DeliveryLine)
                                    .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
                                    .where(*where)) or 0)
    sees_victims = actor.may(Permission.VIEW_VICTIMS)
    stmt = (select(Delivery.slip_number, Site.code, Delivery.status, Delivery.prepared_on,
                   Delivery.delivered_on, Delivery.received_on, Recipient.kind, Recipient.name,
                   Recipient.city, ItemType.name, ItemType.unit, Project.name,
                   DeliveryLine.quantity_ordered, DeliveryLine.quantity_delivered)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .join(Site, Site.id == Delivery.site_id)
            .join(Recipient, Recipient.id == Delivery.recipient_id)
            .join(ItemType, ItemType.id == DeliveryLine.item_type_id)
            .outerjoin(Project, Project.id == DeliveryLine.project_id)
            .where(*where)
            .order_by(Site.code, Delivery.prepared_on, Delivery.slip_number, ItemType.name))

    def rows() -> Iterator[list[object]]:
        with db.reading() as tx:
            for (slip, code, status, prepared, delivered, received, kind, name, city, item,
                 unit, project, ordered, out) in tx.execute(
                    stmt.execution_options(yield_per=PAGE)):
                if kind is RecipientType.VICTIM and not sees_victims:
                    name, city = WITHHELD, ""
                yield [slip, code, status.value, prepared, delivered, received, kind.label,
                       name, city, item, unit.label, project or "", ordered, out]

    def record(tx: Session, count: int) -> None:
        audit(tx, actor, "export", "reparative_delivery", None,
              f"Exported {count:,} delivery lines of {scope}, {us_date(start)} to "
              f"{us_date(end)} to {target.path.name}")

    return target.write(db, actor, DELIVERIES, rows(), record)
