"""Whole sync rounds against a share in trouble: gone, read-only, full, a file held open, junk
beside the bundles. Each round ends with a report a coordinator can read, loses nothing, and a
later round, the trouble gone, brings every workstation to the same records."""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rjdesk.services.people.records import create_offender
from rjdesk.sync import state
from rjdesk.sync.publish import pending_count
from rjdesk.sync.round import SyncReport
from rjdesk.sync.share import BundleRef, Share
from tests.conftest import offender_input
from tests.sync.harness import Deployment, Workstation

DOC = "1234567"


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def d(tmp_path: Path) -> Iterator[Deployment]:
    deployment = Deployment(tmp_path, 2)
    yield deployment
    deployment.close()


def pending(ws: Workstation) -> int:
    with ws.db.reading() as session:
        c = session.connection()
        return pending_count(c, state.workstation_id(c))


def has_offender(ws: Workstation, doc: str = DOC) -> bool:
    """Looked up in the table, not through the lookup a person makes: that one is audited,
    and its audit event would be a change of its own, waiting for the next round."""
    with ws.db.reading() as session:
        return session.connection().exec_driver_sql(
            "SELECT 1 FROM offender WHERE doc_number = ?", (doc,)).first() is not None


def applied_from(ws: Workstation, origin: str) -> list[str]:
    with ws.db.reading() as session:
        return [r[0] for r in session.connection().exec_driver_sql(
            "SELECT file FROM sync_applied WHERE origin = ? ORDER BY first_seq", (origin,))]


def rejected(ws: Workstation) -> list[str]:
    with ws.db.reading() as session:
        return [r[0] for r in session.connection().exec_driver_sql(
            "SELECT file FROM sync_rejected")]


def newest_bundle(d: Deployment, i: int) -> BundleRef:
    return max((b for b in d.share.list_bundles() if b.ws == d[i].me()), key=lambda b: b.first)


def files_on(share_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(share_dir).as_posix(): p.read_bytes()
            for p in sorted(share_dir.rglob("*")) if p.is_file()}


def assert_sentence(text: str) -> None:
    """What a coordinator reads: one plain sentence, nothing of a traceback or an exception."""
    assert text and text == text.strip() and "\n" not in text, repr(text)
    assert text.endswith("."), text
    for marker in ("Traceback", 'File "', "[Errno", "Error:", "Error(", "Exception",
                   "object at 0x", "errno"):
        assert marker not in text, text


def assert_reported(report: SyncReport, *words: str) -> None:
    assert not report.ok and report.outcome != "synced", report.lines()
    assert_sentence(report.message)
    for word in words:
        assert word in report.message, report.message
    for line in report.lines():
        assert "\n" not in line and "Traceback" not in line


def assert_last_sync_is(ws: Workstation, report: SyncReport) -> None:
    with ws.db.reading() as session:
        saved = state.get_json(session.connection(), state.LAST_SYNC)
    assert saved["outcome"] == report.outcome and saved["message"] == report.message


def assert_published_later(d: Deployment, waiting: int) -> None:
    """The trouble gone, the next round sends what waited, and everyone converges."""
    report = d.sync(1)
    assert report.outcome == "synced" and report.published == waiting and report.pending == 0
    report = d.sync(0)
    assert report.outcome == "synced" and report.rejected == [] and report.held == []
    assert has_offender(d[0])
    assert len(d.digests()) == 1


def inside(root: Path, path: object) -> bool:
    if isinstance(path, int):
        return False
    return os.path.abspath(os.fspath(path)).startswith(os.path.abspath(root) + os.sep)


