"""Victims' statements of a court report (RSMo 217.762): who the victim is, how to reach and
notify them, the itemized economic loss, the harm done, and how the offender may repair it —
or why there is no statement, and who answered for a victim who could not.

Victims are kept apart: every function here checks ``require_victims`` (victim services,
administrators, the report's own officer) before it reads anything, and no audit summary names
a victim (the audit log is read by others): a statement is "victim statement 2 of report …".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import Loss, Notify, ReportStatus, StatementStatus
from rjdesk.domain.boards.models import CourtReport, VictimStatement
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import text_problem, without_controls
from rjdesk.domain.people.rules import fold
from rjdesk.services.boards.common import require_victims
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
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotFound
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

#: The designated substitute address of Missouri's Address Confidentiality Program: the only
#: address kept for a victim in the program.
ACP_ADDRESS = "P.O. Box 1409, Jefferson City, MO 65102"
NO_STATEMENT = ("Enter what the victim said, or choose why there is no statement (declined, "
                "could not be reached).")
EMAIL_RULE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: One-line fields and their longest length (the columns').
_LINES = {"last_name": 80, "first_name": 80, "description": 200, "address": 250, "phone": 30,
          "email": 120, "answered_by": 120, "answered_relationship": 80,
          "loss_other_text": 200}
#: What the victim said, in their words.
_TEXTS = ("injury", "psychological_harm", "welfare_change", "repair")
TEXT_MAX = 5000
#: Every field of a statement is the victim's: the audit log names a change, never its value.
_UNSHOWN = frozenset({*_LINES, *_TEXTS, "acp", "notify", "status", "taken_on",
                      "counseling_requested", *(kind.column for kind in Loss)})


@dataclass(frozen=True)
class StatementInput:
    last_name: str
    first_name: str
    description: str = ""
    address: str = ""
    acp: bool = False
    phone: str = ""
    email: str = ""
    notify: Notify = Notify.NONE
    status: StatementStatus | None = None
    taken_on: date | None = None
    #: Who answered for the victim (a family member where the victim died or cannot answer).
    answered_by: str = ""
    answered_relationship: str = ""
    #: Amounts as typed ("1,200.00") or in cents; a kind left out is no loss.
    losses: Mapping[Loss, str | int] = field(default_factory=dict)
    loss_other_text: str = ""
    injury: str = ""
    psychological_harm: str = ""
    welfare_change: str = ""
    counseling_requested: bool = False
    repair: str = ""


@dataclass(frozen=True)
class VictimView:
    id: str
    report_id: str
    last_name: str
    first_name: str
    description: str
    address: str
    acp: bool
    phone: str
    email: str
    notify: Notify
    status: StatementStatus
    taken_on: date | None
    answered_by: str
    answered_relationship: str
    losses: dict[Loss, int]
    loss_other_text: str
    injury: str
    psychological_harm: str
    welfare_change: str
    counseling_requested: bool
    repair: str
    total_loss_cents: int

    @property
    def name(self) -> str:
        return display_name(self.last_name, self.first_name)


def victim_view(s: VictimStatement) -> VictimView:
    losses = {kind: getattr(s, kind.column) or 0 for kind in Loss}
    return VictimView(s.id, s.report_id, s.last_name, s.first_name, s.description, s.address,
                      s.acp, s.phone, s.email, s.notify, s.status, s.taken_on, s.answered_by,
                      s.answered_relationship, losses, s.loss_other_text, s.injury,
                      s.psychological_harm, s.welfare_change, s.counseling_requested,
                      s.repair, sum(losses.values()))


def statements_of(tx: Session, report_id: str) -> list[VictimStatement]:
    """A report's victims in name order."""
    found = list(tx.scalars(select(VictimStatement)
                            .where(VictimStatement.report_id == report_id)))
    found.sort(key=lambda s: (fold(s.last_name), fold(s.first_name), s.id))
    return found


def report_label(report: CourtReport) -> str:
    """How the audit log names a report: its court and case number (never a victim)."""
    return f"court report {report.court} {report.case_number}"


def _same_address(a: str, b: str) -> bool:
    def plain(text: str) -> str:
        return re.sub(r"[\s.,]", "", text).casefold()
    return plain(a) == plain(b)


