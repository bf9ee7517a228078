"""Pulling: other workstations' bundles are copied in, verified and applied, each in one
transaction, in an order that keeps parents before children.

A bundle is applied once its origin's earlier bundles are (no gap in sequence numbers) and
once this workstation holds what the origin held when it published (``needs``). A bundle that
fails verification is copied aside, recorded with its reason, shown, and never applied; until
someone replaces it, its origin's later bundles wait behind it. A bundle from a newer schema is
held without complaint until this workstation is upgraded.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from rjdesk.domain.models import utcnow
from rjdesk.store.database import Database
from rjdesk.store.migrate import known_revisions
from rjdesk.sync import crypto, state
from rjdesk.sync.bundles import REPLAYED, BundleRejected, NewerSchema, open_bundle
from rjdesk.sync.capture import capture_off
from rjdesk.sync.layout import BundleRef
from rjdesk.sync.merge import Merger
from rjdesk.sync.publish import Identity
from rjdesk.sync.share import Fault, GoneFromShare, Share, ShareError


APPLY_CACHE_KIB = 128 * 1024


@dataclass
class PullResult:
    bundles: int = 0
    changes: int = 0
    conflicts: int = 0
    rejected: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    max_hlc: int = 0
    #: Origins whose next bundle could not be read this round: their later ones wait.
    blocked: set[str] = field(default_factory=set)


def _applied_ranges(c: Connection) -> dict[tuple[str, int], tuple[int, str]]:
    return {(o, f): (last, d) for o, f, last, d in c.exec_driver_sql(
        "SELECT origin, first_seq, last_seq, digest FROM sync_applied")}


def _already_rejected(c: Connection, ref: BundleRef) -> bool:
    return c.exec_driver_sql(
        "SELECT 1 FROM sync_rejected WHERE file = ? AND size = ? AND mtime = ?",
        (ref.path.name, ref.size, ref.mtime)).first() is not None


def pull(db: Database, share: Share, who: Identity, members: dict[str, dict], work: Path,
         *, cancelled=lambda: False) -> PullResult:  # noqa: ANN001
    result = PullResult()
    incoming = work / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    known = known_revisions()
    keys = {ws: crypto.unb64(m["signing_key"]) for ws, m in members.items()}
    bundles = sorted({b for b in share.list_bundles() if b.ws != who.me})
    while not cancelled():
        with db.reading() as session:
            c = session.connection()
            vector = state.applied_vector(c)
            ranges = _applied_ranges(c)
            ready, waiting = [], []
            for ref in bundles:
                done = vector.get(ref.ws, 0)
                if ref.last <= done and ranges.get((ref.ws, ref.first), (None,))[0] == ref.last:
                    continue  # applied before
                if _already_rejected(c, ref):
                    result.rejected.append(ref.path.name) if ref.path.name not in \
                        result.rejected else None
                    continue
                (ready if ref.first <= done + 1 else waiting).append(ref)
        progress = False
        for ref in sorted(ready, key=lambda r: (r.ws, r.first)):
            outcome = _take(db, share, who, keys, known, ref, incoming, result)
            progress = progress or outcome
        if not progress:
            break
    # what still waits: gaps behind a missing or rejected bundle, or needs not yet met
    with db.reading() as session:
        vector = state.applied_vector(session.connection())
    for ref in bundles:
        if ref.last > vector.get(ref.ws, 0) and ref.path.name not in result.rejected and \
                ref.path.name not in result.held:
            result.held.append(ref.path.name)
    return result


def _take(db: Database, share: Share, who: Identity, keys: dict[str, bytes], known: set[str],
          ref: BundleRef, incoming: Path, result: PullResult) -> bool:
    """Copy, verify and apply one bundle; True when it was applied."""
    local = incoming / ref.path.name
    if ref.ws in result.blocked:
        return False
    try:
        share.fetch(ref.path, local)
    except GoneFromShare:
        return False  # archived meanwhile: covered by a snapshot
    except ShareError as exc:
        if exc.kind is Fault.MISSING:
            raise
        result.blocked.add(ref.ws)  # held by another program: try again next round
        result.warnings.append(f"{ref.path.name} could not be read: {exc.message}")
        return False
    try:
        try:
            opened = open_bundle(local, name=ref.path.name, signer_key=keys.get,
                                 deployment=who.deployment, deployment_key=who.deployment_key,
                                 schema_known=known.__contains__)
        except NewerSchema:
            if ref.path.name not in result.held:
                result.held.append(ref.path.name)
            return False
        except BundleRejected as exc:
            _reject(db, ref, local, exc)
            result.rejected.append(ref.path.name)
            return False
        m = opened.manifest
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
                c.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                cache = c.exec_driver_sql("PRAGMA cache_size").scalar_one()
                # new rows land in six indexes at random places: let their pages stay
                c.exec_driver_sql(f"PRAGMA cache_size = -{APPLY_CACHE_KIB}")
                try:
                    with capture_off(c):
                        merged = Merger(c).apply(opened.changes)
                finally:
                    c.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
                c.exec_driver_sql(
                    "INSERT INTO sync_applied (origin, first_seq, last_seq, digest, file, "
                    "applied_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (ref.ws, ref.first, ref.last, opened.info.digest, ref.path.name,
                     utcnow().isoformat(sep=" ")))
        if replayed:
            _reject(db, ref, local, BundleRejected(
                REPLAYED, f"{ref.path.name} repeats or rewrites changes of this workstation "
                          "already applied here."))
            result.rejected.append(ref.path.name)
            return False
        result.bundles += 1
        result.changes += merged.applied
        result.conflicts += len(merged.conflicts)
        result.max_hlc = max(result.max_hlc, merged.max_hlc)
        return True
    finally:
        local.unlink(missing_ok=True)


def _reject(db: Database, ref: BundleRef, local: Path, problem: BundleRejected) -> None:
    """Keep the file aside locally and say why; nothing of it was applied."""
    aside = local.parent.parent / "rejected"
    aside.mkdir(parents=True, exist_ok=True)
    kept = aside / f"{utcnow():%Y%m%d-%H%M%S}-{ref.path.name}"
    if local.exists():
        shutil.copyfile(local, kept)
    with db.transaction() as session:
        session.connection().exec_driver_sql(
            "INSERT OR IGNORE INTO sync_rejected (file, origin, reason, message, size, mtime, "
            "kept_as, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ref.path.name, ref.ws, problem.reason, problem.message, ref.size, ref.mtime,
             str(kept), utcnow().isoformat(sep=" ")))
