"""The demo's people: offenders at every site that holds people, with their transfer history.

Rows are made in Python and written with Core executemany in chunks, the offender's derived
columns (key, search text, sort name) computed exactly as the people service does. Each person
is shown to ``ctx.person_watchers`` as he is written (the ICVC part builds its pools so).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rjdesk.demo import names
from rjdesk.demo.context import (CHUNK, WOMENS_CENTERS, DemoContext, DemoPart, Place, Tick, Written,
                                 table_of)
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender, OffenderTransfer

HOME_PEOPLE = 400          # the home site always has a few hundred people
OFFICE_PEOPLE = 40         # the demo officer's P&P office has some to supervise
ELSEWHERE_AT_SCALE_1 = 20  # and a handful are spread over the other sites
PEOPLE_PER_SCALE = 1000
RECEPTION_CENTERS = ("ERDCC", "FRDC", "WRDCC")

_WEIGHT = {SiteKind.INSTITUTION: 1.0, SiteKind.PP_OFFICE: 1.2,
           SiteKind.COMMUNITY_SUPERVISION_CENTER: 0.3}


@dataclass
class PeoplePlan:
    """How many people each site gets; writing them reports offenders and transfers."""

    ctx: DemoContext
    sites: list[tuple[Place, int]]
    steps: int = field(init=False)

    def __post_init__(self) -> None:
        self.steps = sum(n for _, n in self.sites)

    def write(self, session: Session, tick: Tick) -> Written:
        transfers = _add_offenders(session, self.ctx, self.sites, tick)
        return Written({"offenders": self.steps, "transfers": transfers})


def plan_people(ctx: DemoContext, scale: int) -> PeoplePlan:
    """Fixed numbers at the home site and the officer's office, the rest spread over every
    site that holds people in proportion to its kind's weight."""
    counts = {ctx.home.id: HOME_PEOPLE}
    counts[ctx.office.id] = counts.get(ctx.office.id, 0) + OFFICE_PEOPLE
    spread = ELSEWHERE_AT_SCALE_1 + (scale - 1) * PEOPLE_PER_SCALE
    holding = [s for s in ctx.sites if s.kind in _WEIGHT]
    shares = [spread * _WEIGHT[s.kind] / sum(_WEIGHT[h.kind] for h in holding) for s in holding]
    whole = [int(x) for x in shares]
    # The fractions left over go to sites drawn by weight: the handful of scale 1 lands on
    # prisons and offices alike, and the total is exact.
    extra = ctx.rng.choices(range(len(holding)), weights=[_WEIGHT[s.kind] for s in holding],
                            k=spread - sum(whole))
    for i in extra:
        whole[i] += 1
    for site, n in zip(holding, whole):
        counts[site.id] = counts.get(site.id, 0) + n
    plan = PeoplePlan(ctx, [(s, counts[s.id]) for s in ctx.sites if counts.get(s.id)])
    ctx.people_planned = plan.steps
    return plan


DEMO = DemoPart("people", plan_people)


def _add_offenders(session: Session, ctx: DemoContext, plan: list[tuple[Place, int]],
                   tick: Tick) -> int:
    """Write every planned person, CHUNK rows at a time; returns the number of transfers."""
    docs = ctx.rng.sample(range(1_000_000, 10_000_000), sum(n for _, n in plan))
    rows: list[dict] = []
    transfers: list[dict] = []
    done = n_transfers = 0

    def flush() -> None:
        nonlocal done, n_transfers, rows, transfers
        if rows:
            session.execute(insert(table_of(Offender)), rows)
        if transfers:  # after their offenders: the foreign keys are checked at once
            session.execute(insert(table_of(OffenderTransfer)), transfers)
        done, n_transfers, rows, transfers = done + len(rows), n_transfers + len(transfers), [], []
        tick(done)

    for row, history in _people(ctx, plan, docs):
        for watch in ctx.person_watchers:
            watch(row, history)
        rows.append(row)
        transfers.extend(history)
        if len(rows) >= CHUNK:
            flush()
    flush()
    return n_transfers


