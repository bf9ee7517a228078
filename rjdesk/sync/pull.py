"""Pulling: other workstations' bundles are copied in, verified and applied, each in one
transaction, in an order that keeps parents before children.

A bundle is applied once its origin's earlier bundles are (no gap in sequence numbers) and
once this workstation holds what the origin held when it published (``needs``). A bundle that
fails verification is copied aside, recorded with its reason, shown, and never applied; until
someone replaces it, its origin's later bundles wait behind it. A bundle from a newer schema is
held without complaint until this workstation is upgraded. A file larger than any bundle can be,
or not starting as a sync file does, is refused before it is copied; one refused because its
signer was not in the roster is tried again once the roster names it (``refused``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy.exc
from sqlalchemy import Connection

from rjdesk.domain.base import utcnow
from rjdesk.store.capture import capture_off
from rjdesk.store.database import Database
from rjdesk.store.migrate import known_revisions
from rjdesk.sync import crypto, keyring, refused, state
from rjdesk.sync.authority import Authority, Unauthorized
from rjdesk.sync.bundles import (
    NOT_SYNC_FILE,
    REASON_LABELS,
    REPLAYED,
    TOO_LARGE,
    UNAPPLICABLE,
    UNAUTHORIZED,
    BundleRejected,
    NewerSchema,
    OpenedBundle,
    open_bundle,
)
from rjdesk.sync.container import MAGIC
from rjdesk.sync.layout import BundleRef
from rjdesk.sync.merge import Merger, MergeResult, Unapplicable
from rjdesk.sync.publish import MAX_BUNDLE_BYTES, Identity
from rjdesk.sync.share import Fault, GoneFromShare, Share, ShareError, TooLarge

APPLY_CACHE_KIB = 128 * 1024


@dataclass
class PullResult:
    bundles: int = 0
    changes: int = 0
    conflicts: int = 0
    rejected: list[str] = field(default_factory=list)
    #: Each refused file's reason, in a coordinator's words.
    reasons: dict[str, str] = field(default_factory=dict)
    held: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    max_hlc: int = 0
    #: Origins whose next bundle could not be read this round: their later ones wait.
    blocked: set[str] = field(default_factory=set)

    def refuse(self, name: str, reason: str) -> None:
        if name not in self.rejected:
            self.rejected.append(name)
        self.reasons[name] = REASON_LABELS.get(reason, reason)


def _applied_ranges(c: Connection) -> dict[tuple[str, int], tuple[int, str]]:
    return {(o, f): (last, d) for o, f, last, d in c.exec_driver_sql(
        "SELECT origin, first_seq, last_seq, digest FROM sync_applied")}


def pull(db: Database, share: Share, who: Identity, members: dict[str, dict], work: Path,
         *, cancelled: Callable[[], bool] = lambda: False) -> PullResult:
    result = PullResult()
    incoming = work / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    reader = _Reader(share, who, members, work, result)
    bundles = sorted({b for b in share.list_bundles() if b.ws != who.me})
    try:
        while not cancelled():
            retry = []
            with db.reading() as session:
                c = session.connection()
                vector = state.applied_vector(c)
                ranges = _applied_ranges(c)
                passable = refused.passable(c)
                ready = []
                for ref in bundles:
                    done = vector.get(ref.ws, 0)
                    if ref.last <= done and ranges.get((ref.ws, ref.first), (None,))[0] == \
                            ref.last:
                        continue  # applied before
                    reason = refused.known(c, ref)
                    if reason is not None and reason not in refused.CAN_PASS:
                        result.refuse(ref.path.name, reason)
                        continue
                    if ref.path.name in passable and ref.ws in reader.keys:
                        retry.append(ref)  # the roster names its signer now (this copy or
                        # the good one its workstation put back since)
                    elif reason is not None:
                        result.refuse(ref.path.name, reason)
                        continue
                    if ref.first <= done + 1:
                        ready.append(ref)
            for ref in retry:
                refused.forget(db, ref)
            applied = [_take(db, reader, ref) for ref in ready]
            if not any(applied):
                break
    finally:
        reader.forget()
    # what still waits: gaps behind a missing or rejected bundle, or needs not yet met
    with db.reading() as session:
        vector = state.applied_vector(session.connection())
    for ref in bundles:
        if ref.last > vector.get(ref.ws, 0) and ref.path.name not in result.rejected and \
                ref.path.name not in result.held:
            result.held.append(ref.path.name)
    return result


class _Reader:
    """Copies and verifies each bundle once per round, however often it is looked at: one
    that waits for another workstation's changes is not fetched and decrypted again."""

    def __init__(self, share: Share, who: Identity, members: dict[str, dict], work: Path,
                 result: PullResult) -> None:
        self.share, self.who, self.work, self.result = share, who, work, result
        self.incoming = work / "incoming"
        self.keys = {ws: crypto.unb64(m["signing_key"]) for ws, m in members.items()}
        #: Revoked workstations: their bundles are taken up to the last change they had on
        #: the share when revoked; any later one is signed by no one this workstation knows.
        self.upto = {ws: int(m["upto"]) for ws, m in members.items() if "upto" in m}
        self.known = known_revisions()
        self.opened: dict[str, OpenedBundle] = {}
        self.content: dict[str, str] = {}  # name → content key of the copy read this round

    def local(self, ref: BundleRef) -> Path:
        return self.incoming / ref.path.name

    def open(self, db: Database, ref: BundleRef) -> OpenedBundle | None:
        """The bundle verified and decoded; None when it cannot be had this round (held,
        refused, being archived, or held open by another program)."""
        name, result = ref.path.name, self.result
        if name in self.opened:
            return self.opened[name]
        if ref.ws in result.blocked:
            return None
        local = self.local(ref)
        if ref.size > MAX_BUNDLE_BYTES:
            return self._refuse_unread(db, ref, _too_large(ref))
        try:
            if self.share.read_head(ref.path, len(MAGIC)) != MAGIC:
                return self._refuse_unread(db, ref, BundleRejected(
                    NOT_SYNC_FILE, f"{name} does not start as an RJ Desk sync file does; it "
                                   "was not copied."))
            self.share.fetch(ref.path, local, limit=MAX_BUNDLE_BYTES)
        except TooLarge:  # grown since it was listed
            return self._refuse_unread(db, ref, _too_large(ref))
        except GoneFromShare:
            return None  # archived meanwhile: covered by a snapshot
        except ShareError as exc:
            if exc.kind is Fault.MISSING:
                raise
            result.blocked.add(ref.ws)  # held by another program: try again next round
            result.warnings.append(f"{name} could not be read: {exc.message}")
            return None
        key = self.content[name] = refused.content_key(local)
        if reason := refused.already(db, ref, key):  # the same refused file, touched since
            local.unlink(missing_ok=True)
            result.refuse(name, reason)
            return None
        try:
            opened = open_bundle(local, name=name, signer_key=lambda o: self.signer(o, ref),
                                 deployment=self.who.deployment,
                                 deployment_key=self.who.ring,
                                 schema_known=self.known.__contains__)
        except (NewerSchema, keyring.KeyNotHeld):
            if name not in result.held:
                result.held.append(name)
            return None
        except BundleRejected as exc:
            self.reject(db, ref, exc)
            return None
        self.opened[name] = opened
        return opened

    def signer(self, origin: str, ref: BundleRef) -> bytes | None:
        limit = self.upto.get(origin)
        if limit is not None and (origin != ref.ws or ref.last > limit):
            return None
        return self.keys.get(origin)

    def reject(self, db: Database, ref: BundleRef, problem: BundleRejected) -> None:
        """Refuse a bundle that was copied here: recorded, and the copy kept aside."""
        name = ref.path.name
        refused.record(db, ref, self.work, problem, self.content[name], copy=self.local(ref))
        self.result.refuse(name, problem.reason)

    def _refuse_unread(self, db: Database, ref: BundleRef,
                       problem: BundleRejected) -> OpenedBundle | None:
        """Refuse a file without copying it whole: its first part alone is kept, once."""
        key = refused.unread_key(ref)
        if reason := refused.already(db, ref, key):
            self.result.refuse(ref.path.name, reason)
            return None
        try:
            head = self.share.read_head(ref.path, refused.HEAD_BYTES)
        except ShareError:
            head = b""
        refused.record(db, ref, self.work, problem, key, head=head)
        self.result.refuse(ref.path.name, problem.reason)
        return None

    def forget(self) -> None:
        for name in self.opened:
            (self.incoming / name).unlink(missing_ok=True)
        for leftover in self.incoming.glob("*.rjb"):
            leftover.unlink(missing_ok=True)