def _amount(kind: Loss, value: str | int, errors: dict[str, str]) -> int:
    name = f"loss_{kind.value}"
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        errors[name] = f"{kind.label} loss: enter an amount of money, such as 1,200.00."
        return 0
    if isinstance(value, int):
        if value < 0:
            errors[name] = f"{kind.label} loss: {rules.money(value)} is negative."
        elif value > rules.MAX_CENTS:
            errors[name] = (f"{kind.label} loss: {rules.money(value)} is more than this program "
                            f"records ({rules.money(rules.MAX_CENTS)}).")
        return value
    if not value.strip():
        return 0
    try:
        return rules.parse_money(value)
    except ValueError as exc:
        errors[name] = f"{kind.label} loss: {exc}"
        return 0


def _clean(data: StatementInput, today: date) -> tuple[dict[str, object], dict[str, str]]:
    """The statement's columns as stored, and every field's error at once."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for name, most in _LINES.items():
        text = " ".join(without_controls(getattr(data, name)).split())
        if len(text) > most:
            errors[name] = f"At most {most} characters."
        elif name in ("last_name", "first_name", "answered_by") and \
                (problem := text_problem(text, name.replace("_", " "))):
            errors[name] = problem
        values[name] = text
    for name in _TEXTS:
        text = getattr(data, name).strip()
        if len(text) > TEXT_MAX:
            errors[name] = f"At most {TEXT_MAX} characters."
        elif any(ch in text for ch in "\x00\x1b"):
            errors[name] = "This contains a control character; type it again."
        values[name] = text
    if not values["last_name"] and "last_name" not in errors:
        errors["last_name"] = "Enter the victim's last name (or the business's name)."
    unknown = [k for k in data.losses if not isinstance(k, Loss)]
    if unknown:
        errors["losses"] = f"“{unknown[0]}” is not a kind of loss."
    for kind in Loss:
        values[kind.column] = _amount(kind, data.losses.get(kind, 0), errors)
    if values[Loss.OTHER.column] and not values["loss_other_text"] and \
            "loss_other_text" not in errors:
        errors["loss_other_text"] = "Say what the other loss is."
    said = any(values[kind.column] for kind in Loss) or data.counseling_requested or any(
        values[name] for name in _TEXTS)
    if not isinstance(data.status, StatementStatus) or \
            (data.status is StatementStatus.GIVEN and not said):
        errors["status"] = NO_STATEMENT
    if data.taken_on is not None and data.taken_on > today:
        errors["taken_on"] = f"The statement cannot be taken after today ({today:%m/%d/%Y})."
    if values["answered_by"] and not values["answered_relationship"]:
        errors.setdefault("answered_relationship",
                          "Say how the person who answered is related to the victim.")
    if values["answered_relationship"] and not values["answered_by"]:
        errors.setdefault("answered_by", "Enter who answered for the victim.")
    if data.acp:
        if not values["address"]:
            values["address"] = ACP_ADDRESS
        elif not _same_address(str(values["address"]), ACP_ADDRESS):
            errors.setdefault("address", "A victim in the Address Confidentiality Program has "
                              f"only the substitute address on file: {ACP_ADDRESS}.")
        else:
            values["address"] = ACP_ADDRESS
    phone, email = str(values["phone"]), str(values["email"])
    if email and not EMAIL_RULE.match(email):
        errors.setdefault("email", f"“{email}” is not an e-mail address.")
    if phone and len(re.sub(r"\D", "", phone)) not in (7, 10, 11):
        errors.setdefault("phone", "A phone number has 10 digits (area code and number).")
    if not isinstance(data.notify, Notify):
        errors["notify"] = "Choose how the victim wishes to be notified."
    else:
        needed = {Notify.MAIL: ("address", "an address"), Notify.PHONE: ("phone", "a phone number"),
                  Notify.EMAIL: ("email", "an e-mail address")}.get(data.notify)
        if needed and not values[needed[0]] and needed[0] not in errors:
            errors[needed[0]] = (f"The victim wishes to be notified {data.notify.label.lower()}:"
                                 f" enter {needed[1]}.")
    values.update(acp=bool(data.acp), notify=data.notify, status=data.status,
                  taken_on=data.taken_on, counseling_requested=bool(data.counseling_requested))
    return values, errors


def _report(tx: Session, actor: Actor, report_id: str) -> tuple[CourtReport, Site]:
    report, site = with_site(tx, CourtReport, report_id, "That court report is no longer on file.")
    require_victims(actor, report)
    return report, site


def _writable(actor: Actor, report: CourtReport) -> None:
    require_site(actor, report.site_id, "court reports")
    if report.status is ReportStatus.SUBMITTED:
        raise InvalidInput(f"This report was submitted to court on "
                           f"{report.submitted_on:%m/%d/%Y}; its statements can no longer "
                           "change.")


def _ordinal(tx: Session, report: CourtReport, statement_id: str) -> str:
    ids = [s.id for s in statements_of(tx, report.id)]
    n = ids.index(statement_id) + 1 if statement_id in ids else len(ids) + 1
    return f"victim statement {n} of {report_label(report)}"


def save_statement(db: Database, actor: Actor, report_id: str, data: StatementInput, *,
                   statement_id: str | None = None, today: date) -> VictimView:
    """Add a victim to a report (``statement_id`` None) or change one: all errors at once,
    nothing written on any."""
    require(actor, Permission.EDIT_COURT_REPORTS)
    with acting(db, actor) as tx:
        report, _ = _report(tx, actor, report_id)
        _writable(actor, report)
        values, errors = _clean(data, today)
        if errors:
            raise Errors(errors)
        last, first = str(values["last_name"]), str(values["first_name"])
        for other in statements_of(tx, report.id):
            if other.id != statement_id and (fold(other.last_name), fold(other.first_name)) \
                    == (fold(last), fold(first)):
                raise AlreadyExists(f"{display_name(other.last_name, other.first_name)} is a "
                                    "victim of this report "
                                    "already; change that statement.", "last_name")
        if statement_id is None:
            key = rules.statement_key(report.id, last, first)
            if tx.get(VictimStatement, key) is not None:  # renamed since; its key stays
                raise AlreadyExists("A statement once entered under this name is on file; "
                                    "change that one.", "last_name")
            s = VictimStatement(id=key, report_id=report.id)
            before: dict[str, object] | None = None
            tx.add(s)
        else:
            found = tx.get(VictimStatement, statement_id)
            if found is None or found.report_id != report.id:
                raise NotFound("That victim's statement is no longer on file.")
            s, before = found, snapshot(found)
        for name, value in values.items():
            setattr(s, name, value)
        s.updated_at = utcnow()
        tx.flush()
        what = _ordinal(tx, report, s.id)
        if before is None:
            audit(tx, actor, "create", "victim_statement", s.id,
                  f"{what}: {s.status.label.lower()}")
        else:
            audit(tx, actor, "update", "victim_statement", s.id, what,
                  changed(before, snapshot(s), unshown=_UNSHOWN))
        return victim_view(s)


def get_statement(db: Database, actor: Actor, statement_id: str) -> VictimView:
    """One victim's statement, to change it; the view is audited."""
    require(actor, Permission.VIEW_COURT_REPORTS)
    with db.reading() as tx:
        s = tx.get(VictimStatement, statement_id)
        if s is None:
            raise NotFound("That victim's statement is no longer on file.")
        report, _ = _report(tx, actor, s.report_id)
        shown, what = victim_view(s), _ordinal(tx, report, s.id)
    audit_read(db, actor, "view", "victim_statement", shown.id, what)
    return shown


def remove_statement(db: Database, actor: Actor, statement_id: str) -> None:
    """Take a victim off a report (entered by mistake) while the report is a draft."""
    require(actor, Permission.EDIT_COURT_REPORTS)
    with acting(db, actor) as tx:
        s = tx.get(VictimStatement, statement_id)
        if s is None:
            raise NotFound("That victim's statement is no longer on file.")
        report, _ = _report(tx, actor, s.report_id)
        _writable(actor, report)
        what = _ordinal(tx, report, s.id)
        tx.delete(s)
        tx.flush()
        audit(tx, actor, "delete", "victim_statement", statement_id, f"{what} removed")
