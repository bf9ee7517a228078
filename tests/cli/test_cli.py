"""rjdesk-cli: every command's success, and every expected failure as one line, an exit status
and nothing written. Run in-process through ``main`` (fast), and twice as a real process."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from rjdesk import __version__
from rjdesk.cli.main import main
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.people.models import Offender
from rjdesk.services.people.exchange import COLUMNS
from rjdesk.store.digest import state_digest
from rjdesk.store.migrate import open_database

HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scale-1 demo built once through the CLI; tests work on copies of it."""
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--scale", "1", "--seed", "1"]) == 0
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    monkeypatch.setenv("RJDESK_PASSWORD", "demo")
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return copy


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _count(path: Path, table: str = "offender", where: str = "1") -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version_and_sites(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"rjdesk-cli {__version__}"
    code, out, _ = run(capsys, "sites")
    lines = out.splitlines()
    assert code == 0 and "JCCC\tJefferson City Correctional Center" in lines
    assert "PP-27\tProbation and Parole District 27 - Jefferson City" in lines


def test_init_sets_up_a_workstation_once(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("RJDESK_PASSWORD", "long enough")
    db = tmp_path / "ws.sqlite3"
    code, out, _ = run(capsys, "init", "--db", db, "--site", "pp-27", "--workstation", "PP27-1",
                       "--admin", "chief")
    assert code == 0 and "PP27-1 at PP-27" in out and "administrator chief" in out
    code, _, err = run(capsys, "init", "--db", db, "--site", "JCCC")
    assert code == 2 and err == "rjdesk-cli: This database is already set up; sign in instead.\n"
    code, out, _ = run(capsys, "users", "list", "--db", db, "--user", "chief")
    assert code == 0 and out.startswith("chief\tadministrator\tPP-27\tactive")


@pytest.mark.parametrize("site, password, words", [
    ("NOWHERE", "long enough", "no site with the code “NOWHERE”"),
    ("JCCC", "short", "at least 8 characters"),
])
def test_a_failed_init_leaves_no_file(capsys, tmp_path, monkeypatch, site, password, words):
    monkeypatch.setenv("RJDESK_PASSWORD", password)
    code, _, err = run(capsys, "init", "--db", tmp_path / "ws.sqlite3", "--site", site)
    assert code == 2 and words in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_init_asks_for_the_password_twice(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("RJDESK_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["first password", "other password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "init", "--db", tmp_path / "ws.sqlite3", "--site", "JCCC")
    assert code == 2 and "the two passwords differ" in err and not list(tmp_path.iterdir())
    answers = iter(["same password", "same password"])
    assert run(capsys, "init", "--db", tmp_path / "ws.sqlite3", "--site", "JCCC")[0] == 0


def test_demo_refuses_a_database_that_is_not_empty(capsys, demo):
    before = _sha(demo)
    code, _, err = run(capsys, "demo", "--db", demo, "--seed", "2")
    assert code == 2 and "new, empty database" in err and err.count("\n") == 1
    assert _sha(demo) == before


def test_import_people_all_or_nothing(capsys, demo, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\n1200001,Nguyễn,Văn Bình,,04/12/1988,JCCC,,,HU 1-A-1\n",
                    encoding="utf-8-sig")
    code, out, _ = run(capsys, "import", "people", "--db", demo, "--user", "staff", good)
    assert code == 0 and out == "imported 1 people from good.csv (JCCC 1).\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n1200002,Ok,Fine,,1980-01-01,JCCC,,,\n"
                   "1200003,Bad,Date,,13/45/1980,JCCC,,,\n1200001,Again,Here,,1980-01-01,JCCC,,,\n",
                   encoding="utf-8")
    code, out, err = run(capsys, "import", "people", "--db", demo, "--user", "staff", bad)
    lines = err.splitlines()
    assert code == 2 and out == "" and "Traceback" not in err
    assert lines[0] == ("rjdesk-cli: bad.csv: 2 rows have problems, so nothing was imported. "
                        "Correct them and import the file again.")
    assert lines[1].startswith("  line 3, date of birth: “13/45/1980” is not a date")
    assert lines[2].startswith("  line 4, DOC number: DOC number 1200001 is already on file")
    assert _count(demo, where="doc_number = '1200002'") == 0
    code, _, err = run(capsys, "import", "people", "--db", demo, "--user", "staff",
                       tmp_path / "missing.csv")
    assert code == 1 and err == f"rjdesk-cli: {tmp_path / 'missing.csv'}: there is no such file.\n"


def test_export_people_csv_and_xlsx(capsys, demo, tmp_path):
    out = tmp_path / "all.csv"
    code, stdout, _ = run(capsys, "export", "people", "--db", demo, "--user", "central",
                          "-o", out)
    assert code == 0 and stdout == f"exported 460 people to {out}.\n"
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 461
    book = tmp_path / "pp27.xlsx"
    code, stdout, _ = run(capsys, "export", "people", "--db", demo, "--user", "officer",
                          "-o", book, "--site", "PP-27")
    rows = list(load_workbook(book, read_only=True)["People"].iter_rows(values_only=True))
    assert code == 0 and {r[5] for r in rows[1:]} == {"PP-27"} and len(rows) > 40


@pytest.mark.parametrize("target, status, words", [
    ("no-such-folder/people.csv", 1, "No such file or directory"),
    ("people.txt", 2, "a .csv or .xlsx file"),
])
def test_an_export_that_fails_writes_nothing(capsys, demo, tmp_path, target, status, words):
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run(capsys, "export", "people", "--db", demo, "--user", "admin",
                       "-o", folder / target)
    assert code == status and words in err and err.count("\n") == 1 and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_print_people_writes_a_pdf(capsys, demo, tmp_path):
    out = tmp_path / "jccc.pdf"
    code, stdout, _ = run(capsys, "print", "people", "--db", demo, "--user", "staff",
                          "--site", "JCCC", "-o", out)
    assert code == 0 and "printed the people list of JCCC" in stdout
    assert out.read_bytes().startswith(b"%PDF")
    assert _count(demo, "audit_event", "action = 'print'") == 1


@pytest.mark.parametrize("argv, env, status, words", [
    (["--user", "staff", "--site", "JCCC"], {"RJDESK_PASSWORD": "wrong"}, 2,
     "The user name or password is wrong."),
    (["--user", "staff", "--site", "NOPE"], {}, 2, "There is no site with the code “NOPE”."),
    (["--site", "JCCC"], {}, 2, "sign in with --user NAME"),
    (["--user", "staff", "--site", "JCCC"], {"RJDESK_PASSWORD": None}, 2,
     "no password: set RJDESK_PASSWORD"),
    (["--user", "victims", "--site", "JCCC"], {}, 2,
     "Your role (Victim services) does not allow you to print people lists."),
])
def test_print_people_refusals_write_nothing(capsys, demo, tmp_path, monkeypatch, argv, env,
                                             status, words):
    for key, value in env.items():
        if value is None:
            monkeypatch.delenv(key)
        else:
            monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    out = tmp_path / "list.pdf"
    code, _, err = run(capsys, "print", "people", "--db", demo, "-o", out, *argv)
    assert code == status and err.startswith(f"rjdesk-cli: {words}")
    assert err.count("\n") == 1 and not out.exists()
    assert _count(demo, "audit_event", "action = 'print'") == 0


def test_check_reports_integrity_site_schema_and_digest_and_repairs(capsys, demo):
    db = open_database(demo, create=False)
    with db.engine.connect() as c:
        digest = state_digest(c)
    db.close()
    code, out, _ = run(capsys, "check", "--db", demo)
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == ["integrity: ok", "site: JCCC", "schema: " + _revision(demo)]
    assert lines[3].startswith("workstation: ") and len(lines[3]) == len("workstation: ") + 36
    assert lines[4:] == ["changes waiting to be published: 0",
                         "sync fingerprint: (no sync keys yet)",
                         "keys: none yet (this workstation has not joined a deployment)",
                         "writes: yes", f"state: {digest}"]
    con = sqlite3.connect(demo)  # damage the search index behind the triggers' back
    con.execute("INSERT INTO offender_fts(offender_fts, rowid, body) "
                "VALUES('delete', 1, 'not what was indexed')")
    con.commit()
    con.close()
    code, out, _ = run(capsys, "check", "--db", demo)
    assert code == 1 and "integrity: people search index does not match" in out
    code, out, _ = run(capsys, "check", "--db", demo, "--repair")
    assert code == 0 and "repair: people search index rebuilt" in out
    assert "integrity: ok" in out and f"state: {digest}" in out
    con = sqlite3.connect(demo)  # an SQL tool drops a capture trigger
    con.execute("DROP TRIGGER sync_capture_offender_u")
    con.commit()
    con.close()
    code, out, _ = run(capsys, "check", "--db", demo)
    assert code == 1 and "integrity: change capture is missing on offender" in out
    code, out, _ = run(capsys, "check", "--db", demo, "--repair")
    assert code == 0 and "integrity: ok" in out


def _revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def test_a_newer_schema_is_refused_untouched(capsys, demo, tmp_path):
    con = sqlite3.connect(demo)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = _sha(demo)
    for argv in (["check"], ["export", "people", "--user", "admin", "-o", tmp_path / "x.csv"],
                 ["demo"]):
        code, _, err = run(capsys, *argv, "--db", demo)
        assert code == 1 and "written by a newer version of RJ Desk" in err, argv
        assert err.count("\n") == 1
    assert _sha(demo) == before and not (tmp_path / "x.csv").exists()
    # No backup, no export, and not even the -wal/-shm files a look at the version makes.
    assert {p.name for p in tmp_path.iterdir()} == {"demo.sqlite3"}


def test_a_missing_database_is_not_created(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("RJDESK_PASSWORD", "demo")
    missing = tmp_path / "missing.sqlite3"
    for argv in (["check"], ["export", "people", "--user", "admin", "-o", tmp_path / "x.csv"]):
        code, _, err = run(capsys, *argv, "--db", missing)
        assert code == 1 and "There is no RJ Desk database" in err
    assert list(tmp_path.iterdir()) == []


def test_users_list_add_unlock_for_administrators_only(capsys, demo, monkeypatch):
    code, out, _ = run(capsys, "users", "list", "--db", demo, "--user", "admin")
    assert code == 0 and len(out.splitlines()) == 7
    monkeypatch.setenv("RJDESK_NEW_PASSWORD", "a good password")
    code, out, _ = run(capsys, "users", "add", "pat", "--role", "pp_officer", "--site", "PP-27",
                       "--name", "Pat Officer", "--db", demo, "--user", "admin")
    assert code == 0 and out == "added pat (P&P officer) at PP-27.\n"
    monkeypatch.setenv("RJDESK_PASSWORD", "wrong")
    for _ in range(5):
        assert run(capsys, "users", "list", "--db", demo, "--user", "staff")[0] == 2
    monkeypatch.setenv("RJDESK_PASSWORD", "demo")
    code, _, err = run(capsys, "users", "list", "--db", demo, "--user", "staff")
    assert code == 2 and "locked" in err
    code, out, _ = run(capsys, "users", "unlock", "staff", "--db", demo, "--user", "admin")
    assert code == 0 and out == "unlocked staff.\n"
    code, _, err = run(capsys, "users", "list", "--db", demo, "--user", "staff")
    assert code == 2 and "does not allow you to manage staff accounts" in err
    code, _, err = run(capsys, "users", "add", "--db", demo, "--user", "admin")
    assert code == 2 and "name the user" in err


def test_as_a_real_process(tmp_path):
    """The module runs as a program; an expected failure is one line, never a traceback."""
    db = tmp_path / "p.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "RJDESK_HOME": str(tmp_path / "home"),
           "RJDESK_PASSWORD": "demo"}
    done = subprocess.run([sys.executable, "-m", "rjdesk.cli.main", "demo", "--db", str(db)],
                          check=False, capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 0 and "460 offenders" in done.stdout and done.stderr == ""
    done = subprocess.run([sys.executable, "-m", "rjdesk.cli.main", "export", "people", "--db",
                           str(db), "--user", "admin", "-o", str(tmp_path / "nope" / "x.csv")],
                          check=False, capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == f"rjdesk-cli: {tmp_path / 'nope' / 'x.csv'}: No such file or directory\n"
    db_ = open_database(db, create=False)
    with db_.reading() as s:
        assert s.scalar(select(func.count()).select_from(Offender)) == 460
        assert s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.action == "export")) == 0
        assert s.execute(text("SELECT count(*) FROM offender_search")).scalar_one() == 460
    db_.close()
