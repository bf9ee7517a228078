"""Finding people: the lazily paged, searchable people list and likely duplicates.

Lists are read a page at a time by keyset (the last row's sort key), never by OFFSET, so the
thousandth page costs what the first does. Search folds case and accents the same way the index
does: ``nguyen`` finds ``Nguyễn``, ``nunez`` finds ``Ñúñez``; a DOC number may be typed in part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, SQLColumnExpression, and_, func, or_, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.services.core.context import Actor, audit_read, require
from rjdesk.services.people.records import display_name
from rjdesk.store import search
from rjdesk.store.database import Database

PAGE_SIZE = 200
#: A fragment found in more people than this is common: a page of them is likely among the
#: next WALK_WINDOW people in name order, so that window is read first (bench/README.md).
COMMON_MATCHES = 10_000
WALK_WINDOW = 20_000
#: A search that also filters by status reads its matches in chunks of this many.
STATUS_CHUNK = 2000


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


def _columns() -> tuple[InstrumentedAttribute[Any], ...]:
    return (Offender.id, Offender.doc_number, Offender.last_name, Offender.first_name,
            Offender.middle_name, Offender.date_of_birth, Site.code, Offender.status,
            Offender.projected_release_date, Offender.housing_unit, Offender.sort_name)


def _row(r: Row[*tuple[Any, ...]]) -> OffenderRow:
    return OffenderRow(r[0], r[1], display_name(r[2], r[3], r[4]), r[5], r[6], r[7], r[8], r[9],
                       (r[10], r[0]))


def _terms(query: str) -> tuple[list[str], list[str]]:
    """Folded search terms: those the trigram index can match (3+ characters) and the rest."""
    text = without_controls(query)
    if any(ch.isdigit() for ch in text):
        try:  # a DOC number as typed or scanned: "00-469 2299", "04692299" are 4692299
            number = rules.normalize_doc_number(text)
            return ([number], []) if len(number) >= search.MIN_TRIGRAM else ([], [number])
        except rules.RuleError:
            pass  # digits among names ("SMITH 4692"): search the words
    terms = rules.fold(text).replace(",", " ").replace("-", "").split()
    long_terms = [t for t in terms if len(t) >= search.MIN_TRIGRAM]
    return long_terms, [t for t in terms if len(t) < search.MIN_TRIGRAM]


def _word_start(column: SQLColumnExpression[str], term: str) -> ColumnElement[bool]:
    """Some word of a folded text starts with ``term``."""
    return or_(_prefix(column, term), column.contains(" " + term, autoescape=True))


def _prefix(column: SQLColumnExpression[str], term: str) -> ColumnElement[bool]:
    """``column`` starts with ``term``, as a range the index can seek (LIKE cannot here)."""
    return and_(column >= term, column < term + "\U0010ffff")


def _matching_page(tx: Session, site_id: str | None, long_terms: list[str],
                   short_terms: list[str], after: tuple[str, str] | None,
                   limit: int) -> list[str]:
    """Ids of one page of people whose folded names or number contain every long term and
    have a word starting with every short term, in name order, read from the search tables
    alone (see store/search.py): a common fragment by walking the name order, any other by
    sorting its matches."""
    s = search.offender_search
    source, match = search.matches(long_terms)
    # (A site's people are too few in any window of everyone's for the walk to pay off.)
    if site_id is None and tx.execute(select(func.count()).select_from(
            select(search.offender_fts.c.rowid).where(match)
            .limit(COMMON_MATCHES + 1).subquery())).scalar_one() > COMMON_MATCHES:
        window = select(s).order_by(s.c.sort_name, s.c.offender_id).limit(WALK_WINDOW)
        if after is not None:
            window = window.where(tuple_(s.c.sort_name, s.c.offender_id) > tuple_(*after))
        w = window.subquery()
        conds = [w.c.listed == 1,
                 *(w.c.body.contains(t, autoescape=True) for t in long_terms),
                 *(_word_start(w.c.body, t) for t in short_terms)]
        found = list(tx.scalars(select(w.c.offender_id).where(*conds).limit(limit)))
        if len(found) == limit:
            return found
    stmt = select(s.c.offender_id).select_from(source).where(match, s.c.listed == 1)
    stmt = stmt.where(*(_word_start(s.c.body, t) for t in short_terms))
    if site_id:
        stmt = stmt.where(s.c.site_id == site_id)
    if after is not None:
        stmt = stmt.where(tuple_(s.c.sort_name, s.c.offender_id) > tuple_(*after))
    return list(tx.scalars(stmt.order_by(s.c.sort_name, s.c.offender_id).limit(limit)))


def _listing_conditions(flt: PeopleFilter, short_terms: list[str]) -> list[ColumnElement[bool]]:
    """Conditions on the offender table for a list without long search terms."""
    conds: list[ColumnElement[bool]] = [Offender.merged_into_id.is_(None)]
    if flt.site_id:
        conds.append(Offender.site_id == flt.site_id)
    if flt.status:
        conds.append(Offender.status == flt.status)
    if short_terms:
        first, rest = short_terms[0], short_terms[1:]
        if first.isdigit():
            # A DOC number's first digits. Said as a function of the column on purpose, so
            # SQLite walks the name index (a tenth of all people match "5": a page is near)
            # instead of fetching every match by number and sorting them all by name.
            number = first.lstrip("0") or first
            conds.append(func.substr(Offender.doc_number, 1, len(number)) == number)
        else:
            # The start of the last name, as a range of the name index: "ng" lists NG on.
            conds.append(_prefix(Offender.sort_name, first))
        # Further short terms start some other word: "do v" is Đỗ Văn …
        conds += [_word_start(Offender.search_text, t) for t in rest]
    return conds


#: How much of a search's text its audit event keeps.
SEARCH_TEXT_KEPT = 60


def list_offenders(db: Database, actor: Actor, flt: PeopleFilter, *,
                   after: tuple[str, str] | None = None, limit: int = PAGE_SIZE) -> Page:
    """One page of the people list in name order, starting after the key ``after``.

    A search (text typed) that finds people is audited once, at its first page: one event
    per search, not per row or page, with the text cut short."""
    require(actor, Permission.VIEW_PEOPLE)
    page = _list_page(db, flt, after, limit)
    text = " ".join(without_controls(flt.query).split())
    if text and after is None and page.rows:
        more = "+" if page.next_after else ""
        audit_read(db, actor, "search", "offender", None,
                   f"“{text[:SEARCH_TEXT_KEPT]}” found {len(page.rows)}{more}")
    return page


def _list_page(db: Database, flt: PeopleFilter, after: tuple[str, str] | None,
               limit: int) -> Page:
    long_terms, short_terms = _terms(flt.query)
    stmt = select(*_columns()).join(Site, Site.id == Offender.site_id)
    with db.reading() as tx:
        if long_terms and flt.status is None:
            ids = _matching_page(tx, flt.site_id, long_terms, short_terms, after, limit + 1)
            stmt = stmt.where(Offender.id.in_(ids))
        elif long_terms:
            # The status lives on the offender row: filter candidates chunk by chunk.
            rows: list[OffenderRow] = []
            cursor = after
            while len(rows) <= limit:
                ids = _matching_page(tx, flt.site_id, long_terms, short_terms, cursor,
                                     STATUS_CHUNK)
                if not ids:
                    break
                chunk = tx.execute(stmt.where(Offender.id.in_(ids))
                                   .order_by(Offender.sort_name, Offender.id)).all()
                cursor = (chunk[-1][10], chunk[-1][0])
                rows += [_row(r) for r in chunk if r[7] == flt.status]
                if len(ids) < STATUS_CHUNK:
                    break
            more = len(rows) > limit
            rows = rows[:limit]
            return Page(rows, rows[-1].sort_key if more and rows else None)
        else:
            conds = _listing_conditions(flt, short_terms)
            if after is not None:
                conds.append(tuple_(Offender.sort_name, Offender.id) > tuple_(*after))
            stmt = stmt.where(and_(*conds))
        stmt = stmt.order_by(Offender.sort_name, Offender.id).limit(limit + 1)
        rows = [_row(r) for r in tx.execute(stmt)]
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
    with db.reading() as tx:
        me = tx.get(Offender, offender_id)
        if me is None or me.date_of_birth is None:
            return []
        mine = rules.NameParts(me.last_name, me.first_name)
        stmt = (select(*_columns()).join(Site, Site.id == Offender.site_id)
                .where(Offender.date_of_birth == me.date_of_birth, Offender.id != me.id,
                       Offender.merged_into_id.is_(None)))
        found = []
        for r in tx.execute(stmt):
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
    with db.reading() as tx:
        pairs = tx.execute(select(a.c.id, a.c.last_name, a.c.first_name, b.c.id,
                                  b.c.last_name, b.c.first_name).where(and_(*conds)))
        scored = []
        for aid, al, af, bid, bl, bf in pairs:
            score = rules.name_similarity(rules.NameParts(al, af), rules.NameParts(bl, bf))
            if score >= rules.LIKELY_DUPLICATE:
                scored.append((score, aid, bid))
        scored.sort(key=lambda t: -t[0])
        scored = scored[:limit]
        ids = {i for _, x, y in scored for i in (x, y)}
        rows = {r[0]: _row(r) for r in tx.execute(
            select(*_columns()).join(Site, Site.id == Offender.site_id)
            .where(Offender.id.in_(ids)))} if ids else {}
    return [DuplicatePair(rows[x], rows[y], round(s, 3)) for s, x, y in scored]


def count_offenders(db: Database, actor: Actor, site_id: str | None) -> int:
    require(actor, Permission.VIEW_PEOPLE)
    conds: list[ColumnElement[bool]] = [Offender.merged_into_id.is_(None)]
    if site_id:
        conds.append(Offender.site_id == site_id)
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(Offender).where(*conds)) or 0
