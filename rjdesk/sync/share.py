"""The central share: a Windows network share (or any folder) where workstations exchange files.

It is the only code that touches the share. The share holds only immutable files, never a
database, and is assumed unreliable: it vanishes, turns read-only, fills up, antivirus or another
client holds a file open, a copy stops half-way, and sync tools and people leave junk copies.
So every file is published under a temporary name and renamed into place only once it reads back
intact, a name that does not match its folder's rule exactly is invisible, and every share
failure comes out as a ``ShareError`` whose ``kind`` says what to do and whose ``message`` a
coordinator can read.

The layout and its naming rules are in ``layout``.

``<ws>`` is a workstation id, a lowercase UUID (36 characters). A name must fully match its
folder's rule, and a file under ``bundles/<ws>/``, ``acks/<ws>/`` or ``archive/bundles/<ws>/`` must
carry that folder's id, or it is ignored: never listed, never read. So junk such as
``x (1).rjb``, ``x - Copy.rjb``, ``x-conflict-20260101.rjb``, ``x.rjb.tmp``, ``~$x``,
``.x.partial``, ``desktop.ini`` or ``Thumbs.db`` is harmless, and so are the temporary files a
publish writes (``.<name>.<random>.tmp``) and the clock probe (``.probe-<random>.tmp``).

Links inside the share are never followed (the root may be one) and placing a file never
replaces another: see ``share_io``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from rjdesk.sync.layout import (
    BundleRef,
    SnapshotRef,
    _id,
    _num,
    is_workstation_id,
    parse_ack_name,
    parse_bundle_name,
    parse_request_name,
    parse_roster_name,
    parse_snapshot_name,
)
from rjdesk.sync.share_faults import (
    Again,
    AlreadyOnShare,
    Fault,
    GoneFromShare,
    LinkOnShare,
    ShareError,
    TooLarge,
    classify,
    share_error,
)
from rjdesk.sync.share_io import (
    LINK_NOTE,
    NOFOLLOW,
    claim_name,
    discard,
    entry_is_link,
    fsync,
    is_link,
)

# What the rest of sync and the services take from here: the share and the faults it reports.
__all__ = [
    "SMALL_LIMIT", "AlreadyOnShare", "BundleRef", "Fault", "GoneFromShare", "LinkOnShare", "Share",
    "ShareError", "SnapshotRef", "TooLarge", "parse_ack_name", "parse_bundle_name",
    "parse_request_name", "parse_roster_name", "parse_snapshot_name",
]

log = logging.getLogger(__name__)
T = TypeVar("T")
SMALL_LIMIT = 1 << 20  # rosters, requests, keys and acks are far smaller: bigger is not ours


def _size(path: Path) -> int:
    return os.lstat(path).st_size


class Share:
    """One share root. What may pass (a held file, a busy or slow server) is tried again after
    growing pauses; everything else becomes a ``ShareError`` at once."""

    def __init__(self, root: Path, *, retries: int = 5, backoff: float = 0.2,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.root, self.retries, self.backoff, self._sleep = Path(root), retries, backoff, sleep
        self._notes: dict[str, None] = {}

    def take_notes(self) -> list[str]:
        """What listings passed over and a coordinator should know of (links), once each."""
        notes, self._notes = list(self._notes), {}
        return notes

    def deployment_path(self) -> Path:
        return self.root / "deployment.json"

    def roster_path(self, n: int) -> Path:
        return self.root / "roster" / f"roster-{_num(n, 6):06d}.json"

    def request_path(self, ws: str) -> Path:
        return self.root / "requests" / f"{_id(ws)}.json"

    def key_path(self, ws: str, generation: int = 1) -> Path:
        """The deployment key sealed to one workstation; a later generation (after a
        revocation) beside it, numbered."""
        if generation == 1:
            return self.root / "keys" / f"{_id(ws)}.key"
        return self.root / "keys" / f"{_id(ws)}-{_num(generation, 6):06d}.key"

    def bundle_path(self, ws: str, first: int, last: int, *, archived: bool = False) -> Path:
        if first > last:
            raise ValueError(f"bundle {first}..{last} runs backwards")
        top = self.root / "archive" / "bundles" if archived else self.root / "bundles"
        return top / _id(ws) / f"{ws}-{_num(first, 10):010d}-{_num(last, 10):010d}.rjb"

    def snapshot_path(self, ws: str, stamp: int) -> Path:
        return self.root / "snapshots" / f"{_id(ws)}-{_num(stamp, 16, 16):016x}.rjs"

    def ack_path(self, ws: str, n: int) -> Path:
        return self.root / "acks" / _id(ws) / f"{ws}-{_num(n, 10):010d}.json"

    def check(self) -> None:
        if not self.root.is_dir():
            raise self._error(Fault.MISSING, self.root)

    def list_bundles(self, *, archived: bool = False, of: str | None = None) -> list[BundleRef]:
        """Every workstation's bundles, or (``of``) one workstation's: its folder alone is read."""
        top = self.root / "archive" / "bundles" if archived else self.root / "bundles"
        found = self._files_by_ws(top) if of is None else \
            ((of, e, st) for e, st in self._files(top / _id(of)))
        return sorted(BundleRef(*p, Path(e.path), st.st_size, st.st_mtime)
                      for ws, e, st in found
                      if (p := parse_bundle_name(e.name)) and p[0] == ws)

    def list_snapshots(self) -> list[SnapshotRef]:
        return sorted(SnapshotRef(*p, Path(e.path), st.st_size, st.st_mtime)
                      for e, st in self._files(self.root / "snapshots")
                      if (p := parse_snapshot_name(e.name)))

    def latest_acks(self) -> dict[str, Path]:
        found = sorted((p, Path(e.path)) for ws, e, _ in self._files_by_ws(self.root / "acks")
                       if (p := parse_ack_name(e.name)) and p[0] == ws)
        return {ws: path for (ws, _), path in found}  # in order of n: the newest one stays

    def list_rosters(self) -> list[tuple[int, Path]]:
        return sorted((n, Path(e.path)) for e, _ in self._files(self.root / "roster")
                      if (n := parse_roster_name(e.name)) is not None)

    def list_requests(self) -> list[tuple[str, Path]]:
        return sorted((ws, Path(e.path)) for e, _ in self._files(self.root / "requests")
                      if (ws := parse_request_name(e.name)))

    def free_space(self) -> int | None:
        try:
            return shutil.disk_usage(self.root).free
        except OSError:
            return None

    def read_small(self, path: Path, limit: int = SMALL_LIMIT) -> bytes:
        """A roster, request, key or ack: never more than ``limit`` bytes are read."""
        def attempt() -> bytes:
            with self._open(path) as f:
                if os.fstat(f.fileno()).st_size > limit:
                    raise self._too_large(path, limit)
                data = f.read(limit + 1)
            if len(data) > limit:
                raise self._too_large(path, limit)
            return data
        return self._retry(path, attempt, modifying=False)

    def read_head(self, path: Path, count: int) -> bytes:
        """The first ``count`` bytes of a share file (its header), without reading the rest."""
        def attempt() -> bytes:
            with self._open(path) as f:
                return f.read(count)
        return self._retry(path, attempt, modifying=False)

    def fetch(self, src: Path, dest: Path, *, limit: int | None = None) -> None:
        """Copy a share file here (readable by this account alone), refusing one larger than
        ``limit`` before copying it. Its size changing while it is copied means another program
        is still writing it (a sync tool, a copy by hand): copy again later."""
        part = dest.with_name(dest.name + ".part")

        def attempt() -> None:
            expected = _size(src)
            if limit is not None and expected > limit:
                raise self._too_large(src, limit)
            with self._open(src) as f, \
                    open(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC |
                                 getattr(os, "O_BINARY", 0), 0o600), "wb") as out:
                left = expected + 1  # one byte more shows a file still growing
                while left > 0 and (block := f.read(min(left, 1 << 20))):
                    out.write(block)
                    left -= len(block)
            if _size(part) != expected or _size(src) != expected:
                raise Again(self._error(Fault.OTHER, src, "kept changing while copied"))
        try:
            self._retry(src, attempt, modifying=False)
            os.replace(part, dest)
        except ShareError as err:
            if err.kind in (Fault.FULL, Fault.READ_ONLY):  # reading never fails so: our disk did
                raise (err.__cause__ or err) from None
            raise
        finally:
            discard(part)

    def publish(self, target: Path, write: Callable[[Path], object],
                verify: Callable[[Path], object]) -> None:
        """Put a file on the share: written and read back under a temporary name every listing
        ignores, then given its final name, never taking it from another file."""
        def attempt() -> None:
            self._make_folder(target.parent)
            if os.path.lexists(target):
                raise self._error(Fault.OTHER, target, "is already there", AlreadyOnShare)
            temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            try:
                write(temp)
                fsync(temp)
                try:
                    verify(temp)
                except (OSError, ShareError):
                    raise
                except Exception as exc:  # a copy dropped half-way reads back wrong
                    raise Again(self._error(Fault.OTHER, target, "did not read back intact")) \
                        from exc
                try:
                    claim_name(temp, target)
                except FileExistsError:
                    raise self._error(Fault.OTHER, target, "is already there",
                                      AlreadyOnShare) from None
            finally:
                discard(temp)
        self._retry(target, attempt, modifying=True)

    def write_small(self, target: Path, data: bytes) -> None:
        def verify(temp: Path) -> None:
            if temp.read_bytes() != data:
                raise ValueError("read back differs from what was written")

        def write(temp: Path) -> None:
            temp.write_bytes(data)
        self.publish(target, write, verify)

    def remove_own(self, path: Path) -> None:
        def attempt() -> None:
            self.refuse_links(path.parent)
            try:
                os.unlink(path)
            except FileNotFoundError:
                self.check()
        self._retry(path, attempt, modifying=True)

    def archive(self, path: Path) -> None:
        """Move a bundle into the archive. One another workstation moved first is fine, and so
        is one already archived: immutable, the two are the same file."""
        if (parsed := parse_bundle_name(path.name)) is None:
            raise ValueError(f"not a bundle: {path.name}")
        dest = self.bundle_path(*parsed, archived=True)

        def attempt() -> None:
            self.refuse_links(path.parent)
            self._make_folder(dest.parent)
            try:
                claim_name(path, dest)
            except FileExistsError:
                pass
            except FileNotFoundError:
                self.check()
                if os.path.lexists(path):
                    raise
                return
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        self._retry(path, attempt, modifying=True)

    def server_clock_skew(self) -> float | None:
        """Seconds the share's clock runs ahead of ours (negative: behind), read from the time
        it stamps on a probe file; None when no probe can be written."""
        probe = self.root / f".probe-{secrets.token_hex(4)}.tmp"
        try:
            before = time.time()
            probe.write_bytes(b"probe")  # a random name: no other file is ever there
            after = time.time()
            return os.stat(probe).st_mtime - (before + after) / 2
        except OSError:
            return None
        finally:
            discard(probe)

    def _retry(self, path: Path, attempt: Callable[[], T], *, modifying: bool) -> T:
        for n in range(self.retries + 1):
            try:
                return attempt()
            except Again as exc:
                if n == self.retries:
                    raise exc.error from exc.__cause__
                why = exc.error.message
            except OSError as exc:
                kind, transient = classify(exc, modifying)
                if not transient or n == self.retries:
                    raise self._os_error(kind, path, exc) from exc
                why = f"{path.name}: {exc}"
            log.info("share: %s; trying again", why)
            self._sleep(self.backoff * 2 ** n)
        raise AssertionError("unreachable")

    def _make_folder(self, folder: Path) -> None:
        """Create folders below the root, never the root: a root that is not there is a share
        not mounted, and files written in its place would never reach anyone."""
        self.check()
        self.refuse_links(folder)
        current = self.root
        for part in folder.relative_to(self.root).parts:
            current = current / part
            current.mkdir(exist_ok=True)
        self.refuse_links(folder)  # made by another in the meantime

    def refuse_links(self, path: Path) -> None:
        """Refuse a path below the root that is, or passes through, a link."""
        current = self.root
        for part in path.relative_to(self.root).parts:
            current = current / part
            try:
                st = os.lstat(current)
            except FileNotFoundError:
                return
            if is_link(st):
                raise self._error(Fault.OTHER, current, LINK_NOTE, LinkOnShare)

    def _open(self, path: Path) -> BinaryIO:
        """A share file opened for reading, never through a link."""
        self.refuse_links(path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | NOFOLLOW)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise self._error(Fault.OTHER, path, "is not a file")
        return os.fdopen(fd, "rb")

    def _too_large(self, path: Path, limit: int) -> ShareError:
        return self._error(Fault.OTHER, path, f"is larger than any such file of RJ Desk can be "
                                              f"({limit:,} bytes); it was not read", TooLarge)

    def _note(self, path: Path) -> None:
        self._notes[f"{path.relative_to(self.root).as_posix()} on the share {LINK_NOTE}"] = None

    def _scan(self, folder: Path) -> list[os.DirEntry[str]]:
        """A folder's entries; a missing folder is empty, a missing root is not."""
        def attempt() -> list[os.DirEntry[str]]:
            try:
                self.refuse_links(folder)
            except LinkOnShare as exc:
                self._note(exc.path or folder)
                return []
            try:
                with os.scandir(folder) as it:
                    return list(it)
            except (FileNotFoundError, NotADirectoryError):
                self.check()
                return []
        return self._retry(folder, attempt, modifying=False)

    def _files(self, folder: Path) -> Iterator[tuple[os.DirEntry[str], os.stat_result]]:
        for entry in self._scan(folder):
            try:
                if entry_is_link(entry):
                    self._note(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    yield entry, entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone since the listing: archived by another workstation

    def _files_by_ws(self, top: Path) -> Iterator[tuple[str, os.DirEntry[str], os.stat_result]]:
        for folder in self._scan(top):
            if entry_is_link(folder):
                self._note(Path(folder.path))
            elif is_workstation_id(folder.name) and folder.is_dir(follow_symlinks=False):
                for entry, st in self._files(Path(folder.path)):
                    yield folder.name, entry, st

    def _os_error(self, kind: Fault, path: Path, exc: OSError) -> ShareError:
        if isinstance(exc, FileNotFoundError) and self.root.is_dir() and path != self.root:
            return self._error(Fault.OTHER, path, "is no longer there", GoneFromShare)
        return self._error(kind, path, f"could not be used ({exc.strerror or exc})")

    def _error(self, kind: Fault, path: Path, note: str = "",
               cls: type[ShareError] = ShareError) -> ShareError:
        return share_error(kind, self.root, path, note, cls)
