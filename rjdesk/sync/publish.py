"""Publishing: this workstation's new changes go out as bundles in its own share folder.

The changes and their priors are fixed in the database first; then the file is written under a
temporary name, read back and verified, and renamed into place; only then is it marked published.
A crash in between leaves either no file (published next time) or the file with the database
not knowing (found on the share next time, checked to hold exactly these changes, and adopted).
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import Connection

from rjdesk.domain.base import utcnow
from rjdesk.store.database import Database
from rjdesk.sync import changes as change_log
from rjdesk.sync import crypto, keyring, signatures, state
from rjdesk.sync.bundles import BundleRejected, OpenedBundle, open_bundle, write_bundle
from rjdesk.sync.container import MAX_MANIFEST_BYTES
from rjdesk.sync.layout import BundleRef, parse_bundle_name
from rjdesk.sync.share import AlreadyOnShare, Share, ShareError, TooLarge

MAX_CHANGES_PER_BUNDLE = 20_000
#: A generous bound on one change as written in a bundle, prior included: the widest record (a
#: volunteer, notes and all) encodes in about 3 KiB before compression.
MAX_CHANGE_BYTES = 8 << 10
#: No bundle can be larger: 20,000 changes × 8 KiB + a 1 MiB manifest = 164,888,576 bytes
#: (157 MiB). A file named like a bundle and larger is refused before it is copied.
MAX_BUNDLE_BYTES = MAX_CHANGES_PER_BUNDLE * MAX_CHANGE_BYTES + MAX_MANIFEST_BYTES


class PublishError(Exception):
    """This workstation must not publish (its history differs from what it published)."""


@dataclass(frozen=True)
class Identity:
    """Who this workstation is in its deployment, read from ``sync_state``."""

    me: str
    deployment: str
    admin_key: bytes
    signing_key: bytes
    deployment_key: bytes       # the newest generation held: what this workstation seals with
    schema: str
    generation: int = 1
    #: Every generation held, to read files sealed before the key was renewed.
    keys: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection) -> Identity | None:
        pinned = state.get_json(connection, state.DEPLOYMENT)
        keys = keyring.ring(connection)
        signing = state.get(connection, state.SIGNING_KEY)
        if not pinned or not keys or not signing:
            return None
        schema = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        generation = max(keys)
        return cls(state.workstation_id(connection), pinned["deployment"],
                   crypto.unb64(pinned["admin_key"]), crypto.unb64(signing), keys[generation],
                   str(schema), generation, keys)

    @property
    def ring(self) -> dict[int, bytes]:
        return self.keys or {self.generation: self.deployment_key}


def pending_count(connection: Connection, me: str) -> int:
    published = int(state.get(connection, state.PUBLISHED_SEQ, "0") or 0)
    return max(0, change_log.last_seq(connection, me) - published)


def publish_pending(db: Database, share: Share, who: Identity, work: Path, *,
                    limit: int = MAX_CHANGES_PER_BUNDLE) -> int:
    """Publish every unpublished change of this workstation; returns how many went out."""
    sent = 0
    while True:
        with db.transaction() as session:
            c = session.connection()
            published = int(state.get(c, state.PUBLISHED_SEQ, "0") or 0)
            have = change_log.last_seq(c, who.me)
            if have <= published:
                return sent
            # a bundle placed before a crash let the database record it: take it as it is
            placed = _placed(share, who, published + 1, work)
            if placed is not None and placed.last > have:
                raise PublishError(_GONE_BACK.format(name=placed.path.name))
            upto = placed.last if placed is not None else signatures.bundle_end(
                c, who.me, published + 1, min(have, published + limit), have)
            batch = change_log.local_changes(c, who.me, published, upto)
            signed = signatures.groups_within(c, who.me, published + 1, upto)
            needs = {o: n for o, n in state.applied_vector(c).items() if o != who.me}
            prev = state.get(c, state.LAST_BUNDLE, "") or ""
        first, last = published + 1, upto
        target = share.bundle_path(who.me, first, last)
        make_durable(db)  # the share must never hold changes this disk could still lose
        if placed is not None:
            digest = _adopt(share, target, who, batch, work)
        else:
            digest = _write(share, target, who, batch, signed, {
                "deployment": who.deployment, "schema": who.schema, "origin": who.me,
                "first": first, "last": last, "prev": prev, "needs": needs,
                "hlc": max(ch.hlc for ch in batch), "key_generation": who.generation,
                "created_at": utcnow().isoformat(timespec="seconds")}, work)
        with db.transaction() as session:
            c = session.connection()
            c.exec_driver_sql(
                "INSERT OR REPLACE INTO sync_applied (origin, first_seq, last_seq, digest, file, "
                "applied_at) VALUES (?, ?, ?, ?, ?, ?)",
                (who.me, first, last, digest, target.name, utcnow().isoformat(sep=" ")))
            state.put(c, state.PUBLISHED_SEQ, str(last))
            state.put(c, state.LAST_BUNDLE, digest)
        sent += len(batch)


_GONE_BACK = ("The share already holds {name} with other changes than this database: it was "
              "restored from an older copy. Its new changes are kept here and not published; an "
              "administrator enrolls this workstation again.")


def _placed(share: Share, who: Identity, first: int, work: Path) -> BundleRef | None:
    """Our bundle at the next number, placed by a try whose end this database never learnt.
    A file there that this workstation did not sign (junk, too large, another's) is removed
    from its own folder: left, it would stop this workstation publishing for good."""
    for ref in share.list_bundles(of=who.me):
        if ref.first != first:
            continue
        work.mkdir(parents=True, exist_ok=True)
        local = work / f"own-{ref.path.name}"
        try:
            if ref.size <= MAX_BUNDLE_BYTES:
                share.fetch(ref.path, local, limit=MAX_BUNDLE_BYTES)
                _open_own(local, ref.path.name, who)
                return ref
        except (TooLarge, BundleRejected):
            pass
        finally:
            local.unlink(missing_ok=True)
        share.remove_own(ref.path)
    return None


def make_durable(db: Database) -> None:
    """Flush the database's log to disk (it runs with synchronous=NORMAL): done before the
    share learns anything, so a power cut cannot leave the share ahead of this database."""
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")


def kept_dir(work: Path) -> Path:
    """This workstation's own bundles, kept until archived, so a damaged or lost copy on the
    share can be put back byte for byte (same digest, so the chain after it still holds)."""
    return work / "published"


def _write(share: Share, target: Path, who: Identity, batch: list,
           signed: list[signatures.Signature], manifest: dict, work: Path) -> str:
    kept = kept_dir(work)
    kept.mkdir(parents=True, exist_ok=True)
    local = kept / target.name
    info = write_bundle(local, manifest, batch, deployment_key=who.deployment_key,
                        signing_key=who.signing_key, signatures=signed)
    try:
        share.publish(target, partial(shutil.copyfile, local),
                      partial(_open_own, name=target.name, who=who))
    except AlreadyOnShare:  # placed by an earlier try whose reply was lost
        local.unlink(missing_ok=True)
        return _adopt(share, target, who, batch, work)
    return info.digest


def repair_own(db: Database, share: Share, who: Identity, work: Path) -> list[str]:
    """Put back own bundles that are missing from the share or not as published (someone
    deleted or damaged them, even keeping the size); forget kept copies of bundles every site
    holds (archived)."""
    _sweep_temporaries(share, share.bundle_path(who.me, 1, 1).parent)
    kept = kept_dir(work)
    if not kept.is_dir():
        return []
    on_share = {b.path.name: b for b in share.list_bundles(of=who.me)}
    archived = {b.path.name for b in share.list_bundles(archived=True, of=who.me)}
    with db.reading() as session:
        published = {r[0] for r in session.connection().exec_driver_sql(
            "SELECT file FROM sync_applied WHERE origin = ?", (who.me,))}
    repaired, seen = [], _Seen(kept / ".seen.json")
    for local in sorted(kept.glob("*.rjb")):
        name = local.name
        if name in archived:
            local.unlink(missing_ok=True)
            continue
        if name not in published:  # written before a crash, never placed: stale
            local.unlink(missing_ok=True)
            continue
        found = on_share.get(name)
        if found is not None and _intact(share, found, local, seen, work):
            continue
        if found is not None:
            share.remove_own(found.path)
        target = share.bundle_path(*_parse(name))
        share.publish(target, partial(shutil.copyfile, local),
                      partial(_open_own, name=name, who=who))
        repaired.append(name)
    seen.save(on_share)
    return repaired


class _Seen:
    """The size and time of each own bundle on the share when it last read back the same as
    the copy kept here: only a file whose size or time has changed since is read again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.marks: dict[str, list[float]] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            self.marks = {}

    def same(self, ref: BundleRef) -> bool:
        return self.marks.get(ref.path.name) == [ref.size, ref.mtime]

    def mark(self, ref: BundleRef) -> None:
        self.marks[ref.path.name] = [ref.size, ref.mtime]

    def save(self, on_share: dict[str, BundleRef]) -> None:
        marks = {k: v for k, v in self.marks.items() if k in on_share}
        temp = self.path.with_name(self.path.name + ".part")
        with contextlib.suppress(OSError):  # a mark lost only means one more read
            temp.write_text(json.dumps(marks), "utf-8")
            os.replace(temp, self.path)


def _intact(share: Share, found: BundleRef, local: Path, seen: _Seen, work: Path) -> bool:
    """Whether the share's copy of an own bundle is byte for byte the one kept here (a flipped
    byte keeps the size). One that cannot be read this round is taken as it is, for now."""
    if found.size != local.stat().st_size:
        return False
    if seen.same(found):
        return True
    check = work / f"own-check-{found.path.name}"
    try:
        share.fetch(found.path, check, limit=found.size)
        same = filecmp.cmp(check, local, shallow=False)
    except TooLarge:  # grown since it was listed
        return False
    except ShareError:
        return True
    finally:
        check.unlink(missing_ok=True)
    if same:
        seen.mark(found)
    return same


STALE_TEMPORARY_S = 3600


def _sweep_temporaries(share: Share, own_folder: Path) -> None:
    """Temporary files a crash left in this workstation's own share folder (the naming rules
    hide them from everyone; an hour on, no publish of ours is still writing them). A folder
    that is a link is left alone: what it points at is not ours."""
    try:
        share.refuse_links(own_folder)
        old = [p for p in own_folder.glob(".*.tmp")
               if time.time() - p.stat().st_mtime > STALE_TEMPORARY_S]
        for path in old:
            path.unlink(missing_ok=True)
    except (OSError, ShareError):
        pass  # tidying only: the next round tries again


def _parse(name: str) -> tuple[str, int, int]:
    parsed = parse_bundle_name(name)
    if parsed is None:
        raise ValueError(name)
    return parsed


def _open_own(path: Path, name: str, who: Identity) -> OpenedBundle:
    own = crypto.public_signing_key(who.signing_key)
    return open_bundle(path, name=name, signer_key=lambda o: own if o == who.me else None,
                       deployment=who.deployment, deployment_key=who.ring,
                       schema_known=lambda s: True)


def _adopt(share: Share, target: Path, who: Identity, batch: list, work: Path) -> str:
    """Our bundle is already on the share (a crash after the rename): keep it if it holds
    exactly these changes, else this database has gone back in time."""
    work.mkdir(parents=True, exist_ok=True)
    local = work / f"own-{target.name}"
    share.fetch(target, local)
    try:
        found = _open_own(local, target.name, who)
    finally:
        local.unlink(missing_ok=True)
    if [(c.seq, c.hlc, c.tbl, c.row_id, c.data) for c in found.changes] != \
            [(c.seq, c.hlc, c.tbl, c.row_id, c.data) for c in batch]:
        raise PublishError(_GONE_BACK.format(name=target.name))
    return found.info.digest
