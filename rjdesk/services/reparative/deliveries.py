"""Deliveries from a site to a recipient: prepared, delivered (all or part), receipt confirmed,
or cancelled; each with a slip number no other workstation can issue.

A delivery never takes more than the site has on hand when it is made here; two workstations
that delivered one stock offline show as a shortfall in ``items.stock`` after sync.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.domain.people.rules import fold
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import DeliveryStatus, RecipientType, Unit
from rjdesk.domain.reparative.models import Delivery, DeliveryLine, ItemType, Project, Recipient
from rjdesk.services.core import settings
from rjdesk.services.core.context import Actor, acting, audit, require, require_site
from rjdesk.services.core.errors import Errors, InvalidInput, NotFound
from rjdesk.services.reparative.items import check_quantity, on_hand, stock_levels
from rjdesk.services.reparative.recipients import RecipientView, audit_victims, view
from rjdesk.store.database import Database
from rjdesk.sync import state

SortKey = tuple[str, str]


@dataclass(frozen=True)
class LineInput:
    item_type_id: str
    project_id: str | None
    quantity: float


@dataclass(frozen=True)
class DeliveryInput:
    site_code: str
    recipient_id: str
    prepared_on: date
    lines: tuple[LineInput, ...]
    notes: str = ""


@dataclass(frozen=True)
class LineView:
    id: str
    item_type_id: str
    item_name: str
    unit: Unit
    project_id: str | None
    project_name: str
    quantity_ordered: float
    quantity_delivered: float | None


@dataclass(frozen=True)
class DeliveryView:
    id: str
    slip_number: str
    site_id: str
    site_code: str
    site_name: str
    recipient: RecipientView
    status: DeliveryStatus
    prepared_on: date
    delivered_on: date | None
    delivered_by: str
    received_by: str
    received_on: date | None
    notes: str
    lines: tuple[LineView, ...]
    updated_at: datetime


def _view(tx: Session, d: Delivery, actor: Actor) -> DeliveryView:
    site = tx.get(Site, d.site_id)
    recipient = tx.get(Recipient, d.recipient_id)
    assert site is not None and recipient is not None  # foreign keys
    lines = []
    for line, item, project in tx.execute(
            select(DeliveryLine, ItemType, Project.name)
            .join(ItemType, ItemType.id == DeliveryLine.item_type_id)
            .outerjoin(Project, Project.id == DeliveryLine.project_id)
            .where(DeliveryLine.delivery_id == d.id).order_by(ItemType.name, Project.name)):
        lines.append(LineView(line.id, item.id, item.name, item.unit, line.project_id,
                              project or "", line.quantity_ordered, line.quantity_delivered))
    return DeliveryView(d.id, d.slip_number, site.id, site.code, site.name, view(recipient, actor),
                        d.status, d.prepared_on, d.delivered_on, d.delivered_by, d.received_by,
                        d.received_on, d.notes, tuple(lines), d.updated_at)


def _text(value: str, field: str, label: str, most: int = 120) -> str:
    clean = " ".join(without_controls(value).split())
    if not clean:
        raise InvalidInput(f"Enter {label}.", field)
    if len(clean) > most:
        raise InvalidInput(f"At most {most} characters.", field)
    return clean


def next_slip(tx: Session, site: Site, year: int) -> str:
    """The next slip number of this workstation's series: its desk number within the site (from
    the deployment's roster; desk 1 without sync), then 1 + the highest count it has used that
    year. Refused once the desk's 9,999 numbers of the year are used."""
    desk = settings.read(tx, settings.DESK_NUMBER)
    prefix = f"{site.code}-{year:04d}-{desk}"
    last = tx.scalar(select(func.max(Delivery.slip_number)).where(
        Delivery.site_id == site.id, Delivery.slip_number.like(prefix.replace("_", "\\_")
                                                               + "____", escape="\\")))
    parsed = rules.parse_slip(last) if last else None
    count = parsed.count + 1 if parsed else 1
    if count > rules.MAX_SLIPS_PER_DESK:
        raise InvalidInput(f"This workstation has used all {rules.MAX_SLIPS_PER_DESK:,} slip "
                           f"numbers of {year} for {site.code}; deliver from another "
                           "workstation of the site.", "prepared_on")
    return str(rules.SlipNumber(site.code, year, desk, count))


