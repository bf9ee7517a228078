"""rjdesk-cli's court report commands: a report opened, two victims added, shown to its
officer with their statements and to a colleague without them, submitted; every refusal one
line, exit status 2, nothing written."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.admin import auth
from rjdesk.services.people.records import create_offender
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD, offender_input

DUE = (date.today() + timedelta(days=30)).strftime("%m/%d/%Y")


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PP-01 workstation: an offender under supervision, his officer and a colleague."""
    path = tmp_path / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="PP-01", workstation_name="PP01-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        for name in ("officer", "colleague"):
            auth.create_user(db, admin, username=name, display_name=f"Officer {name}",
                             role=Role.PP_OFFICER, site_code="PP-01", password=PASSWORD)
        create_offender(db, admin, offender_input(site="PP-01",
                                                  status=OffenderStatus.SUPERVISED))
    finally:
        db.close()
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return path


def run(capsys: pytest.CaptureFixture, db: Path, user: str, *argv: str) -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def _count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_an_officer_records_two_victims_from_the_command_line(capsys, ws: Path) -> None:
    code, out, err = run(capsys, ws, "officer", "report", "new", "--doc", "1234567", "--court",
                         "Buchanan County Circuit Court", "--case-number", "25BU-CR01234",
                         "--due", DUE)
    assert (code, err) == (0, ""), err
    report = out.split("\t", 1)[0]
    assert "NGUYỄN, Văn An" in out and "officer: Officer officer" in out
    code, out, err = run(capsys, ws, "officer", "victim", "add", "--report", report, "--last",
                         "Đặng", "--first", "Thị Hoa", "--status", "given", "--medical",
                         "1,200.00", "--property", "315.5", "--injury", "A broken wrist.",
                         "--counseling-requested", "--acp", "--notify", "mail")
    assert (code, err) == (0, ""), err
    assert "ĐẶNG, Thị Hoa\tStatement given" in out
    assert "losses: $1,515.50: medical $1,200.00, property $315.50" in out
    assert "address: P.O. Box 1409, Jefferson City, MO 65102 (Address Confidentiality" in out
    code, out, err = run(capsys, ws, "officer", "victim", "add", "--report", report, "--last",
                         "Ortiz", "--first", "José", "--status", "given", "--funeral", "8400",
                         "--answered-by", "María Ortiz", "--relationship", "daughter")
    assert (code, err) == (0, ""), err

    code, out, _ = run(capsys, ws, "officer", "report", "show", "--report", report)
    assert code == 0 and "2 victim(s)\n" in out
    assert "ĐẶNG, Thị Hoa" in out and "answered by: María Ortiz (daughter)" in out
    code, out, _ = run(capsys, ws, "colleague", "report", "show", "--report", report)
    assert code == 0 and "2 victim(s): withheld" in out
    assert "Đặng" not in out and "Ortiz" not in out and "1,200" not in out
    code, out, _ = run(capsys, ws, "colleague", "report", "list", "--query", "nguyen")
    assert code == 0 and out.startswith(report) and out.endswith("\t2 victim(s)\n")

    today = date.today().strftime("%m/%d/%Y")
    code, out, err = run(capsys, ws, "officer", "report", "submit", "--report", report,
                         "--date", today)
    assert (code, err) == (0, "") and f"Submitted to court {today}" in out


def test_refusals_are_one_line_each_and_write_nothing(capsys, ws: Path) -> None:
    code, out, _ = run(capsys, ws, "admin", "report", "new", "--doc", "1234567", "--court",
                       "Buchanan County Circuit Court", "--case-number", "25BU-CR01234",
                       "--due", DUE, "--officer", "officer")
    assert code == 0 and "officer: Officer officer" in out
    report = out.split("\t", 1)[0]
    code, _, err = run(capsys, ws, "admin", "report", "new", "--doc", "1234567", "--court",
                       "Buchanan County Circuit Court", "--case-number", "25BU-CR01234",
                       "--due", DUE, "--officer", "nobody")
    assert code == 2 and err == "rjdesk-cli: There is no active P&P officer “nobody”.\n"
    code, _, err = run(capsys, ws, "officer", "victim", "add", "--report", report, "--last",
                       "Casey", "--medical", "-40", "--property", "ten dollars")
    assert code == 2
    assert err.splitlines() == [
        "rjdesk-cli: Medical loss: “-40” is negative; enter the amount without a minus sign.",
        "rjdesk-cli: Property loss: “ten dollars” is not an amount of money: enter dollars "
        "and cents, such as 1,200.00.",
        "rjdesk-cli: Enter what the victim said, or choose why there is no statement "
        "(declined, could not be reached)."]
    code, _, err = run(capsys, ws, "colleague", "victim", "add", "--report", report, "--last",
                       "Casey", "--status", "declined")
    assert code == 2 and "Only victim services, administrators and the officer" in err
    assert _count(ws, "victim_statement") == 0 and _count(ws, "court_report") == 1
