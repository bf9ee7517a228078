"""Links and oversized files on the share: a link inside the share is never followed (listed,
read or written through), while a linked share root is fine; a file too large to be ours is
refused before it is read whole."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rjdesk.sync.share import LinkOnShare, Share, TooLarge

WS = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER = "7c9e6679-7425-40de-944b-e07fc1f90ae7"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder off the share, standing for /etc: nothing may be read from or written there."""
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "shadow").write_bytes(b"root:$6$secret")
    return folder


@pytest.fixture
def share(tmp_path: Path) -> Share:
    (tmp_path / "share").mkdir()
    return Share(tmp_path / "share", retries=1, sleep=lambda s: None)


def test_a_link_named_like_a_bundle_is_not_listed_and_is_noted(share: Share,
                                                                outside: Path) -> None:
    link = share.bundle_path(WS, 1, 5)
    link.parent.mkdir(parents=True)
    link.symlink_to(outside / "shadow")
    real = share.bundle_path(WS, 6, 6)
    real.write_bytes(b"x")
    (share.root / "bundles" / OTHER).symlink_to(outside, target_is_directory=True)
    (share.root / "roster").mkdir()
    share.roster_path(9).symlink_to(outside / "shadow")

    assert [b.path for b in share.list_bundles()] == [real]
    assert share.list_bundles(of=OTHER) == []
    assert share.list_rosters() == []
    notes = share.take_notes()
    assert f"bundles/{WS}/{link.name} on the share is a link; links on the share are never " \
           "followed (remove it)" in notes
    assert any(n.startswith(f"bundles/{OTHER} on the share is a link") for n in notes)
    assert any(n.startswith("roster/roster-000009.json") for n in notes)
    assert share.take_notes() == []  # told once


def test_a_link_is_never_read_or_fetched(share: Share, outside: Path, tmp_path: Path) -> None:
    link = share.bundle_path(WS, 1, 5)
    link.parent.mkdir(parents=True)
    link.symlink_to(outside / "shadow")
    (share.root / "requests").symlink_to(outside, target_is_directory=True)
    with pytest.raises(LinkOnShare) as caught:
        share.fetch(link, tmp_path / "copy.rjb")
    assert "is a link" in caught.value.message
    with pytest.raises(LinkOnShare):
        share.read_small(link)
    with pytest.raises(LinkOnShare):
        share.read_small(share.root / "requests" / "shadow")
    assert not (tmp_path / "copy.rjb").exists() and not (tmp_path / "copy.rjb.part").exists()


@pytest.mark.parametrize(("linked", "kind"), [("bundles", "bundle"), (f"bundles/{WS}", "bundle"),
                                             ("acks", "ack"), (f"acks/{WS}", "ack")])
def test_nothing_is_written_through_a_linked_folder(share: Share, outside: Path, linked: str,
                                                    kind: str) -> None:
    folder = share.root / linked
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.symlink_to(outside, target_is_directory=True)
    target = share.bundle_path(WS, 1, 5) if kind == "bundle" else share.ack_path(WS, 1)
    with pytest.raises(LinkOnShare) as caught:
        share.write_small(target, b"data")
    assert "is a link" in caught.value.message
    with pytest.raises(LinkOnShare):
        share.remove_own(folder / "shadow")
    assert sorted(os.listdir(outside)) == ["shadow"]
    assert (outside / "shadow").read_bytes() == b"root:$6$secret"


def test_archiving_never_moves_a_file_through_a_link(share: Share, outside: Path) -> None:
    bundle = share.bundle_path(WS, 1, 5)
    bundle.parent.mkdir(parents=True)
    bundle.write_bytes(b"x")
    (share.root / "archive").symlink_to(outside, target_is_directory=True)
    with pytest.raises(LinkOnShare):
        share.archive(bundle)
    assert bundle.exists() and sorted(os.listdir(outside)) == ["shadow"]


def test_a_linked_share_root_is_fine(tmp_path: Path) -> None:
    real = tmp_path / "mounted"
    real.mkdir()
    (tmp_path / "S").symlink_to(real, target_is_directory=True)
    share = Share(tmp_path / "S", retries=0, sleep=lambda s: None)
    share.write_small(share.ack_path(WS, 1), b"{}")
    assert share.read_small(share.ack_path(WS, 1)) == b"{}"
    assert list(share.latest_acks()) == [WS] and share.take_notes() == []


def test_a_file_too_large_is_refused_unread(share: Share, tmp_path: Path) -> None:
    big = share.bundle_path(WS, 1, 5)
    big.parent.mkdir(parents=True)
    with open(big, "wb") as f:
        f.truncate(300 << 20)  # sparse: 300 MB of nothing
    with pytest.raises(TooLarge) as caught:
        share.fetch(big, tmp_path / "copy.rjb", limit=1 << 20)
    assert "larger than" in caught.value.message
    assert not (tmp_path / "copy.rjb").exists() and not (tmp_path / "copy.rjb.part").exists()
    with pytest.raises(TooLarge):
        share.read_small(big)
    assert share.read_head(big, 4) == bytes(4)


def test_a_fetched_copy_is_readable_by_this_account_alone(share: Share, tmp_path: Path) -> None:
    src = share.bundle_path(WS, 1, 5)
    src.parent.mkdir(parents=True)
    src.write_bytes(b"changes")
    os.chmod(src, 0o644)
    share.fetch(src, tmp_path / "copy.rjb", limit=100)
    assert stat.S_IMODE(os.stat(tmp_path / "copy.rjb").st_mode) == 0o600
