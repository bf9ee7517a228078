"""Running sync from the program: where the share is, who this workstation is, how the last
round went, and one round now. Plain data out; the window never reads ``sync_state`` itself.

The share path is checked when it is saved, because that is when a wrong one is cheapest to
fix: a local or mapped-drive folder that does not exist is refused (almost always a typo, and a
mapped drive letter is not there for a scheduled sync anyway), and so is a folder that holds no
RJ Desk deployment, or another deployment than the one this workstation joined. A UNC path
(``\\\\server\\share\\rj``) that cannot be reached is saved all the same, with a note: a server
that is down while the administrator sets up is normal, and sync starts once it is back.
Looking at a UNC path can take the network's timeout (20 s and more on Windows), so the window
calls these functions off the GUI thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core import settings
from rjdesk.services.core.context import Actor, acting, audit
from rjdesk.services.core.errors import Errors, InvalidInput, NotAllowed, NotFound
from rjdesk.services.core.sites import site_by_code
from rjdesk.store.database import Database
from rjdesk.sync import deployment, keyring, state
from rjdesk.sync.publish import pending_count
from rjdesk.sync.round import SyncReport, open_conflicts, run_round
from rjdesk.sync.share import Share, ShareError

#: The outcome of a round asked for on a workstation that has no share set.
NOT_CONFIGURED = "not_configured"
#: Files refused within this many days count in the status bar; the Sync page lists them all.
REJECTED_RECENT_DAYS = 7
NAME_MESSAGE = "Name this workstation (for example JCCC-ICVC-1)."


@dataclass(frozen=True)
class SyncStatus:
    """This workstation's sync as the status bar and the Sync page show it."""

    share_path: str
    workstation_name: str
    site_code: str
    enrolled: bool        # it has asked to join a deployment (or founded it)
    approved: bool        # an administrator approved it: it holds the deployment key
    joined: bool          # it holds the records (founded, or started from a snapshot)
    pending: int          # own changes not yet published
    open_conflicts: int
    rejected: int         # every file refused, ever
    rejected_recent: int  # refused within REJECTED_RECENT_DAYS
    last: SyncReport | None = None
    fingerprint: str = ""  # of its sync keys: IT compares it with the request before approving

    @property
    def configured(self) -> bool:
        return bool(self.share_path)

    @property
    def last_at(self) -> datetime | None:
        """When the last round ended, in UTC (aware)."""
        return _parse_at(self.last.at) if self.last and self.last.at else None


@dataclass(frozen=True)
class SyncSettings:
    """What the Sync settings dialog shows and saves."""

    share_path: str
    workstation_name: str
    site_code: str


@dataclass(frozen=True)
class SavedSettings:
    """What was saved, and anything the administrator should know about it."""

    settings: SyncSettings
    notes: list[str] = field(default_factory=list)


