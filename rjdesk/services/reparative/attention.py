"""What needs the coordinator's attention in reparative work, listed in one place.

- a supervisor of an active project whose background check has expired, or expires soon;
- hours waiting for a staff member's approval;
- a person's day above 24 hours across projects, which only two workstations entering hours
  offline can make (each refuses it alone): someone must decline the wrong entry;
- a stock shortfall: more committed to deliveries than was made, which only two workstations
  delivering from one stock offline can make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people.models import Offender
from rjdesk.domain.reparative.enums import DeliveryStatus, HoursStatus
from rjdesk.domain.reparative.models import (
    Delivery,
    DeliveryLine,
    HourEntry,
    ItemType,
    Production,
    Project,
    ProjectSupervisor,
)
from rjdesk.domain.reparative.rules import MAX_DAY_HOURS
from rjdesk.domain.volunteers.models import Volunteer
from rjdesk.services.core.context import Actor, require
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

#: A background check that expires within this many days is listed before it does.
EXPIRES_SOON_DAYS = 30
#: How far back a day above 24 hours is looked for: a conflict older than a year is history.
DAY_LOOKBACK_DAYS = 366

CHECK_EXPIRED = "check_expired"
CHECK_EXPIRING = "check_expiring"
HOURS_PENDING = "hours_pending"
DAY_OVER = "day_over_24"
STOCK_SHORTFALL = "stock_shortfall"

Sel = TypeVar("Sel", bound=Select)


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # one of the names above
    site_code: str
    text: str
    target_id: str | None  # the project, the offender, the item type to open


def needs_attention(db: Database, actor: Actor, site_id: str | None, *,
                    today: date | None = None) -> list[AttentionItem]:
    """Everything listed above for a site (or every site), most urgent kind first."""
    require(actor, Permission.VIEW_REPARATIVE)
    today = today or date.today()
    with db.reading() as tx:
        codes = dict(tx.execute(select(Site.id, Site.code)).all())
        items: list[AttentionItem] = []

        sup = (select(Project.id, Project.site_id, Project.name, Volunteer.last_name,
                      Volunteer.first_name, Volunteer.background_check_expires)
               .join(ProjectSupervisor, ProjectSupervisor.project_id == Project.id)
               .join(Volunteer, Volunteer.id == ProjectSupervisor.volunteer_id)
               .where(Project.active.is_(True))
               .order_by(Volunteer.background_check_expires, Project.name))
        soon = today + timedelta(days=EXPIRES_SOON_DAYS)
        for pid, sid, project, last, first, expires in tx.execute(_site(sup, Project, site_id)):
            who = display_name(last, first)
            if expires is None or expires < today:
                when = f"expired {us_date(expires)}" if expires else "not on file"
                items.append(AttentionItem(CHECK_EXPIRED, codes[sid], f"Background check "
                                           f"{when}: {who}, supervisor of {project}", pid))
            elif expires <= soon:
                items.append(AttentionItem(CHECK_EXPIRING, codes[sid], f"Background check "
                                           f"expires {us_date(expires)}: {who}, supervisor of "
                                           f"{project}", pid))

        pending = (select(Project.id, Project.site_id, Project.name, func.count(),
                          func.sum(HourEntry.hours))
                   .join(Project, Project.id == HourEntry.project_id)
                   .where(HourEntry.status == HoursStatus.PENDING)
                   .group_by(Project.id).order_by(Project.name))
        for pid, sid, project, n, total in tx.execute(_site(pending, HourEntry, site_id)):
            entries = "entry" if n == 1 else "entries"
            items.append(AttentionItem(HOURS_PENDING, codes[sid], f"{n} hour {entries} "
                                       f"({total:g} h) wait for approval: {project}", pid))

        items += _days_over(tx, site_id, today, codes)
        items += _shortfalls(tx, site_id, codes)
    return items


def _site(stmt: Sel, model: Any, site_id: str | None) -> Sel:
    """The statement narrowed to one site's rows, when one is asked for."""
    return stmt if site_id is None else stmt.where(model.site_id == site_id)


