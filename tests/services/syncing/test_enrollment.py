"""Setting up sync through the service: a deployment, a founder, a joiner that asks and is
approved, and a round that joins it from a snapshot. Each step that changes a database leaves
an audit event in the same transaction."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from rjdesk.domain.core.models import AuditEvent
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.syncing import enrollment
from rjdesk.store.database import Database
from rjdesk.store.migrate import open_database


def _audits(db: Database, action: str) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEvent.summary)
                                    .where(AuditEvent.action == action)))


@pytest.fixture
def share(tmp_path: Path) -> tuple[Path, Path]:
    folder, key = tmp_path / "share", tmp_path / "admin.rjkey"
    folder.mkdir()
    enrollment.create_deployment(folder, key, "Test deployment")
    return folder, key


def test_found_request_approve_and_join(db, admin, share, tmp_path: Path) -> None:
    folder, key = share
    founder = enrollment.found(db, folder, key, name="JCCC 1", site="jccc")
    assert founder.site_code == "JCCC" and founder.share == str(folder)
    assert enrollment.remembered_share(db) == str(folder)
    (summary,) = _audits(db, "enroll")
    assert "Founded" in summary and founder.workstation in summary
    report, same = enrollment.sync_round(db)
    assert report.ok and report.snapshot and same is db

    joiner = open_database(tmp_path / "joiner.sqlite3")
    try:
        asked = enrollment.request(joiner, folder, name="PP 1", site="PP-27")
        assert _audits(joiner, "enroll") and asked.workstation != founder.workstation
        (waiting,) = enrollment.pending(folder)
        assert (waiting.workstation, waiting.fingerprint) == (asked.workstation,
                                                              asked.fingerprint)
        assert [r.workstation for r in enrollment.approve(folder, key, ["pp 1"])] == \
            [asked.workstation]
        assert enrollment.pending(folder) == []  # no one waits any more
        report, joiner = enrollment.sync_round(joiner)
        assert report.ok and report.message.startswith("joined from")
    finally:
        joiner.close()


def test_a_database_with_records_cannot_ask_to_join(db, admin, share) -> None:
    with pytest.raises(InvalidInput, match="already holds records"):
        enrollment.request(db, share[0], name="JCCC 2", site="JCCC")
    assert _audits(db, "enroll") == [] and enrollment.remembered_share(db) is None


def test_an_unknown_site_and_a_kept_key_are_refused(db, share, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="there is no site NOPE"):
        enrollment.request(db, share[0], name="x", site="nope")
    with pytest.raises(InvalidInput, match="never overwritten"):
        enrollment.create_deployment(tmp_path, share[1], "Another")


def test_trouble_on_the_share_is_one_failure(db, share, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(enrollment.EnrollmentFailed, match="no RJ Desk deployment"):
        enrollment.request(db, empty, name="x", site="JCCC")
    with pytest.raises(enrollment.EnrollmentFailed, match="already holds a deployment"):
        enrollment.create_deployment(share[0], tmp_path / "other.rjkey", "Again")
    assert not (tmp_path / "other.rjkey").exists()


def test_a_round_needs_a_share_and_remembers_a_new_one(db, admin, share) -> None:
    folder, key = share
    with pytest.raises(InvalidInput, match="--share"):
        enrollment.sync_round(db)
    enrollment.found(db, folder, key, name="JCCC 1", site="JCCC")
    enrollment.sync_round(db, folder)
    assert _audits(db, "configure") == []  # the share it enrolled with: nothing changed
    moved = folder.with_name("moved")
    folder.rename(moved)
    report, _ = enrollment.sync_round(db, moved)
    assert report.ok and enrollment.remembered_share(db) == str(moved)
    (summary,) = _audits(db, "configure")
    assert summary == f"Share path: {folder} → {moved}"


def _joiner(tmp_path: Path, name: str, site: str, folder: Path) -> enrollment.Enrolled:
    db = open_database(tmp_path / f"{uuid.uuid4().hex}.sqlite3")
    try:
        return enrollment.request(db, folder, name=name, site=site)
    finally:
        db.close()


def _on_share(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_approval_names_each_request_and_doubts_a_name_taken(db, admin, share,
                                                              tmp_path: Path) -> None:
    """A request under the name of an enrolled workstation, placed by anyone who can write to
    the share, is never approved by default, nor without a second look."""
    folder, key = share
    enrollment.found(db, folder, key, name="Central Office 1", site="CO")
    rogue = _joiner(tmp_path, "central office 1", "CO", folder)
    honest = _joiner(tmp_path, "JCCC 1", "JCCC", folder)
    twin = _joiner(tmp_path, "JCCC 1", "JCCC", folder)
    before = _on_share(folder)
    with pytest.raises(InvalidInput, match="name the workstations"):
        enrollment.approve(folder, key, [])
    with pytest.raises(InvalidInput, match="2 requests are named 'JCCC 1'"):
        enrollment.approve(folder, key, ["JCCC 1"])
    with pytest.raises(InvalidInput, match="no workstation waits .* 'PP 1'"):
        enrollment.approve(folder, key, [honest.workstation, "PP 1"])
    with pytest.raises(enrollment.Doubtful) as refused:
        enrollment.approve(folder, key, [rogue.workstation])
    assert any("already enrolled" in line and rogue.fingerprint in line
               for line in refused.value.lines())
    with pytest.raises(enrollment.Doubtful, match="--even-if-duplicate"):
        enrollment.approve(folder, key, [honest.workstation])  # its twin asks too
    assert _on_share(folder) == before  # nothing of it written
    doubts = {r.workstation: r.doubts for r in enrollment.pending(folder)}
    assert "already enrolled" in doubts[rogue.workstation][0]
    assert "same name" in doubts[twin.workstation][0]
    (approved,) = enrollment.approve(folder, key, [honest.workstation], even_if_duplicate=True)
    assert approved.fingerprint == honest.fingerprint
    assert [m.name for m in enrollment.members(folder)] == ["Central Office 1", "JCCC 1"]


def test_a_wrong_administrator_key_is_refused_before_anything(db, share,
                                                               tmp_path: Path) -> None:
    folder, key = share
    asked = _joiner(tmp_path, "JCCC 1", "JCCC", folder)
    other_share, other_key = tmp_path / "other", tmp_path / "other.rjkey"
    other_share.mkdir()
    enrollment.create_deployment(other_share, other_key, "Another")
    junk = tmp_path / "notes.txt"
    junk.write_text("not a key")
    before = _on_share(folder)
    for wrong, says in ((junk, "not an RJ Desk administrator key file"),
                        (other_key, "another deployment"),
                        (tmp_path / "missing.rjkey", "cannot be read")):
        with pytest.raises(InvalidInput, match=says):
            enrollment.approve(folder, wrong, [asked.workstation])
        with pytest.raises(InvalidInput, match=says):
            enrollment.revoke(folder, wrong, asked.workstation)
        with pytest.raises(InvalidInput, match=says):
            enrollment.found(db, folder, wrong, name="CO 1", site="CO")
    assert _on_share(folder) == before and enrollment.remembered_share(db) is None


def test_revoking_through_the_service(db, admin, share, tmp_path: Path) -> None:
    folder, key = share
    enrollment.found(db, folder, key, name="Central Office 1", site="CO")
    asked = _joiner(tmp_path, "JCCC 1", "JCCC", folder)
    enrollment.approve(folder, key, [asked.workstation])
    with pytest.raises(InvalidInput, match="no enrolled workstation is 'PP 1'"):
        enrollment.revoke(folder, key, "PP 1")
    done = enrollment.revoke(folder, key, "jccc 1")
    assert (done.workstation, done.generation, done.remaining) == (asked.workstation, 2, 1)
    assert [m.name for m in enrollment.members(folder)] == ["Central Office 1"]
    assert enrollment.pending(folder) == []  # its old request does not come back
    again = _joiner(tmp_path, "JCCC 1", "JCCC", folder)  # a new database, under the same name
    (waiting,) = enrollment.pending(folder)
    assert waiting.workstation == again.workstation and "was revoked" in waiting.doubts[0]
