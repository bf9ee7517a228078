"""Refused bundles: recorded with their reason, and kept aside once for a coordinator to look at.

A refused file is known by its name and its content (the SHA-256 of a copy that was read; the
size of one refused unread, too large or not a sync file at all), never by its time, so one
that a sync tool or a scanner touches again is neither copied nor recorded again. What is kept
is capped: a file refused unread keeps its first ``HEAD_BYTES``, and the folder as a whole grows
past ``KEEP_BYTES`` by first parts alone. Kept files are readable by this account alone.

Some refusals can pass: a bundle signed by a workstation that is not (yet, or no longer
visibly) in the roster is tried again once the roster names it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from sqlalchemy import Connection

from rjdesk.domain.base import utcnow
from rjdesk.store.database import Database
from rjdesk.sync.bundles import UNKNOWN_SIGNER, BundleRejected
from rjdesk.sync.layout import BundleRef

#: The first part of a file refused unread that is kept, and of any once the folder is full.
HEAD_BYTES = 64 << 10
#: What the rejected folder may hold in whole copies.
KEEP_BYTES = 512 << 20
#: Refusals whose cause can go away: the bundle is tried again once it has.
CAN_PASS = frozenset({UNKNOWN_SIGNER})
_BLOCK = 1 << 20


def rejected_dir(work: Path) -> Path:
    return work / "rejected"


def content_key(path: Path) -> str:
    """A copy's identity: the start of its SHA-256."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()[:32]


def unread_key(ref: BundleRef) -> str:
    return f"size-{ref.size}"


def _kept_name(key: str, name: str) -> str:
    return f"{key}-{name}"


def known(c: Connection, ref: BundleRef) -> str | None:
    """The reason this very file (name, size, time) was refused before, if it was."""
    reason = c.exec_driver_sql(
        "SELECT reason FROM sync_rejected WHERE file = ? AND size = ? AND mtime = ?",
        (ref.path.name, ref.size, ref.mtime)).scalar()
    return None if reason is None else str(reason)


def already(db: Database, ref: BundleRef, key: str) -> str | None:
    """Why this content under this name was refused before, at another time, if the reason
    stands: the record then knows this time, and nothing is kept again."""
    with db.transaction() as session:
        c = session.connection()
        row_id = _same(c, ref, key)
        if row_id is None:
            return None
        reason = str(c.exec_driver_sql("SELECT reason FROM sync_rejected WHERE id = ?",
                                       (row_id,)).scalar())
        if reason in CAN_PASS:
            return None
        c.exec_driver_sql("UPDATE OR IGNORE sync_rejected SET size = ?, mtime = ? WHERE id = ?",
                          (ref.size, ref.mtime, row_id))
        return reason


def _same(c: Connection, ref: BundleRef, key: str) -> int | None:
    """The record of this content refused under this name, if there is one."""
    kept = _kept_name(key, ref.path.name)
    for row_id, kept_as in c.exec_driver_sql(
            "SELECT id, kept_as FROM sync_rejected WHERE file = ?", (ref.path.name,)).all():
        if Path(kept_as).name in (kept, kept + ".head"):
            return int(row_id)
    return None


def passable(c: Connection) -> set[str]:
    """The names of files refused for a reason that can pass."""
    return {r[0] for r in c.exec_driver_sql(
        "SELECT file FROM sync_rejected WHERE reason IN "
        f"({', '.join('?' * len(CAN_PASS))})", tuple(sorted(CAN_PASS)))}


def forget(db: Database, ref: BundleRef) -> None:
    """A refusal whose cause is gone: its record and kept copy go, and the bundle is tried."""
    with db.transaction() as session:
        c = session.connection()
        rows = c.exec_driver_sql("SELECT id, kept_as FROM sync_rejected WHERE file = ? AND "
                                 f"reason IN ({', '.join('?' * len(CAN_PASS))})",
                                 (ref.path.name, *sorted(CAN_PASS))).all()
        for row_id, kept_as in rows:
            c.exec_driver_sql("DELETE FROM sync_rejected WHERE id = ?", (row_id,))
            with contextlib.suppress(OSError):
                os.unlink(kept_as)


def record(db: Database, ref: BundleRef, work: Path, problem: BundleRejected, key: str, *,
           copy: Path | None = None, head: bytes = b"") -> None:
    """Say why ``ref`` was refused and keep it aside: ``copy`` (a local copy, moved away) whole
    while the folder has room, else its first part (``head`` for a file refused unread)."""
    with db.transaction() as session:
        c = session.connection()
        row_id = _same(c, ref, key)
        if row_id is not None:  # the same content refused again (its cause stayed): say so
            c.exec_driver_sql("UPDATE OR IGNORE sync_rejected SET reason = ?, message = ?, "
                              "size = ?, mtime = ? WHERE id = ?",
                              (problem.reason, problem.message, ref.size, ref.mtime, row_id))
            if copy is not None:
                copy.unlink(missing_ok=True)
            return
    kept = _keep(rejected_dir(work), _kept_name(key, ref.path.name), copy, head)
    with db.transaction() as session:
        session.connection().exec_driver_sql(
            "INSERT OR IGNORE INTO sync_rejected (file, origin, reason, message, size, mtime, "
            "kept_as, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ref.path.name, ref.ws, problem.reason, problem.message, ref.size, ref.mtime,
             str(kept), utcnow().isoformat(sep=" ")))


def _keep(aside: Path, name: str, copy: Path | None, head: bytes) -> Path:
    aside.mkdir(parents=True, exist_ok=True)
    kept = aside / name
    room = KEEP_BYTES - sum(e.stat().st_size for e in os.scandir(aside) if e.is_file())
    if copy is not None and copy.stat().st_size <= room:
        os.chmod(copy, 0o600)
        os.replace(copy, kept)
        return kept
    if copy is not None:
        with open(copy, "rb") as f:
            head = f.read(HEAD_BYTES)
        copy.unlink(missing_ok=True)
    kept = kept.with_name(kept.name + ".head")
    _write_private(kept, head[:HEAD_BYTES])
    return kept


def _write_private(path: Path, data: bytes) -> None:
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with open(fd, "wb") as f:
        f.write(data)
