"""Setting up sync: a deployment on the share, workstations that found it or ask to join, an
administrator who approves them, and a round that may join from a snapshot.

The command line and the self-test both walk this path; each step is one call here, so neither
writes sync state or counts records by hand. A step that changes the database does it in one
transaction with an audit event (by the program itself: no one is signed in while a workstation
enrolls). Trouble on the share or with the deployment raises :class:`EnrollmentFailed`; a wrong
value raises :class:`InvalidInput` as every service does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rjdesk.domain.core.models import User
from rjdesk.domain.people.models import Offender
from rjdesk.domain.volunteers.models import Volunteer
from rjdesk.services.core import settings
from rjdesk.services.core.context import audit_here
from rjdesk.services.core.database import Database, open_database
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.core.register import register_codes
from rjdesk.sync import deployment, state
from rjdesk.sync.deployment import AdminKey, DeploymentError
from rjdesk.sync.round import SyncReport, run_round
from rjdesk.sync.share import Share, ShareError


class EnrollmentFailed(Exception):
    """The share or the deployment on it refused a step, or could not be reached; the message
    says what to do. Unlike a refusal of a value, retrying later may work."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class JoinRequest:
    """A workstation waiting for an administrator's approval."""

    workstation: str
    site: str
    name: str
    requested_at: str


@dataclass(frozen=True)
class Enrolled:
    """This workstation, as it now stands in the deployment."""

    workstation: str
    name: str
    site_code: str
    share: str


@contextmanager
def _on_the_share() -> Iterator[None]:
    try:
        yield
    except (DeploymentError, ShareError) as exc:
        raise EnrollmentFailed(getattr(exc, "message", None) or str(exc)) from exc


def site_code(code: str) -> str:
    """A site of the shipped register, as typed (any case); refused when there is none."""
    code = code.strip().upper()
    if code not in register_codes():
        raise InvalidInput(f"there is no site {code}; `rjdesk-cli sites` lists them.", "site")
    return code


def create_deployment(share_dir: Path, key_file: Path, name: str) -> str:
    """A new deployment on an empty shared folder; its administrator key goes to ``key_file``
    first (a deployment whose key was never stored is lost), and only there. Returns its id."""
    if key_file.exists():
        raise InvalidInput(f"{key_file} exists; an administrator key file is never overwritten.",
                           "admin_key")
    if not share_dir.is_dir():
        raise InvalidInput(f"there is no folder {share_dir}: make the shared folder first (and "
                           "give every workstation's account the right to change it).", "share")
    admin = AdminKey.new()
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(admin.to_bytes())
    try:
        with _on_the_share():
            deployment.create(Share(share_dir), name=name, admin=admin)
    except BaseException:
        key_file.unlink(missing_ok=True)  # nothing was made with it
        raise
    return admin.deployment


def _admin_key(key_file: Path) -> AdminKey:
    with _on_the_share():
        return AdminKey.read(key_file)


def found(db: Database, share_dir: Path, key_file: Path, *, name: str, site: str) -> Enrolled:
    """Make this workstation the deployment's first member; it holds the records everyone
    else starts from, so its first sync publishes a snapshot."""
    code = site_code(site)
    admin = _admin_key(key_file)
    share = Share(share_dir)
    with _on_the_share(), db.transaction() as tx:
        c = tx.connection()
        deployment.found(c, share, admin, name=name, site_code=code)
        state.put(c, state.JOINED, "founder")
        return _enrolled(tx, share, name, code, "Founded the sync deployment")


def request(db: Database, share_dir: Path, *, name: str, site: str) -> Enrolled:
    """Ask to join: leave this workstation's keys on the share for an administrator. Only an
    empty database may ask, since a joining workstation receives the records from a snapshot
    that replaces its own."""
    code = site_code(site)
    share = Share(share_dir)
    with _on_the_share(), db.transaction() as tx:
        holds = sum(tx.scalar(select(func.count()).select_from(model)) or 0
                    for model in (Offender, User, Volunteer))
        if holds:
            raise InvalidInput(
                f"{db.path.name} already holds records; a workstation joins with a new, "
                "empty database and receives the department's records from the snapshot (or "
                "founds the deployment with `enroll found`).")
        deployment.request_to_join(tx.connection(), share, name=name, site_code=code)
        return _enrolled(tx, share, name, code, "Asked to join the sync deployment")


def _enrolled(tx: Session, share: Share, name: str, code: str, what: str) -> Enrolled:
    """Remember the share and leave the audit event, in the step's own transaction."""
    settings.write(tx, settings.SHARE_PATH, str(share.root))
    me = state.workstation_id(tx.connection())
    audit_here(tx, "enroll", "sync",
               f"{what} on {share.root} as {name} ({code}), workstation {me}")
    return Enrolled(me, name, code, str(share.root))


def pending(share_dir: Path) -> list[JoinRequest]:
    """The requests to join that wait for an administrator, oldest first as the share lists."""
    with _on_the_share():
        return [JoinRequest(r["workstation"], r["site"], r["name"], r["requested_at"])
                for r in deployment.pending_requests(Share(share_dir))]


def approve(share_dir: Path, key_file: Path, workstations: list[str] | None = None
            ) -> list[str]:
    """Approve the named workstations (every waiting one when none is named); returns those
    approved, none when no one waits."""
    share = Share(share_dir)
    with _on_the_share():
        wanted = workstations or [r["workstation"] for r in deployment.pending_requests(share)]
        if not wanted:
            return []
        return deployment.approve(share, _admin_key(key_file), wanted)


def remembered_share(db: Database) -> str | None:
    """The share this workstation enrolled with or last synced through."""
    return settings.get(db, settings.SHARE_PATH) or None


def sync_round(db: Database, share_dir: Path | None = None) -> tuple[SyncReport, Database]:
    """One round, joining from the newest snapshot when this workstation has been approved and
    holds no records yet (which replaces the database: use the one returned). A share named
    here is remembered for the next rounds."""
    root = str(share_dir) if share_dir else remembered_share(db)
    if not root:
        raise InvalidInput("name the share with --share DIR.", "share")
    share = Share(Path(root))
    if share_dir:
        with db.transaction() as tx:
            before = settings.read(tx, settings.SHARE_PATH)
            if before != str(share.root):
                settings.write(tx, settings.SHARE_PATH, str(share.root))
                audit_here(tx, "configure", "sync",
                           f"Share path: {before or '(none)'} → {share.root}")
    return run_round(db, share.root, share=share,
                     reopen=lambda path: open_database(path, create=False))
