"""The crew pages: the projects list and dialog, the hours grid typed like a spreadsheet, and
the approvals list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import HoursStatus, ProjectCategory
from rjdesk.services.core import sites
from rjdesk.services.reparative import hours, projects
from rjdesk.services.reparative.projects import ProjectInput
from rjdesk.services.volunteers import records as volunteers
from rjdesk.services.volunteers.records import VolunteerInput
from rjdesk.ui.reparative import crew_common
from rjdesk.ui.reparative.approvals_view import ApprovalsPage
from rjdesk.ui.reparative.crew_common import parse_hours
from rjdesk.ui.reparative.hours_grid import FIRST_DAY, TOTAL
from rjdesk.ui.reparative.hours_view import HoursPage
from rjdesk.ui.reparative.project_dialog import ProjectDialog
from rjdesk.ui.reparative.projects_view import ProjectsPage
from tests.ui.keys import when_modal

#: A Monday: the week before it (11/16 – 11/22) is all in the past.
TODAY = date(2026, 11, 23)
WEEK = tuple(date(2026, 11, 16) + timedelta(days=i) for i in range(7))


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(crew_common, "today", lambda: TODAY)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.VOLUNTEER_COORDINATOR)


def volunteer(db, admin, last: str, first: str, expires: date):
    return volunteers.create_volunteer(db, admin, VolunteerInput(
        last_name=last, first_name=first, site_code="JCCC",
        background_check_on=date(2025, 1, 6), background_check_expires=expires), today=TODAY)


@pytest.fixture
def quilts(db, admin, coordinator):
    dana = volunteer(db, admin, "Whitfield", "Dana", date(2027, 6, 30))
    return projects.create_project(db, coordinator, ProjectInput(
        site_code="JCCC", name="Quilts for shelters", category=ProjectCategory.SEWING,
        supervisor_ids=(dana.id,)), today=TODAY)


@pytest.fixture
def page(qtbot, db, coordinator, quilts, people, monkeypatch):
    shown = HoursPage(db, coordinator)
    qtbot.addWidget(shown)
    shown.resize(900, 600)
    shown.show()
    qtbot.waitExposed(shown)
    shown.previous_week.click()
    assert shown.model.days == WEEK and shown.project_id == quilts.id
    # closing after the test throws away what it left unsaved (tests of asking patch their own)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Discard)
    return shown


def add(page: HoursPage, *docs: str) -> None:
    for doc in docs:
        page.person.setText(doc)
        page.add_button.click()


def keys(qtbot, text: str) -> None:
    """Type into whatever has the focus, as a person does: a tab is Tab, a newline Enter."""
    for ch in text:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard"
        if ch == "\t":
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        elif ch == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(widget, ch)


def go(page: HoursPage, row: int, day: int) -> None:
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, FIRST_DAY + day))


def save(qtbot, page: HoursPage) -> None:
    qtbot.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.save_job is None, timeout=10_000)


def stored(db, actor, project_id) -> dict:
    grid = hours.load_grid(db, actor, project_id, WEEK)
    return {(m.doc_number, d): grid.cells[(m.offender_id, d)].hours
            for m in grid.crew for d in WEEK if (m.offender_id, d) in grid.cells}


def cell(page: HoursPage, row: int, day: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(row, FIRST_DAY + day).data(role)


def test_hours_are_typed_and_read_as_a_timesheet_writes_them():
    assert [parse_hours(t) for t in ("8", " 7.5 ", "7,5", "7:30", "", "-2")] == \
        [8.0, 7.5, 7.5, 7.5, None, -2.0]
    with pytest.raises(crew_common.HoursEntryError, match="not a number of hours"):
        parse_hours("eight")
    assert crew_common.hours_text(7.25) == "7.25" and crew_common.hours_text(8.0) == "8"


def test_a_crews_week_is_typed_with_tab_and_enter_and_saved_once(qtbot, page, db, coordinator,
                                                                 quilts):
    add(page, "1000001", "10-00006")  # a DOC number in any form the department writes it
    assert [m.doc_number for m in page.model.rows] == ["1000001", "1000006"]
    go(page, 0, 0)
    keys(qtbot, "8\t7.5\t8\t6:30\t8\t")  # Tab from Friday into Saturday
    assert page.table.currentIndex().column() == FIRST_DAY + 5
    keys(qtbot, "\t\t")  # past Sunday: the next person's Monday
    assert (page.table.currentIndex().row(), page.table.currentIndex().column()) == \
        (1, FIRST_DAY)
    keys(qtbot, "4\n")  # Enter goes down, as in a spreadsheet (he is the last: he stays)
    go(page, 1, 1)
    keys(qtbot, "5\n")
    assert page.model.index(0, TOTAL).data() == "38"
    assert "not saved" in page.summary.text()
    assert stored(db, coordinator, quilts.id) == {}  # nothing is written before Save

    save(qtbot, page)
    assert stored(db, coordinator, quilts.id) == {
        ("1000001", WEEK[0]): 8.0, ("1000001", WEEK[1]): 7.5, ("1000001", WEEK[2]): 8.0,
        ("1000001", WEEK[3]): 6.5, ("1000001", WEEK[4]): 8.0, ("1000006", WEEK[0]): 4.0,
        ("1000006", WEEK[1]): 5.0}
    assert page.message.kind == "ok" and "Saved 7 entries" in page.message.text()
    assert not page.model.has_changes and "not saved" not in page.summary.text()

    go(page, 1, 1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # Delete clears; saving removes the entry
    save(qtbot, page)
    assert ("1000006", WEEK[1]) not in stored(db, coordinator, quilts.id)
    assert "1 cleared" in page.message.text()


def test_a_25_hour_day_is_refused_at_its_cell_and_nothing_is_saved(qtbot, page, db,
                                                                   coordinator, quilts):
    add(page, "1000001", "1000006")
    go(page, 0, 0)
    keys(qtbot, "8\t8\t")
    go(page, 1, 2)
    keys(qtbot, "25\t")
    save(qtbot, page)
    assert stored(db, coordinator, quilts.id) == {}  # not even the good cells
    bad = page.model.index(1, FIRST_DAY + 2)
    assert bad.data(Qt.ItemDataRole.BackgroundRole).color() == crew_common.ERROR_BACKGROUND
    assert "24" in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert page.table.currentIndex() == bad and page.table.hasFocus()
    assert page.message.kind == "error" and "nothing was saved" in page.message.text()
    assert cell(page, 0, 0, Qt.ItemDataRole.BackgroundRole).color() != \
        crew_common.ERROR_BACKGROUND
    assert page.model.has_changes  # what was typed stays, to be put right

    keys(qtbot, "9\t")  # put right: the cell is no longer red, and the week saves
    assert bad.data(Qt.ItemDataRole.BackgroundRole).color() != crew_common.ERROR_BACKGROUND
    save(qtbot, page)
    assert stored(db, coordinator, quilts.id)[("1000006", WEEK[2])] == 9.0


def test_a_cell_that_is_not_a_number_is_said_at_once_and_never_sent(qtbot, page, db,
                                                                    coordinator, quilts):
    add(page, "1000001")
    go(page, 0, 0)
    keys(qtbot, "8\tabc\t")
    assert "not a number of hours" in cell(page, 0, 1, Qt.ItemDataRole.ToolTipRole)
    save(qtbot, page)
    assert stored(db, coordinator, quilts.id) == {}
    assert page.table.currentIndex() == page.model.index(0, FIRST_DAY + 1)
    assert "cannot be read" in page.message.text()


def test_a_block_copied_from_a_spreadsheet_is_pasted_from_the_current_cell(qtbot, page, db,
                                                                          coordinator, quilts):
    add(page, "1000001", "1000005", "1000006")
    QApplication.clipboard().setText("8\t8\t7.5\r\n6\t\t4\r\n5\t5\t5\t5\t5\t5\t5\t5\r\n9\r\n")
    go(page, 0, 1)  # Tuesday of the first person
    qtbot.keyClick(page.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [cell(page, 0, d) for d in range(7)] == ["", "8", "8", "7.5", "", "", ""]
    assert [cell(page, 1, d) for d in range(7)] == ["", "6", "", "4", "", "", ""]
    assert [cell(page, 2, d) for d in range(7)] == ["", "5", "5", "5", "5", "5", "5"]
    # two values fell past Sunday and one past the last person: said, not silently lost
    assert page.message.kind == "warn" and "3 fell outside" in page.message.text()
    save(qtbot, page)
    saved = stored(db, coordinator, quilts.id)
    assert len(saved) == 11 and saved[("1000005", WEEK[3])] == 4.0


def test_hours_above_the_daily_amount_show_as_waiting_and_are_approved(qtbot, page, db,
                                                                       coordinator, staff,
                                                                       quilts):
    add(page, "1000001")
    go(page, 0, 0)
    keys(qtbot, "10\t8\t")
    save(qtbot, page)
    assert "1 waiting for approval" in page.message.text()
    waiting = page.model.index(0, FIRST_DAY)
    assert waiting.data(Qt.ItemDataRole.ToolTipRole).startswith("Waiting for approval")
    assert waiting.data(Qt.ItemDataRole.BackgroundRole).color() == \
        crew_common.PENDING_BACKGROUND
    assert isinstance(waiting.data(Qt.ItemDataRole.FontRole), QFont) and \
        waiting.data(Qt.ItemDataRole.FontRole).italic()
    assert page.model.index(0, FIRST_DAY + 1).data(Qt.ItemDataRole.FontRole) is None

    approvals = ApprovalsPage(db, staff)  # a second staff member approves
    qtbot.addWidget(approvals)
    assert [(r.doc_number, r.hours, r.day_total) for r in approvals.model.rows] == \
        [("1000001", 10.0, 10.0)]
    assert approvals.model.index(0, 6).data() == "10"
    assert not approvals.approve_button.isEnabled()
    approvals.table.selectRow(0)
    assert approvals.approve_button.isEnabled()
    assert approvals.approve() == 1
    assert approvals.model.rows == [] and "Approved 1 entry" in approvals.message.text()
    page.refresh()
    assert page.model.stored[(page.model.rows[0].offender_id, WEEK[0])].status == \
        HoursStatus.APPROVED
    assert page.model.index(0, FIRST_DAY).data(Qt.ItemDataRole.BackgroundRole) is None


def test_nobody_approves_hours_they_entered(qtbot, page, db, coordinator):
    add(page, "1000001")
    go(page, 0, 0)
    keys(qtbot, "12\t")
    save(qtbot, page)
    approvals = ApprovalsPage(db, coordinator)
    qtbot.addWidget(approvals)
    approvals.table.selectRow(0)
    assert approvals.approve() == 0
    assert approvals.message.kind == "error" and len(approvals.model.rows) == 1


def test_a_long_day_stands_out_in_the_approvals(qtbot, db, coordinator, staff, quilts, people):
    hours.save_grid(db, coordinator, quilts.id, [hours.HoursCell(people[0].id, WEEK[1], 14)],
                    today=TODAY)
    approvals = ApprovalsPage(db, staff)
    qtbot.addWidget(approvals)
    total = approvals.model.index(0, 6)
    assert total.data() == "14"
    assert total.data(Qt.ItemDataRole.ForegroundRole).color() == crew_common.FLAG_TEXT
    assert total.data(Qt.ItemDataRole.FontRole).bold()


def test_changing_the_week_with_hours_not_saved_asks_first(qtbot, page, db, coordinator,
                                                          quilts, monkeypatch):
    add(page, "1000001")
    go(page, 0, 0)
    keys(qtbot, "8\t")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    page.next_week.click()
    assert page.model.days == WEEK and page.model.has_changes  # Cancel: nothing moved
    page.next_week.click()  # Save: saved, then the week changes
    assert len(asked) == 2 and "not saved" in asked[0]
    assert page.model.days[0] == TODAY
    assert stored(db, coordinator, quilts.id) == {("1000001", WEEK[0]): 8.0}
    assert page.model.rows[0].doc_number == "1000001"  # the crew goes on to the next week


def test_closing_with_hours_not_saved_asks_first(qtbot, page, monkeypatch):
    add(page, "1000001")
    go(page, 0, 0)
    keys(qtbot, "8")  # still in the cell's editor: it counts too
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a: asked.append(text) or
                        QMessageBox.StandardButton.Cancel)
    assert not page.close()
    assert asked and page.isVisible() and page.model.has_changes


def test_days_to_come_take_no_hours(qtbot, page):
    add(page, "1000001")
    page.this_week.click()
    assert page.model.days[0] == TODAY
    assert page.model.flags(page.model.index(0, FIRST_DAY)) & Qt.ItemFlag.ItemIsEditable
    assert not page.model.flags(page.model.index(0, FIRST_DAY + 1)) & \
        Qt.ItemFlag.ItemIsEditable
    assert not page.next_week.isEnabled()


def test_an_unknown_doc_number_is_said_under_the_grid(qtbot, page):
    add(page, "9999999")
    assert page.model.rows == [] and page.message.kind == "error"
    assert page.person.text() == "9999999"  # kept, to be put right


def test_the_projects_page_flags_an_expired_supervisor_in_red(qtbot, db, admin, coordinator,
                                                              quilts):
    supervisor = quilts.supervisors[0]
    old = volunteers.get_volunteer(db, admin, supervisor.volunteer_id)
    volunteers.update_volunteer(db, admin, old.id, volunteers.VolunteerInput(
        last_name=old.last_name, first_name=old.first_name, site_code="JCCC",
        background_check_on=old.background_check_on,
        background_check_expires=TODAY - timedelta(days=1)), today=TODAY)
    listing = ProjectsPage(db, coordinator)
    qtbot.addWidget(listing)
    flag = listing.model.index(0, 5)
    assert "WHITFIELD" in flag.data().upper() and "expired" in flag.data()
    assert flag.data(Qt.ItemDataRole.ForegroundRole).color() == crew_common.FLAG_TEXT
    assert "1 flagged" in listing.count_label.text()
    grid = HoursPage(db, coordinator)  # the hours grid says it too, above the crew
    qtbot.addWidget(grid)
    assert not grid.flag.isHidden() and "expired" in grid.flag.text()


def test_the_self_test_check_reads_a_week_and_opens_a_project(qtbot, tmp_path, db, admin,
                                                             quilts):
    from rjdesk.ui.common.checks import SelfTest
    from rjdesk.ui.reparative.crews import check_crew_hours

    detail = check_crew_hours(SelfTest(tmp_path, db=db, actor=admin))
    assert detail == "1 project; Quilts for shelters opens"


def test_the_project_dialog_refuses_a_supervisor_whose_check_expired(qtbot, db, admin,
                                                                    coordinator):
    lee = volunteer(db, admin, "Lee", "Morgan", date(2027, 3, 1))
    gone = volunteer(db, admin, "Ostrowski", "Pat", TODAY - timedelta(days=10))
    dialog = ProjectDialog(db, coordinator, sites.list_sites(db), "JCCC")
    qtbot.addWidget(dialog)
    assert lee.id in dialog.offered_ids() and gone.id not in dialog.offered_ids()
    dialog.name.setText("Birdhouses")
    dialog.category.setCurrentIndex(dialog.category.findData(ProjectCategory.WOODWORK.value))
    assert dialog.choose(lee.id)
    # while the dialog is open, Lee's check is found to have lapsed
    volunteers.update_volunteer(db, admin, lee.id, replace(
        _input_of(volunteers.get_volunteer(db, admin, lee.id)),
        background_check_expires=TODAY - timedelta(days=1)), today=TODAY)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved is None
    assert "supervisor_ids" in dialog.errors.shown
    assert projects.list_projects(db, coordinator, None) == []

    dialog.choose(lee.id, False)  # without him the project opens
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.name == "Birdhouses"
    assert dialog.saved.supervisors == ()


def _input_of(v) -> VolunteerInput:
    return VolunteerInput(last_name=v.last_name, first_name=v.first_name,
                          site_code=v.site_code, background_check_on=v.background_check_on,
                          background_check_expires=v.background_check_expires)


def test_a_new_project_from_the_page_is_listed_and_selected(qtbot, db, admin, coordinator):
    dana = volunteer(db, admin, "Whitfield", "Dana", date(2027, 6, 30))
    listing = ProjectsPage(db, coordinator)
    qtbot.addWidget(listing)
    assert listing.new_reason() == ""

    def fill(dialog: ProjectDialog) -> None:
        dialog.name.setText("Knitted hats for newborns")
        dialog.category.setCurrentIndex(
            dialog.category.findData(ProjectCategory.KNITTING.value))
        dialog.choose(dana.id)
        dialog.accept()

    seen = when_modal(ProjectDialog, fill)
    listing.create()
    assert seen and seen[0].saved is not None
    row = listing.selected_row()
    assert row is not None and row.name == "Knitted hats for newborns"
    assert row.supervisors.upper().startswith("WHITFIELD") and row.flag == ""


def test_central_office_sees_projects_but_opens_none(qtbot, db, central, quilts):
    listing = ProjectsPage(db, central)
    qtbot.addWidget(listing)
    assert [r.name for r in listing.model.rows] == ["Quilts for shelters"]
    assert listing.new_button.isHidden() and listing.new_reason() != ""
    seen = when_modal(ProjectDialog, lambda d: d.reject())
    listing.focus_table()
    listing.open_selected()
    assert seen and seen[0].read_only and not seen[0].name.isEnabled()


def test_a_supervisors_own_hours_are_logged_from_the_projects_page(qtbot, db, coordinator,
                                                                   quilts):
    from rjdesk.domain.reparative.models import VolunteerHours
    from rjdesk.ui.reparative.supervisor_hours_dialog import SupervisorHoursDialog

    listing = ProjectsPage(db, coordinator)
    qtbot.addWidget(listing)
    listing.table.selectRow(0)
    assert listing.hours_button.isEnabled()
    refused: list[str] = []

    def fill(dialog: SupervisorHoursDialog) -> None:
        dialog.day.setText("11/20/2026")
        dialog.hours.setText("25")  # more than a day: said at the field, the dialog stays
        dialog.accept()
        refused.append(dialog.errors.shown.get("hours", ""))
        dialog.hours.setText("3:30")
        dialog.accept()

    when_modal(SupervisorHoursDialog, fill)
    dialog = listing.log_supervisor_hours()
    assert dialog is not None and dialog.result() == QDialog.DialogCode.Accepted
    assert "24" in refused[0]
    with db.reading() as tx:
        (logged,) = tx.query(VolunteerHours).all()
    assert (logged.worked_on, logged.hours) == (date(2026, 11, 20), 3.5)
    assert "Logged 3.5 h of WHITFIELD, Dana on 11/20/2026" in listing.message.text()
