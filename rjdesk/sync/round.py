"""One sync round: publish what is new here, apply what is new there, say how it went.

Used alike by the window's background sync, by ``rjdesk-cli sync`` and by a scheduled task.
Every share failure ends the round with a report (offline, read-only, full, locked), never an
exception: nothing is lost, the changes wait in the database and go out next time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from rjdesk import paths
from rjdesk.domain.base import utcnow
from rjdesk.store import private
from rjdesk.store.clock import physical_ms, wall_ms
from rjdesk.store.database import Database
from rjdesk.sync import deployment, health, keyring, membership, snapshot, state
from rjdesk.sync.bundles import BundleRejected, NewerSchema
from rjdesk.sync.deployment import DeploymentError
from rjdesk.sync.merge import open_conflict_ids
from rjdesk.sync.publish import (
    Identity,
    PublishError,
    make_durable,
    pending_count,
    publish_pending,
    repair_own,
)
from rjdesk.sync.pull import pull
from rjdesk.sync.share import Fault, Share, ShareError

#: A workstation whose clock is further off than this is warned.
SKEW_WARNING_S = 10 * 60
#: The founding workstation publishes a new snapshot after this many changes or days.
SNAPSHOT_EVERY_CHANGES = 100_000
SNAPSHOT_EVERY_DAYS = 7

OFFLINE, NOT_ENROLLED, WAITING, JOINING, SYNCED, INCOMPLETE, FAILED = (
    "offline", "not_enrolled", "waiting", "joining", "synced", "incomplete", "failed")


@dataclass
class SyncReport:
    outcome: str
    message: str = ""
    published: int = 0
    bundles_applied: int = 0
    changes_applied: int = 0
    new_conflicts: int = 0
    open_conflicts: int = 0
    rejected: list[str] = field(default_factory=list)
    #: Each refused file's reason, in a coordinator's words.
    reasons: dict[str, str] = field(default_factory=dict)
    held: list[str] = field(default_factory=list)
    pending: int = 0
    warnings: list[str] = field(default_factory=list)
    #: What keeps this round from being right even though it ran (a damaged newest roster).
    problems: list[str] = field(default_factory=list)
    snapshot: str = ""
    archived: int = 0
    at: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """For a scheduled task: the round reached the share, found it sound, refused nothing."""
        return self.outcome in (SYNCED, WAITING) and not self.rejected and not self.problems

    def lines(self) -> list[str]:
        refused = f", {len(self.rejected)} file(s) refused" if self.rejected else ""
        refused += f", {len(self.problems)} problem(s)" if self.problems else ""
        out = [f"sync: {self.outcome}{refused}" + (f" — {self.message}" if self.message else "")]
        out += [f"problem: {p}" for p in self.problems]
        if self.outcome == SYNCED:
            out.append(f"published {self.published} changes; applied {self.changes_applied} "
                       f"changes from {self.bundles_applied} bundles; {self.pending} waiting here")
            out.append(f"conflicts: {self.new_conflicts} new, {self.open_conflicts} to review")
        out += [f"rejected: {name}" + (f" ({self.reasons[name]})" if name in self.reasons else "")
                for name in self.rejected]
        out += [f"held: {name}" for name in self.held]
        out += [f"warning: {w}" for w in self.warnings]
        if self.snapshot:
            out.append(f"snapshot: {self.snapshot}")
        if self.archived:
            out.append(f"archived: {self.archived} bundles every site holds")
        return out


def open_conflicts(c: Connection) -> int:
    return len(open_conflict_ids(c))


def run_round(db: Database, share_root: Path | str, *, clock: Callable[[], float] = time.time,
              cancelled: Callable[[], bool] = lambda: False,
              reopen: Callable[[Path], Database] | None = None,
              share: Share | None = None) -> tuple[SyncReport, Database]:
    """One round. Returns the report and the database (a new one if this workstation has just
    joined from a snapshot, which only happens when ``reopen`` is given)."""
    db.require_writable()
    started = time.monotonic()
    share = share or Share(Path(share_root))
    work = private.tree(paths.sync_work_dir(db.path))  # bundles hold records: owner-only
    try:
        report, db = _round(db, share, work, clock, cancelled, reopen)
    except ShareError as exc:
        report = SyncReport(OFFLINE if exc.kind is Fault.MISSING else INCOMPLETE, exc.message)
    except OSError as exc:  # this computer's own disk (full, or the work folder unwritable)
        report = SyncReport(FAILED, f"this computer could not write {exc.filename or 'a file'}:"
                                    f" {exc.strerror or exc}; free some space and sync again")
    except (DeploymentError, PublishError, NewerSchema) as exc:
        report = SyncReport(FAILED, str(exc))
    except BundleRejected as exc:
        report = SyncReport(FAILED, f"the snapshot was refused: {exc.label} ({exc.message})")
    report.warnings += [n for n in share.take_notes() if n not in report.warnings]
    private.tree(work)  # what the round left there (copies, kept bundles), owner-only too
    report.at = utcnow().isoformat(timespec="seconds")
    report.seconds = round(time.monotonic() - started, 3)
    with db.transaction() as session:
        c = session.connection()
        me = state.workstation_id(c)
        report.pending = pending_count(c, me)
        report.open_conflicts = open_conflicts(c)
        state.put_json(c, state.LAST_SYNC, asdict(report))
    return report, db


def _round(db: Database, share: Share, work: Path, clock: Callable[[], float],
           cancelled: Callable[[], bool],
           reopen: Callable[[Path], Database] | None) -> tuple[SyncReport, Database]:
    share.check()
    with db.transaction() as session:
        c = session.connection()
        if not state.get_json(c, state.DEPLOYMENT):
            return SyncReport(NOT_ENROLLED, "this workstation has not asked to join a "
                                            "deployment (`rjdesk-cli enroll`)"), db
        deployment.receive_key(c, share)
        who = Identity.load(c)
        joined = state.get(c, state.JOINED)
        name = c.exec_driver_sql("SELECT value FROM local_setting WHERE key = "
                                 "'workstation_name'").scalar() or ""
    if who is None:
        return SyncReport(WAITING, "waiting for an administrator to approve this workstation"), db
    with db.reading() as session:
        known = int((state.get_json(session.connection(), state.ROSTER) or {}).get("version", 0))
    roster = deployment.load_roster(share, who.admin_key, who.deployment, known=known)
    members, problems = roster["members"], [roster["problem"]] if roster["problem"] else []
    with db.transaction() as session:
        c = session.connection()
        if not problems:  # a stand-in roster is not remembered: the newest read stays the mark
            state.put_json(c, state.ROSTER, {"version": roster["version"], "members": members})
        if (desk := deployment.desk_of(roster, who.me)) is not None:
            state.put(c, state.DESK_NUMBER, str(desk))  # the slip numbers' series (settings)
        renewed = who.me in members and deployment.receive_key(c, share,
                                                               keyring.generation_of(roster))
        who = Identity.load(c) or who
    if (gone := membership.revoked_entry(roster, who.me)) is not None:
        return SyncReport(NOT_ENROLLED, f"an administrator revoked this workstation "
                                        f"({gone.get('revoked_at', '')}): its changes are no "
                                        "longer taken; it asks to join again with a new "
                                        "database", problems=problems), db
    if who.me not in members:
        return SyncReport(WAITING, "this workstation is not in the roster of approved "
                                   "workstations", problems=problems), db
    report = SyncReport(SYNCED, problems=problems)
    if not renewed:
        report.warnings.append("the administrator renewed the deployment key, but the share "
                               "holds no copy for this workstation yet; newer files wait")
    if not joined:
        ref = snapshot.newest(share, members)
        if ref is None:
            return SyncReport(WAITING, "waiting for the first snapshot from the founding "
                                       "workstation"), db
        if reopen is None:
            return SyncReport(JOINING, "this workstation starts from a snapshot; run "
                                       "`rjdesk-cli sync` to join"), db
        snapshot.install(db, share, ref, members, work)
        db = reopen(db.path)
        report.message = f"joined from {ref.path.name}"
    # A share that takes no writes (read-only, full, a file held) still gives what it holds.
    refused_writes: ShareError | None = None
    try:
        report.published = publish_pending(db, share, who, work)
        report.warnings += [f"{name} was missing or damaged on the share and was put back"
                            for name in repair_own(db, share, who, work)]
    except ShareError as exc:
        if exc.kind is Fault.MISSING:
            raise
        refused_writes = exc
    pulled = pull(db, share, who, membership.signers(roster), work, cancelled=cancelled)
    report.warnings += pulled.warnings
    report.bundles_applied, report.changes_applied = pulled.bundles, pulled.changes
    report.new_conflicts, report.rejected, report.held = pulled.conflicts, pulled.rejected, \
        pulled.held
    report.reasons = pulled.reasons
    now_ms = wall_ms(clock)
    skew = share.server_clock_skew()  # the share's clock against the real one …
    if skew is not None:
        skew += time.time() - clock()  # … against the one this workstation stamps with
    if skew is not None and abs(skew) > SKEW_WARNING_S:
        report.warnings.append(_skew_sentence(-skew))
    if pulled.max_hlc and physical_ms(pulled.max_hlc) - now_ms > SKEW_WARNING_S * 1000:
        report.warnings.append("another workstation's clock runs ahead of this one by "
                               f"{_span((physical_ms(pulled.max_hlc) - now_ms) / 1000)}; "
                               "changes still merge in order")
    if joined == "founder" and refused_writes is None:
        report.snapshot = _maybe_snapshot(db, share, who, members, work)
    with db.transaction() as session:
        c = session.connection()
        number = int(state.get(c, state.ACK_NUMBER, "0") or 0) + 1
        site = members[who.me].get("site", "")
        ack = health.make_ack(c, who, name=name or members[who.me].get("name", ""), site=site,
                              clock_ms=now_ms)
        state.put(c, state.ACK_NUMBER, str(number))
    if refused_writes is None:
        try:
            make_durable(db)
            health.publish_ack(share, who, ack, number)
        except ShareError as exc:
            if exc.kind is Fault.MISSING:
                raise
            refused_writes = exc
    if refused_writes is not None:
        report.outcome, report.message = INCOMPLETE, refused_writes.message
    elif pulled.blocked:
        report.outcome, report.message = INCOMPLETE, pulled.warnings[0]
    acks = health.read_acks(share, members)
    for d in health.divergences(acks):
        report.warnings.append(d.sentence(members))
    if joined == "founder":
        report.archived = _archive(share, acks, members)
    return report, db


def _maybe_snapshot(db: Database, share: Share, who: Identity, members: dict, work: Path) -> str:
    """A new snapshot when the newest is a week old or 100,000 changes behind (and something
    changed since). Its age is the file's, since a snapshot of a baseline has no stamp."""
    mine = [s for s in share.list_snapshots() if s.ws == who.me]
    newest = max(mine, key=lambda s: s.stamp, default=None)
    if newest is not None:
        with db.reading() as session:
            since = session.connection().exec_driver_sql(
                "SELECT count(*) FROM sync_change WHERE hlc > ?", (newest.stamp,)).scalar_one()
        age_days = (time.time() - newest.mtime) / 86_400
        if since == 0 or (since < SNAPSHOT_EVERY_CHANGES and age_days < SNAPSHOT_EVERY_DAYS):
            return ""
    return snapshot.make(db, share, who, work)


def _archive(share: Share, acks: dict, members: dict) -> int:
    ref = snapshot.newest(share, members)
    if ref is None:
        return 0
    vector = snapshot.vector_of(share, ref, members)
    moved = 0
    for bundle in health.archivable(share, acks, members, vector):
        try:
            share.archive(bundle.path)
            moved += 1
        except ShareError:
            break
    return moved


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 60:.0f} minutes"


def _skew_sentence(ahead_s: float) -> str:
    way = "ahead of" if ahead_s > 0 else "behind"
    return (f"this workstation's clock is {_span(ahead_s)} {way} the share's; set the date and "
            "time right (changes still merge in order)")