def _too_large(ref: BundleRef) -> BundleRejected:
    return BundleRejected(TOO_LARGE, f"{ref.path.name} holds more bytes than any bundle can "
                                     f"({MAX_BUNDLE_BYTES:,}); it was not copied.")


def _take(db: Database, reader: _Reader, ref: BundleRef) -> bool:
    """Verify and apply one bundle in one transaction; True when it was applied. A bundle
    holding a change that cannot be applied here is refused whole, with the reason."""
    opened = reader.open(db, ref)
    if opened is None:
        return False
    try:
        return _apply(db, reader, ref, opened)
    except Unauthorized as exc:
        reader.reject(db, ref, BundleRejected(
            UNAUTHORIZED, f"{ref.path.name} from workstation {ref.ws[:8]}… holds a change its "
                          f"author could not have made, so none of it was applied: {exc}."))
        return False
    # sqlite3's error while merging; SQLAlchemy's at commit, where deferred keys are checked
    except (Unapplicable, sqlite3.IntegrityError, sqlalchemy.exc.IntegrityError) as exc:
        reader.reject(db, ref, BundleRejected(
            UNAPPLICABLE, f"{ref.path.name} from workstation {ref.ws[:8]}… cannot be applied "
                          f"here, so none of it was: {exc}."))
        return False


