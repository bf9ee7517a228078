"""The register of recipients: the organizations (and victims) that receive what projects make.

A victim as recipient is victim data: roles without VIEW_VICTIMS see "a victim (name withheld)"
and no address or contact, everywhere a recipient shows (``view``); showing a victim's name to
a role that may see it leaves a read in the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.domain.people.rules import fold
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import RecipientType
from rjdesk.domain.reparative.models import Delivery, Recipient
from rjdesk.services.core.context import (
    Actor,
    acting,
    audit,
    audit_read,
    require,
    require_site,
)
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotFound
from rjdesk.store.database import Database

WITHHELD = "a victim (name withheld)"
EMAIL_RULE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LIMITS = {"name": 160, "abbreviation": 20, "address": 250, "city": 80, "contact_name": 120,
           "phone": 30, "email": 120}


@dataclass(frozen=True)
class RecipientInput:
    kind: RecipientType
    name: str
    abbreviation: str = ""
    address: str = ""
    city: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class RecipientView:
    id: str
    kind: RecipientType
    name: str
    abbreviation: str
    address: str
    city: str
    contact_name: str
    phone: str
    email: str
    active: bool
    #: A victim seen by a role that may not see victims: name and contact are not shown.
    withheld: bool = False

    @property
    def display(self) -> str:
        if self.withheld:
            return self.name
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class PossibleDuplicate(InvalidInput):
    """A new recipient whose name or abbreviation matches one on file; nothing was saved.
    Save it anyway with ``allow_duplicate``, or use (or merge into) the one on file."""

    def __init__(self, matches: list[RecipientView]) -> None:
        names = "; ".join(m.display for m in matches[:3])
        super().__init__(f"This may be a recipient already on file: {names}. Use that one, "
                         "or save this one anyway if it is another organization.", "name")
        self.matches = matches

    def lines(self) -> list[str]:
        return [self.message, *(f"{m.id}\t{m.kind.label}\t{m.display}\t{m.city}"
                                for m in self.matches)]


def hidden(actor: Actor, kind: RecipientType) -> bool:
    return kind is RecipientType.VICTIM and not actor.may(Permission.VIEW_VICTIMS)


def view(r: Recipient, actor: Actor) -> RecipientView:
    """A recipient as ``actor`` may see it."""
    if hidden(actor, r.kind):
        return RecipientView(r.id, r.kind, WITHHELD, "", "", "", "", "", "", r.active, True)
    return RecipientView(r.id, r.kind, r.name, r.abbreviation, r.address, r.city,
                         r.contact_name, r.phone, r.email, r.active)


def shows_victim(views: Iterable[RecipientView]) -> list[RecipientView]:
    """The victims among ``views`` whose name is shown (to be audited as a read)."""
    return [v for v in views if v.kind is RecipientType.VICTIM and not v.withheld]


def audit_victims(db: Database, actor: Actor, views: Iterable[RecipientView], how: str) -> None:
    """One read event when victims' names were shown (``how`` says where)."""
    victims = shows_victim(views)
    if victims:
        audit_read(db, actor, "view", "reparative_recipient",
                   victims[0].id if len(victims) == 1 else None,
                   f"{how}: victim recipient {', '.join(v.name for v in victims[:5])}"
                   + (" …" if len(victims) > 5 else ""))


def _summary(kind: RecipientType, name: str) -> str:
    """How the audit log names a recipient: never a victim's name (the log is read by roles
    that may not see victims)."""
    return f"{kind.label}: {WITHHELD if kind is RecipientType.VICTIM else name}"


def _clean(data: RecipientInput) -> RecipientInput:
    values = {f: " ".join(without_controls(getattr(data, f)).split()) for f in _LIMITS}
    return RecipientInput(kind=data.kind, **values)


def _validate(data: RecipientInput) -> None:
    errors: dict[str, str] = {}
    if not isinstance(data.kind, RecipientType):
        errors["kind"] = "Choose the kind of recipient."
    if not data.name:
        errors["name"] = "Give the recipient's name."
    for fld, most in _LIMITS.items():
        if len(getattr(data, fld)) > most and fld not in errors:
            errors[fld] = f"At most {most} characters."
    if data.email and not EMAIL_RULE.match(data.email) and "email" not in errors:
        errors["email"] = f"“{data.email}” is not an e-mail address."
    if data.phone and len(re.sub(r"\D", "", data.phone)) not in (7, 10, 11) and \
            "phone" not in errors:
        errors["phone"] = "A phone number has 10 digits (area code and number)."
    if errors:
        raise Errors(errors)


def _write(r: Recipient, data: RecipientInput) -> None:
    r.kind = data.kind
    for fld in _LIMITS:
        setattr(r, fld, getattr(data, fld))
    r.match_key = rules.match_key(data.name)
    r.updated_at = utcnow()


def _matches(tx: Session, actor: Actor, data: RecipientInput,
             but: str | None = None) -> list[RecipientView]:
    """Active recipients whose folded name or abbreviation equals the new one's (a victim only
    for a role that may see victims: a match must not tell anyone else that one exists)."""
    key = rules.match_key(data.name)
    keys = {k for k in (key, rules.match_key(data.abbreviation)) if k}
    abbreviations = {fold(a) for a in (data.abbreviation, data.name) if a}
    stmt = select(Recipient).where(Recipient.active.is_(True), or_(
        Recipient.match_key.in_(keys), func.lower(Recipient.abbreviation).in_(abbreviations)))
    if but:
        stmt = stmt.where(Recipient.id != but)
    found = [r for r in tx.scalars(stmt.order_by(Recipient.name))
             if r.match_key in keys or (r.abbreviation and fold(r.abbreviation) in abbreviations)]
    return [view(r, actor) for r in found if not hidden(actor, r.kind)]


