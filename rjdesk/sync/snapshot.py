"""Snapshots: a signed, encrypted copy of every shared record, from which a new workstation
starts; with the bundles published after it, it ends where every other workstation is.

A snapshot is the database itself (``VACUUM INTO`` a consistent copy), less what belongs to the
workstation that made it: its settings, keys and rejected files. The change log stays in it, so
conflicts with later bundles are found as anywhere else, and so does the people search index, so
a million people are ready to search the moment the file is in place.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from rjdesk.domain.base import utcnow
from rjdesk.store.database import Database
from rjdesk.store.migrate import known_revisions
from rjdesk.sync import crypto, keyring, state
from rjdesk.sync.bundles import BundleRejected, NewerSchema
from rjdesk.sync.container import Rejected, read_body, read_manifest, write_container
from rjdesk.sync.deployment import FOUNDER, DeploymentError
from rjdesk.sync.layout import SnapshotRef
from rjdesk.sync.publish import Identity
from rjdesk.sync.share import Share

KIND = "snapshot"
BLOCK = 4 << 20
#: Kept by a joining workstation from its own database: who it is, not what it holds. Its keys
#: stay where they are, in the key store of this database (see ``sync.keys``).
OWN_STATE = (state.WORKSTATION_ID, state.DEPLOYMENT, state.KEY_STORE, state.SHARE_PATH,
             state.ROSTER, state.DESK_NUMBER)


def _blocks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while block := f.read(BLOCK):
            yield block


def make(db: Database, share: Share, who: Identity, work: Path) -> str:
    """Publish a snapshot of this database; returns its file name."""
    outgoing = work / "outgoing"
    outgoing.mkdir(parents=True, exist_ok=True)
    for stale in outgoing.glob("snapshot-*.sqlite3"):  # left by a crash
        stale.unlink(missing_ok=True)
    copy = outgoing / f"snapshot-{uuid.uuid4().hex}.sqlite3"
    try:
        source = sqlite3.connect(db.path)
        try:
            source.execute("VACUUM INTO ?", (str(copy),))
        finally:
            source.close()
        con = sqlite3.connect(copy)
        try:
            with con:
                con.execute("DELETE FROM local_setting")
                con.execute("DELETE FROM sync_state")
                con.execute("DELETE FROM sync_rejected")
            vector = dict(con.execute(
                "SELECT origin, max(last_seq) FROM sync_applied GROUP BY origin").fetchall())
            hlc = con.execute("SELECT coalesce(max(hlc), 0) FROM sync_change").fetchone()[0]
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
        manifest = {"kind": KIND, "deployment": who.deployment, "schema": who.schema,
                    "origin": who.me, "vector": vector, "hlc": hlc,
                    "key_generation": who.generation,
                    "created_at": utcnow().isoformat(timespec="seconds"),
                    "size": copy.stat().st_size}
        target = share.snapshot_path(who.me, hlc)
        own = crypto.public_signing_key(who.signing_key)

        def write(temp: Path) -> None:
            write_container(temp, manifest, _blocks(copy), deployment_key=who.deployment_key,
                            signing_key=who.signing_key)

        def verify(temp: Path) -> None:
            info = read_manifest(temp, verify_key_for=lambda m: own)
            for _ in read_body(temp, info, deployment_key=who.deployment_key):
                pass

        if not target.exists():
            share.publish(target, write, verify)
        return target.name
    finally:
        copy.unlink(missing_ok=True)


def _program_has_it_open(path: Path) -> bool:
    """The program's lock file (``<db>.lock``, first line its process id) names a running
    process. On Windows the program's open file already stops the database being replaced."""
    if os.name != "posix":
        return False
    try:
        pid = int(path.with_name(path.name + ".lock").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether it exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def newest(share: Share, members: dict[str, dict]) -> SnapshotRef | None:
    """The newest snapshot of the founding workstation (of any member in a roster from before
    the founder was marked)."""
    founders = {ws for ws, m in members.items() if m.get(FOUNDER)} or set(members)
    found = [s for s in share.list_snapshots() if s.ws in founders]
    return max(found, key=lambda s: s.stamp, default=None)


def install(db: Database, share: Share, ref: SnapshotRef, members: dict[str, dict],
            work: Path) -> None:
    """Replace this (new) workstation's records with the snapshot's, keeping who it is.

    ``db`` is closed here; the caller opens the path again (which migrates an older snapshot)."""
    if _program_has_it_open(db.path):
        raise DeploymentError("RJ Desk is open on this database: close it, then sync again to "
                              "join (the records replace this database's).")
    incoming = work / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    local = incoming / ref.path.name
    joining = db.path.with_name(db.path.name + ".joining")
    share.fetch(ref.path, local)
    try:
        with db.reading() as session:
            c = session.connection()
            who = Identity.load(c)
            own = {k: state.get(c, k) for k in OWN_STATE}
            settings = c.exec_driver_sql("SELECT key, value FROM local_setting").all()
        if who is None:
            raise RuntimeError("only an approved workstation installs a snapshot")
        signer = crypto.unb64(members[ref.ws]["signing_key"])  # the workstation it is named for
        try:
            info = read_manifest(local, verify_key_for=lambda m: signer if m.get("origin") ==
                                 ref.ws else None)
        except Rejected as exc:
            raise BundleRejected(exc.reason, exc.message) from exc
        m = info.manifest
        if m.get("kind") != KIND or m.get("deployment") != who.deployment:
            raise BundleRejected("not_a_bundle", f"{ref.path.name} is not a snapshot of this "
                                                 "deployment.")
        if m.get("schema") not in known_revisions():
            raise NewerSchema(f"The newest snapshot was made by a newer RJ Desk (schema "
                              f"{m.get('schema')}); upgrade this workstation first.")
        try:
            key = keyring.key_for(m, who.ring)
        except keyring.KeyNotHeld as exc:
            raise DeploymentError(f"The newest snapshot cannot be opened yet: {exc}.") from exc
        try:
            with open(joining, "wb") as out:
                for block in read_body(local, info, deployment_key=key):
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
        except Rejected as exc:
            raise BundleRejected(exc.reason, exc.message) from exc
        con = sqlite3.connect(joining)
        try:
            if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BundleRejected("corrupt", f"{ref.path.name} does not hold a sound "
                                                "database.")
            with con:
                con.executemany("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                                [(k, v) for k, v in own.items() if v is not None])
                con.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                            (state.JOINED, f"snapshot {ref.path.name}"))
                con.executemany("INSERT OR REPLACE INTO local_setting (key, value) VALUES (?, ?)",
                                [tuple(row) for row in settings])
            con.execute("PRAGMA journal_mode = WAL")
        finally:
            con.close()
        db.close()
        for suffix in ("-wal", "-shm"):
            db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
        os.replace(joining, db.path)
    finally:
        local.unlink(missing_ok=True)
        joining.unlink(missing_ok=True)


def vector_of(share: Share, ref: SnapshotRef, members: dict[str, dict]) -> dict[str, int]:
    """What a snapshot covers, from its manifest (signature checked); empty if unreadable."""
    keys = {ws: crypto.unb64(m["signing_key"]) for ws, m in members.items()}
    try:
        info = read_manifest(ref.path, verify_key_for=lambda m: keys.get(str(m.get("origin"))))
    except (Rejected, OSError):
        return {}
    return {str(k): int(v) for k, v in (info.manifest.get("vector") or {}).items()}
