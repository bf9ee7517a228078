"""The central share: junk is invisible, files appear whole or not at all, never replace one
another, and every kind of share trouble comes out as a ShareError a coordinator can read."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from rjdesk.sync import share as share_module
from rjdesk.sync.share import (
    AlreadyOnShare,
    Fault,
    GoneFromShare,
    Share,
    ShareError,
    parse_ack_name,
    parse_bundle_name,
    parse_request_name,
    parse_roster_name,
    parse_snapshot_name,
)

WS = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
BUNDLE = f"{WS}-0000000001-0000000005.rjb"
JUNK_BUNDLES = [
    f"{WS}-0000000001-0000000005 (1).rjb", f"{WS}-0000000001-0000000005 - Copy.rjb",
    f"{WS}-0000000001-0000000005-conflict-20260101.rjb", f"{BUNDLE}.tmp", f"~${BUNDLE}",
    f".{BUNDLE}.partial", f".{BUNDLE}.1a2b3c4d.tmp", "desktop.ini", "Thumbs.db",
    f"{WS[:-1]}-0000000001-0000000005.rjb", f"{WS}0-0000000001-0000000005.rjb",
    f"{WS.upper()}-0000000001-0000000005.rjb", f"{WS}-0000000009-0000000005.rjb",
    f"{WS}-1-5.rjb", f"{WS}-0000000001-0000000005.RJB",
]


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def sharing_violation() -> PermissionError:
    """What Windows raises when antivirus or another client holds the file open."""
    exc = PermissionError(errno.EACCES, "The process cannot access the file")
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def share(tmp_path: Path, sleeps: Sleeps) -> Share:
    root = tmp_path / "share"
    root.mkdir()
    return Share(root, retries=3, sleep=sleeps)


def write_x(temp: Path) -> None:
    temp.write_bytes(b"x")


def put(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_valid_names_parse_and_round_trip(share: Share) -> None:
    assert parse_bundle_name(share.bundle_path(WS, 1, 5).name) == (WS, 1, 5)
    assert parse_snapshot_name(share.snapshot_path(WS, 0x18D2F3A4B5C60001).name) \
        == (WS, 0x18D2F3A4B5C60001)
    assert parse_ack_name(share.ack_path(WS, 42).name) == (WS, 42)
    assert parse_roster_name(share.roster_path(7).name) == 7
    assert parse_request_name(share.request_path(WS).name) == WS
    assert share.bundle_path(WS, 1, 5) == share.root / "bundles" / WS / BUNDLE
    assert share.key_path(WS).relative_to(share.root).as_posix() == f"keys/{WS}.key"
    with pytest.raises(ValueError):
        share.bundle_path(WS.upper(), 1, 5)
    with pytest.raises(ValueError):
        share.bundle_path(WS, 5, 1)


@pytest.mark.parametrize("name", JUNK_BUNDLES)
def test_junk_is_not_a_bundle_name(name: str) -> None:
    assert parse_bundle_name(name) is None


def test_listings_ignore_junk(share: Share) -> None:
    root = share.root
    good = put(root / "bundles" / WS / BUNDLE)
    for name in JUNK_BUNDLES:
        put(root / "bundles" / WS / name)
    (root / "bundles" / WS / f"{WS}-0000000006-0000000009.rjb").mkdir()  # a folder, not a file
    put(root / "bundles" / WS.upper() / f"{WS.upper()}-0000000001-0000000005.rjb")
    put(root / "bundles" / "New folder" / BUNDLE)
    put(root / "bundles" / BUNDLE)  # not inside its workstation's folder
    put(root / "bundles" / WS / f"{OTHER}-0000000001-0000000005.rjb")  # in another's folder
    snap = put(share.snapshot_path(WS, 0xABC))
    for name in [f"{WS}-0000000000000abc (1).rjs", f"{WS}-0000000000000ABC.rjs",
                 f"{WS}-abc.rjs", "Thumbs.db"]:
        put(root / "snapshots" / name)
    old_ack, new_ack = put(share.ack_path(WS, 3)), put(share.ack_path(WS, 12))
    put(root / "acks" / WS / f"{WS}-0000000099.json.tmp")
    put(root / "acks" / WS / f"{OTHER}-0000000099.json")
    roster = put(share.roster_path(2))
    for name in ["roster-000009 - Copy.json", "roster-9.json", "~$roster-000009.json"]:
        put(root / "roster" / name)
    request = put(share.request_path(WS))
    put(root / "requests" / f"{WS} (1).json")
    put(root / "requests" / "desktop.ini")

    [bundle] = share.list_bundles()
    assert (bundle.ws, bundle.first, bundle.last, bundle.path) == (WS, 1, 5, good)
    assert bundle.size == 1 and bundle.mtime > 0
    assert [(s.ws, s.stamp, s.path) for s in share.list_snapshots()] == [(WS, 0xABC, snap)]
    assert share.latest_acks() == {WS: new_ack} and old_ack.exists()
    assert share.list_rosters() == [(2, roster)]
    assert share.list_requests() == [(WS, request)]


def test_listings_are_sorted_and_missing_folders_are_empty(share: Share) -> None:
    assert share.list_bundles() == [] and share.list_snapshots() == []
    assert share.latest_acks() == {} and share.list_rosters() == [] and share.list_requests() == []
    for ws, first, last in [(WS, 6, 9), (OTHER, 1, 1), (WS, 1, 5)]:
        put(share.bundle_path(ws, first, last))
    assert [(b.ws, b.first) for b in share.list_bundles()] == [(WS, 1), (WS, 6), (OTHER, 1)]


def test_publish_shows_the_file_only_once_it_reads_back(share: Share) -> None:
    target = share.bundle_path(WS, 1, 5)
    seen: list[str] = []

    def write(temp: Path) -> None:
        assert temp.parent == target.parent and temp.name.startswith(f".{target.name}.")
        temp.write_bytes(b"payload")
        assert share.list_bundles() == []  # the temporary file is invisible
        seen.append("write")

    def verify(temp: Path) -> None:
        assert temp.read_bytes() == b"payload" and not target.exists()
        seen.append("verify")

    share.publish(target, write, verify)
    assert seen == ["write", "verify"] and target.read_bytes() == b"payload"
    assert os.listdir(target.parent) == [target.name]


def test_a_failed_verify_leaves_nothing(share: Share, sleeps: Sleeps) -> None:
    def verify(temp: Path) -> None:
        raise ValueError("signature does not match")

    target = share.bundle_path(WS, 1, 5)
    with pytest.raises(ShareError) as caught:
        share.publish(target, write_x, verify)
    assert caught.value.kind is Fault.OTHER and "read back" in caught.value.message
    assert os.listdir(target.parent) == [] and len(sleeps) == share.retries


def test_an_existing_file_is_never_replaced(share: Share) -> None:
    target = put(share.roster_path(1), b"first")
    with pytest.raises(AlreadyOnShare) as caught:
        share.write_small(target, b"second")
    assert caught.value.kind is Fault.OTHER and target.read_bytes() == b"first"
    assert os.listdir(target.parent) == [target.name]


def test_the_name_taken_while_writing_is_not_replaced(share: Share) -> None:
    target = share.roster_path(1)

    def write(temp: Path) -> None:  # another coordinator publishes the same number meanwhile
        temp.write_bytes(b"mine")
        target.write_bytes(b"theirs")

    with pytest.raises(AlreadyOnShare):
        share.publish(target, write, lambda temp: None)
    assert target.read_bytes() == b"theirs" and os.listdir(target.parent) == [target.name]


def test_without_hard_links_the_name_is_checked_then_renamed(
        share: Share, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    share.write_small(share.roster_path(1), b"first")
    with pytest.raises(AlreadyOnShare):
        share.write_small(share.roster_path(1), b"second")
    assert share.roster_path(1).read_bytes() == b"first"
    assert os.listdir(share.root / "roster") == ["roster-000001.json"]


def test_a_full_share(share: Share) -> None:
    def write(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    target = share.bundle_path(WS, 1, 5)
    with pytest.raises(ShareError) as caught:
        share.publish(target, write, lambda temp: None)
    assert caught.value.kind is Fault.FULL and "full" in caught.value.message
    assert os.listdir(target.parent) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_a_read_only_folder(share: Share) -> None:
    share.root.chmod(0o555)
    try:
        with pytest.raises(ShareError) as caught:
            share.write_small(share.request_path(WS), b"{}")
    finally:
        share.root.chmod(0o755)
    assert caught.value.kind is Fault.READ_ONLY


def test_a_read_only_share(share: Share, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ShareError) as caught:
        share.write_small(share.request_path(WS), b"{}")
    monkeypatch.undo()
    assert caught.value.kind is Fault.READ_ONLY and "read-only" in caught.value.message
    assert os.listdir(share.root / "requests") == []


@pytest.mark.parametrize("held", [sharing_violation, lambda: OSError(errno.EBUSY, "Busy")])
def test_a_file_held_for_a_while_is_retried(share: Share, sleeps: Sleeps, held) -> None:
    failures = [held(), held()]

    def write(temp: Path) -> None:
        if failures:
            raise failures.pop()
        temp.write_bytes(b"ok")

    share.publish(share.ack_path(WS, 1), write, lambda temp: None)
    assert share.ack_path(WS, 1).read_bytes() == b"ok"
    assert sleeps == [0.2, 0.4]
    assert os.listdir(share.ack_path(WS, 1).parent) == [share.ack_path(WS, 1).name]


def test_a_file_held_for_good_is_locked(share: Share, sleeps: Sleeps) -> None:
    def write(temp: Path) -> None:
        raise sharing_violation()

    with pytest.raises(ShareError) as caught:
        share.publish(share.ack_path(WS, 1), write, lambda temp: None)
    assert caught.value.kind is Fault.LOCKED and "antivirus" in caught.value.message
    assert sleeps == [0.2, 0.4, 0.8] and os.listdir(share.ack_path(WS, 1).parent) == []


def test_a_missing_share(tmp_path: Path) -> None:
    share = Share(tmp_path / "gone", sleep=lambda s: None)
    for call in [share.check, share.list_bundles, share.list_snapshots, share.latest_acks,
                 share.list_rosters, share.list_requests,
                 lambda: share.write_small(share.request_path(WS), b"{}")]:
        with pytest.raises(ShareError) as caught:
            call()
        assert caught.value.kind is Fault.MISSING and "cannot be reached" in caught.value.message
    assert not share.root.exists()  # an unmounted share is never recreated on the local disk
    assert share.free_space() is None and share.server_clock_skew() is None


def test_fetch_copies_a_settled_file(share: Share, tmp_path: Path) -> None:
    src = put(share.bundle_path(WS, 1, 5), b"changes" * 1000)
    dest = tmp_path / "inbox" / "b.rjb"
    dest.parent.mkdir()
    share.fetch(src, dest)
    assert dest.read_bytes() == src.read_bytes() and os.listdir(dest.parent) == ["b.rjb"]


def _growing(monkeypatch: pytest.MonkeyPatch, src: Path, times: int) -> None:
    """Another program keeps appending to src: each look at its size sees it grow after."""
    real, left = share_module._size, [times]

    def size(path: Path) -> int:
        result = real(path)
        if path == src and left[0] > 0:
            left[0] -= 1
            with open(src, "ab") as f:
                f.write(b"more")
        return result

    monkeypatch.setattr(share_module, "_size", size)


def test_fetch_waits_for_a_growing_file(share: Share, tmp_path: Path, sleeps: Sleeps,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    src = put(share.snapshot_path(WS, 1), b"start")
    _growing(monkeypatch, src, times=2)
    share.fetch(src, tmp_path / "s.rjs")
    assert (tmp_path / "s.rjs").read_bytes() == src.read_bytes() == b"start" + b"more" * 2
    assert sleeps == [0.2, 0.4] and not (tmp_path / "s.rjs.part").exists()


def test_fetch_gives_up_on_a_file_that_never_settles(share: Share, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    src = put(share.snapshot_path(WS, 1), b"start")
    _growing(monkeypatch, src, times=1000)
    with pytest.raises(ShareError) as caught:
        share.fetch(src, tmp_path / "s.rjs")
    assert caught.value.kind is Fault.OTHER and "changing" in caught.value.message
    assert os.listdir(tmp_path) == ["share"]


def test_small_files_round_trip_and_old_acks_go(share: Share) -> None:
    share.write_small(share.ack_path(WS, 1), b'{"n": 1}')
    assert share.read_small(share.ack_path(WS, 1)) == b'{"n": 1}'
    share.remove_own(share.ack_path(WS, 1))
    share.remove_own(share.ack_path(WS, 1))  # already gone: fine
    assert share.latest_acks() == {}


def test_a_file_gone_from_a_reachable_share(share: Share) -> None:
    with pytest.raises(GoneFromShare) as caught:
        share.read_small(share.request_path(WS))
    assert caught.value.kind is Fault.OTHER and "no longer there" in caught.value.message


def test_archive_moves_a_bundle_once(share: Share) -> None:
    src = put(share.bundle_path(WS, 1, 5), b"changes")
    share.archive(src)
    share.archive(src)  # another workstation got there first: fine
    assert share.list_bundles() == []
    [moved] = share.list_bundles(archived=True)
    assert moved.path == share.bundle_path(WS, 1, 5, archived=True)
    assert moved.path.read_bytes() == b"changes"
    put(src, b"changes")  # a copy left behind (a sync tool put it back): the archive has it
    share.archive(src)
    assert not src.exists() and len(share.list_bundles(archived=True)) == 1


def test_clock_skew_and_free_space(share: Share) -> None:
    skew = share.server_clock_skew()
    assert skew is not None and abs(skew) < 5
    assert os.listdir(share.root) == []
    assert (share.free_space() or 0) > 0


def test_one_workstations_bundles_are_listed_from_its_folder_alone(tmp_path: Path) -> None:
    share = Share(tmp_path, retries=0, sleep=lambda s: None)
    mine, theirs = "0" * 8 + "-0000-4000-8000-" + "0" * 12, "1" * 8 + "-1111-4111-8111-" + "1" * 12
    for ws in (mine, theirs):
        path = share.bundle_path(ws, 1, 3)
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x")
    assert [b.ws for b in share.list_bundles(of=mine)] == [mine]
    assert share.list_bundles(of=mine, archived=True) == []
    assert len(share.list_bundles()) == 2
    with pytest.raises(ShareError):
        Share(tmp_path / "missing", retries=0, sleep=lambda s: None).list_bundles(of=mine)