WRITING_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def refuse_writes(monkeypatch: pytest.MonkeyPatch, root: Path,
                  error: Callable[[], OSError]) -> None:
    """Every way of changing a file or folder under ``root`` fails with ``error()``."""
    real_os_open, real_open = os.open, builtins.open

    def os_open(path, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if inside(root, path) and flags & WRITING_FLAGS:
            raise error()
        return real_os_open(path, flags, *args, **kwargs)

    def open_(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if inside(root, file) and set(mode) & set("wax+"):
            raise error()
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    for name in ("mkdir", "link", "rename", "replace", "unlink", "rmdir"):
        real = getattr(os, name)

        def changing(*args, _real=real, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if any(inside(root, a) for a in args[:2]):
                raise error()
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, changing)


# --- the share gone -------------------------------------------------------------------------

def test_a_share_that_is_gone_leaves_every_change_waiting(d: Deployment, tmp_path: Path) -> None:
    create_offender(d[1].db, d[1].actor, offender_input(DOC))
    waiting = pending(d[1])
    assert waiting > 0
    before = files_on(d.share_dir)
    unplugged = d.share_dir.rename(tmp_path / "unplugged")

    report = d.sync(1)
    assert report.outcome == "offline"
    assert_reported(report, "cannot be reached")
    assert report.pending == waiting == pending(d[1]) and report.published == 0
    assert not d.share_dir.exists()  # never made again on the local disk
    assert_last_sync_is(d[1], report)
    assert d.sync(0).outcome == "offline"

    unplugged.rename(d.share_dir)
    assert files_on(d.share_dir) == before
    assert_published_later(d, waiting)


def test_a_share_that_goes_away_while_applying(d: Deployment, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    create_offender(d[1].db, d[1].actor, offender_input(DOC))
    assert d.sync(1).outcome == "synced"
    unplugged = tmp_path / "unplugged"
    real_fetch = Share.fetch

    def fetch(self: Share, src: Path, dest: Path, **options: int) -> None:
        if src.suffix == ".rjb" and d.share_dir.exists():
            d.share_dir.rename(unplugged)  # the network drops as the copy starts
        return real_fetch(self, src, dest, **options)

    monkeypatch.setattr(Share, "fetch", fetch)
    report = d.sync(0)
    monkeypatch.undo()
    assert report.outcome == "offline"
    assert_reported(report, "cannot be reached")
    assert not has_offender(d[0]) and rejected(d[0]) == []
    assert list((d[0].path.parent / "ws0-sync" / "incoming").iterdir()) == []

    unplugged.rename(d.share_dir)
    report = d.sync(0)
    assert report.outcome == "synced" and report.bundles_applied == 1 and has_offender(d[0])
    assert len(d.digests()) == 1


# --- a share that takes no new files --------------------------------------------------------

def test_a_read_only_share_says_so_and_keeps_the_changes(
        d: Deployment, monkeypatch: pytest.MonkeyPatch) -> None:
    create_offender(d[1].db, d[1].actor, offender_input(DOC))
    waiting = pending(d[1])
    before = files_on(d.share_dir)
    refuse_writes(monkeypatch, d.share_dir,
                  lambda: OSError(errno.EROFS, "Read-only file system"))

    report = d.sync(1)
    assert_reported(report, "read-only")
    assert report.pending == waiting == pending(d[1]) and report.published == 0
    assert_last_sync_is(d[1], report)
    assert d.sync(1).pending == waiting  # and again: nothing lost, nothing doubled
    monkeypatch.undo()
    assert files_on(d.share_dir) == before

    assert_published_later(d, waiting)


def test_a_read_only_share_still_brings_in_what_is_there(
        d: Deployment, monkeypatch: pytest.MonkeyPatch) -> None:
    create_offender(d[1].db, d[1].actor, offender_input("7654321"))
    assert d.sync(1).outcome == "synced"  # WS1's bundle is on the share
    create_offender(d[0].db, d[0].actor, offender_input(DOC))  # and WS0 has a change waiting
    waiting = pending(d[0])
    refuse_writes(monkeypatch, d.share_dir,
                  lambda: OSError(errno.EROFS, "Read-only file system"))

    report = d.sync(0)
    assert "read-only" in " ".join(report.lines()) and report.pending == waiting
    assert has_offender(d[0], "7654321")  # reading the share still works


class FullDisk:
    """The share's disk has ``free`` bytes left: a write past them lands in part, then fails
    with ENOSPC, whether it goes through a file object or the kernel's copy (``sendfile``)."""

    def __init__(self, root: Path, free: int) -> None:
        self.root, self.free, self.failures = root, free, 0
        self.fds: set[int] = set()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_open, real_sendfile = builtins.open, os.sendfile

        def open_(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            f = real_open(file, mode, *args, **kwargs)
            if not (inside(self.root, file) and set(mode) & set("wax+")):
                return f
            self.fds.add(f.fileno())
            return _Filling(f, self)

        def sendfile(out_fd: int, in_fd: int, offset, count: int) -> int:  # noqa: ANN001
            if out_fd in self.fds:
                allowed = self.take(count)
                if allowed < count:
                    if allowed:
                        real_sendfile(out_fd, in_fd, offset, allowed)
                    raise self.full()
            return real_sendfile(out_fd, in_fd, offset, count)

        monkeypatch.setattr(builtins, "open", open_)
        monkeypatch.setattr(io, "open", open_)
        monkeypatch.setattr(os, "sendfile", sendfile)

    def take(self, wanted: int) -> int:
        allowed = min(wanted, self.free)
        self.free -= allowed
        return allowed

    def full(self) -> OSError:
        self.failures += 1
        return OSError(errno.ENOSPC, "No space left on device")


class _Filling:
    def __init__(self, f, disk: FullDisk) -> None:  # noqa: ANN001
        self._f, self._disk = f, disk

    def write(self, data) -> int:  # noqa: ANN001
        allowed = self._disk.take(len(data))
        if allowed < len(data):
            self._f.write(data[:allowed])
            self._f.flush()
            raise self._disk.full()
        return self._f.write(data)

    def close(self) -> None:
        self._disk.fds.discard(self._f.fileno())
        self._f.close()

    def __enter__(self) -> _Filling:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> object:
        return getattr(self._f, name)


@pytest.mark.parametrize("free", [0, 64, 512])
def test_a_full_share_leaves_no_partial_file(d: Deployment, monkeypatch: pytest.MonkeyPatch,
                                             free: int) -> None:
    create_offender(d[1].db, d[1].actor, offender_input(DOC))
    waiting = pending(d[1])
    before = files_on(d.share_dir)
    disk = FullDisk(d.share_dir, free)
    disk.install(monkeypatch)

    report = d.sync(1)
    monkeypatch.undo()
    assert disk.failures >= 1  # the disk did fill, part-way through the bundle
    assert_reported(report, "full")
    assert report.pending == waiting == pending(d[1]) and report.published == 0
    assert files_on(d.share_dir) == before  # no temporary, no half of anything

    assert_published_later(d, waiting)


# --- a bundle held open by another program --------------------------------------------------

def sharing_violation() -> OSError:
    """What Windows raises when antivirus or another client holds the file open."""
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is "
                                        "being used by another process")
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


def busy() -> OSError:
    return OSError(errno.EBUSY, "Device or resource busy")


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def patient(tmp_path: Path, sleeps: Sleeps) -> Iterator[Deployment]:
    """A deployment whose share tries a held file four times (three pauses) before giving up."""
    share = Share(tmp_path / "share", retries=3, backoff=0.2, sleep=sleeps)
    deployment = Deployment(tmp_path, 2, share=share)
    yield deployment
    deployment.close()


def hold_while_fetched(monkeypatch: pytest.MonkeyPatch, path: Path, times: int,
                       error: Callable[[], OSError]) -> list[int]:
    """Copying ``path`` off the share fails ``times`` times; returns the attempts, counted."""
    real, attempts = os.open, [0]

    def held_open(file, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if Path(file) == path:
            attempts[0] += 1
            if attempts[0] <= times:
                raise error()
        return real(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", held_open)
    return attempts


@pytest.mark.parametrize("error", [sharing_violation, busy], ids=["sharing-violation", "busy"])
def test_a_bundle_held_for_a_moment_is_fetched_on_a_later_try(
        patient: Deployment, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch,
        error: Callable[[], OSError]) -> None:
    d = patient
    create_offender(d[1].db, d[1].actor, offender_input(DOC))
    assert d.sync(1).published > 0
    bundle = newest_bundle(d, 1)
    del sleeps[:]
    attempts = hold_while_fetched(monkeypatch, bundle.path, 2, error)

    report = d.sync(0)
    assert report.outcome == "synced" and report.bundles_applied == 1 and has_offender(d[0])
    assert attempts == [4] and sleeps == [0.2, 0.4]  # held twice, then its header, then a copy
    assert len(d.digests()) == 1


@pytest.mark.parametrize("error", [sharing_violation, busy], ids=["sharing-violation", "busy"])
def test_a_bundle_held_for_long_is_reported_then_applied_later(
        patient: Deployment, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch,
        error: Callable[[], OSError]) -> None:
    d = patient
    create_offender(d[1].db, d[1].actor, offender_input(DOC))
    assert d.sync(1).published > 0
    bundle = newest_bundle(d, 1)
    del sleeps[:]
    attempts = hold_while_fetched(monkeypatch, bundle.path, 100, error)

    report = d.sync(0)
    assert_reported(report, bundle.path.name, "held open by another program")
    assert attempts == [4] and sleeps == [0.2, 0.4, 0.8]
    assert not has_offender(d[0]) and bundle.path.name not in applied_from(d[0], d[1].me())
    assert rejected(d[0]) == []  # held is not damaged: nothing set aside
    assert list((d[0].path.parent / "ws0-sync" / "incoming").iterdir()) == []
    assert bundle.path.exists()

    monkeypatch.undo()
    report = d.sync(0)
    assert report.outcome == "synced" and report.bundles_applied == 1 and has_offender(d[0])
    assert report.rejected == [] and report.held == []
    assert len(d.digests()) == 1


def test_a_bundle_that_stays_unreadable_does_not_hold_up_the_others(
        tmp_path: Path, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch) -> None:
    d = Deployment(tmp_path, 3, share=Share(tmp_path / "share", retries=3, sleep=sleeps))
    try:
        for i, doc in [(1, "1111111"), (2, "2222222")]:
            create_offender(d[i].db, d[i].actor, offender_input(doc))
            assert d.sync(i).outcome == "synced"
        # the origin whose bundles are taken first cannot be read (its file's rights are wrong,
        # or a scanner keeps it); the other's bundle is fine
        first, other = sorted([1, 2], key=lambda i: d[i].me())
        stuck = newest_bundle(d, first)
        hold_while_fetched(monkeypatch, stuck.path, 10**6,
                           lambda: PermissionError(errno.EACCES, "Permission denied"))

        report = d.sync(0)
        assert stuck.path.name in " ".join(report.lines())
        assert has_offender(d[0], {1: "1111111", 2: "2222222"}[other])
    finally:
        d.close()


# --- junk beside the bundles ----------------------------------------------------------------

def junk_copies(bundle: Path) -> dict[str, bytes]:
    """What sync tools, copies by hand and interrupted copies leave beside a bundle."""
    data, stem = bundle.read_bytes(), bundle.stem
    return {
        f"{stem} (1).rjb": data,
        f"{stem} - Copy.rjb": data,
        f"{stem} (conflicted copy 2026-01-05).rjb": data,
        f"{stem}.sync-conflict-20260105-101500-ABCDEFG.rjb": data,
        f"{bundle.name}.tmp": data,
        f".{bundle.name}.1a2b3c4d.tmp": data,
        f"~${bundle.name}": data,
        f"{stem} (2).rjb": data[:len(data) // 2],  # a copy cut short
        "desktop.ini": b"[.ShellClassInfo]\r\n",
        "Thumbs.db": b"\x00" * 64,
    }


def test_junk_on_the_share_is_ignored_not_rejected_not_applied(d: Deployment) -> None:
    create_offender(d[1].db, d[1].actor, offender_input(DOC))
    assert d.sync(1).outcome == "synced"
    bundle = newest_bundle(d, 1).path
    junk = junk_copies(bundle)
    for name, data in junk.items():
        (bundle.parent / name).write_bytes(data)
    (d.share_dir / "bundles" / "New folder").mkdir()
    (d.share_dir / "bundles" / "New folder" / bundle.name).write_bytes(bundle.read_bytes())
    (d.share_dir / "bundles" / bundle.name).write_bytes(bundle.read_bytes())
    _, roster = d.share.list_rosters()[-1]
    (roster.parent / f"{roster.stem} - Copy.json").write_bytes(roster.read_bytes()[:40])
    [snap] = d.share.list_snapshots()
    (snap.path.parent / f"{snap.path.stem} (1).rjs").write_bytes(snap.path.read_bytes()[:100])
    # the bundle itself is away for now: only its junk copies are there
    held_back = bundle.rename(bundle.with_name("held back"))

    report = d.sync(0)
    assert report.outcome == "synced" and report.warnings == []
    assert report.bundles_applied == 0 and report.rejected == [] and report.held == []
    assert not has_offender(d[0]) and rejected(d[0]) == []
    assert not list((d[0].path.parent / "ws0-sync").glob("rejected/*"))

    held_back.rename(bundle)
    report = d.sync(0)
    assert report.outcome == "synced" and report.bundles_applied == 1
    assert report.rejected == [] and report.held == [] and rejected(d[0]) == []
    assert applied_from(d[0], d[1].me())[-1] == bundle.name and has_offender(d[0])
    for name, data in junk.items():  # left as they were: not ours to move
        assert (bundle.parent / name).read_bytes() == data
    d.sync_all()
    assert len(d.digests()) == 1
    assert all(not r.rejected and not r.held for ws in d.stations for r in ws.reports)
