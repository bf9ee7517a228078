"""Opening databases: new ones are created, old ones backed up and migrated, newer ones refused
and left byte-for-byte as they were."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from rjdesk.services.admin import auth
from rjdesk.services.people import query as pq
from rjdesk.services.people import records as people
from rjdesk.store import migrate
from rjdesk.store.capture import authored_by
from rjdesk.store.digest import integrity_problems, state_digest

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "schemas").glob("*.sqlite3"))


def test_there_is_a_fixture_for_the_current_schema():
    assert f"{migrate.head_revision()}.sqlite3" in {f.name for f in FIXTURES}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_released_schema_opens_with_its_data(fixture, tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(fixture, path)
    db = migrate.open_database(path)
    try:
        with db.engine.connect() as con:
            assert con.execute(text("SELECT version_num FROM alembic_version")).scalar() == \
                migrate.head_revision()
            assert integrity_problems(con) == []
        actor = auth.sign_in(db, "admin", "fixture-password")
        found = pq.list_offenders(db, actor, pq.PeopleFilter(query="nguyen")).rows
        assert [r.doc_number for r in found] == ["1234567"]
        assert [h.to_site_code for h in people.transfer_history(db, actor, found[0].id)] == \
            ["ACC"]
        if fixture.stem >= "0002":  # ICVC records came with schema 0002
            from rjdesk.services.icvc import roster, schedule
            (cls,) = schedule.list_classes(db, actor, None)
            (e,) = roster.roster(db, actor, cls.id)
            assert e.certificate_number and e.doc_number == "7654321"
        if fixture.stem >= "0007":  # reparative records came with the 0007 fixture
            from rjdesk.services.reparative import items, totals
            (stock,) = items.stock(db, actor, actor.site_id)
            assert (stock.made, stock.on_hand) == (40, 10)
            year = totals.dashboard(db, actor, actor.site_id, 2026)
            assert year.participants == 1  # counted from the sums 0008 added up on upgrade
        if fixture.stem >= "0009":  # boards came with schema 0009
            from rjdesk.services.boards import cases
            (row,) = cases.list_cases(db, actor, text="5550001")
            case = cases.get_case(db, actor, row.id)
            assert (case.site_code, case.status.value, case.officer_name) == (
                "PP-27", "in_progress", "Fixture Officer")
            assert [(t.amount_cents, t.paid_cents) for t in case.tasks] == [(120000, 20050)]
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    if fixture.stem == migrate.head_revision():
        assert backups == []  # nothing to migrate, nothing copied
    else:
        assert len(backups) == 1 and fixture.stem in backups[0].name


def test_a_new_database_is_created_at_the_newest_schema(tmp_path):
    path = tmp_path / "sub" / "new.sqlite3"
    db = migrate.open_database(path)
    db.close()
    assert migrate.stored_revision(path) == migrate.head_revision()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.sqlite3"
    migrate.open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(migrate.NewerSchemaError, match="newer version of RJ Desk"):
        migrate.open_database(path)
    assert path.read_bytes() == before
    assert {p.name for p in tmp_path.iterdir()} <= {"newer.sqlite3", "newer.sqlite3.checked"}
    # no backup, no -wal/-shm (the note is the first open's, closing it sound)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(migrate.DatabaseError, match="cannot be read"):
        migrate.open_database(junk)
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(migrate.DatabaseError, match="not an RJ Desk database"):
        migrate.open_database(other)


def test_open_without_create_refuses_a_missing_file(tmp_path):
    with pytest.raises(migrate.DatabaseError, match="no RJ Desk database"):
        migrate.open_database(tmp_path / "missing.sqlite3", create=False)
    assert not (tmp_path / "missing.sqlite3").exists()


def test_backup_is_a_consistent_copy(db, admin, add_offender):
    add_offender()
    copy = migrate.backup(db.path, "0001")
    assert copy.parent.name == "backups" and "schema-0001" in copy.name
    copy_db = migrate.open_database(copy)
    with db.engine.connect() as a, copy_db.engine.connect() as b:
        assert state_digest(a) == state_digest(b)
    copy_db.close()


def test_the_digest_ignores_row_order_and_local_state(tmp_path, db, admin, add_offender):
    add_offender("1", "A", "A")
    add_offender("2", "B", "B")
    with authored_by(admin.user_id), db.engine.connect() as con:
        first = state_digest(con)
        con.execute(text("UPDATE app_user SET failed_attempts = 3"))
        con.execute(text("UPDATE offender SET sort_name = 'zzz'"))
        assert state_digest(con) == first
        con.execute(text("UPDATE offender SET housing_unit = 'X' WHERE doc_number = '1'"))
        assert state_digest(con) != first
        con.rollback()


def test_a_damaged_search_index_is_reported_and_repaired(db, admin, add_offender):
    from rjdesk.store.digest import rebuild_search_index
    add_offender()
    with db.engine.connect() as con:
        assert integrity_problems(con) == []
    with db.engine.begin() as con:
        # index entries with no record behind them
        con.execute(text("INSERT INTO offender_fts (rowid, body) VALUES (999, 'ghost')"))
    with db.engine.connect() as con:
        assert any("index does not match" in p for p in integrity_problems(con))
    with db.engine.begin() as con:
        rebuild_search_index(con)
    with db.engine.connect() as con:
        assert integrity_problems(con) == []


def test_search_tables_out_of_step_with_people_are_reported_and_repaired(db, admin,
                                                                           add_offender):
    from rjdesk.store.digest import rebuild_search_index
    add_offender("1", "Nguyễn", "An")
    add_offender("2", "Ñúñez", "José")
    with db.engine.begin() as con:
        # as if a tool had written behind the triggers' back
        con.execute(text("DROP TRIGGER offender_search_au"))
        con.execute(text("UPDATE offender SET search_text = 'smith john 1', "
                         "sort_name = 'smith' WHERE doc_number = '1'"))
        con.execute(text("DELETE FROM offender_search WHERE offender_id = "
                         "(SELECT id FROM offender WHERE doc_number = '2')"))
        con.execute(text("INSERT INTO offender_search (offender_id, site_id, sort_name, listed, "
                         "body) VALUES ('gone', 'x', 'x', 1, 'ghost')"))
    with db.engine.connect() as con:
        assert any("2 people missing or out of date, 1 rows" in p
                   for p in integrity_problems(con))
    with db.engine.begin() as con:
        rebuild_search_index(con)
    with db.engine.connect() as con:
        assert integrity_problems(con) == []
    assert [r.doc_number for r in pq.list_offenders(db, admin, pq.PeopleFilter(query="smith"))
            .rows] == ["1"]
    assert [r.doc_number for r in pq.list_offenders(db, admin, pq.PeopleFilter(query="nunez"))
            .rows] == ["2"]