def _people(ctx: DemoContext, plan: list[tuple[Place, int]],
            docs: list[int]) -> Iterator[tuple[dict, list[dict]]]:
    """Each person's offender row and transfer history. The showcase people come first at the
    home site (the women among them at the officer's office when home is a men's prison)."""
    rng, today = ctx.rng, ctx.today
    women_at_home = ctx.home.kind is not SiteKind.INSTITUTION or ctx.home.code in WOMENS_CENTERS
    showcase = {ctx.home.id: [s for s in names.SHOWCASE if women_at_home or not s[5]]}
    showcase.setdefault(ctx.office.id, []).extend(s for s in names.SHOWCASE
                                                  if not women_at_home and s[5])
    born_of: dict[str, date] = {}
    n = 0
    for site, count in plan:
        named = showcase.get(site.id, [])
        site_id, inside = site.id, site.kind is SiteKind.INSTITUTION
        womens, office = site.code in WOMENS_CENTERS, site.kind is SiteKind.PP_OFFICE
        for i in range(count):
            born = today - timedelta(days=int(rng.triangular(6600, 27350, 11500)))  # 18-75
            if i < len(named):
                tag, last, first, middle, twin, female = named[i]
                born = born_of.setdefault(twin or tag, born)
            else:
                female = womens if inside else rng.random() < 0.18
                last, first, middle = names.pick(rng, female)
            status = (OffenderStatus.INCARCERATED if inside else OffenderStatus.DISCHARGED
                      if office and rng.random() < 0.2 else OffenderStatus.SUPERVISED)
            created = today - timedelta(days=rng.randint(20, 3650))
            doc = str(docs[n])
            n += 1
            stamp = ctx.stamp(created)
            row = {"id": rules.offender_key(doc), "doc_number": doc, "last_name": last,
                   "first_name": first, "middle_name": middle, "date_of_birth": born,
                   "site_id": site_id, "status": status,
                   "projected_release_date": _release(rng, today, status),
                   "housing_unit": (f"HU {rng.randint(1, 8)}-{'ABCD'[rng.randrange(4)]}-"
                                    f"{rng.randint(1, 48)}"
                                    if inside else ""),
                   "merged_into_id": None, "created_at": stamp, "updated_at": stamp,
                   **rules.offender_derived(doc, last, first, middle)}
            moved = rng.random() < 0.12
            yield row, (_history(ctx, row, site, created, female) if moved else [])


def _release(rng: random.Random, today: date, status: OffenderStatus) -> date | None:
    """Incarcerated: ahead (one in six within 180 days; a few life terms have none);
    supervised: already past; discharged: none."""
    if status is OffenderStatus.INCARCERATED:
        roll = rng.random()
        if roll < 0.02:
            return None
        if roll < 0.18:
            return today + timedelta(days=rng.randint(1, 180))
        return today + timedelta(days=int(rng.triangular(181, 4400, 400)))
    if status is OffenderStatus.SUPERVISED:
        return today - timedelta(days=rng.randint(14, 1460))
    return None


def _history(ctx: DemoContext, row: dict, site: Place, created: date,
             female: bool) -> list[dict]:
    """The moves that brought a person to ``site`` (reception, perhaps another prison,
    release to supervision), dated in order between intake and today."""
    rng = ctx.rng
    prisons = ctx.prisons[female]
    reception = ctx.site("WERDCC" if female else rng.choice(RECEPTION_CENTERS))
    chain: list[tuple[Place, str]] = []
    if site.kind is SiteKind.INSTITUTION:
        if reception.id != site.id:
            chain.append((reception, "Initial classification complete"))
        other = rng.choice(prisons)
        if rng.random() < 0.3 and other.id not in (site.id, reception.id):
            chain.append((other, rng.choice(names.TRANSFER_REASONS)))
    else:
        prison = rng.choice(prisons)
        if reception.id != prison.id and rng.random() < 0.5:
            chain.append((reception, "Initial classification complete"))
        chain.append((prison, "Released to community supervision"))
    span = (ctx.today - created).days
    if not chain or span < 2 * len(chain):
        return []
    stops = [s for s, _ in chain] + [site]
    days = sorted(rng.sample(range(1, span), len(chain)))
    by = ctx.users["staff" if site.kind is SiteKind.INSTITUTION else "officer"]
    history = []
    for hop, (day, (_, reason)) in enumerate(zip(days, chain)):
        on = created + timedelta(days=day)
        history.append({"id": ctx.key("transfer", f"{row['doc_number']}/{hop}"),
                        "offender_id": row["id"], "from_site_id": stops[hop].id,
                        "to_site_id": stops[hop + 1].id, "transferred_on": on,
                        "reason": reason, "recorded_by_id": by, "recorded_at": ctx.stamp(on)})
    return history
