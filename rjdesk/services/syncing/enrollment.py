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
from rjdesk.sync import deployment, keyring, membership, state
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
    """A workstation waiting for an administrator's approval: its fingerprint is compared by
    phone with the one the workstation showed when it asked; ``doubts`` say why it may not be
    what its name claims (a name already enrolled, or asked for twice)."""

    workstation: str
    site: str
    name: str
    requested_at: str
    fingerprint: str = ""
    doubts: tuple[str, ...] = ()


class Doubtful(InvalidInput):
    """Requests named for approval that look like another workstation; nothing was approved."""

    def __init__(self, doubtful: list[JoinRequest]) -> None:
        super().__init__("not approved: a request looks like another workstation; compare its "
                         "fingerprint with the workstation's, then approve it again with "
                         "--even-if-duplicate", "workstations")
        self.doubtful = doubtful

    def lines(self) -> list[str]:
        return [self.message, *(f"{r.name} ({r.site}, {r.workstation}, fingerprint "
                                f"{r.fingerprint}): {doubt}"
                                for r in self.doubtful for doubt in r.doubts)]


@dataclass(frozen=True)
class Member:
    """An enrolled workstation, as the roster lists it."""

    workstation: str
    site: str
    name: str
    approved_at: str
    fingerprint: str     # empty for one approved before the roster kept both its keys


@dataclass(frozen=True)
class Revocation:
    """A workstation revoked, and the deployment key renewed for the others."""

    workstation: str
    site: str
    name: str
    generation: int
    remaining: int


@dataclass(frozen=True)
class Enrolled:
    """This workstation, as it now stands in the deployment."""

    workstation: str
    name: str
    site_code: str
    share: str
    fingerprint: str = ""    # read to the administrator, who compares it before approving


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


def _admin_key(key_file: Path, share: Share) -> AdminKey:
    """The administrator key, checked against the deployment on the share before anything is
    written: a file that is not a key, or the key of another deployment, is a wrong value."""
    try:
        admin = AdminKey.read(key_file)
    except DeploymentError as exc:
        raise InvalidInput(str(exc), "admin_key") from exc
    with _on_the_share():
        deployment.read_deployment(share)
    try:
        admin.check_for(share)
    except DeploymentError as exc:
        raise InvalidInput(f"{key_file.name}: {exc}", "admin_key") from exc
    return admin


def deployment_name(share_dir: Path) -> str:
    """The name of the deployment on a share; a share without one fails here, before a
    workstation writes anything of its own."""
    with _on_the_share():
        return str(deployment.read_deployment(Share(share_dir)).get("name", ""))


def found(db: Database, share_dir: Path, key_file: Path, *, name: str, site: str) -> Enrolled:
    """Make this workstation the deployment's first member; it holds the records everyone
    else starts from, so its first sync publishes a snapshot."""
    code = site_code(site)
    share = Share(share_dir)
    admin = _admin_key(key_file, share)
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
    c = tx.connection()
    me = state.workstation_id(c)
    audit_here(tx, "enroll", "sync",
               f"{what} on {share.root} as {name} ({code}), workstation {me}")
    return Enrolled(me, name, code, str(share.root), keyring.own_fingerprint(c) or "")


def _request(w: membership.Waiting) -> JoinRequest:
    return JoinRequest(w.workstation, w.site, w.name, w.requested_at, w.fingerprint,
                       tuple(w.doubts))


def pending(share_dir: Path) -> list[JoinRequest]:
    """The requests to join that wait for an administrator, oldest first as the share lists,
    each with its fingerprint and doubts."""
    with _on_the_share():
        return [_request(w) for w in membership.waiting(Share(share_dir))]


def unreadable_requests(share_dir: Path) -> list[str]:
    """Files in the share's requests folder that cannot be taken as a request, and why."""
    bad: list[str] = []
    with _on_the_share():
        deployment.pending_requests(Share(share_dir), bad=bad)
    return bad


def approve(share_dir: Path, key_file: Path, workstations: list[str], *,
            even_if_duplicate: bool = False) -> list[JoinRequest]:
    """Approve the requests named (by workstation id or name; never all that wait). One that
    looks like another workstation is approved only ``even_if_duplicate``; nothing is
    approved while any named one is refused."""
    share = Share(share_dir)
    admin = _admin_key(key_file, share)
    if not [w for w in workstations if w.strip()]:
        raise InvalidInput("name the workstations to approve, by id or name (`enroll list` "
                           "shows those waiting, with their fingerprints).", "workstations")
    with _on_the_share():
        candidates = membership.waiting(share)
    try:
        chosen = [_request(w) for w in membership.choose(candidates, workstations)]
    except DeploymentError as exc:
        raise InvalidInput(str(exc), "workstations") from exc
    doubtful = [r for r in chosen if r.doubts]
    if doubtful and not even_if_duplicate:
        raise Doubtful(doubtful)
    with _on_the_share():
        deployment.approve(share, admin, [r.workstation for r in chosen])
    return chosen


def members(share_dir: Path) -> list[Member]:
    """The workstations the newest roster enrolls."""
    with _on_the_share():
        roster = membership.roster_of(Share(share_dir))
    return [Member(m["id"], m.get("site", ""), m["name"], m.get("approved_at", ""),
                   membership.fingerprint_of(m)) for m in roster["workstations"]]


def revoke(share_dir: Path, key_file: Path, workstation: str) -> Revocation:
    """Remove a workstation (by id or name) and renew the deployment key for the others."""
    share = Share(share_dir)
    admin = _admin_key(key_file, share)
    if not workstation.strip():
        raise InvalidInput("name the workstation to revoke, by id or name.", "workstations")
    with _on_the_share():
        roster = membership.roster_of(share)
    if roster["problem"]:
        raise EnrollmentFailed(f"Nothing approved or revoked: {roster['problem']}")
    try:
        membership.member(roster, workstation)
    except DeploymentError as exc:
        raise InvalidInput(str(exc), "workstations") from exc
    with _on_the_share():
        done = membership.revoke(share, admin, workstation)
    return Revocation(done.workstation, done.site, done.name, done.generation, done.members)


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