def _require_for(actor: Actor, kind: RecipientType) -> None:
    require(actor, Permission.EDIT_RECIPIENTS)
    if kind is RecipientType.VICTIM:
        require(actor, Permission.VIEW_VICTIMS)


def create_recipient(db: Database, actor: Actor, data: RecipientInput, *,
                     allow_duplicate: bool = False) -> RecipientView:
    _require_for(actor, data.kind)
    data = _clean(data)
    _validate(data)
    with acting(db, actor) as tx:
        if not allow_duplicate and (matches := _matches(tx, actor, data)):
            raise PossibleDuplicate(matches)
        key = rules.recipient_key(data.kind.value, data.name, data.address)
        if (same := tx.get(Recipient, key)) is not None:
            raise AlreadyExists(f"This recipient is on file already: {view(same, actor).display}"
                                + ("" if same.active else " (merged into another, inactive)")
                                + ".", "name")
        r = Recipient(id=key, active=True)
        _write(r, data)
        tx.add(r)
        tx.flush()
        audit(tx, actor, "create", "reparative_recipient", r.id, _summary(r.kind, r.name))
        return view(r, actor)


def update_recipient(db: Database, actor: Actor, recipient_id: str,
                     data: RecipientInput) -> RecipientView:
    require(actor, Permission.EDIT_RECIPIENTS)
    data = _clean(data)
    _validate(data)
    with acting(db, actor) as tx:
        r = tx.get(Recipient, recipient_id)
        if r is None:
            raise NotFound("That recipient no longer exists.")
        _require_for(actor, r.kind)  # a victim's record is changed only by who may see it
        _require_for(actor, data.kind)
        if not r.active:
            raise InvalidInput("This recipient was merged into another; change that one.")
        _write(r, data)
        audit(tx, actor, "update", "reparative_recipient", r.id, _summary(r.kind, r.name))
        shown = view(r, actor)
    audit_victims(db, actor, [shown], "Saved")
    return shown


def get_recipient(db: Database, actor: Actor, recipient_id: str) -> RecipientView:
    require(actor, Permission.VIEW_REPARATIVE)
    with db.reading() as tx:
        r = tx.get(Recipient, recipient_id)
        if r is None:
            raise NotFound("That recipient no longer exists.")
        shown = view(r, actor)
    audit_victims(db, actor, [shown], "Opened")
    return shown


def list_recipients(db: Database, actor: Actor, *, query: str = "",
                    kind: RecipientType | None = None,
                    include_inactive: bool = False) -> list[RecipientView]:
    """Recipients in name order; a search matches the name or abbreviation (a victim's only
    for a role that may see victims)."""
    require(actor, Permission.VIEW_REPARATIVE)
    stmt = select(Recipient)
    if not include_inactive:
        stmt = stmt.where(Recipient.active.is_(True))
    if kind is not None:
        stmt = stmt.where(Recipient.kind == kind)
    terms = rules.match_key(without_controls(query)).split() or fold(query).split()
    if terms and not actor.may(Permission.VIEW_VICTIMS):
        stmt = stmt.where(Recipient.kind != RecipientType.VICTIM)
    for term in terms:
        stmt = stmt.where(or_(Recipient.match_key.contains(term, autoescape=True),
                              func.lower(Recipient.abbreviation).contains(term,
                                                                          autoescape=True)))
    with db.reading() as tx:
        found = [view(r, actor) for r in tx.scalars(stmt.order_by(Recipient.match_key))]
    found.sort(key=lambda v: (v.withheld, fold(v.name)))
    audit_victims(db, actor, found, "Listed" if not terms else f"Searched “{query.strip()[:40]}”")
    return found


def merge_recipients(db: Database, actor: Actor, keep_id: str, merge_id: str) -> RecipientView:
    """Two records of one organization become one: every delivery of ``merge_id`` moves to
    ``keep_id``; the other is marked merged and inactive. Deliveries are a site's records, so
    moving them needs the right to record reparative work at each of their sites."""
    require(actor, Permission.EDIT_RECIPIENTS)
    if keep_id == merge_id:
        raise InvalidInput("Choose two different recipients to merge.", "merge_id")
    with acting(db, actor) as tx:
        keep, gone = tx.get(Recipient, keep_id), tx.get(Recipient, merge_id)
        if keep is None or gone is None:
            raise NotFound("One of the two recipients no longer exists.")
        for r in (keep, gone):
            _require_for(actor, r.kind)
            if not r.active:
                raise InvalidInput(f"{view(r, actor).display} was already merged into "
                                   "another recipient.", "merge_id")
        sites = set(tx.scalars(select(Delivery.site_id).where(
            Delivery.recipient_id == gone.id).distinct()))
        if sites:
            require(actor, Permission.RUN_REPARATIVE)
            for site in sites:
                require_site(actor, site, "deliveries")
        moved = tx.scalar(select(func.count()).where(Delivery.recipient_id == gone.id)) or 0
        tx.execute(update(Delivery).where(Delivery.recipient_id == gone.id)
                   .values(recipient_id=keep.id, updated_at=utcnow())
                   .execution_options(synchronize_session=False))
        gone.active = False
        gone.merged_into_id = keep.id
        gone.updated_at = utcnow()
        audit(tx, actor, "merge", "reparative_recipient", keep.id,
              f"{_summary(gone.kind, gone.name)} merged into {_summary(keep.kind, keep.name)}"
              f" ({moved} deliveries moved)")
        return view(keep, actor)
