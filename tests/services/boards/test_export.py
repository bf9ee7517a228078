"""Board cases out to .csv and .xlsx: one row per case with its tasks and money as of the day,
the site a role may take away, no victim anywhere in the file, and refusals that write nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from rjdesk.domain.boards.enums import TaskKind
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.services.boards.export import CASES, export_board_cases
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound
from tests.services.boards.papers_data import (
    ACP_VICTIM,
    OFFICE,
    TODAY,
    UNREACHED,
    VICTIM,
    Papers,
    build,
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def exports(db) -> list[AuditEvent]:
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent).where(AuditEvent.action == "export")))


@pytest.fixture
def world(db, admin, add_offender, make_user) -> dict[str, str]:
    officer = make_user(Role.PP_OFFICER, OFFICE, "caseofficer")
    ids = build(db, admin, add_offender, officer.user_id)
    p = Papers(db, admin)
    elsewhere = add_offender("1000005", "Ñúñez Peña", "José", site="PP-02").id
    p.board("PP-02", "Chillicothe Reparation Board")
    case = p.case(elsewhere, "24LV-CR00042", site="PP-02", offense="=HYPERLINK(\"x\")")
    p.task(case, TaskKind.COMMUNITY_SERVICE, "Park clean-up", TODAY, hours=20)
    return ids


def test_one_row_per_case_with_tasks_hours_and_money_as_of_the_day(db, admin, world,
                                                                   tmp_path) -> None:
    out = tmp_path / "cases.csv"
    assert export_board_cases(db, admin, out, site_code="pp-01", today=TODAY) == 2
    rows = read_csv(out)
    assert list(rows[0]) == list(CASES.columns)
    an, cy = rows
    assert (an["site"], an["doc_number"], an["last_name"], an["first_name"]) == (
        "PP-01", "1000001", "Nguyễn", "Văn An")
    assert (an["court"], an["case_number"], an["status"]) == (
        "Buchanan County Circuit Court", "24BU-CR01234", "In progress")
    assert (an["referred_on"], an["agreement_on"]) == ("2026-06-01", "2026-07-06")
    assert an["needs"] == "Employment; Substance use"
    assert (an["tasks_open"], an["tasks_overdue"]) == ("2", "1")
    assert (an["hours_required"], an["hours_done"]) == ("40.0", "12.5")
    assert (an["restitution_ordered"], an["restitution_paid"], an["restitution_owed"]) == (
        "$1,200.00", "$300.00", "$900.00")
    assert (cy["last_name"], cy["status"], cy["tasks_open"], cy["agreement_on"],
            cy["restitution_owed"]) == ("Okafor", "Scheduled", "0", "", "$0.00")
    [event] = exports(db)
    assert event.entity == "board_case" and "2 board cases of site PP-01" in event.summary


def test_no_victim_leaves_in_the_file_whoever_exports_it(db, admin, world, tmp_path) -> None:
    out = tmp_path / "cases.csv"
    export_board_cases(db, admin, out, today=TODAY)
    text = out.read_text(encoding="utf-8-sig")
    assert not any("victim" in c for c in CASES.columns)
    for last, first in (VICTIM, ACP_VICTIM, UNREACHED):
        assert last not in text and first not in text


def test_every_site_to_xlsx_keeps_a_formula_looking_offense_as_text(db, admin, world,
                                                                    tmp_path) -> None:
    out = tmp_path / "cases.xlsx"
    assert export_board_cases(db, admin, out, today=TODAY) == 3  # an administrator: every site
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == ["PP-01", "PP-01", "PP-02"]
    far = rows[2]
    assert far[6].value == '=HYPERLINK("x")' and far[6].data_type == "s"
    # one task open, due today: not overdue yet
    assert (far[12].value, far[13].value, far[14].value) == (1, 0, 20)
    assert "all sites" in exports(db)[0].summary


def test_a_formula_looking_offense_is_quoted_in_csv(db, admin, world, tmp_path) -> None:
    out = tmp_path / "cases.csv"
    export_board_cases(db, admin, out, site_code="PP-02", today=TODAY)
    [row] = read_csv(out)
    assert row["offense"] == "'=HYPERLINK(\"x\")"


@pytest.mark.parametrize(("role", "site", "asked", "rows"), [
    (Role.BOARD_COORDINATOR, OFFICE, None, 2),  # his own office, unasked
    (Role.PP_OFFICER, OFFICE, OFFICE, 2),
    (Role.CENTRAL_OFFICE, "CO", None, 3),  # reads every site
    (Role.CENTRAL_OFFICE, "CO", "PP-02", 1),
])
def test_whose_cases_a_role_takes_away(db, world, make_user, tmp_path, role, site, asked,
                                       rows) -> None:
    actor = make_user(role, site)
    assert export_board_cases(db, actor, tmp_path / "c.csv", site_code=asked,
                              today=TODAY) == rows


@pytest.mark.parametrize(("role", "site", "asked"), [
    (Role.BOARD_COORDINATOR, OFFICE, "PP-02"),  # another office
    (Role.INSTITUTION_STAFF, "JCCC", OFFICE),
    (Role.VICTIM_SERVICES, OFFICE, OFFICE),  # exports no one
])
def test_a_refused_export_writes_nothing(db, world, make_user, tmp_path, role, site,
                                         asked) -> None:
    actor = make_user(role, site)
    out = tmp_path / "c.csv"
    with pytest.raises(NotAllowed):
        export_board_cases(db, actor, out, site_code=asked, today=TODAY)
    assert not out.exists() and exports(db) == []


def test_a_wrong_file_or_site_is_named_before_anything_is_written(db, admin, world,
                                                                  tmp_path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InvalidInput, match="csv or .xlsx") as wrong:
        export_board_cases(db, admin, folder / "cases.pdf", today=TODAY)
    assert wrong.value.field == "out"
    with pytest.raises(NotFound, match="PP-99"):
        export_board_cases(db, admin, folder / "cases.csv", site_code="PP-99", today=TODAY)
    assert list(folder.iterdir()) == [] and exports(db) == []
