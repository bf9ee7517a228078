"""Whole rounds against a share that plays tricks: links inside it, huge junk named like a
bundle, files touched again and again. Nothing is read or written through a link, nothing is
copied whole that cannot be a bundle, a refused file is kept aside once, and every honest
workstation still converges."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from rjdesk import paths
from rjdesk.services.people.records import create_offender, find_by_doc_number
from rjdesk.services.syncing import review as sync_review
from rjdesk.sync.refused import HEAD_BYTES
from tests.conftest import offender_input
from tests.sync.harness import Deployment

SECRET = b"root:$6$not-for-the-share"
links = pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Deployment]:
    d = Deployment(tmp_path, 2)
    yield d
    d.close()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "shadow").write_bytes(SECRET)
    return folder


def aside(d: Deployment, i: int = 0) -> list[Path]:
    folder = paths.sync_work_dir(d[i].path) / "rejected"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def everything_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def one_bundle(d: Deployment, doc: str = "4445556") -> Path:
    create_offender(d[1].db, d[1].actor, offender_input(doc, site="JCCC"))
    before = {b.path for b in d.share.list_bundles()}
    d.sync(1)
    (new,) = [b.path for b in d.share.list_bundles() if b.path not in before]
    return new


def next_name(d: Deployment) -> Path:
    """Where workstation 1's next bundle goes: a file there is read in its turn."""
    me = d[1].me()
    after = max(b.last for b in d.share.list_bundles() if b.ws == me) + 1
    return d.share.bundle_path(me, after, after)


def touch_later(path: Path, seconds: int) -> None:
    st = path.stat()
    os.utime(path, (st.st_atime + seconds, st.st_mtime + seconds))


@links
def test_a_link_named_like_a_bundle_is_never_copied(pair: Deployment, outside: Path) -> None:
    link = pair.share.bundle_path(pair[1].me(), 90, 90)
    link.symlink_to(outside / "shadow")
    report = pair.sync(0)
    assert link.name not in report.rejected and link.name not in report.held
    assert any("is a link" in w and link.name in w for w in report.warnings)
    work = paths.sync_work_dir(pair[0].path)
    assert all(SECRET not in p.read_bytes() for p in everything_under(work))


@links
@pytest.mark.parametrize("folder", ["bundles", "acks"])
def test_an_own_folder_that_is_a_link_is_refused_and_nothing_written_through_it(
        pair: Deployment, outside: Path, folder: str) -> None:
    own = pair.share_dir / folder / pair[1].me()
    for p in everything_under(own):
        p.rename(outside / p.name)
    own.rmdir()
    own.symlink_to(outside, target_is_directory=True)
    before = sorted(os.listdir(outside))
    create_offender(pair[1].db, pair[1].actor, offender_input("5556667", site="JCCC"))
    report = pair.sync(1)
    assert report.outcome == "incomplete" and not report.ok
    assert "is a link" in report.message and "sync: incomplete" in report.lines()[0]
    assert sorted(os.listdir(outside)) == before


def test_huge_junk_named_like_a_bundle_is_refused_uncopied_and_kept_once(
        pair: Deployment) -> None:
    junk = next_name(pair)
    with open(junk, "wb") as f:
        f.write(b"RJDESK-SYNC\n")
        f.truncate(300 << 20)  # 300 MB, sparse
    report = pair.sync(0)
    assert junk.name in report.rejected and not report.ok
    (row,) = [r for r in sync_review.list_rejected(pair[0].db) if r.file == junk.name]
    assert row.reason == "larger than any bundle can be"
    (kept,) = aside(pair)
    assert kept.stat().st_size <= HEAD_BYTES and str(kept) == row.kept_as
    assert f"rejected: {junk.name} (larger than any bundle can be)" in report.lines()
    for later in (10, 20):  # a scanner or a sync tool touches it again
        touch_later(junk, later)
        again = pair.sync(0)
        assert f"rejected: {junk.name} (larger than any bundle can be)" in again.lines()
    assert f"rejected: {junk.name} (larger than any bundle can be)" in pair.sync(0).lines()
    assert aside(pair) == [kept]
    assert [r.file for r in sync_review.list_rejected(pair[0].db)] == [junk.name]


def test_junk_that_is_no_sync_file_is_refused_from_its_header(pair: Deployment) -> None:
    junk = next_name(pair)
    junk.write_bytes(b"MZ" + bytes(100_000))
    assert junk.name in pair.sync(0).rejected
    (row,) = sync_review.list_rejected(pair[0].db)
    assert row.reason == "not a sync file"
    touch_later(junk, 30)
    assert junk.name in pair.sync(0).rejected
    assert len(aside(pair)) == 1 and len(sync_review.list_rejected(pair[0].db)) == 1
    assert aside(pair)[0].stat().st_size <= HEAD_BYTES


def test_a_refused_bundle_touched_again_is_kept_once_and_privately(pair: Deployment) -> None:
    bundle = one_bundle(pair)
    raw = bytearray(bundle.read_bytes())
    raw[-40] ^= 0x04
    bundle.write_bytes(bytes(raw))
    os.chmod(bundle, 0o644)
    assert bundle.name in pair.sync(0).rejected
    for later in (10, 20):
        touch_later(bundle, later)
        assert bundle.name in pair.sync(0).rejected
    (kept,) = aside(pair)
    assert kept.read_bytes() == bytes(raw)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert len(sync_review.list_rejected(pair[0].db)) == 1


def test_honest_workstations_converge_around_the_tricks(pair: Deployment) -> None:
    junk = pair.share.bundle_path(pair[1].me(), 90, 90)
    with open(junk, "wb") as f:
        f.truncate(300 << 20)
    one_bundle(pair)
    pair.sync_all()
    assert len(pair.digests()) == 1
    assert find_by_doc_number(pair[0].db, pair[0].actor, "4445556") is not None


@links
def test_tidying_never_reaches_through_an_own_folder_that_is_a_link(
        pair: Deployment, outside: Path) -> None:
    own = pair.share_dir / "bundles" / pair[1].me()
    for p in everything_under(own):
        p.rename(outside / p.name)
    own.rmdir()
    own.symlink_to(outside, target_is_directory=True)
    stale = outside / ".left-by-someone.tmp"
    stale.write_bytes(b"not ours")
    os.utime(stale, (1_000_000_000, 1_000_000_000))
    before = sorted(os.listdir(outside))
    report = pair.sync(1)  # nothing new to publish: the round only tidies and checks
    assert report.outcome == "incomplete" and "is a link" in report.message
    assert sorted(os.listdir(outside)) == before
