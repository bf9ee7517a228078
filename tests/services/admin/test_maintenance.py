"""The database check IT runs: sound or not, repaired when asked, and where it stands."""

from __future__ import annotations

import sqlite3

from sqlalchemy import func, select

from rjdesk.domain.core.models import AuditEvent
from rjdesk.services.admin import maintenance
from rjdesk.store.database import Database
from rjdesk.store.migrate import head_revision


def _audit_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_a_sound_database_reports_where_it_stands(db, admin) -> None:
    health = maintenance.check(db)
    assert health.ok and health.problems == [] and health.repaired == []
    assert health.site_code == "JCCC" and health.schema == head_revision()
    assert len(health.workstation) == 36 and len(health.digest) > 0


def test_a_database_never_set_up_says_so(db) -> None:
    assert maintenance.check(db).site_code is None


def test_a_dropped_capture_trigger_is_found_and_made_anew(db, admin, add_offender) -> None:
    add_offender()
    before = maintenance.check(db)
    con = sqlite3.connect(db.path)
    con.execute("DROP TRIGGER sync_capture_offender_u")
    con.commit()
    con.close()
    audits = _audit_count(db)
    found = maintenance.check(db)
    assert not found.ok and any("change capture is missing on offender" in p
                                for p in found.problems)
    mended = maintenance.check(db, repair_found=True)
    assert mended.ok and mended.repaired == [maintenance.REPAIRED]
    # a repair changes no record: the state digest and the pending changes stay as they were
    assert (mended.digest, mended.pending) == (before.digest, before.pending)
    assert _audit_count(db) == audits


def test_repair_is_not_run_on_a_sound_database(db, admin) -> None:
    assert maintenance.check(db, repair_found=True).repaired == []
