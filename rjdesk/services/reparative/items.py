"""Items projects make: their types, what each project made on a day, and the stock per site.

Stock is never stored: it is what a site made less what its deliveries hold (``rules.committed``),
so two workstations that delivered from one stock offline show a shortfall after sync instead
of a silent negative.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.domain.people.rules import fold
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import Unit
from rjdesk.domain.reparative.models import (
    Delivery,
    DeliveryLine,
    ItemType,
    Production,
    Project,
)
from rjdesk.services.core.context import Actor, acting, audit, require, require_site
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotFound
from rjdesk.store.database import Database

MAX_QUANTITY = 1_000_000_000.0


@dataclass(frozen=True)
class ItemTypeView:
    id: str
    name: str
    unit: Unit
    produce: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit.label})"


def _item_view(t: ItemType) -> ItemTypeView:
    return ItemTypeView(t.id, t.name, t.unit, t.produce)


def list_item_types(db: Database, actor: Actor) -> list[ItemTypeView]:
    require(actor, Permission.VIEW_REPARATIVE)
    with db.reading() as tx:
        return sorted((_item_view(t) for t in tx.scalars(select(ItemType))),
                      key=lambda t: (fold(t.name), t.unit.value))


def create_item_type(db: Database, actor: Actor, name: str, unit: Unit,
                     produce: bool = False) -> ItemTypeView:
    """A new kind of item, statewide. A name already used (in any case or accent) is refused,
    whatever its unit: two "Quilt" types would split one stock in two."""
    require(actor, Permission.RUN_REPARATIVE)
    clean = " ".join(without_controls(name).split())
    if not clean:
        raise InvalidInput("Give the item a name (e.g. Quilt, Tomatoes).", "name")
    if len(clean) > 120:
        raise InvalidInput("An item's name has at most 120 characters.", "name")
    with acting(db, actor) as tx:
        same = [t for t in tx.scalars(select(ItemType)) if fold(t.name) == fold(clean)]
        if same:
            raise AlreadyExists(f"There is already an item “{same[0].name}” (counted in "
                                f"{same[0].unit.label}).", "name")
        item = ItemType(id=rules.item_type_key(clean, unit.value), name=clean, unit=unit,
                        produce=produce)
        tx.add(item)
        tx.flush()
        audit(tx, actor, "create", "reparative_item_type", item.id, f"{clean} ({unit.label})")
        return _item_view(item)


def item_by_name(tx: Session, name: str) -> ItemType:
    """An item type by its name as typed (any case or accent)."""
    wanted = fold(name)
    found = [t for t in tx.scalars(select(ItemType)) if fold(t.name) == wanted]
    if not found:
        raise NotFound(f"There is no item “{name.strip()}”.", "item_type_id")
    return found[0]


def find_item_type(db: Database, actor: Actor, name: str) -> ItemTypeView:
    """An item type by its name as typed (any case or accent): for the command line."""
    require(actor, Permission.VIEW_REPARATIVE)
    with db.reading() as tx:
        return _item_view(item_by_name(tx, name))


@dataclass(frozen=True)
class ProjectRef:
    id: str
    name: str
    site_code: str
    active: bool


def find_project(db: Database, actor: Actor, name: str, site_id: str) -> ProjectRef:
    """A site's project by its name as typed (any case or accent): for the command line."""
    require(actor, Permission.VIEW_REPARATIVE)
    with db.reading() as tx:
        for p, code in tx.execute(select(Project, Site.code).join(Site, Site.id == Project.site_id)
                                  .where(Project.site_id == site_id)):
            if fold(p.name) == fold(name):
                return ProjectRef(p.id, p.name, code, p.active)
        code = tx.scalar(select(Site.code).where(Site.id == site_id)) or "this site"
    raise NotFound(f"{code} has no project “{name.strip()}”.", "project_id")


def check_quantity(quantity: float, field: str, what: str = "The quantity") -> float:
    try:
        value = rules.round2(quantity)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be a number.", field) from None
    if not value > 0:  # also refuses NaN
        raise InvalidInput(f"{what} must be more than zero.", field)
    if value > MAX_QUANTITY:
        raise InvalidInput(f"{what} is too large.", field)
    return value


@dataclass(frozen=True)
class ProductionView:
    id: str
    project_id: str
    project_name: str
    item_type_id: str
    item_name: str
    unit: Unit
    day: date
    quantity: float


