"""Offender records: add, correct, transfer between sites, merge two records of one person.

The DOC number is the state's unique id and the record's key derives from it, so it is fixed
once saved: a record made under a wrong number is corrected by merging it into the right one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import ParamSpec

from sqlalchemy import CursorResult, UniqueConstraint, and_, func, select, update
from sqlalchemy.orm import Session

from rjdesk.domain.base import Base, utcnow
from rjdesk.domain.core.models import Site, User
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import text_problem
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender, OffenderTransfer
from rjdesk.services.core import hooks
from rjdesk.services.core.context import (
    Actor,
    acting,
    audit,
    audit_read,
    changed,
    require,
    require_site,
    snapshot,
)
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotAllowed
from rjdesk.services.core.lookup import with_site
from rjdesk.store.database import Database

_P = ParamSpec("_P")


@dataclass(frozen=True)
class OffenderInput:
    """What a clerk enters for an offender; ``site_code`` names the current site."""

    doc_number: str
    last_name: str
    first_name: str
    site_code: str
    middle_name: str = ""
    date_of_birth: date | None = None
    status: OffenderStatus = OffenderStatus.INCARCERATED
    projected_release_date: date | None = None
    housing_unit: str = ""


@dataclass(frozen=True)
class OffenderView:
    id: str
    doc_number: str
    last_name: str
    first_name: str
    middle_name: str
    date_of_birth: date | None
    site_id: str
    site_code: str
    site_name: str
    status: OffenderStatus
    projected_release_date: date | None
    housing_unit: str
    updated_at: datetime
    merged_into_id: str | None = None

    @property
    def full_name(self) -> str:
        return display_name(self.last_name, self.first_name, self.middle_name)

    def as_input(self) -> OffenderInput:
        return OffenderInput(self.doc_number, self.last_name, self.first_name, self.site_code,
                             self.middle_name, self.date_of_birth, self.status,
                             self.projected_release_date, self.housing_unit)


@dataclass(frozen=True)
class TransferView:
    transferred_on: date
    from_site_code: str
    to_site_code: str
    reason: str
    recorded_by: str


def display_name(last: str, first: str, middle: str = "") -> str:
    """How lists and papers name a person: ``NGUYỄN, Văn An``."""
    given = " ".join(p for p in (first, middle) if p)
    return f"{last.upper()}, {given}" if given else last.upper()


def _view(offender: Offender, site: Site) -> OffenderView:
    return OffenderView(offender.id, offender.doc_number, offender.last_name, offender.first_name,
                        offender.middle_name, offender.date_of_birth, site.id, site.code,
                        site.name, offender.status, offender.projected_release_date,
                        offender.housing_unit, offender.updated_at, offender.merged_into_id)


def validate(data: OffenderInput, today: date) -> tuple[OffenderInput, dict[str, str]]:
    """Clean every field and collect every error at once, so a dialog can show them all."""
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}

    def attempt(field: str, fn: Callable[_P, object], *args: _P.args,
                **kwargs: _P.kwargs) -> None:
        try:
            cleaned[field] = fn(*args, **kwargs)
        except rules.RuleError as exc:
            errors[exc.field] = exc.message

    attempt("doc_number", rules.normalize_doc_number, data.doc_number)
    attempt("last_name", rules.clean_name, "last_name", data.last_name, required=True,
            label="last name")
    attempt("first_name", rules.clean_name, "first_name", data.first_name, required=True,
            label="first name")
    attempt("middle_name", rules.clean_name, "middle_name", data.middle_name, required=False,
            label="middle name")
    attempt("date_of_birth", rules.check_birth_date, data.date_of_birth, today)
    release = data.projected_release_date
    born = data.date_of_birth
    if release and born and release <= born:
        errors["projected_release_date"] = "The projected release date is before the birth date."
    if data.status is OffenderStatus.DISCHARGED and release and release > today:
        errors["projected_release_date"] = ("A discharged offender has no projected release in "
                                            "the future; clear the date or change the status.")
    housing = " ".join((data.housing_unit or "").split())
    if len(housing) > 40:
        errors["housing_unit"] = "The housing unit is longer than 40 characters."
    elif problem := text_problem(housing, "housing unit"):
        errors["housing_unit"] = problem
    if not (data.site_code or "").strip():
        errors["site_code"] = "Choose the site."
    if errors:
        return data, errors
    return replace(data, housing_unit=housing, site_code=data.site_code.strip().upper(),
                   **cleaned), {}  # type: ignore[arg-type]  # each value is what its rules function returns for that field


def _site(tx: Session, code: str) -> Site:
    site = tx.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise InvalidInput(f"There is no site with the code “{code}”.", "site_code")
    return site


def _apply(offender: Offender, data: OffenderInput, site: Site) -> None:
    offender.last_name = data.last_name
    offender.first_name = data.first_name
    offender.middle_name = data.middle_name
    offender.date_of_birth = data.date_of_birth
    offender.site_id = site.id
    offender.status = data.status
    offender.projected_release_date = data.projected_release_date
    offender.housing_unit = data.housing_unit
    derived = rules.offender_derived(offender.doc_number, data.last_name, data.first_name,
                                     data.middle_name)
    offender.search_text, offender.sort_name = derived["search_text"], derived["sort_name"]


def _existing_by_doc(tx: Session, doc_number: str) -> tuple[Offender, Site] | None:
    row = tx.execute(select(Offender, Site).join(Site, Offender.site_id == Site.id)
                     .where(Offender.doc_number == doc_number)).first()
    return (row[0], row[1]) if row else None


def create_offender(db: Database, actor: Actor, data: OffenderInput, *,
                    today: date | None = None) -> OffenderView:
    require(actor, Permission.EDIT_OFFENDERS)
    data, errors = validate(data, today or date.today())
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        site = _site(tx, data.site_code)
        require_site(actor, site.id, "offender records")
        found = _existing_by_doc(tx, data.doc_number)
        if found:
            other, other_site = found
            raise AlreadyExists(
                f"DOC number {data.doc_number} is already on file: "
                f"{display_name(other.last_name, other.first_name, other.middle_name)}, "
                f"{other_site.code}.", "doc_number")
        offender = Offender(id=rules.offender_key(data.doc_number), doc_number=data.doc_number)
        _apply(offender, data, site)
        tx.add(offender)
        tx.flush()
        audit(tx, actor, "create", "offender", offender.id,
              f"{data.doc_number} {display_name(data.last_name, data.first_name)} at {site.code}")
        return _view(offender, site)


def _load(tx: Session, offender_id: str) -> tuple[Offender, Site]:
    return with_site(tx, Offender, offender_id, "That offender record no longer exists.")


def get_offender(db: Database, actor: Actor, offender_id: str) -> OffenderView:
    require(actor, Permission.VIEW_PEOPLE)
    with db.reading() as tx:
        offender, site = _load(tx, offender_id)
        view = _view(offender, site)
    audit_read(db, actor, "view", "offender", view.id,
               f"{view.doc_number} {display_name(view.last_name, view.first_name)}")
    return view


def find_by_doc_number(db: Database, actor: Actor, raw: str) -> OffenderView | None:
    """The person a DOC number belongs to, following merges to the record that was kept."""
    require(actor, Permission.VIEW_PEOPLE)
    number = rules.normalize_doc_number(raw)
    with db.reading() as tx:
        found = _existing_by_doc(tx, number)
        seen: set[str] = set()
        while found and found[0].merged_into_id and found[0].id not in seen:
            seen.add(found[0].id)
            found = _load(tx, found[0].merged_into_id)
        view = _view(*found) if found else None
    if view is not None:
        audit_read(db, actor, "search", "offender", view.id, f"DOC number {number}: found")
    return view


def update_offender(db: Database, actor: Actor, offender_id: str, data: OffenderInput, *,
                    expected_updated_at: datetime | None = None,
                    today: date | None = None) -> OffenderView:
    """Correct a record. A change of site is recorded as a transfer, so history is kept."""
    require(actor, Permission.EDIT_OFFENDERS)
    today = today or date.today()
    with acting(db, actor) as tx:
        offender, old_site = _load(tx, offender_id)
        if offender.merged_into_id:
            raise InvalidInput("This record was merged into another; edit that one instead.")
        if rules.normalize_doc_number(data.doc_number or offender.doc_number) != \
                offender.doc_number:
            raise InvalidInput("A DOC number cannot be changed once saved. Add the person under "
                               "the right number, then merge this record into it.", "doc_number")
        data, errors = validate(replace(data, doc_number=offender.doc_number), today)
        if errors:
            raise Errors(errors)
        require_site(actor, old_site.id, "offender records")
        if expected_updated_at is not None and offender.updated_at != expected_updated_at:
            raise InvalidInput("Someone else changed this record while you were editing it. "
                               "Close the form and open the record again.")
        site = _site(tx, data.site_code)
        if site.id != old_site.id:
            tx.add(OffenderTransfer(offender_id=offender.id, from_site_id=old_site.id,
                                    to_site_id=site.id, transferred_on=today,
                                    reason="Site corrected on the record",
                                    recorded_by_id=actor.user_id or None))
            hooks.transferred(tx, actor, offender.id, site.id, today=today)
        before = snapshot(offender)
        _apply(offender, data, site)
        offender.updated_at = utcnow()
        tx.flush()
        audit(tx, actor, "update", "offender", offender.id,
              f"{offender.doc_number} {display_name(data.last_name, data.first_name)}",
              changed(before, snapshot(offender)))
        return _view(offender, site)


def transfer_offender(db: Database, actor: Actor, offender_id: str, to_site_code: str, *,
                      on: date | None = None, reason: str = "",
                      housing_unit: str = "") -> OffenderView:
    """Move an offender to another site; the move is kept in his history."""
    require(actor, Permission.EDIT_OFFENDERS)
    on = on or date.today()
    if on > date.today():
        raise InvalidInput("A transfer cannot be dated in the future.", "transferred_on")
    with acting(db, actor) as tx:
        offender, old_site = _load(tx, offender_id)
        if offender.merged_into_id:
            raise InvalidInput("This record was merged into another; transfer that one instead.")
        new_site = _site(tx, to_site_code.strip().upper())
        if new_site.id == old_site.id:
            raise InvalidInput(f"{display_name(offender.last_name, offender.first_name)} is "
                               f"already at {new_site.code}.", "site_code")
        if actor.site_id not in (old_site.id, new_site.id) and \
                not actor.may(Permission.ALL_SITES):
            raise NotAllowed("You can transfer people out of or into your own site only.")
        tx.add(OffenderTransfer(offender_id=offender.id, from_site_id=old_site.id,
                                to_site_id=new_site.id, transferred_on=on,
                                reason=reason.strip()[:200],
                                recorded_by_id=actor.user_id or None))
        housing = " ".join(housing_unit.split())[:40]
        if problem := text_problem(housing, "housing unit"):
            raise InvalidInput(problem, "housing_unit")
        offender.site_id = new_site.id
        offender.housing_unit = housing
        hooks.transferred(tx, actor, offender.id, new_site.id, today=on)
        offender.updated_at = utcnow()
        tx.flush()
        audit(tx, actor, "transfer", "offender", offender.id,
              f"{offender.doc_number} {old_site.code} → {new_site.code}")
        return _view(offender, new_site)


def transfer_history(db: Database, actor: Actor, offender_id: str) -> list[TransferView]:
    require(actor, Permission.VIEW_PEOPLE)
    with db.reading() as tx:
        from_site = Site.__table__.alias("from_site")
        to_site = Site.__table__.alias("to_site")
        rows = tx.execute(
            select(OffenderTransfer.transferred_on, from_site.c.code, to_site.c.code,
                   OffenderTransfer.reason, User.username)
            .join(from_site, from_site.c.id == OffenderTransfer.from_site_id)
            .join(to_site, to_site.c.id == OffenderTransfer.to_site_id)
            .outerjoin(User, User.id == OffenderTransfer.recorded_by_id)
            .where(OffenderTransfer.offender_id == offender_id)
            .order_by(OffenderTransfer.transferred_on, OffenderTransfer.recorded_at))
        return [TransferView(on, a, b, reason, who or "") for on, a, b, reason, who in rows]


def _offender_references() -> list[tuple[str, str]]:
    """(table, column) of every foreign key that points at an offender, found from the schema,
    so a merge relinks the records of slices added later without being told about them."""
    refs = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "offender" and not (
                    table.name == "offender" and fk.parent.name == "merged_into_id"):
                refs.append((table.name, fk.parent.name))
    return refs


#: What two records of one person holding the same thing means, said to the person merging.
_CLASHES = {"icvc_enrollment": "a place in the same ICVC class",
            "reparative_hours": "hours on the same project and day"}


def _clashes(tx: Session, keep_id: str, gone_id: str) -> list[str]:
    """What both records hold that may only be held once (a unique constraint over the
    offender and other columns): moving it would break the constraint, so the person merging
    settles it first."""
    found = []
    for table_name, column in _offender_references():
        table = Base.metadata.tables[table_name]
        for constraint in table.constraints:
            names = [c.name for c in getattr(constraint, "columns", [])]
            if not isinstance(constraint, UniqueConstraint) or column not in names:
                continue
            others = [n for n in names if n != column]
            a, b = table.alias("a"), table.alias("b")
            clash = select(func.count()).select_from(a.join(b, and_(
                *(a.c[n] == b.c[n] for n in others)))).where(
                a.c[column] == keep_id, b.c[column] == gone_id)
            if others and tx.scalar(clash):
                found.append(_CLASHES.get(table_name, table_name.replace("_", " ")))
    return found


def merge_offenders(db: Database, actor: Actor, keep_id: str, merge_id: str) -> OffenderView:
    """Fold the record ``merge_id`` into ``keep_id``: every linked record moves to the kept one,
    blanks of the kept one are filled from the other, and the merged record stays as a pointer."""
    require(actor, Permission.MERGE_OFFENDERS)
    if keep_id == merge_id:
        raise InvalidInput("Choose two different records to merge.")
    with acting(db, actor) as tx:
        keep, keep_site = _load(tx, keep_id)
        gone, _ = _load(tx, merge_id)
        if keep.merged_into_id or gone.merged_into_id:
            raise InvalidInput("One of these records was merged already.")
        if clashes := _clashes(tx, keep.id, gone.id):
            raise InvalidInput(f"Both records hold {' and '.join(clashes)}: remove it from one "
                               "of them, then merge.")
        moved = 0
        for table_name, column in _offender_references():
            table = Base.metadata.tables[table_name]
            result = tx.execute(update(table).where(table.c[column] == gone.id)
                                .values({column: keep.id}))
            if not isinstance(result, CursorResult):  # what an UPDATE gives, with its rowcount
                raise TypeError(f"UPDATE of {table_name} gave {type(result).__name__}")
            moved += result.rowcount or 0
        for field in ("middle_name", "housing_unit"):
            if not getattr(keep, field) and getattr(gone, field):
                setattr(keep, field, getattr(gone, field))
        for field in ("date_of_birth", "projected_release_date"):
            if getattr(keep, field) is None and getattr(gone, field) is not None:
                setattr(keep, field, getattr(gone, field))
        keep.updated_at = utcnow()
        gone.merged_into_id = keep.id
        gone.updated_at = utcnow()
        tx.flush()
        summary = (f"{gone.doc_number} {display_name(gone.last_name, gone.first_name)} merged "
                   f"into {keep.doc_number} {display_name(keep.last_name, keep.first_name)}; "
                   f"{moved} linked records moved")
        audit(tx, actor, "merge", "offender", keep.id, summary)
        audit(tx, actor, "merged_away", "offender", gone.id, summary)
        return _view(keep, keep_site)
