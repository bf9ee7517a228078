"""rjdesk-cli's board case commands: a case referred, scheduled, agreed with its tasks as
written on the command line, worked on and completed; every refusal one line, exit status 2,
nothing written."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from rjdesk.cli.boards.cases import task_input
from rjdesk.cli.kit import CliError
from rjdesk.cli.main import main
from rjdesk.domain.boards.enums import TaskKind
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.admin import auth
from rjdesk.services.people import records as people
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD

#: Dates in the past of the clock the commands read.
REFERRED = date.today() - timedelta(days=60)
SCHEDULED = REFERRED + timedelta(days=7)
AGREED = SCHEDULED + timedelta(days=1)


def us(day: date) -> str:
    return f"{day:%m/%d/%Y}"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workstation with an offender under supervision at PP-01."""
    path = tmp_path / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="PP-01", workstation_name="PP01-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        people.create_offender(db, admin, people.OffenderInput(
            "4200001", "Nguyễn", "Văn An", "PP-01", date_of_birth=date(1990, 1, 2),
            status=OffenderStatus.SUPERVISED))
    finally:
        db.close()
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return path


def run(capsys: pytest.CaptureFixture, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", "admin"])
    out, err = capsys.readouterr()
    return code, out, err


def _count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def _task_ids(out: str) -> dict[str, str]:
    """Task title → id, from ``case show``'s task lines."""
    lines = [line.strip().split("\t") for line in out.splitlines() if line.startswith("  ")]
    return {parts[1]: parts[0] for parts in lines if len(parts) > 3 and parts[2][:4] == "due "}


def test_a_case_from_referral_to_completion_on_the_command_line(capsys, ws: Path) -> None:
    code, out, err = run(capsys, ws, "case", "refer", "--doc", "42-00001", "--court",
                         "Buchanan County Circuit Court", "--case-number", "26BU-CR00123",
                         "--offense", "Stealing", "--date", us(REFERRED))
    assert (code, err) == (0, ""), err
    case_id = out.split("\t", 1)[0]
    assert f"\tPP-01\t4200001\tNGUYỄN, Văn An\tReferred since {us(REFERRED)}" in out
    code, _, err = run(capsys, ws, "case", "agree", "--case", case_id, "--date", us(AGREED),
                       "--task", "essay")
    assert code == 2 and err.startswith("rjdesk-cli: The case is referred;")
    assert run(capsys, ws, "case", "schedule", "--case", case_id, "--date",
               us(SCHEDULED))[0] == 0
    code, out, err = run(capsys, ws, "case", "assess", "--case", case_id, "--need",
                         "employment", "--need", "housing", "--harm", "A week of sales lost")
    assert (code, err) == (0, "") and "needs: Employment, Housing" in out

    code, _, err = run(capsys, ws, "case", "agree", "--case", case_id, "--date", us(AGREED),
                       "--task", "apology_letter", "--task", "community_service:40",
                       "--task", "restitution:abc", "--task", f"essay::{us(REFERRED)}:x")
    assert code == 2 and err.splitlines() == [
        "rjdesk-cli: Task 3 (Restitution): “abc” is not an amount of money: enter dollars "
        "and cents, such as 1,200.00.",
        f"rjdesk-cli: Task 4 (Essay): The due date ({us(REFERRED)}) is before the agreement "
        f"({us(AGREED)}).",
    ]
    assert _count(ws, "board_task") == 0
    code, out, err = run(capsys, ws, "case", "agree", "--case", case_id, "--date", us(AGREED),
                         "--task", "apology_letter:::to the store owner",
                         "--task", "community_service:40", "--task", "restitution:$1,200.00")
    assert (code, err) == (0, ""), err
    assert f"agreement of {us(AGREED)}: 3 task(s) open, 0 overdue" in out
    tasks = _task_ids(out)
    assert set(tasks) == {"Apology letter: to the store owner", "Community service (40 hours)",
                          "Restitution ($1,200.00)"}

    day = us(AGREED + timedelta(days=2))
    code, out, _ = run(capsys, ws, "task", "hours", "--task",
                       tasks["Community service (40 hours)"], "--date", day, "--hours", "40")
    assert code == 2  # a day holds 24 hours at most
    for hours, on in (("20", 2), ("20", 3)):
        code, out, err = run(capsys, ws, "task", "hours", "--task",
                             tasks["Community service (40 hours)"], "--date",
                             us(AGREED + timedelta(days=on)), "--hours", hours)
        assert (code, err) == (0, ""), err
    assert out.splitlines() == ["Community service (40 hours): 40 of 40 hours worked",
                                f"done on {us(AGREED + timedelta(days=3))}"]
    money = tasks["Restitution ($1,200.00)"]
    code, out, err = run(capsys, ws, "task", "pay", "--task", money, "--date", day,
                         "--amount", "200")
    assert out.startswith("Restitution ($1,200.00): $200.00 paid, $1,000.00 owed")
    code, out, err = run(capsys, ws, "task", "pay", "--task", money, "--date", day,
                         "--amount", "1,200.5")
    assert (code, err) == (2, "rjdesk-cli: $1,200.50 is more than is still owed: $1,000.00 "
                              "of $1,200.00.\n")
    code, out, err = run(capsys, ws, "task", "pay", "--task", money, "--date", day,
                         "--amount", "-5")
    assert code == 2 and "negative" in err
    code, _, err = run(capsys, ws, "case", "complete", "--case", case_id, "--date", day,
                       "--outcome", "Repaired")
    assert code == 2 and "Apology letter: to the store owner — not done" in err
    assert "Restitution ($1,200.00) — $1,000.00 owed" in err
    assert run(capsys, ws, "task", "pay", "--task", money, "--date", day, "--amount",
               "$1,000.00")[0] == 0
    assert run(capsys, ws, "task", "done", "--task", tasks["Apology letter: to the store owner"],
               "--date", day)[0] == 0
    code, out, err = run(capsys, ws, "case", "complete", "--case", case_id, "--date", day,
                         "--outcome", "Repaired")
    assert (code, err) == (0, "") and f"Completed since {day}" in out
    code, out, _ = run(capsys, ws, "case", "list", "--status", "completed", "--text", "nguyen")
    assert out.startswith(f"{case_id}\tPP-01\t4200001\tNGUYỄN, Văn An\t26BU-CR00123\tCompleted")


def test_a_referral_refused_writes_nothing(capsys, ws: Path) -> None:
    code, _, err = run(capsys, ws, "case", "refer", "--doc", "4200009", "--court", "Cole",
                       "--case-number", "1", "--offense", "x", "--date", us(REFERRED))
    assert (code, err) == (2, "rjdesk-cli: No one has the DOC number 4200009.\n")
    code, _, err = run(capsys, ws, "case", "refer", "--doc", "4200001", "--court", "Cole",
                       "--case-number", "1", "--offense", "x", "--date", us(REFERRED),
                       "--officer", "nobody")
    assert (code, err) == (2, "rjdesk-cli: there is no active P&P officer “nobody”.\n")
    assert _count(ws, "board_case") == 0


def test_tasks_are_read_as_the_help_says() -> None:
    assert task_input("community_service:40", 1) == task_input("Community-Service:40::", 1)
    letter = task_input("apology letter::2027-03-31:to the owner: Mrs. Ruiz", 1)
    assert (letter.kind, letter.due_on, letter.description) == (
        TaskKind.APOLOGY_LETTER, date(2027, 3, 31), "to the owner: Mrs. Ruiz")
    assert task_input("restitution:$1,200.00", 2).amount == "$1,200.00"
    assert task_input("community_service:12.5", 1).hours_required == 12.5
    for spec, says in (("chores", "task 1: “chores” is not a kind of task"),
                       ("community_service:lots", "“lots” is not a number of hours"),
                       ("essay:3", "only community_service takes hours"),
                       ("essay::31/03/2027", "“31/03/2027” is not a date")):
        with pytest.raises(CliError, match=says):
            task_input(spec, 1)