def _check_series(tx: Session, site: Site) -> None:
    """A synced workstation's desk number is its number within the site the roster enrolled
    it for: another site's workstations count theirs from 1 too, so it issues slips of that
    site only."""
    c = tx.connection()
    if state.get(c, state.DESK_NUMBER) is None:
        return  # no sync: one workstation, one series
    roster = (state.get_json(c, state.ROSTER) or {}).get("members") or {}
    home = (roster.get(state.get(c, state.WORKSTATION_ID)) or {}).get("site")
    if not home:  # founded a moment ago, no round yet: the site it founded with
        own = tx.get(Site, settings.read(tx, settings.SITE_ID))
        home = own.code if own else ""
    if site.code != home:
        raise InvalidInput(f"Deliveries of {site.code} are made at a workstation of "
                           f"{site.code}: each site's workstations number its slips.",
                           "site_code")


def _load(tx: Session, delivery_id: str) -> Delivery:
    d = tx.get(Delivery, delivery_id)
    if d is None:
        raise NotFound("That delivery no longer exists.")
    return d


def _check_stock(tx: Session, site: Site, wanted: dict[str, float],
                 items: dict[str, ItemType]) -> None:
    levels = stock_levels(tx, site.id, set(wanted))
    short = []
    for item_id, quantity in wanted.items():
        have = on_hand(*levels.get((site.id, item_id), (0.0, 0.0)))
        if quantity > have:
            item = items[item_id]
            short.append(f"{item.name}: {have:g} {item.unit.label} on hand at {site.code}, "
                         f"{quantity:g} asked for")
    if short:
        raise InvalidInput("Not enough on hand. " + "; ".join(short) + ".", "lines")


def create_delivery(db: Database, actor: Actor, data: DeliveryInput, *,
                    today: date | None = None) -> DeliveryView:
    """A delivery prepared from what the site has on hand; it issues the slip number."""
    require(actor, Permission.RUN_REPARATIVE)
    errors: dict[str, str] = {}
    if data.prepared_on > (today or date.today()):
        errors["prepared_on"] = f"{us_date(data.prepared_on)} is in the future."
    if not data.lines:
        errors["lines"] = "Add at least one item to deliver."
    quantities = []
    for line in data.lines:
        try:
            quantities.append(check_quantity(line.quantity, "lines", "Every quantity"))
        except InvalidInput as exc:
            errors.setdefault("lines", exc.message)
    if len(data.notes) > 2000:
        errors["notes"] = "The notes hold at most 2,000 characters."
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        site = tx.scalar(select(Site).where(Site.code == data.site_code.strip().upper()))
        if site is None:
            raise InvalidInput(f"There is no site with the code “{data.site_code}”.",
                               "site_code")
        require_site(actor, site.id, "deliveries")
        _check_series(tx, site)
        recipient = tx.get(Recipient, data.recipient_id)
        if recipient is None:
            raise NotFound("That recipient no longer exists.", "recipient_id")
        if not recipient.active:
            raise InvalidInput(f"{view(recipient, actor).display} was merged into another "
                               "recipient; deliver to that one.", "recipient_id")
        items: dict[str, ItemType] = {}
        wanted: dict[str, float] = defaultdict(float)
        seen: set[tuple[str, str | None]] = set()
        for line, quantity in zip(data.lines, quantities, strict=True):
            item = tx.get(ItemType, line.item_type_id)
            if item is None:
                raise NotFound("An item of this delivery no longer exists.", "lines")
            if line.project_id is not None:
                project = tx.get(Project, line.project_id)
                if project is None or project.site_id != site.id:
                    raise InvalidInput(f"The project of the {item.name} line is not one of "
                                       f"{site.code}.", "lines")
            if (item.id, line.project_id) in seen:
                raise InvalidInput(f"{item.name} is on two lines for the same project; put "
                                   "it on one line.", "lines")
            seen.add((item.id, line.project_id))
            items[item.id] = item
            wanted[item.id] = rules.round2(wanted[item.id] + quantity)
        _check_stock(tx, site, wanted, items)
        slip = next_slip(tx, site, data.prepared_on.year)
        d = Delivery(id=rules.delivery_key(slip), slip_number=slip, site_id=site.id,
                     recipient_id=recipient.id, status=DeliveryStatus.PREPARED,
                     prepared_on=data.prepared_on, notes=data.notes.strip())
        tx.add(d)
        tx.flush()
        for line, quantity in zip(data.lines, quantities, strict=True):
            tx.add(DeliveryLine(id=rules.line_key(d.id, line.item_type_id, line.project_id),
                                delivery_id=d.id, item_type_id=line.item_type_id,
                                project_id=line.project_id, quantity_ordered=quantity))
        tx.flush()
        audit(tx, actor, "create", "reparative_delivery", d.id,
              f"Delivery {slip}: {len(data.lines)} line(s)")
        return _view(tx, d, actor)