def _parse_at(raw: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _report(raw: dict | None) -> SyncReport | None:
    if not raw or "outcome" not in raw:
        return None
    known = {f.name for f in fields(SyncReport)}
    return SyncReport(**{k: v for k, v in raw.items() if k in known})


def status(db: Database, *, now: datetime | None = None) -> SyncStatus:
    """Everything the status bar needs, in one short read of the local database."""
    since = (now or datetime.now(UTC)) - timedelta(days=REJECTED_RECENT_DAYS)
    with db.reading() as tx:
        c = tx.connection()
        me = state.workstation_id(c)
        roster = state.get_json(c, state.ROSTER) or {}
        site_id = settings.read(tx, settings.SITE_ID)
        site_code = c.exec_driver_sql("SELECT code FROM site WHERE id = ?",
                                      (site_id,)).scalar() if site_id else None
        rejected_at = [_parse_at(str(r[0])) for r in
                       c.exec_driver_sql("SELECT at FROM sync_rejected")]
        recent = sum(1 for at in rejected_at if at is not None and at >= since)
        return SyncStatus(
            share_path=settings.read(tx, settings.SHARE_PATH),
            workstation_name=settings.read(tx, settings.WORKSTATION_NAME),
            site_code=site_code or "",
            enrolled=state.get_json(c, state.DEPLOYMENT) is not None,
            approved=bool(state.get(c, state.DEPLOYMENT_KEY)) and
            me in (roster.get("members") or {}),
            joined=bool(state.get(c, state.JOINED)),
            pending=pending_count(c, me), open_conflicts=open_conflicts(c),
            rejected=len(rejected_at), rejected_recent=recent,
            last=_report(state.get_json(c, state.LAST_SYNC)),
            fingerprint=keyring.own_fingerprint(c) or "")


def settings_of(db: Database) -> SyncSettings:
    current = status(db)
    return SyncSettings(current.share_path, current.workstation_name, current.site_code)


# -- saving the settings ---------------------------------------------------------------------

def _require_configure(actor: Actor) -> None:
    if not actor.may(Permission.CONFIGURE_SYNC):
        raise NotAllowed(f"Your role ({actor.role.label}) does not allow you to change how "
                         "this workstation syncs.")


def is_unc(path: str) -> bool:
    """``\\\\server\\share\\…`` (or with forward slashes): a network path, not a drive."""
    return path[:2] in ("\\\\", "//") and len(path) > 2 and path[2] not in "\\/"


def clean_share_path(raw: str) -> str:
    """As typed or pasted: Windows Explorer's "Copy as path" adds quotes."""
    path = (raw or "").strip()
    if len(path) >= 2 and path[0] == path[-1] and path[0] in "\"'":
        path = path[1:-1].strip()
    return path


def _check_share(path: str, pinned: dict | None) -> list[str]:
    """Refuses a path that cannot be right; returns notes for one that may be right later."""
    if not path:
        raise InvalidInput("Enter the folder of the central share, for example "
                           r"\\server\rjdesk.", "share_path")
    if not os.path.isdir(path):
        if is_unc(path):
            return [f"The share {path} cannot be reached now; it is saved, and sync starts by "
                    "itself once the share can be reached."]
        raise InvalidInput(f"The folder {path} does not exist. For a network share give its "
                           "full network path, starting with two backslashes, not a mapped "
                           "drive letter: a scheduled sync does not see mapped drives.",
                           "share_path")
    share = Share(Path(path))
    try:
        found = deployment.read_deployment(share)
    except (deployment.DeploymentError, ShareError):
        raise InvalidInput(f"{path} holds no RJ Desk deployment (no deployment.json). Choose "
                           "the folder the deployment was created in.", "share_path") from None
    if pinned and found.get("deployment") != pinned.get("deployment"):
        raise InvalidInput(f"{path} holds another deployment than the one this workstation "
                           "joined; choose this deployment's share.", "share_path")
    return []


def _check_workstation(tx: Session, name: str, site_code: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    site_id = ""
    if not name.strip():
        errors["workstation_name"] = NAME_MESSAGE
    if not site_code.strip():
        errors["site"] = "Choose the site this workstation belongs to."
    else:
        try:
            site_id = site_by_code(tx, site_code).id
        except NotFound as exc:
            errors["site"] = exc.message
    if errors:
        raise Errors(errors)
    return name.strip(), site_id


def _write_share(tx: Session, actor: Actor, path: str) -> None:
    before = settings.read(tx, settings.SHARE_PATH)
    if before != path:
        settings.write(tx, settings.SHARE_PATH, path)
        audit(tx, actor, "configure", "sync", None,
              f"Share path: {before or '(none)'} → {path}")


def _write_workstation(tx: Session, actor: Actor, name: str, site_id: str,
                       site_code: str) -> None:
    old_name = settings.read(tx, settings.WORKSTATION_NAME)
    old_site = settings.read(tx, settings.SITE_ID)
    if (old_name, old_site) == (name, site_id):
        return
    settings.write(tx, settings.WORKSTATION_NAME, name)
    settings.write(tx, settings.SITE_ID, site_id)
    audit(tx, actor, "configure", "workstation", None,
          f"This workstation: {old_name or '(no name)'} → {name}, site {site_code.upper()}")


def set_share_path(db: Database, actor: Actor, path: str) -> list[str]:
    """Store where the central share is; returns notes (an offline UNC path is saved)."""
    _require_configure(actor)
    path = clean_share_path(path)
    with db.reading() as tx:
        pinned = state.get_json(tx.connection(), state.DEPLOYMENT)
    notes = _check_share(path, pinned)
    with acting(db, actor) as tx:
        _write_share(tx, actor, path)
    return notes


def set_workstation(db: Database, actor: Actor, name: str, site_code: str) -> None:
    """This workstation's name and site (shown at sign-in). Other workstations keep knowing
    it by the name and site it had when it asked to join."""
    _require_configure(actor)
    with acting(db, actor) as tx:
        name, site_id = _check_workstation(tx, name, site_code)
        _write_workstation(tx, actor, name, site_id, site_code)


def save_settings(db: Database, actor: Actor, wanted: SyncSettings) -> SavedSettings:
    """The Sync settings dialog's one call: every field checked, then all saved together."""
    _require_configure(actor)
    path = clean_share_path(wanted.share_path)
    errors: dict[str, str] = {}
    notes: list[str] = []
    with db.reading() as tx:
        pinned = state.get_json(tx.connection(), state.DEPLOYMENT)
    try:
        notes = _check_share(path, pinned)
    except InvalidInput as exc:
        errors[exc.field] = exc.message
    with acting(db, actor) as tx:
        try:
            name, site_id = _check_workstation(tx, wanted.workstation_name,
                                               wanted.site_code)
        except Errors as exc:
            errors.update(exc.errors)
        if errors:
            raise Errors(errors)
        _write_share(tx, actor, path)
        _write_workstation(tx, actor, name, site_id, wanted.site_code)
    return SavedSettings(SyncSettings(path, name, wanted.site_code.strip().upper()), notes)


# -- a round ---------------------------------------------------------------------------------

def sync_now(db: Database, *, cancelled: Callable[[], bool] = lambda: False,
             clock: Callable[[], float] = time.time) -> SyncReport:
    """One round against the stored share. Never joins from a snapshot (that replaces the
    database, which ``rjdesk-cli sync`` does before the program is used) and never raises for
    share trouble: the report says what happened."""
    share_path = settings.get(db, settings.SHARE_PATH)
    if not share_path:
        return SyncReport(NOT_CONFIGURED, "no share is set for this workstation; an "
                                          "administrator sets it in Sync settings",
                          at=utcnow().isoformat(timespec="seconds"))
    report, _db = run_round(db, share_path, clock=clock, cancelled=cancelled)
    return report


def share_reachable(db: Database) -> bool:
    """Whether the stored share's folder is there now. May wait for the network's timeout:
    call it off the GUI thread."""
    share_path = settings.get(db, settings.SHARE_PATH)
    return bool(share_path) and os.path.isdir(share_path)
