"""Reparative work in the demo: the item types, what each project made week by week, the
recipients, and the deliveries of every site in time order, each from what was on hand that
day, so the stock of no site and item ever goes below zero.

Delivery states follow their age: prepared this week, delivered in the last weeks (some only
partly), receipt confirmed before that, and a few cancelled. Slip numbers are
``rules.SlipNumber(site, year, 1, n)``: the demo's own workstation is desk 1 of every site.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rjdesk.demo import names
from rjdesk.demo.context import CHUNK, DemoContext, Place, table_of
from rjdesk.demo.reparative.catalog import (
    CANCEL_NOTES,
    DELIVERED_BY,
    ITEMS,
    LOCAL,
    RECEIVERS,
    STATEWIDE,
    TAKES,
    Item,
)
from rjdesk.demo.reparative.hours import Crews
from rjdesk.demo.reparative.plan import PlannedProject
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import DeliveryStatus as D
from rjdesk.domain.reparative.enums import RecipientType as R
from rjdesk.domain.reparative.enums import Unit
from rjdesk.domain.reparative.models import Delivery, DeliveryLine, Production, Recipient

VICTIMS = 3
PREPARED_DAYS = 7      # a delivery this young is still being prepared
DELIVERED_DAYS = 40    # ... this young delivered, its receipt not confirmed yet
PARTLY = 0.15
CANCELLED = 0.05
PEOPLE_PER_DELIVERY_DAY = 150  # a bigger crew fills a truck more often


def item_id(item: Item) -> str:
    return rules.item_type_key(item.name, item.unit.value)


def item_rows() -> list[dict]:
    return [{"id": item_id(i), "name": i.name, "unit": i.unit, "produce": i.produce}
            for i in ITEMS]


def _amount(unit: Unit, value: float) -> float:
    """What can be counted of ``value``: whole items, or weights to the hundredth."""
    return float(int(value)) if unit.pounds is None else rules.round2(value)


@dataclass(frozen=True, slots=True)
class Made:
    day: date
    item: Item
    project_id: str
    quantity: float


def production(session: Session, ctx: DemoContext, crews: Crews,
               projects: list[PlannedProject]) -> tuple[int, dict[str, list[Made]]]:
    """Each project's items from its crew's hours, entered on the last day of each week it
    worked; a garden harvests from April to October. Returns the rows written and, per site,
    what was made in time order."""
    rows: list[dict] = []
    made: dict[str, list[Made]] = {}
    for p in projects:
        weekly = crews.weekly.get(p.id)
        mine = [i for i in ITEMS if i.category is p.category]
        if weekly is None or not mine:
            continue
        carry = [0.0] * len(mine)
        for week, hours in enumerate(weekly):
            if hours <= 0:
                continue
            day = crews.last_worked(p.id, week)
            if day is None:
                continue
            for k, item in enumerate(mine):
                if item.season and not 4 <= day.month <= 10:
                    continue
                carry[k] += hours * item.rate
                quantity = _amount(item.unit, carry[k])
                if quantity <= 0:
                    continue
                carry[k] -= quantity
                rows.append({"id": rules.production_key(p.id, item_id(item), day),
                             "project_id": p.id, "site_id": p.site.id,
                             "item_type_id": item_id(item), "made_on": day,
                             "quantity": quantity,
                             "updated_at": datetime.combine(day, time(15, 10))})
                made.setdefault(p.site.id, []).append(Made(day, item, p.id, quantity))
    for i in range(0, len(rows), CHUNK):
        session.execute(insert(table_of(Production)), rows[i:i + CHUNK])
    for got in made.values():
        got.sort(key=lambda m: m.day)
    return len(rows), made


@dataclass(frozen=True, slots=True)
class Receiver:
    """A recipient as the deliveries need it."""

    id: str
    kind: R
    name: str
    city: str


def recipients(session: Session, ctx: DemoContext, rng: random.Random) -> list[Receiver]:
    """Each institution city's own organizations, a few across the state (one of them entered
    twice) and a few victims."""
    rows: list[dict] = []

    def add(kind: R, name: str, abbreviation: str, address: str, city: str,
            contact: str = "") -> None:
        stamp = ctx.stamp(ctx.today - timedelta(days=rng.randint(380, 1500)))
        digits = f"{rng.randint(0, 9999):04d}"
        rows.append({"id": rules.recipient_key(kind.value, name, address), "kind": kind,
                     "name": name, "abbreviation": abbreviation, "address": address,
                     "city": city, "contact_name": contact or _person(rng),
                     "phone": f"({rng.choice((573, 314, 816, 417, 660))}) 555-{digits}",
                     "email": "" if kind is R.VICTIM else
                     f"office{len(rows)}@example.org", "active": True,
                     "merged_into_id": None, "created_at": stamp, "updated_at": stamp,
                     "match_key": rules.match_key(name)})

    cities = sorted({s.city for s in ctx.sites if s.kind.value == "institution"})
    for city in cities:
        for kind, name, abbreviation in LOCAL:
            add(kind, name.format(city=city), abbreviation,
                f"{rng.randint(100, 2999)} {rng.choice(names.STREETS)}", city)
    for kind, name, abbreviation, address, city in STATEWIDE:
        add(kind, name, abbreviation, address, city)
    for _ in range(VICTIMS):
        person = _person(rng)
        add(R.VICTIM, person, "", f"{rng.randint(100, 2999)} {rng.choice(names.STREETS)}",
            rng.choice(cities), contact=person)
    session.execute(insert(table_of(Recipient)), rows)
    return [Receiver(r["id"], r["kind"], r["name"], r["city"]) for r in rows]


def _person(rng: random.Random) -> str:
    last, first, _ = names.pick(rng, rng.random() < 0.5, volunteer=True)
    return f"{first} {last}"


class Deliveries:
    """Writes the deliveries of each site in time order from what it had on hand."""

    def __init__(self, session: Session, ctx: DemoContext, rng: random.Random,
                 recipients: list[Receiver]) -> None:
        self.session, self.ctx, self.rng = session, ctx, rng
        self.recipients = recipients
        self.deliveries: list[dict] = []
        self.lines: list[dict] = []
        self.statuses: dict[D, int] = {}

    def site(self, site: Place, made: list[Made], people: int) -> None:
        """Deliveries from the first harvest or product to today; at the home site the last
        ones go to the organization entered twice, and the very last takes every quilt left,
        so a quilting project started on the demo begins from an empty shelf."""
        if not made:
            return
        rng, today = self.rng, self.ctx.today
        statewide = self._statewide()
        candidates = ([r for r in self.recipients if r.kind is not R.VICTIM
                       and (r.city == site.city or r.id in statewide)]
                      + [r for r in self.recipients if r.kind is R.VICTIM])
        weights = [0.15 if r.kind is R.VICTIM else 1.0 for r in candidates]
        on_hand: dict[str, float] = {}
        source: dict[str, dict[str, float]] = {}  # item -> project -> made
        items: dict[str, Item] = {}
        p = 0
        day = made[0].day + timedelta(days=rng.randint(3, 10))
        every = 1 + people / PEOPLE_PER_DELIVERY_DAY
        counts: dict[int, int] = {}
        home = site.id == self.ctx.home.id
        pair = [r for r in self.recipients if r.name.endswith("Salvation Army")
                or r.name.startswith("Salvation Army")]
        while day <= today:
            while p < len(made) and made[p].day <= day:
                m = made[p]
                key = item_id(m.item)
                items[key] = m.item
                on_hand[key] = rules.round2(on_hand.get(key, 0.0) + m.quantity)
                by = source.setdefault(key, {})
                by[m.project_id] = by.get(m.project_id, 0.0) + m.quantity
                p += 1
            nxt = day + timedelta(days=max(1, round(rng.randint(5, 16) / every)))
            if home and day < today < nxt:
                nxt = today
            last = home and day == today
            if last and pair:
                recipient = pair[0]
            elif home and nxt + timedelta(days=16) > today and len(pair) > 1:
                recipient = pair[1]
            else:
                recipient = rng.choices(candidates, weights=weights)[0]
            lines = self._lines(recipient, on_hand, items, source, quilts=last)
            if lines:
                counts[day.year] = counts.get(day.year, 0) + 1
                slip = rules.SlipNumber(site.code, day.year, 1, counts[day.year])
                self._write(site, recipient, slip, day, lines, on_hand, items)
            day = nxt
        if len(self.lines) >= CHUNK:
            self.flush()

    def _statewide(self) -> set[str]:
        return {rules.recipient_key(k.value, n, a) for k, n, _, a, _ in STATEWIDE}

    def _lines(self, recipient: Receiver, on_hand: dict[str, float], items: dict[str, Item],
               source: dict[str, dict[str, float]], *, quilts: bool
               ) -> list[tuple[str, str, float]]:
        """Up to three (item, project, quantity) lines the recipient takes from what is on
        hand; ``quilts``: every quilt left goes too."""
        rng = self.rng
        wanted = sorted(k for k, q in on_hand.items()
                        if items[k].name in TAKES[recipient.kind] and q > 0)
        picked = rng.sample(wanted, min(len(wanted), rng.randint(1, 3)))
        quilt = rules.item_type_key("Quilt", Unit.EACH.value)
        if quilts and on_hand.get(quilt, 0) > 0 and quilt not in picked:
            picked.append(quilt)
        out = []
        for key in picked:
            share = 1.0 if quilts and key == quilt else rng.uniform(0.3, 0.9)
            quantity = _amount(items[key].unit, on_hand[key] * share)
            if quantity <= 0:
                continue
            project = max(sorted(source[key]), key=source[key].__getitem__)
            out.append((key, project, quantity))
        return out

    def _write(self, site: Place, recipient: Receiver, slip: rules.SlipNumber, day: date,
               lines: list[tuple[str, str, float]], on_hand: dict[str, float],
               items: dict[str, Item]) -> None:
        rng, today, ctx = self.rng, self.ctx.today, self.ctx
        age = (today - day).days
        status = D.PREPARED if age <= PREPARED_DAYS else \
            D.DELIVERED if age <= DELIVERED_DAYS else D.RECEIVED
        if status is not D.PREPARED and rng.random() < CANCELLED:
            status = D.CANCELLED
        partly = status in (D.DELIVERED, D.RECEIVED) and rng.random() < PARTLY
        did = rules.delivery_key(str(slip))
        delivered_on = received_on = None
        delivered_by = received_by = notes = ""
        if status in (D.DELIVERED, D.RECEIVED):
            delivered_on = min(day + timedelta(days=rng.randint(0, 4)), today)
            delivered_by = rng.choice(DELIVERED_BY)
        if status is D.RECEIVED:
            assert delivered_on is not None
            received_on = min(delivered_on + timedelta(days=rng.randint(0, 10)), today)
            received_by = f"{_person(rng)}, {rng.choice(RECEIVERS)}"
        if status is D.CANCELLED:
            notes = rng.choice(CANCEL_NOTES)
        changed = received_on or delivered_on or (day + timedelta(days=1)
                                                 if status is D.CANCELLED else day)
        self.deliveries.append({
            "id": did, "slip_number": str(slip), "site_id": site.id,
            "recipient_id": recipient.id, "status": status, "prepared_on": day,
            "delivered_on": delivered_on, "delivered_by": delivered_by,
            "received_by": received_by, "received_on": received_on, "notes": notes,
            "created_at": ctx.stamp(day), "updated_at": datetime.combine(min(changed, today),
                                                                         time(14, 20))})
        short = -1  # the line that went out partly, if any
        if partly:
            short = next((n for n, (_, _, q) in enumerate(lines) if q >= 2), -1)
        for n, (key, project, ordered) in enumerate(lines):
            sent: float | None = ordered if status in (D.DELIVERED, D.RECEIVED) else None
            if n == short:
                sent = _amount(items[key].unit, ordered * rng.uniform(0.4, 0.9))
                self.deliveries[-1]["notes"] = "Partly delivered: the rest did not fit in the van."
            self.lines.append({"id": rules.line_key(did, key, project), "delivery_id": did,
                               "item_type_id": key, "project_id": project,
                               "quantity_ordered": ordered, "quantity_delivered": sent})
            used = rules.committed(status.value, ordered, sent)
            on_hand[key] = rules.round2(on_hand[key] - used)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def flush(self) -> None:
        for table, rows in ((Delivery, self.deliveries), (DeliveryLine, self.lines)):
            for i in range(0, len(rows), CHUNK):
                self.session.execute(insert(table_of(table)), rows[i:i + CHUNK])
        self.deliveries, self.lines = [], []
