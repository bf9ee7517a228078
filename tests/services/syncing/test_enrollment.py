"""Setting up sync through the service: a deployment, a founder, a joiner that asks and is
approved, and a round that joins it from a snapshot. Each step that changes a database leaves
an audit event in the same transaction."""

from __future__ import annotations

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
        assert [r.workstation for r in enrollment.pending(folder)] == [asked.workstation]
        assert enrollment.approve(folder, key) == [asked.workstation]
        assert enrollment.approve(folder, key) == []  # no one waits any more
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
