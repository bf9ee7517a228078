"""Finding people: the lazily paged, searchable people list and likely duplicates.

Lists are read a page at a time by keyset (the last row's sort key), never by OFFSET, so the
thousandth page costs what the first does. Search folds case and accents the same way the index
does: ``nguyen`` finds ``Nguyễn``, ``nunez`` finds ``Ñúñez``; a DOC number may be typed in part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select, text, tuple_
from sqlalchemy.orm import Session

from rjdesk.domain import people_rules as rules
from rjdesk.domain.enums import OffenderStatus
from rjdesk.domain.models import Offender, Site
from rjdesk.domain.permissions import Permission
from rjdesk.services.context import Actor, require
from rjdesk.services.people import display_name
from rjdesk.store import search
from rjdesk.store.database import Database

PAGE_SIZE = 200


@dataclass(frozen=True)
class OffenderRow:
    """One line of the people list."""

    id: str
    doc_number: str
    name: str
    date_of_birth: date | None
    site_code: str
    status: OffenderStatus
    projected_release_date: date | None
    housing_unit: str
    sort_key: tuple[str, str]


@dataclass(frozen=True)
class Page:
    rows: list[OffenderRow]
    #: Pass back as ``after`` for the next page; ``None`` when this was the last page.
    next_after: tuple[str, str] | None


@dataclass(frozen=True)
class PeopleFilter:
    site_id: str | None = None  # None: every site
    query: str = ""
    status: OffenderStatus | None = None


def _columns():  # noqa: ANN202
    return (Offender.id, Offender.doc_number, Offender.last_name, Offender.first_name,
            Offender.middle_name, Offender.date_of_birth, Site.code, Offender.status,
            Offender.projected_release_date, Offender.housing_unit, Offender.sort_name)


def _row(r) -> OffenderRow:  # noqa: ANN001
    return OffenderRow(r[0], r[1], display_name(r[2], r[3], r[4]), r[5], r[6], r[7], r[8], r[9],
                       (r[10], r[0]))


def _conditions(flt: PeopleFilter) -> tuple[list, list[str]]:
    """Plain WHERE conditions and the terms to match through the full-text index."""
    conds = [Offender.merged_into_id.is_(None)]
    if flt.site_id:
        conds.append(Offender.site_id == flt.site_id)
    if flt.status:
        conds.append(Offender.status == flt.status)
    terms = rules.fold(flt.query).replace(",", " ").replace("-", "").split()
    short = [t for t in terms if len(t) < search.MIN_TRIGRAM]
    long_terms = [t for t in terms if len(t) >= search.MIN_TRIGRAM]
    for i, term in enumerate(short):
        if term.isdigit():
            conds.append(Offender.doc_number.startswith(term.lstrip("0") or term))
        elif i == 0 and not long_terms:
            # Uses the sort index: "ng" lists names from NG on.
            conds.append(Offender.sort_name.startswith(term))
        else:
            conds.append(or_(Offender.search_text.startswith(term),
                             Offender.search_text.contains(" " + term)))
    return conds, long_terms


def _fts_ids(expr: str):  # noqa: ANN202
    """The ids of the offenders whose indexed names or number contain every long term."""
    return (select(text("offender_search.offender_id"))
            .select_from(text("offender_fts JOIN offender_search "
                              "ON offender_search.rowid = offender_fts.rowid"))
            .where(text("offender_fts MATCH :expr").bindparams(expr=expr)))


def list_offenders(db: Database, actor: Actor, flt: PeopleFilter, *,
                   after: tuple[str, str] | None = None, limit: int = PAGE_SIZE) -> Page:
    """One page of the people list in name order, starting after the key ``after``."""
    require(actor, Permission.VIEW_PEOPLE)
    conds, long_terms = _conditions(flt)
    if after is not None:
        conds.append(tuple_(Offender.sort_name, Offender.id) > tuple_(*after))
    stmt = select(*_columns()).join(Site, Site.id == Offender.site_id)
    with db.reading() as session:
        if long_terms:
            conds.append(Offender.id.in_(_fts_ids(search.match_expression(long_terms))))
        stmt = stmt.where(and_(*conds)).order_by(Offender.sort_name, Offender.id).limit(limit + 1)
        rows = [_row(r) for r in session.execute(stmt)]
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].sort_key if more and rows else None)


@dataclass(frozen=True)
class DuplicateCandidate:
    row: OffenderRow
    similarity: float


def possible_duplicates(db: Database, actor: Actor, offender_id: str) -> list[DuplicateCandidate]:
    """Other records with the same birth date and a similar name (first/last swaps included)."""
    require(actor, Permission.VIEW_PEOPLE)
    with db.reading() as session:
        me = session.get(Offender, offender_id)
        if me is None or me.date_of_birth is None:
            return []
        mine = rules.NameParts(me.last_name, me.first_name)
        stmt = (select(*_columns()).join(Site, Site.id == Offender.site_id)
                .where(Offender.date_of_birth == me.date_of_birth, Offender.id != me.id,
                       Offender.merged_into_id.is_(None)))
        found = []
        for r in session.execute(stmt):
            score = rules.name_similarity(mine, rules.NameParts(r[2], r[3]))
            if score >= rules.LIKELY_DUPLICATE:
                found.append(DuplicateCandidate(_row(r), round(score, 3)))
    return sorted(found, key=lambda c: -c.similarity)


@dataclass(frozen=True)
class DuplicatePair:
    first: OffenderRow
    second: OffenderRow
    similarity: float


def duplicate_pairs(db: Database, actor: Actor, site_id: str | None,
                    limit: int = 500) -> list[DuplicatePair]:
    """Likely duplicate pairs touching a site (or all sites): same birth date, similar name."""
    require(actor, Permission.VIEW_PEOPLE)
    a = Offender.__table__.alias("a")
    b = Offender.__table__.alias("b")
    conds = [a.c.date_of_birth == b.c.date_of_birth, a.c.id < b.c.id,
             a.c.merged_into_id.is_(None), b.c.merged_into_id.is_(None),
             # a cheap pre-filter before the name comparison: a shared initial either way
             or_(func.substr(a.c.sort_name, 1, 1) == func.substr(b.c.sort_name, 1, 1),
                 func.substr(a.c.first_name, 1, 1) == func.substr(b.c.last_name, 1, 1))]
    if site_id:
        conds.append(or_(a.c.site_id == site_id, b.c.site_id == site_id))
    with db.reading() as session:
        pairs = session.execute(select(a.c.id, a.c.last_name, a.c.first_name, b.c.id,
                                       b.c.last_name, b.c.first_name).where(and_(*conds)))
        scored = []
        for aid, al, af, bid, bl, bf in pairs:
            score = rules.name_similarity(rules.NameParts(al, af), rules.NameParts(bl, bf))
            if score >= rules.LIKELY_DUPLICATE:
                scored.append((score, aid, bid))
        scored.sort(key=lambda t: -t[0])
        scored = scored[:limit]
        ids = {i for _, x, y in scored for i in (x, y)}
        rows = {r[0]: _row(r) for r in session.execute(
            select(*_columns()).join(Site, Site.id == Offender.site_id)
            .where(Offender.id.in_(ids)))} if ids else {}
    return [DuplicatePair(rows[x], rows[y], round(s, 3)) for s, x, y in scored]


def count_offenders(db: Database, actor: Actor, site_id: str | None) -> int:
    require(actor, Permission.VIEW_PEOPLE)
    conds = [Offender.merged_into_id.is_(None)]
    if site_id:
        conds.append(Offender.site_id == site_id)
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Offender).where(*conds)) or 0