def _editable(tx: Session, actor: Actor, delivery_id: str, *allowed: DeliveryStatus) -> Delivery:
    require(actor, Permission.RUN_REPARATIVE)
    d = _load(tx, delivery_id)
    require_site(actor, d.site_id, "deliveries")
    if d.status not in allowed:
        raise InvalidInput(f"Delivery {d.slip_number} is {d.status.label.lower()}; it cannot "
                           "be changed that way now.", "status")
    return d


def mark_delivered(db: Database, actor: Actor, delivery_id: str, *, delivered_on: date,
                   delivered_by: str, quantities: dict[str, float] | None = None,
                   today: date | None = None) -> DeliveryView:
    """The delivery went out: all of it (``quantities`` None) or, per line id, what did; what
    stayed behind returns to stock, and the slip keeps what was ordered beside it."""
    require(actor, Permission.RUN_REPARATIVE)
    by = _text(delivered_by, "delivered_by", "who delivered it")
    if delivered_on > (today or date.today()):
        raise InvalidInput(f"{us_date(delivered_on)} is in the future.", "delivered_on")
    with acting(db, actor) as tx:
        d = _editable(tx, actor, delivery_id, DeliveryStatus.PREPARED)
        if delivered_on < d.prepared_on:
            raise InvalidInput(f"It was prepared on {us_date(d.prepared_on)}, after that day.",
                               "delivered_on")
        lines = list(tx.scalars(select(DeliveryLine).where(DeliveryLine.delivery_id == d.id)))
        given = dict(quantities or {})
        if unknown := set(given) - {line.id for line in lines}:
            raise InvalidInput(f"{len(unknown)} of the quantities are for lines this delivery "
                               "does not have.", "quantities")
        for line in lines:
            if quantities is None or line.id not in given:
                line.quantity_delivered = line.quantity_ordered
                continue
            try:
                amount = rules.round2(given[line.id])
            except (TypeError, ValueError):
                raise InvalidInput("Every quantity must be a number.", "quantities") from None
            if not 0 <= amount <= line.quantity_ordered:
                item = tx.get(ItemType, line.item_type_id)
                raise InvalidInput(f"{item.name if item else 'An item'}: between 0 and the "
                                   f"{line.quantity_ordered:g} ordered.", "quantities")
            line.quantity_delivered = amount
        if not any(line.quantity_delivered for line in lines):
            raise InvalidInput("Nothing went out: cancel the delivery instead.", "quantities")
        d.status, d.delivered_on, d.delivered_by = DeliveryStatus.DELIVERED, delivered_on, by
        d.updated_at = utcnow()
        partly = any(line.quantity_delivered != line.quantity_ordered for line in lines)
        audit(tx, actor, "deliver", "reparative_delivery", d.id,
              f"Delivery {d.slip_number} went out{' in part' if partly else ''} on "
              f"{us_date(delivered_on)}, by {by}")
        return _view(tx, d, actor)


def confirm_receipt(db: Database, actor: Actor, delivery_id: str, *, received_by: str,
                    received_on: date, today: date | None = None) -> DeliveryView:
    require(actor, Permission.RUN_REPARATIVE)
    by = _text(received_by, "received_by", "who received it")
    if received_on > (today or date.today()):
        raise InvalidInput(f"{us_date(received_on)} is in the future.", "received_on")
    with acting(db, actor) as tx:
        d = _editable(tx, actor, delivery_id, DeliveryStatus.DELIVERED)
        if d.delivered_on and received_on < d.delivered_on:
            raise InvalidInput(f"It went out on {us_date(d.delivered_on)}, after that day.",
                               "received_on")
        d.status, d.received_by, d.received_on = DeliveryStatus.RECEIVED, by, received_on
        d.updated_at = utcnow()
        audit(tx, actor, "receive", "reparative_delivery", d.id,
              f"Delivery {d.slip_number} received on {us_date(received_on)} by {by}")
        return _view(tx, d, actor)


