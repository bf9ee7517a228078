"""Who is acting, what they may do, and the audit trail every write leaves."""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent, User
from rjdesk.domain.core.permissions import (
    OUTPUT_PERMISSIONS,
    Output,
    Permission,
    has_permission,
    opens_on_all_sites,
    reads_all_sites,
)
from rjdesk.services.core.errors import NotAllowed
from rjdesk.store.capture import authored_by, capture_off
from rjdesk.store.database import Database
from rjdesk.sync import signatures


@dataclass(frozen=True)
class Actor:
    """The signed-in staff member, as services need them."""

    user_id: str
    username: str
    display_name: str
    role: Role
    site_id: str
    site_code: str
    site_name: str
    #: The account's private signing key, unsealed at sign-in and held in memory only: the
    #: changes this person makes are signed with it (``sync.signatures``). None for the
    #: program itself and for a database only read.
    signing_key: bytes | None = field(default=None, repr=False, compare=False)

    def may(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)

    @property
    def default_site_id(self) -> str | None:
        """The site lists open on: the home site, or every site (None) for the central office."""
        return None if opens_on_all_sites(self.role) else self.site_id

    @property
    def output_site_id(self) -> str | None:
        """The site a paper or file covers when none is named: every site (None) for roles
        that may take every site's people away, the home site for the others."""
        return None if reads_all_sites(self.role) else self.site_id


#: Acts for the program itself (first run, demo data, migrations), never for a person.
SYSTEM = Actor(user_id="", username="system", display_name="RJ Desk", role=Role.ADMINISTRATOR,
               site_id="", site_code="", site_name="")

_WHAT = {
    Permission.VIEW_PEOPLE: "look up people",
    Permission.EDIT_OFFENDERS: "add or change offender records",
    Permission.MERGE_OFFENDERS: "merge person records",
    Permission.VIEW_VOLUNTEERS: "look up volunteers",
    Permission.EDIT_VOLUNTEERS: "add or change volunteers",
    Permission.MANAGE_USERS: "manage staff accounts",
    Permission.VIEW_AUDIT: "read the audit log",
    Permission.PRINT_PEOPLE: "print people lists",
    Permission.IMPORT_PEOPLE: "import people",
    Permission.EXPORT_PEOPLE: "export people",
    Permission.VIEW_VICTIMS: "see victim information",
    Permission.ALL_SITES: "change records of other sites",
    Permission.VIEW_ICVC: "look at ICVC classes",
    Permission.RUN_ICVC: "run ICVC classes",
    Permission.REVIEW_CONFLICTS: "settle sync conflicts",
    Permission.VIEW_REPARATIVE: "look at reparative work",
    Permission.RUN_REPARATIVE: "record reparative work",
    Permission.APPROVE_HOURS: "approve reparative hours",
    Permission.EDIT_RECIPIENTS: "change the register of recipients",
    Permission.CONFIGURE_SYNC: "change this workstation's sync settings",
    Permission.VIEW_BOARDS: "look at Reparation/Accountability Boards",
    Permission.RUN_BOARDS: "run Reparation/Accountability Boards",
    Permission.VIEW_COURT_REPORTS: "look at court reports",
    Permission.EDIT_COURT_REPORTS: "write court reports",
    Permission.VIEW_VICTIM_STATEMENTS: "see victims' statements",
}


def require(actor: Actor, permission: Permission) -> None:
    if not actor.may(permission):
        raise NotAllowed(f"Your role ({actor.role.label}) does not allow you to "
                         f"{_WHAT[permission]}.")


def require_site(actor: Actor, site_id: str, what: str) -> None:
    """Writes stay at the actor's home site unless the role works across sites."""
    if site_id != actor.site_id and not actor.may(Permission.ALL_SITES):
        raise NotAllowed(f"You can change {what} of your own site only.")


@contextmanager
def acting(db: Database, actor: Actor) -> Iterator[Session]:
    """A service's one transaction, every shared record it writes logged as the actor's: other
    workstations check the change against that person's role and site before taking it.
    A write of a shared record outside it fails (see ``store.capture``). What it logs is signed
    with the actor's own key before commit, so no one else's keys can speak for them."""
    with authored_by(actor.user_id), db.transaction() as tx, \
            signing(tx, actor.user_id, actor.signing_key):
        yield tx


@contextmanager
def signing(tx: Session, author: str, key: bytes | None) -> Iterator[None]:
    """Sign the changes the transaction logs inside as ``author``'s (with nothing to sign
    with, they stay unsigned: no other workstation takes them)."""
    if key is None:
        yield
        return
    before = signatures.own_last_seq(tx.connection())
    yield
    tx.flush()
    signatures.sign_logged(tx.connection(), author, key, before)


_OUTPUT_WHAT = {
    Output.PEOPLE_LIST: "print people lists",
    Output.PEOPLE_EXPORT: "export people",
    Output.SIGN_IN_SHEET: "print sign-in sheets",
    Output.CERTIFICATES: "print certificates",
    Output.CLASS_SUMMARY: "print class summaries",
    Output.ENROLLMENT_EXPORT: "export enrollments",
    Output.DELIVERY_SLIP: "print delivery slips",
    Output.HOURS_STATEMENT: "print hours statements",
    Output.REPARATIVE_SUMMARY: "print reparative summaries",
    Output.HOURS_EXPORT: "export reparative hours",
    Output.DELIVERIES_EXPORT: "export deliveries",
    Output.REENTRY_LIST: "print the reentry list",
    Output.REENTRY_EXPORT: "export the reentry list",
    Output.AUDIT_EXPORT: "export the audit log",
    Output.BOARD_REPORT: "print board reports to the court",
    Output.AGREEMENT: "print reparative agreements",
    Output.BOARD_AGENDA: "print board agendas and minutes",
    Output.BOARD_CASES_EXPORT: "export board cases",
    Output.VICTIM_IMPACT: "print victim impact statements",
}


