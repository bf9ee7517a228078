"""Reparative work in numbers: hours by month, project and site with approved, waiting and
declined kept apart, the offenders who took part, items made and delivered, produce by weight.

The dashboard asks for a site's (or the state's) year; the printed summary for any date range.
A range of whole months reads the hours from the monthly sums the database keeps as entries are
written (``store/rollups.py``), and one of whole years reads who took part from the yearly
participation there too: a few thousand rows for the state, however many entries there are.
Any other range is read in one pass over ``ix_reparative_hours_totals`` (site, day, status,
project, hours, offender), the index alone answering (``bench/bench_reparative.py``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import Select, String, case, func, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session

from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.reparative.enums import DeliveryStatus, HoursStatus, RecipientType, Unit
from rjdesk.domain.reparative.models import (
    Delivery,
    DeliveryLine,
    HourEntry,
    ItemType,
    Production,
    Project,
    Recipient,
)
from rjdesk.services.core.context import Actor, require
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.store import rollups
from rjdesk.store.database import Database

Query = TypeVar("Query", bound=Select)
#: Deliveries whose quantities have left the site.
GONE_OUT = (DeliveryStatus.DELIVERED, DeliveryStatus.RECEIVED)


@dataclass(frozen=True)
class MonthTotal:
    month: date  # the month's first day
    approved: float
    pending: float
    declined: float


@dataclass(frozen=True)
class ProjectTotal:
    project_id: str
    site_code: str
    name: str
    approved: float
    pending: float
    declined: float


@dataclass(frozen=True)
class SiteTotal:
    site_code: str
    approved: float
    pending: float
    declined: float
    participants: int


@dataclass(frozen=True)
class ItemTotal:
    item_name: str
    unit: Unit
    made: float
    delivered: float


@dataclass(frozen=True)
class Totals:
    site_id: str | None  # None: every site
    year: int
    by_month: list[MonthTotal]
    by_project: list[ProjectTotal]
    by_site: list[SiteTotal]
    participants: int  # offenders with approved or waiting hours; declined ones do not count
    items: list[ItemTotal]
    delivered_by_recipient_type: list[tuple[RecipientType, float, int]]  # kind, quantity, count
    produce_pounds: float
    start: date | None = None
    end: date | None = None

    @property
    def approved(self) -> float:
        return sum(m.approved for m in self.by_month)

    @property
    def produce_tons(self) -> float:
        return self.produce_pounds / 2000.0


def dashboard(db: Database, actor: Actor, site_id: str | None, year: int) -> Totals:
    """A site's (or every site's) totals for one calendar year."""
    if not 1900 <= year <= 9999:
        raise InvalidInput(f"{year} is not a year.", "year")
    return between(db, actor, site_id, date(year, 1, 1), date(year, 12, 31))


def between(db: Database, actor: Actor, site_id: str | None, start: date,
            end: date) -> Totals:
    """The totals of a date range, both days included (the printed summary's)."""
    require(actor, Permission.VIEW_REPARATIVE)
    if end < start:
        raise InvalidInput("The range ends before it starts.", "end")
    with db.reading() as tx:
        if site_id is not None and tx.get(Site, site_id) is None:
            raise NotFound("That site does not exist.", "site")
        by_month, by_project, by_site = _hours(tx, site_id, start, end)
        per_site, participants = _participants(tx, site_id, start, end)
        items, produce = _items(tx, site_id, start, end)
        kinds = _by_recipient_type(tx, site_id, start, end)
    sites = [SiteTotal(code, a, p, d, per_site.get(code, 0)) for code, a, p, d in by_site]
    return Totals(site_id, start.year, by_month, by_project, sites, participants, items, kinds,
                  produce, start, end)


def _months(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return months


def _split(sums: dict[HoursStatus, float]) -> tuple[float, float, float]:
    return (round(sums.get(HoursStatus.APPROVED, 0.0), 2),
            round(sums.get(HoursStatus.PENDING, 0.0), 2),
            round(sums.get(HoursStatus.DECLINED, 0.0), 2))


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def _whole_years(start: date, end: date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


def _hour_sums(site_id: str | None, start: date, end: date) -> Select:
    """(site, 'YYYY-MM', status, project, hours) of the range: from the monthly sums for whole
    months, else from the entries."""
    if _whole_months(start, end):
        m = rollups.hours_month
        stmt = (select(m.c.site_id, m.c.month, m.c.status, m.c.project_id,
                       m.c.centihours / 100.0)
                .where(m.c.month.between(f"{start:%Y-%m}", f"{end:%Y-%m}"), m.c.entries > 0))
        return stmt if site_id is None else stmt.where(m.c.site_id == site_id)
    # The inner query groups in the index's own order (site, day, status, project), so SQLite
    # sums as it walks and sorts nothing; the outer one folds the days into months.
    daily = (select(HourEntry.site_id, HourEntry.worked_on, HourEntry.status,
                    HourEntry.project_id, func.sum(HourEntry.hours).label("hours"))
             .where(HourEntry.worked_on.between(start, end))
             .group_by(HourEntry.site_id, HourEntry.worked_on, HourEntry.status,
                       HourEntry.project_id))
    if site_id is not None:
        daily = daily.where(HourEntry.site_id == site_id)
    d = daily.subquery()
    month = func.substr(d.c.worked_on, 1, 7)
    status = type_coerce(d.c.status, String())  # the stored text, read as it is
    return (select(d.c.site_id, month, status, d.c.project_id, func.sum(d.c.hours))
            .group_by(d.c.site_id, month, status, d.c.project_id))


def _hours(tx: Session, site_id: str | None, start: date, end: date
           ) -> tuple[list[MonthTotal], list[ProjectTotal], list[tuple[str, float, float, float]]]:
    stmt = _hour_sums(site_id, start, end)
    months: dict[str, dict[HoursStatus, float]] = defaultdict(lambda: defaultdict(float))
    projects: dict[str, dict[HoursStatus, float]] = defaultdict(lambda: defaultdict(float))
    sites: dict[str, dict[HoursStatus, float]] = defaultdict(lambda: defaultdict(float))
    for site, ym, text, project, total in tx.execute(stmt):
        kind = HoursStatus(text)
        months[ym][kind] += total
        projects[project][kind] += total
        sites[site][kind] += total
    by_month = [MonthTotal(m, *_split(months.get(f"{m:%Y-%m}", {}))) for m in _months(start, end)]
    names = {p: (code, name) for p, code, name in tx.execute(
        select(Project.id, Site.code, Project.name).join(Site, Site.id == Project.site_id)
        .where(Project.id.in_(list(projects))))} if projects else {}
    by_project = sorted((ProjectTotal(p, *names[p], *_split(s)) for p, s in projects.items()),
                        key=lambda t: (t.site_code, t.name.casefold()))
    codes = dict(tx.execute(select(Site.id, Site.code).where(Site.id.in_(list(sites))))
                 .all()) if sites else {}
    by_site = sorted((codes[s], *_split(v)) for s, v in sites.items())
    return by_month, by_project, by_site


def _participants(tx: Session, site_id: str | None, start: date,
                  end: date) -> tuple[dict[str, int], int]:
    """Offenders with approved or waiting hours, per site and in all (one who worked at two
    sites counts at each, and once in all); an offender whose every entry was declined took
    no part."""
    codes = dict(tx.execute(select(Site.id, Site.code)).all())
    if _whole_years(start, end):  # the yearly participation the database keeps
        p = rollups.participation
        took_part = [p.c.year.between(start.year, end.year), p.c.counted > 0]
        if site_id is not None:
            took_part.append(p.c.site_id == site_id)
        per = {codes[s]: n for s, n in tx.execute(
            select(p.c.site_id, func.count(p.c.offender_id.distinct()))
            .where(*took_part).group_by(p.c.site_id))}
        total = tx.scalar(select(func.count(p.c.offender_id.distinct()))
                          .where(*took_part)) or 0
        return per, total
    if site_id is not None:  # the site's stretch of the totals index
        n = tx.scalar(select(func.count(HourEntry.offender_id.distinct()))
                      .where(HourEntry.site_id == site_id,
                             HourEntry.worked_on.between(start, end),
                             HourEntry.status != HoursStatus.DECLINED)) or 0
        return ({codes[site_id]: n} if n else {}), n
    # Every site: the (offender, project, day) key's index, walked in order, gives each
    # person's projects with no sort; the few declined entries say which took no part.
    in_range = HourEntry.worked_on.between(start, end)
    pair = (HourEntry.offender_id, HourEntry.project_id)
    entries = tx.execute(select(*pair, func.count()).where(in_range).group_by(*pair)).all()
    declined = dict(((o, p), n) for o, p, n in tx.execute(
        select(*pair, func.count()).where(HourEntry.status == HoursStatus.DECLINED, in_range)
        .group_by(*pair)))
    site_of = dict(tx.execute(select(Project.id, Project.site_id)).all())
    per_site: dict[str, set[str]] = defaultdict(set)
    everyone: set[str] = set()
    for offender, project, n in entries:
        if declined.get((offender, project), 0) < n:
            per_site[codes[site_of[project]]].add(offender)
            everyone.add(offender)
    return {code: len(people) for code, people in per_site.items()}, len(everyone)


def _at(stmt: Query, column: InstrumentedAttribute[str], site_id: str | None) -> Query:
    """The statement narrowed to one site's rows, when one is asked for."""
    return stmt if site_id is None else stmt.where(column == site_id)


def _items(tx: Session, site_id: str | None, start: date,
           end: date) -> tuple[list[ItemTotal], float]:
    made = dict(tx.execute(_at(
        select(Production.item_type_id, func.sum(Production.quantity))
        .where(Production.made_on.between(start, end))
        .group_by(Production.item_type_id), Production.site_id, site_id)).all())
    out = func.coalesce(DeliveryLine.quantity_delivered, DeliveryLine.quantity_ordered)
    delivered = dict(tx.execute(_at(
        select(DeliveryLine.item_type_id, func.sum(out))
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Delivery.status.in_(GONE_OUT), Delivery.delivered_on.between(start, end))
        .group_by(DeliveryLine.item_type_id), Delivery.site_id, site_id)).all())
    ids = set(made) | set(delivered)
    if not ids:
        return [], 0.0
    kinds = tx.execute(select(ItemType.id, ItemType.name, ItemType.unit, ItemType.produce)
                       .where(ItemType.id.in_(ids))).all()
    items = sorted((ItemTotal(name, unit, round(made.get(i, 0.0), 2),
                              round(delivered.get(i, 0.0), 2)) for i, name, unit, _ in kinds),
                   key=lambda t: t.item_name.casefold())
    produce = sum(made.get(i, 0.0) * (unit.pounds or 0.0)
                  for i, _, unit, is_produce in kinds if is_produce)
    return items, round(produce, 2)


def _by_recipient_type(tx: Session, site_id: str | None, start: date,
                       end: date) -> list[tuple[RecipientType, float, int]]:
    out = case((DeliveryLine.quantity_delivered.is_(None), DeliveryLine.quantity_ordered),
               else_=DeliveryLine.quantity_delivered)
    stmt = _at(select(Recipient.kind, func.sum(out), func.count(Delivery.id.distinct()))
               .join(Delivery, Delivery.recipient_id == Recipient.id)
               .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
               .where(Delivery.status.in_(GONE_OUT), Delivery.delivered_on.between(start, end))
               .group_by(Recipient.kind), Delivery.site_id, site_id)
    found = {kind: (round(q or 0.0, 2), n) for kind, q, n in tx.execute(stmt)}
    return [(kind, *found[kind]) for kind in RecipientType if kind in found]