def _apply(db: Database, reader: _Reader, ref: BundleRef, opened: OpenedBundle) -> bool:
    who, result, m = reader.who, reader.result, opened.manifest
    replayed = False
    with db.transaction() as session:
        c = session.connection()
        vector = state.applied_vector(c)
        done = vector.get(ref.ws, 0)
        previous = c.exec_driver_sql(
            "SELECT digest FROM sync_applied WHERE origin = ? AND last_seq = ?",
            (ref.ws, ref.first - 1)).scalar()
        needs = m.get("needs") or {}
        same = c.exec_driver_sql(
            "SELECT digest FROM sync_applied WHERE origin = ? AND first_seq = ? AND "
            "last_seq = ?", (ref.ws, ref.first, ref.last)).scalar()
        if same == opened.info.digest:
            return False  # delivered again: applied already
        if ref.first <= done or (previous is not None and m.get("prev") != previous):
            replayed = True
        elif ref.first != done + 1 or any(vector.get(o, 0) < int(n)
                                          for o, n in needs.items() if o != who.me):
            return False  # waits for earlier bundles
        else:
            merged = _merge(c, opened)
            c.exec_driver_sql(
                "INSERT INTO sync_applied (origin, first_seq, last_seq, digest, file, "
                "applied_at) VALUES (?, ?, ?, ?, ?, ?)",
                (ref.ws, ref.first, ref.last, opened.info.digest, ref.path.name,
                 utcnow().isoformat(sep=" ")))
    if replayed:
        reader.reject(db, ref, BundleRejected(
            REPLAYED, f"{ref.path.name} repeats or rewrites changes of workstation "
                      f"{ref.ws[:8]}… that were applied here already."))
        return False
    result.bundles += 1
    result.changes += merged.applied
    result.conflicts += len(merged.conflicts)
    result.max_hlc = max(result.max_hlc, merged.max_hlc)
    return True


def _merge(c: Connection, opened: OpenedBundle) -> MergeResult:
    c.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    cache = c.exec_driver_sql("PRAGMA cache_size").scalar_one()
    # new rows land in six indexes at random places: let their pages stay
    c.exec_driver_sql(f"PRAGMA cache_size = -{APPLY_CACHE_KIB}")
    try:
        with capture_off(c):
            merger = Merger(c)
            Authority(merger.sql).check_all(opened.changes, opened.signatures)
            return merger.apply(opened.changes)
    finally:
        c.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