def _days_over(tx: Session, site_id: str | None, today: date,
               codes: dict[str, str]) -> list[AttentionItem]:
    """Days on which a person's approved and waiting hours, across every project and site,
    add up to more than 24; listed at each site that has some of them."""
    since = today - timedelta(days=DAY_LOOKBACK_DAYS)
    # Days above the limit whatever their status, from ix_reparative_hours_day alone (offender,
    # day, hours: no row is read); then only those few days are read again without the
    # declined entries, which settle a conflict.
    over = (select(HourEntry.offender_id, HourEntry.worked_on)
            .where(HourEntry.worked_on >= since)
            .group_by(HourEntry.offender_id, HourEntry.worked_on)
            .having(func.sum(HourEntry.hours) > MAX_DAY_HOURS))
    if site_id is not None:
        mine = (select(HourEntry.offender_id).where(HourEntry.site_id == site_id,
                                                    HourEntry.worked_on >= since))
        over = over.where(HourEntry.offender_id.in_(mine))
    found = over.subquery()
    counted = func.sum(HourEntry.hours)
    rows = tx.execute(
        select(found.c.offender_id, found.c.worked_on, Offender.doc_number, Offender.last_name,
               Offender.first_name, counted, func.group_concat(HourEntry.site_id.distinct()))
        .join(HourEntry, (HourEntry.offender_id == found.c.offender_id)
              & (HourEntry.worked_on == found.c.worked_on))
        .join(Offender, Offender.id == found.c.offender_id)
        .where(HourEntry.status != HoursStatus.DECLINED)
        .group_by(found.c.offender_id, found.c.worked_on)
        .having(counted > MAX_DAY_HOURS)
        .order_by(found.c.worked_on.desc()))
    out = []
    for oid, day, doc, last, first, total, sites in rows:
        for sid in sorted(set((sites or "").split(","))):
            if site_id is None or sid == site_id:
                out.append(AttentionItem(DAY_OVER, codes.get(sid, ""),
                                         f"{display_name(last, first)} ({doc}) has {total:g} "
                                         f"hours on {us_date(day)}, more than "
                                         f"{MAX_DAY_HOURS:g}: decline the wrong entry", oid))
    return out


def _shortfalls(tx: Session, site_id: str | None,
                codes: dict[str, str]) -> list[AttentionItem]:
    """Items of which a site committed more to deliveries than it made (``rules.committed``
    in SQL: what went out once delivered, what is set aside while prepared)."""
    made = _site(select(Production.site_id, Production.item_type_id,
                        func.sum(Production.quantity).label("q"))
                 .group_by(Production.site_id, Production.item_type_id),
                 Production, site_id).subquery()
    committed_q = case(
        (Delivery.status == DeliveryStatus.CANCELLED, 0.0),
        ((Delivery.status.in_((DeliveryStatus.DELIVERED, DeliveryStatus.RECEIVED)))
         & DeliveryLine.quantity_delivered.is_not(None), DeliveryLine.quantity_delivered),
        else_=DeliveryLine.quantity_ordered)
    out = _site(select(Delivery.site_id, DeliveryLine.item_type_id,
                       func.sum(committed_q).label("q"))
                .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
                .group_by(Delivery.site_id, DeliveryLine.item_type_id),
                Delivery, site_id).subquery()
    rows = tx.execute(
        select(out.c.site_id, out.c.item_type_id, ItemType.name, ItemType.unit,
               func.coalesce(made.c.q, 0.0), out.c.q)
        .join(ItemType, ItemType.id == out.c.item_type_id)
        .outerjoin(made, (made.c.site_id == out.c.site_id)
                   & (made.c.item_type_id == out.c.item_type_id))
        .where(out.c.q > func.coalesce(made.c.q, 0.0) + 0.005)
        .order_by(ItemType.name))
    return [AttentionItem(STOCK_SHORTFALL, codes[sid],
                          f"{name}: {q_out:g} {unit.label} committed to deliveries but "
                          f"{q_made:g} made, {q_out - q_made:g} short (deliveries made at "
                          "two workstations from one stock)", item_id)
            for sid, item_id, name, unit, q_made, q_out in rows]
