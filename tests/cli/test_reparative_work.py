"""rjdesk-cli's reparative work commands: projects, hours logged and imported, pending hours
approved or declined; each refusal one line (or one line per bad line of a file), exit 2,
nothing saved."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import ProjectCategory
from rjdesk.services.admin import auth
from rjdesk.services.people.records import create_offender
from rjdesk.services.reparative import projects
from rjdesk.services.volunteers import records as vs
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD, offender_input
from tests.services.reparative.conftest import TODAY


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A JCCC workstation with a quilting project, two people, a coordinator and staff."""
    path = tmp_path_factory.mktemp("reparative-cli") / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        for name, role in (("coord", Role.VOLUNTEER_COORDINATOR),
                           ("staff", Role.INSTITUTION_STAFF)):
            auth.create_user(db, admin, username=name, display_name=name.title(), role=role,
                             site_code="JCCC", password=PASSWORD)
        ann = vs.create_volunteer(db, admin, vs.VolunteerInput(
            "Smith", "Ann", "JCCC", background_check_on=TODAY.replace(year=2024)))
        quilts = projects.create_project(db, admin, projects.ProjectInput(
            "JCCC", "Quilts for Kids", ProjectCategory.SEWING, supervisor_ids=(ann.id,)),
            today=TODAY)
        projects.create_project(db, admin, projects.ProjectInput(
            "JCCC", "Bicycle shop", ProjectCategory.BICYCLES, active=False), today=TODAY)
        for doc, last, first in (("3100001", "Garcia", "Luis"), ("3100002", "Hill", "Mark")):
            create_offender(db, admin, offender_input(doc, last, first))
    finally:
        db.close()
    return path, quilts.id