def cancel_delivery(db: Database, actor: Actor, delivery_id: str,
                    reason: str = "") -> DeliveryView:
    """A delivery that has not gone out is cancelled; what it held returns to stock."""
    reason = " ".join(without_controls(reason).split())
    with acting(db, actor) as tx:
        d = _editable(tx, actor, delivery_id, DeliveryStatus.PREPARED)
        d.status = DeliveryStatus.CANCELLED
        if reason:
            d.notes = (d.notes + "\n" if d.notes else "") + f"Cancelled: {reason}"
        d.updated_at = utcnow()
        audit(tx, actor, "cancel", "reparative_delivery", d.id,
              f"Delivery {d.slip_number} cancelled" + (f": {reason}" if reason else ""))
        return _view(tx, d, actor)


def get_delivery(db: Database, actor: Actor, delivery_id: str) -> DeliveryView:
    require(actor, Permission.VIEW_REPARATIVE)
    with db.reading() as tx:
        shown = _view(tx, _load(tx, delivery_id), actor)
    audit_victims(db, actor, [shown.recipient], f"Delivery {shown.slip_number}")
    return shown


def find_by_slip(db: Database, actor: Actor, text: str) -> DeliveryView | None:
    """The delivery of a slip number typed or scanned (any case, spaces around); None when it
    is not a slip number or no delivery has it."""
    require(actor, Permission.VIEW_REPARATIVE)
    slip = rules.parse_slip(without_controls(text))
    if slip is None:
        return None
    with db.reading() as tx:
        d = tx.scalar(select(Delivery).where(Delivery.slip_number == str(slip)))
        if d is None:
            return None
        shown = _view(tx, d, actor)
    audit_victims(db, actor, [shown.recipient], f"Delivery {shown.slip_number}")
    return shown


@dataclass(frozen=True)
class DeliveryRow:
    id: str
    slip_number: str
    site_code: str
    recipient_display: str
    status: DeliveryStatus
    prepared_on: date
    lines: int
    sort_key: SortKey


def list_deliveries(db: Database, actor: Actor, site_id: str | None, *,
                    status: DeliveryStatus | None = None, query: str = "",
                    after: SortKey | None = None,
                    limit: int = 200) -> tuple[list[DeliveryRow], SortKey | None]:
    """One page of deliveries, newest first (keyset paging: pass the last ``sort_key`` back).
    A search matches the slip number or the recipient (a victim's name only for a role that
    may see victims)."""
    require(actor, Permission.VIEW_REPARATIVE)
    count = (select(func.count()).where(DeliveryLine.delivery_id == Delivery.id)
             .correlate(Delivery).scalar_subquery())
    stmt = (select(Delivery, Site.code, Recipient, count)
            .join(Site, Site.id == Delivery.site_id)
            .join(Recipient, Recipient.id == Delivery.recipient_id))
    if site_id:
        stmt = stmt.where(Delivery.site_id == site_id)
    if status is not None:
        stmt = stmt.where(Delivery.status == status)
    text = " ".join(without_controls(query).split())
    if text:
        name = Recipient.match_key.contains(rules.match_key(text) or fold(text),
                                            autoescape=True)
        if not actor.may(Permission.VIEW_VICTIMS):
            name = name & (Recipient.kind != RecipientType.VICTIM)
        stmt = stmt.where(or_(Delivery.slip_number.contains(text.upper(), autoescape=True),
                              func.lower(Recipient.abbreviation) == fold(text), name))
    if after:
        stmt = stmt.where(tuple_(Delivery.prepared_on, Delivery.slip_number) <
                          tuple_(date.fromisoformat(after[0]), after[1]))
    stmt = stmt.order_by(Delivery.prepared_on.desc(), Delivery.slip_number.desc())
    with db.reading() as tx:
        found = list(tx.execute(stmt.limit(limit + 1)))
        shown = [(d, code, view(r, actor), n) for d, code, r, n in found[:limit]]
    rows = [DeliveryRow(d.id, d.slip_number, code, r.display, d.status, d.prepared_on, n,
                        (d.prepared_on.isoformat(), d.slip_number)) for d, code, r, n in shown]
    audit_victims(db, actor, {r.id: r for _, _, r, _ in shown}.values(), "Deliveries listed")
    return rows, (rows[-1].sort_key if len(found) > limit else None)
