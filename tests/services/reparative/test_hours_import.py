"""Importing hours from a coordinator's CSV: all lines or none, each bad line named with its
number and reason, through the same check as the hours grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import HoursStatus
from rjdesk.domain.reparative.models import HourEntry
from rjdesk.services.core.errors import InvalidInput, NotAllowed
from rjdesk.services.reparative import hours, projects
from rjdesk.services.reparative.hours_import import ImportErrors, ImportResult, import_hours
from tests.services.reparative.conftest import MONDAY, TODAY, project_input


def csv_file(tmp_path: Path, *lines: str, name: str = "hours.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(db) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(HourEntry))


def test_a_good_file_is_saved_whole(db, coordinator, quilts, crew, tmp_path):
    path = csv_file(tmp_path, "DOC_Number,Project,Date,Hours",
                    "3100001,Quilts for Kids,06/02/2025,7.5",
                    "003-100-002,quilts for kids,2025-06-02,9",
                    "",
                    "3100003,QUILTS FOR KIDS,6/3/2025,4")
    assert import_hours(db, coordinator, path, today=TODAY) == ImportResult(saved=3, pending=1)
    grid = hours.load_grid(db, coordinator, quilts.id, [MONDAY])
    assert grid.cells[(crew[1].id, MONDAY)] == hours.HoursCellView(9.0, HoursStatus.PENDING)


def test_every_bad_line_is_named_and_nothing_is_saved(db, admin, coordinator, quilts, crew,
                                                      tmp_path):
    projects.create_project(db, admin, project_input("Bicycle shop", site="ACC"), today=TODAY)
    path = csv_file(tmp_path, "doc_number,project,date,hours",
                    "3100001,Quilts for Kids,06/02/2025,7.5",      # 2: good
                    "9999999,Quilts for Kids,06/02/2025,4",        # 3
                    "3100002,Bicycle shop,06/02/2025,4",           # 4: ACC's, not ours
                    "3100002,Quilts for Kids,02/30/2025,4",        # 5
                    "3100002,Quilts for Kids,06/03/2025,0",        # 6
                    "3100003,Quilts for Kids,06/03/2025,25",       # 7
                    "3100003,Quilts for Kids,06/14/2025,2",        # 8: future
                    "3100001,Quilts for Kids,2025-06-02,1",        # 9: same as line 2
                    "abc,,,")                                      # 10
    with pytest.raises(ImportErrors) as exc:
        import_hours(db, coordinator, path, today=TODAY)
    assert exc.value.message.startswith("hours.csv: 8 lines have problems, so nothing was "
                                        "imported.")
    assert exc.value.bad_lines == [
        (3, "No one has the DOC number 9999999."),
        (4, "JCCC has no project named “Bicycle shop”."),
        (5, "“02/30/2025” is not a date; write it as 12/01/2026 or 2026-12-01."),
        (6, "HILL, Mark on 06/03/2025: the hours must be more than zero, not 0."),
        (7, "NGUYỄN, Văn An on 06/03/2025: 25 hours is more than 24 in one day (already 0 h "
            "that day)."),
        (8, "NGUYỄN, Văn An on 06/14/2025: the date is in the future."),
        (9, "The same person, project and date are on line 2; put the day's hours on one "
            "line."),
        (10, "A DOC number has digits only; “abc” does not. Enter the project's name. Enter "
             "the date. Enter the hours."),
    ]
    assert count(db) == 0


def test_one_bad_line_among_good_ones_saves_nothing(db, coordinator, quilts, crew, tmp_path):
    good = [f"{p.doc_number},Quilts for Kids,06/0{d}/2025,6" for p in crew for d in (2, 3, 4)]
    path = csv_file(tmp_path, "doc_number,project,date,hours", *good,
                    "3100001,Quilts for Kids,06/05/2025,-1")
    with pytest.raises(ImportErrors) as exc:
        import_hours(db, coordinator, path, today=TODAY)
    assert [n for n, _ in exc.value.bad_lines] == [11]
    assert count(db) == 0
    path.write_text("\n".join(["doc_number,project,date,hours", *good]) + "\n")
    assert import_hours(db, coordinator, path, today=TODAY).saved == 9


def test_the_lines_are_checked_against_the_hours_on_file(db, coordinator, quilts, crew,
                                                         tmp_path):
    hours.save_grid(db, coordinator, quilts.id, [hours.HoursCell(crew[0].id, MONDAY, 20)],
                    today=TODAY)
    garden = projects.create_project(db, coordinator, project_input("Garden"), today=TODAY)
    path = csv_file(tmp_path, "doc_number,project,date,hours", "3100001,Garden,06/02/2025,6")
    with pytest.raises(ImportErrors, match="1 line has problems") as exc:
        import_hours(db, coordinator, path, today=TODAY)
    assert exc.value.bad_lines == [(2, "GARCIA, Luis on 06/02/2025: 6 hours would make 26 in one "
                                   "day, more than 24 (already 20 h that day).")]
    projects.update_project(db, coordinator, garden.id, project_input("Garden", active=False),
                            today=TODAY)
    path.write_text("doc_number,project,date,hours\n3100002,Garden,06/02/2025,6\n")
    with pytest.raises(ImportErrors, match="1 line has problems") as exc:
        import_hours(db, coordinator, path, today=TODAY)
    assert "is closed" in exc.value.bad_lines[0][1]


@pytest.mark.parametrize("content, name, why", [
    ("doc_number,project,hours\n3100001,Quilts for Kids,4\n", "h.csv", "date missing"),
    ("doc_number,project,date,hours,date\n", "h.csv", "date named more than once"),
    ("doc_number,project,date,hours\n", "h.csv", "no hours in it"),
    ("doc_number,project,date,hours\n", "h.xlsx", "from a CSV file"),
])
def test_a_file_that_is_not_an_hours_csv_is_refused(db, coordinator, quilts, tmp_path, content,
                                                    name, why):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InvalidInput, match=why):
        import_hours(db, coordinator, path, today=TODAY)


def test_a_file_not_in_utf8_is_refused(db, coordinator, quilts, tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes("doc_number,project,date,hours\n3100001,Café,06/02/2025,4\n"
                     .encode("latin-1"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        import_hours(db, coordinator, path, today=TODAY)


def test_only_roles_that_record_reparative_work_import(db, make_user, quilts, tmp_path):
    path = csv_file(tmp_path, "doc_number,project,date,hours")
    with pytest.raises(NotAllowed):
        import_hours(db, make_user(Role.CENTRAL_OFFICE, "CO"), path, today=TODAY)
