"""rjdesk-cli's board papers and file: each paper to a PDF, the cases to a spreadsheet, and
each expected failure (a refused role, a record not on file, a wrong file) as one line with a
non-zero exit, no file and no audit event."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import auth
from rjdesk.services.people.records import create_offender
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD, offender_input
from tests.services.boards.papers_data import OFFICE, VICTIM, build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("boards-cli") / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        for name, role in (("officer", Role.PP_OFFICER), ("coordinator",
                                                          Role.BOARD_COORDINATOR)):
            auth.create_user(db, admin, username=name, display_name=f"Test {role.label}",
                             role=role, site_code=OFFICE, password=PASSWORD)
        officer = auth.sign_in(db, "officer", PASSWORD)

        def add_offender(doc, last, first, site):
            return create_offender(db, admin, offender_input(doc, last, first, site))

        ids = build(db, admin, add_offender, officer.user_id)
    finally:
        db.close()
    return path, ids


@pytest.fixture
def ws(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    path, ids = built
    copy = tmp_path / "db" / "rjdesk.sqlite3"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return copy, ids


def run(capsys: pytest.CaptureFixture, db: Path, *argv: object,
        user: str = "officer") -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def audit_count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM audit_event "
                           "WHERE action IN ('print', 'export')").fetchone()[0]
    finally:
        con.close()


@pytest.mark.pdf_tools
def test_print_every_board_paper(capsys, ws, tmp_path, reader) -> None:
    db, ids = ws
    for command, option, key, words in (
            ("board-report", "--case", "case", "Board report to the court"),
            ("agreement", "--case", "case", "Board's copy"),
            ("board-agenda", "--meeting", "planned", "Cases to be heard"),
            ("board-minutes", "--meeting", "held", "Quorum Yes"),
            ("victim-impact", "--report", "report", "Total economic loss $1,324.99")):
        out = tmp_path / f"{command}.pdf"
        code, said, err = run(capsys, db, "print", command, option, ids[key], "-o", out)
        assert (code, err) == (0, ""), command
        assert said.startswith("printed the ") and said.endswith(f" in {out}.\n")
        text = " ".join(" ".join(reader.pages_text(out)).split())
        assert words in text, command
        assert (VICTIM[0] in text) == (command == "victim-impact"), command
    assert audit_count(db) == 5


def test_export_board_cases(capsys, ws, tmp_path) -> None:
    db, _ = ws
    out = tmp_path / "cases.csv"
    code, said, _ = run(capsys, db, "export", "board-cases", "-o", out, user="coordinator")
    assert (code, said) == (0, f"exported 2 board cases to {out}.\n")
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["doc_number"], r["restitution_owed"]) for r in rows] == [
        ("1000001", "$900.00"), ("1000003", "$0.00")]
    xlsx = tmp_path / "cases.xlsx"
    code, said, _ = run(capsys, db, "export", "board-cases", "--site", "pp-01", "-o", xlsx,
                        user="admin")
    assert code == 0 and xlsx.exists()


def test_failures_are_one_line_and_leave_nothing(capsys, ws, tmp_path) -> None:
    db, ids = ws
    out = tmp_path / "x.pdf"
    code, _, err = run(capsys, db, "print", "victim-impact", "--report", ids["report"],
                       "-o", out, user="coordinator")
    assert code != 0 and "victim impact" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, db, "print", "board-report", "--case", "no-such-case",
                       "-o", out)
    assert code != 0 and "board case" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, db, "print", "agreement", "--case", ids["case"],
                       "-o", tmp_path / "agreement.txt")
    assert code == 2 and ".pdf" in err
    code, _, err = run(capsys, db, "export", "board-cases", "--site", "PP-02",
                       "-o", tmp_path / "c.csv", user="coordinator")
    assert code != 0 and "PP-01" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "db"]
    assert audit_count(db) == 0