def record_production(db: Database, actor: Actor, project_id: str, item_type_id: str, day: date,
                      quantity: float, *, today: date | None = None) -> ProductionView:
    """Items a project made on a day; added to what is already entered for that day."""
    require(actor, Permission.RUN_REPARATIVE)
    errors: dict[str, str] = {}
    try:
        amount = check_quantity(quantity, "quantity")
    except InvalidInput as exc:
        errors[exc.field] = exc.message
    if day > (today or date.today()):
        errors["day"] = f"{us_date(day)} is in the future."
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        project = tx.get(Project, project_id)
        if project is None:
            raise NotFound("That project no longer exists.", "project_id")
        require_site(actor, project.site_id, "reparative work")
        if not project.active:
            raise InvalidInput(f"The project “{project.name}” is closed.", "project_id")
        item = tx.get(ItemType, item_type_id)
        if item is None:
            raise NotFound("That item no longer exists.", "item_type_id")
        key = rules.production_key(project.id, item.id, day)
        row = tx.get(Production, key)
        if row is None:
            row = Production(id=key, project_id=project.id, site_id=project.site_id,
                             item_type_id=item.id, made_on=day, quantity=amount)
            tx.add(row)
        else:
            total = rules.round2(row.quantity + amount)
            if total > MAX_QUANTITY:
                raise InvalidInput("The quantity is too large.", "quantity")
            row.quantity = total
            row.updated_at = utcnow()
        tx.flush()
        audit(tx, actor, "create", "reparative_production", row.id,
              f"{amount:g} {item.unit.label} {item.name} made by {project.name} on "
              f"{us_date(day)}")
        return ProductionView(row.id, project.id, project.name, item.id, item.name, item.unit,
                              day, row.quantity)


def list_production(db: Database, actor: Actor, site_id: str | None, *,
                    project_id: str | None = None, limit: int = 500) -> list[ProductionView]:
    """Production entries, newest first."""
    require(actor, Permission.VIEW_REPARATIVE)
    stmt = (select(Production, Project.name, ItemType)
            .join(Project, Project.id == Production.project_id)
            .join(ItemType, ItemType.id == Production.item_type_id))
    if site_id:
        stmt = stmt.where(Production.site_id == site_id)
    if project_id:
        stmt = stmt.where(Production.project_id == project_id)
    stmt = stmt.order_by(Production.made_on.desc(), Project.name, ItemType.name).limit(limit)
    with db.reading() as tx:
        return [ProductionView(p.id, p.project_id, name, t.id, t.name, t.unit, p.made_on,
                               p.quantity) for p, name, t in tx.execute(stmt)]


@dataclass(frozen=True)
class StockRow:
    site_id: str
    site_code: str
    item_type_id: str
    item_name: str
    unit: Unit
    made: float
    committed: float
    on_hand: float
    shortfall: float


def stock_levels(tx: Session, site_id: str | None,
                 item_ids: set[str] | None = None) -> dict[tuple[str, str], tuple[float, float]]:
    """(site, item) → (made, committed), as this database holds it now."""
    made_q = select(Production.site_id, Production.item_type_id, func.sum(Production.quantity))
    used_q = (select(Delivery.site_id, DeliveryLine.item_type_id, Delivery.status,
                     DeliveryLine.quantity_delivered.is_(None),
                     func.sum(DeliveryLine.quantity_ordered),
                     func.sum(case((DeliveryLine.quantity_delivered.is_(None), 0.0),
                                   else_=DeliveryLine.quantity_delivered)))
              .join(Delivery, Delivery.id == DeliveryLine.delivery_id))
    if site_id:
        made_q = made_q.where(Production.site_id == site_id)
        used_q = used_q.where(Delivery.site_id == site_id)
    if item_ids is not None:
        made_q = made_q.where(Production.item_type_id.in_(item_ids))
        used_q = used_q.where(DeliveryLine.item_type_id.in_(item_ids))
    levels: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for site, item, total in tx.execute(made_q.group_by(Production.site_id,
                                                        Production.item_type_id)):
        levels[(site, item)][0] += total or 0.0
    for site, item, status, undelivered, ordered, delivered in tx.execute(
            used_q.group_by(Delivery.site_id, DeliveryLine.item_type_id, Delivery.status,
                            DeliveryLine.quantity_delivered.is_(None))):
        levels[(site, item)][1] += rules.committed(status.value, ordered or 0.0,
                                                   None if undelivered else delivered)
    return {k: (rules.round2(m), rules.round2(c)) for k, (m, c) in levels.items()}


def on_hand(made: float, committed: float) -> float:
    return max(0.0, rules.round2(made - committed))


def stock(db: Database, actor: Actor, site_id: str | None) -> list[StockRow]:
    """What each site has of each item: made, held by deliveries, on hand, and the shortfall
    when deliveries hold more than was made (two workstations delivered one stock offline)."""
    require(actor, Permission.VIEW_REPARATIVE)
    with db.reading() as tx:
        levels = stock_levels(tx, site_id)
        sites = {s.id: s.code for s in tx.scalars(select(Site).where(
            Site.id.in_({s for s, _ in levels})))}
        items = {t.id: t for t in tx.scalars(select(ItemType).where(
            ItemType.id.in_({i for _, i in levels})))}
    rows = [StockRow(s, sites.get(s, ""), i, items[i].name, items[i].unit, made, used,
                     on_hand(made, used), max(0.0, rules.round2(used - made)))
            for (s, i), (made, used) in levels.items() if i in items]
    return sorted(rows, key=lambda r: (r.site_code, fold(r.item_name)))
