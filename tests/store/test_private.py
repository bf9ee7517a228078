"""Owner-only: the data folder, the database and its journals, backups, exports and the sync work
folder are readable by the account that runs RJ Desk and no other local account."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from rjdesk import paths
from rjdesk.services.core.files import replacing
from rjdesk.store import migrate

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows uses ACLs")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_its_folder_and_its_journals_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "rjdesk.sqlite3"
    db = migrate.open_database(path)
    try:
        with db.transaction() as tx:
            tx.execute(text("INSERT INTO local_setting (key, value) VALUES ('x', '1')"))
        with db.engine.connect() as con:  # the log and its index are there while open
            con.execute(text("SELECT 1"))
            assert mode(path.parent) == 0o700
            assert mode(path) == 0o600
            for suffix in ("-wal", "-shm"):
                assert mode(path.with_name(path.name + suffix)) == 0o600
    finally:
        db.close()


def test_wider_modes_of_our_own_folder_and_database_are_narrowed_on_open(tmp_path: Path) -> None:
    path = paths.default_database()  # in the program's own data folder
    migrate.open_database(path).close()
    made_before = [paths.backups_dir(path), paths.sync_work_dir(path)]  # by an older release
    for folder in made_before:
        folder.mkdir(mode=0o755)
        os.chmod(folder, 0o755)
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    migrate.open_database(path).close()
    assert (mode(path.parent), mode(path)) == (0o700, 0o600)
    assert [mode(f) for f in made_before] == [0o700, 0o700]


def test_a_folder_given_with_db_keeps_its_mode(tmp_path: Path) -> None:
    """A folder RJ Desk did not make (a shared one, /tmp) is not RJ Desk's to change."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    migrate.open_database(folder / "x.sqlite3").close()
    assert mode(folder) == 0o755 and mode(folder / "x.sqlite3") == 0o600


def test_backups_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "rjdesk.sqlite3"
    migrate.open_database(path).close()
    copy = migrate.backup(path, "0003")
    assert mode(copy.parent) == 0o700 and mode(copy) == 0o600


@pytest.mark.parametrize("remakes", [False, True], ids=["writes in place", "makes anew"])
def test_a_file_written_whole_is_owner_only(tmp_path: Path, remakes: bool) -> None:
    out = tmp_path / "people.csv"
    out.write_text("old")
    os.chmod(out, 0o644)
    with replacing(out) as tmp:
        assert mode(tmp) == 0o600  # before the first byte
        if remakes:
            tmp.unlink()
        tmp.write_text("DOC number,Name\n")
    assert mode(out) == 0o600 and out.read_text() == "DOC number,Name\n"


def test_a_work_folder_and_everything_in_it_are_owner_only(tmp_path: Path) -> None:
    from rjdesk.store import private

    work = tmp_path / "rjdesk-sync"
    (work / "incoming").mkdir(parents=True)
    (work / "incoming" / "bundle.rjb").write_bytes(b"x")
    os.chmod(work / "incoming" / "bundle.rjb", 0o644)
    private.tree(work)
    assert [mode(p) for p in (work, work / "incoming", work / "incoming" / "bundle.rjb")] == \
        [0o700, 0o700, 0o600]