@pytest.fixture
def ws(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    path, project_id = built
    copy = tmp_path / "db" / "rjdesk.sqlite3"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return copy, project_id


def run(capsys, db: Path, *argv: str, user: str = "coord") -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def stored(db: Path) -> list[tuple[str, float, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT worked_on, hours, status FROM reparative_hours "
                           "ORDER BY worked_on, hours").fetchall()
    finally:
        con.close()


def test_projects_lists_the_sites_projects(capsys, ws) -> None:
    db, project_id = ws
    code, out, _ = run(capsys, db, "projects")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == (f"{project_id}\tJCCC\tQuilts for Kids\tSewing and quilts\tactive\t"
                        "SMITH, Ann")
    assert lines[0].endswith("\tJCCC\tBicycle shop\tBicycles and mobility aids\tclosed\t-")
    code, out, _ = run(capsys, db, "projects", "--active")
    assert out.splitlines() == lines[1:]


def test_hours_are_logged_and_approved_by_someone_else(capsys, ws) -> None:
    db, _ = ws
    code, out, err = run(capsys, db, "hours", "log", "--doc", "31-00001", "--project",
                         "quilts for kids", "--date", "06/02/2025", "--hours", "7.5")
    assert (code, err) == (0, "")
    assert out == ("saved 7.5 h of 3100001 GARCIA, Luis on 06/02/2025 on Quilts for Kids.\n")
    code, out, _ = run(capsys, db, "hours", "log", "--doc", "3100002", "--project",
                       "Quilts for Kids", "--date", "2025-06-02", "--hours", "10")
    assert out.endswith("on Quilts for Kids (waiting for approval).\n")
    code, out, _ = run(capsys, db, "hours", "pending")
    row, = out.splitlines()
    entry_id, *rest = row.split("\t")
    assert rest == ["JCCC", "06/02/2025", "3100002", "HILL, Mark", "Quilts for Kids", "10 h",
                    "10 h that day", "Coord"]
    code, _, err = run(capsys, db, "hours", "approve", entry_id)
    assert code == 2
    assert err == ("rjdesk-cli: You entered the 10 hours of HILL, Mark on 06/02/2025; another "
                   "staff member approves them.\n")
    code, out, _ = run(capsys, db, "hours", "decline", entry_id, "--note", "Only 8", user="staff")
    assert (code, out) == (0, "declined 1 entry of hours.\n")
    assert stored(db) == [("2025-06-02", 7.5, "approved"), ("2025-06-02", 10.0, "declined")]
    code, out, _ = run(capsys, db, "hours", "pending")
    assert (code, out) == (0, "")


@pytest.mark.parametrize("argv, message", [
    (["--hours", "25"], "rjdesk-cli: GARCIA, Luis on 06/02/2025: 25 hours is more than 24 in "
                        "one day (already 0 h that day).\n"),
    (["--hours", "0"], "rjdesk-cli: GARCIA, Luis on 06/02/2025: the hours must be more than "
                       "zero, not 0.\n"),
    (["--hours", "4", "--date", "12/31/2999"], "rjdesk-cli: GARCIA, Luis on 12/31/2999: the "
                                               "date is in the future.\n"),
    (["--hours", "4", "--date", "31/12/2025"], "rjdesk-cli: “31/12/2025” is not a date; write "
                                               "it as 12/01/2026 or 2026-12-01.\n"),
    (["--hours", "4", "--project", "Bicycle shop"], "rjdesk-cli: GARCIA, Luis on 06/02/2025: "
                                                    "the project “Bicycle shop” is closed; "
                                                    "reopen it to log hours on it.\n"),
    (["--hours", "4", "--project", "Toys"], "rjdesk-cli: JCCC has no project named “Toys”; "
                                            "`rjdesk-cli projects` lists them.\n"),
    (["--hours", "4", "--doc", "9999999"], "rjdesk-cli: No one has the DOC number 9999999.\n"),
])
def test_a_refused_entry_is_one_line_and_saves_nothing(capsys, ws, argv, message) -> None:
    db, _ = ws
    options = {"--doc": "3100001", "--project": "Quilts for Kids", "--date": "06/02/2025"}
    for i in range(0, len(argv), 2):
        options[argv[i]] = argv[i + 1]
    code, out, err = run(capsys, db, "hours", "log", *(x for kv in options.items() for x in kv))
    assert (code, out, err) == (2, "", message)
    assert stored(db) == []


def test_import_hours_saves_the_file_or_names_each_bad_line(capsys, ws, tmp_path) -> None:
    db, _ = ws
    path = tmp_path / "week.csv"
    path.write_text("doc_number,project,date,hours\n"
                    "3100001,Quilts for Kids,06/02/2025,6\n"
                    "3100002,Quilts for Kids,06/02/2025,0\n"
                    "3100002,Toys,06/03/2025,4\n", encoding="utf-8")
    code, out, err = run(capsys, db, "import", "hours", path)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "rjdesk-cli: week.csv: 2 lines have problems, so nothing was imported. Correct them "
        "and import the file again.",
        "  line 3: HILL, Mark on 06/02/2025: the hours must be more than zero, not 0.",
        "  line 4: JCCC has no project named “Toys”."]
    assert stored(db) == []
    path.write_text("doc_number,project,date,hours\n"
                    "3100001,Quilts for Kids,06/02/2025,6\n"
                    "3100002,Quilts for Kids,06/02/2025,9\n", encoding="utf-8")
    code, out, err = run(capsys, db, "import", "hours", path)
    assert (code, err) == (0, "")
    assert out == "imported 2 entries of hours from week.csv (1 waiting for approval).\n"
    assert stored(db) == [("2025-06-02", 6.0, "approved"), ("2025-06-02", 9.0, "pending")]
    code, _, err = run(capsys, db, "import", "hours", tmp_path / "missing.csv")
    assert code == 1 and "there is no such file" in err


def test_the_approval_amount_is_the_administrators_to_set_and_decides_what_waits(
        capsys, ws) -> None:
    db, _ = ws
    assert run(capsys, db, "hours", "amount")[1] == \
        "hours above 8 in one day wait for approval.\n"
    code, out, err = run(capsys, db, "hours", "amount", "--set", "6")
    assert code == 2 and out == "" and "manage staff accounts" in err  # not a coordinator's
    code, _, err = run(capsys, db, "hours", "amount", "--set", "30", user="admin")
    assert code == 2 and "from 0.5 to 24 hours" in err
    assert run(capsys, db, "hours", "amount", "--set", "6", user="admin")[0] == 0
    assert run(capsys, db, "hours", "log", "--doc", "3100001", "--project", "Quilts for Kids",
               "--date", TODAY.strftime("%m/%d/%Y"), "--hours", "7")[1].endswith(
                   "(waiting for approval).\n")
    con = sqlite3.connect(db)
    try:
        (summary,) = con.execute("SELECT summary FROM audit_event WHERE entity = 'setting'"
                                 ).fetchone()
    finally:
        con.close()
    assert summary == "Hours above which an entry waits for approval: 8 → 6"


def test_a_supervisors_own_hours_are_logged_by_name(capsys, ws) -> None:
    db, _ = ws
    day = TODAY.strftime("%m/%d/%Y")
    code, out, _ = run(capsys, db, "hours", "supervisor", "--volunteer", "smith", "--project",
                       "quilts for kids", "--date", day, "--hours", "3.5")
    assert code == 0 and out == f"saved 3.5 h of SMITH, Ann on {day} on Quilts for Kids.\n"
    code, out, err = run(capsys, db, "hours", "supervisor", "--volunteer", "Jones",
                         "--project", "Quilts for Kids", "--date", day, "--hours", "2")
    assert code != 0 and out == "" and "SMITH, Ann" in err
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT worked_on, hours FROM reparative_volunteer_hours").fetchall() \
            == [(TODAY.isoformat(), 3.5)]
    finally:
        con.close()
