"""rjdesk-cli's board and meeting commands: open a board and put members on it, plan a meeting,
its agenda, attendance, decisions and minutes; each refusal one line on stderr, exit 2, nothing
saved. The commands date with the clock, so the days here are counted from today."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.domain.core.enums import Role
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.admin import auth
from rjdesk.services.boards import boards
from rjdesk.services.people.records import create_offender
from rjdesk.services.volunteers import records as vs
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD, offender_input
from tests.services.boards.conftest import make_case

T = date.today()
MEETING_DAY = T - timedelta(days=7)


def _volunteer(db, admin, last: str, first: str, expires: date) -> str:
    return vs.create_volunteer(db, admin, vs.VolunteerInput(
        last, first, "PP-01", roles=frozenset({VolunteerRole.BOARD_MEMBER}),
        background_check_on=T - timedelta(days=300), background_check_expires=expires)).id


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A PP-01 workstation: its coordinator, staff, a board of three members who may sit and
    one whose check expired, a referred case and a volunteer not yet on the board."""
    path = tmp_path_factory.mktemp("boards-cli") / "rjdesk.sqlite3"
    db = open_database(path)
    ids: dict[str, str] = {}
    try:
        admin = auth.setup_workstation(db, site_code="PP-01", workstation_name="PP01-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        for name, role in (("coord", Role.BOARD_COORDINATOR), ("staff", Role.INSTITUTION_STAFF)):
            auth.create_user(db, admin, username=name, display_name=name.title(), role=role,
                             site_code="PP-01", password=PASSWORD)
        board = boards.open_board(db, admin, "PP-01")
        ids["board"] = board.id
        for key, last, first, expires in (
                ("ruth", "Brown", "Ruth", T + timedelta(days=300)),
                ("marc", "Dubois", "Marc", T + timedelta(days=300)),
                ("lan", "Nguyễn", "Thị Lan", T + timedelta(days=300)),
                ("elena", "Pérez", "Elena", T - timedelta(days=30))):
            ids[key] = boards.save_member(db, admin, board.id, boards.MemberInput(
                _volunteer(db, admin, last, first, expires), T - timedelta(days=200),
                T + timedelta(days=400), T - timedelta(days=100))).id
        ids["newcomer"] = _volunteer(db, admin, "Okafor", "Chidi", T + timedelta(days=300))
        person = create_offender(db, admin, offender_input("4100001", "Garcia", "Luis",
                                                           "PP-01"))
        ids["case"] = make_case(db, admin, person, "PP-01")
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


def run(capsys, db: Path, *argv: str, user: str = "coord") -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def count(db: Path, table: str, where: str = "1") -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
    finally:
        con.close()


def us(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def test_board_show_lists_members_and_who_may_sit(capsys, ws) -> None:
    db, ids = ws
    code, out, err = run(capsys, db, "board", "show")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"{ids['board']}\tPP-01\t") and "4 member(s)" in lines[0]
    by_id = {line.split("\t")[0].strip(): line for line in lines[1:]}
    assert by_id[ids["lan"]].endswith("may sit") and "NGUYỄN, Thị Lan" in by_id[ids["lan"]]
    assert "has a background check that expired on" in by_id[ids["elena"]]
    # opening it again shows the same board
    code, out, _ = run(capsys, db, "board", "open", "--site", "pp-01")
    assert code == 0 and out.startswith(ids["board"])


def test_board_member_adds_a_volunteer_and_refuses_a_chair_past_a_year(capsys, ws) -> None:
    db, ids = ws
    start = T - timedelta(days=30)
    code, _, err = run(capsys, db, "board", "member", "--volunteer", ids["newcomer"],
                       "--term-start", us(start), "--term-end", us(start + timedelta(days=730)),
                       "--trained", start.isoformat(), "--chair-from", us(start),
                       "--chair-to", us(start + timedelta(days=400)))
    assert code == 2 and "at most a year" in err and err.count("\n") == 1
    assert count(db, "board_member") == 4
    code, out, err = run(capsys, db, "board", "member", "--volunteer", ids["newcomer"],
                         "--term-start", us(start), "--term-end",
                         us(start + timedelta(days=730)), "--trained", start.isoformat(),
                         "--chair-from", us(start), "--chair-to",
                         us(start + timedelta(days=300)))
    assert (code, err) == (0, "")
    assert "OKAFOR, Chidi" in out and "CHAIR" in out and out.rstrip().endswith("may sit")
    assert count(db, "board_member") == 5


def _plan(capsys, db: Path) -> str:
    code, out, err = run(capsys, db, "meeting", "new", "--date", us(MEETING_DAY), "--time",
                         "18:30", "--location", "Courthouse, room 2")
    assert (code, err) == (0, "")
    return out.split("\t")[0]


def test_a_meeting_decides_only_with_a_quorum(capsys, ws) -> None:
    db, ids = ws
    meeting = _plan(capsys, db)
    code, out, err = run(capsys, db, "meeting", "agenda", "--meeting", meeting, "--case",
                         ids["case"], "--purpose", "first")
    assert (code, err) == (0, "")
    assert "GARCIA, Luis" in out and "First meeting\tScheduled" in out
    code, _, _ = run(capsys, db, "meeting", "attend", "--meeting", meeting, "--member",
                     ids["ruth"], ids["marc"])
    assert code == 0
    code, _, err = run(capsys, db, "meeting", "decide", "--meeting", meeting, "--case",
                       ids["case"], "--decision", "Agreement: apology letter.")
    assert code == 2 and "2 member(s)" in err and "3 are needed" in err
    assert count(db, "board_hearing", "decision != ''") == 0
    code, _, _ = run(capsys, db, "meeting", "attend", "--meeting", meeting, "--member",
                     ids["ruth"], "--member", ids["marc"], ids["lan"])
    assert code == 0
    code, out, err = run(capsys, db, "meeting", "decide", "--meeting", meeting, "--case",
                         ids["case"], "--decision", "Agreement: apology letter.")
    assert (code, err) == (0, "")
    assert "present: 3 (quorum)" in out and "Agreement: apology letter." in out
    code, out, _ = run(capsys, db, "meeting", "hold", "--meeting", meeting, "--minutes",
                       "Adjourned 19:40.")
    assert code == 0 and "\tHeld\t" in out and "minutes: Adjourned 19:40." in out
    code, out, _ = run(capsys, db, "meeting", "list")
    assert code == 0
    assert out.splitlines() == [f"{meeting}\t{us(MEETING_DAY)}\t18:30\tHeld\t1 case(s)\t"
                                "3 present\tCourthouse, room 2"]


def test_an_ineligible_member_is_refused_by_name(capsys, ws) -> None:
    db, ids = ws
    meeting = _plan(capsys, db)
    code, out, err = run(capsys, db, "meeting", "attend", "--meeting", meeting, "--member",
                         ids["ruth"], ids["elena"])
    assert code == 2 and out == ""
    assert "PÉREZ, Elena has a background check that expired on" in err
    assert count(db, "board_meeting_member") == 0


def test_staff_read_meetings_and_may_not_plan_one(capsys, ws) -> None:
    db, ids = ws
    meeting = _plan(capsys, db)
    code, out, _ = run(capsys, db, "meeting", "show", "--meeting", meeting, user="staff")
    assert code == 0 and out.startswith(meeting)
    code, _, err = run(capsys, db, "meeting", "new", "--date", us(T), user="staff")
    assert code == 2 and "does not allow you to run Reparation/Accountability Boards" in err
    assert count(db, "board_meeting") == 1


def test_a_date_that_is_not_one_is_refused_before_sign_in(capsys, ws) -> None:
    db, _ = ws
    code, _, err = run(capsys, db, "meeting", "new", "--date", "13/45/2025")
    assert code == 2 and "is not a date" in err
    assert count(db, "board_meeting") == 0