def require_output_role(actor: Actor, output: Output) -> None:
    """The permissions ``OUTPUT_PERMISSIONS`` names for a paper or file: checked before any of
    its data is read."""
    for permission in OUTPUT_PERMISSIONS[output]:
        if not actor.may(permission):
            raise NotAllowed(f"Your role ({actor.role.label}) does not allow you to "
                             f"{_OUTPUT_WHAT[output]}.")


def require_output(actor: Actor, output: Output, site_ids: str | set[str] | None) -> None:
    """A paper or file of personal data: the role's permissions for it, and the people of the
    actor's own site only unless the role reads every site. ``site_ids`` None means every
    site."""
    require_output_role(actor, output)
    if reads_all_sites(actor.role):
        return
    sites = {site_ids} if isinstance(site_ids, str) else site_ids
    if sites is None or sites - {actor.site_id}:
        raise NotAllowed(f"You can {_OUTPUT_WHAT[output]} of your own site "
                         f"({actor.site_code}) only.")


def check_account(tx: Session, actor: Actor) -> None:
    """The account behind ``actor`` still exists, is active and has the role and site the
    Actor says: an account disabled or changed (here, or at another site and synced since) stops
    acting at once, not at the next sign-in. The program itself (``SYSTEM``) has no account."""
    if not actor.user_id:
        return
    row = tx.execute(select(User.active, User.role, User.site_id)
                     .where(User.id == actor.user_id)).first()
    if row is None or not row.active:
        raise NotAllowed("Your account was disabled; sign in again.")
    if row.role != actor.role or row.site_id != actor.site_id:
        raise NotAllowed("Your account's role or site was changed; sign in again.")


Changes = dict[str, tuple[object, object]]
_NOT_COMPARED = frozenset({"id", "sort_name", "search_text", "created_at", "updated_at",
                           "site_id"})


def snapshot(record: object) -> dict[str, object]:
    """A record's own fields as they stand now (not its id, keys or bookkeeping stamps), to
    compare with ``changed`` after an update."""
    return {a.key: getattr(record, a.key) for a in sa_inspect(type(record)).column_attrs
            if a.key not in _NOT_COMPARED}


#: Stands for both values of a field whose change is named but whose values are not kept.
UNSHOWN = object()


def changed(before: dict[str, object], after: dict[str, object], *,
            unshown: frozenset[str] = frozenset()) -> Changes:
    """Each field whose value differs between two snapshots: field → (before, after). The
    ``unshown`` fields (a victim's contact details) are named as changed, their values not
    kept: the audit log is read by more people than may read them."""
    return {k: (UNSHOWN, UNSHOWN) if k in unshown else (v, after.get(k))
            for k, v in before.items() if after.get(k) != v}


def _change(field_: str, before: object, after: object) -> str:
    name = field_.replace("_", " ")
    if before is UNSHOWN:
        return f"{name} changed"
    return f"{name}: {_shown(before)} → {_shown(after)}"


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def audit(tx: Session, actor: Actor, action: str, entity: str, entity_id: str | None,
          summary: str = "", changes: Changes | None = None) -> None:
    """Record one audit event in the same transaction as the change it describes; ``changes``
    (field → (before, after)) follow the summary as "field: before → after; …", cut to the
    summary's length.

    Every transaction a person makes leaves its audit event here, so this is where the
    account behind ``actor`` is checked again: a refusal rolls the whole transaction back."""
    check_account(tx, actor)
    if changes:
        summary += ": " + "; ".join(_change(k, a, b) for k, (a, b) in changes.items())
    tx.add(AuditEvent(user_id=actor.user_id or None, username=actor.username,
                      site_id=actor.site_id or None, action=action, entity=entity,
                      entity_id=entity_id, summary=summary[:300]))


def audit_here(tx: Session, action: str, entity: str, summary: str) -> None:
    """An event of the program about this workstation alone (enrolling it, naming its share),
    made with no one signed in: kept in this workstation's audit log and not shared, since no
    staff account stands behind it for another workstation to check."""
    with capture_off(tx.connection()):
        audit(tx, SYSTEM, action, entity, None, summary)
        tx.flush()


def audit_read(db: Database, actor: Actor, action: str, entity: str, entity_id: str | None,
               summary: str = "") -> None:
    """Audit a read ("view", "search") in one short transaction of its own: one insert.

    A database that takes no writes (opened read-only, or damaged) cannot take the event; the
    read still goes ahead rather than failing a person who only looks — such a database is
    a copy being looked at, and ``check`` says it takes no writes. A file made read-only under
    an open database fails the same way. Any other database error propagates."""
    if not db.writable:
        return
    try:
        with acting(db, actor) as tx:
            audit(tx, actor, action, entity, entity_id, summary)
    except OperationalError as exc:
        if getattr(exc.orig, "sqlite_errorcode", None) != sqlite3.SQLITE_READONLY:
            raise
