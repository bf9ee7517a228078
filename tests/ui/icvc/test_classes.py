"""The ICVC pages of the main window: the class list, scheduling a class, the reentry list, what
the central office sees, and the speaker's dates on the volunteer form."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core import sites
from rjdesk.services.icvc import roster, schedule
from rjdesk.services.volunteers import records as vs
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.class_dialog import NewClassDialog
from rjdesk.ui.icvc.class_window import ClassWindow
from rjdesk.ui.icvc.classes_view import ClassesPage, ClassesTableModel
from rjdesk.ui.icvc.reentry_view import ReentryPage
from rjdesk.ui.shell.main_window import MainWindow
from rjdesk.ui.volunteers.dialog import VolunteerDialog
from tests.ui.keys import when_modal

TODAY = date(2026, 8, 20)


def closing(act, failures: list):
    """Run ``act`` on a modal dialog; if it fails, close the dialog so exec() returns and the
    failure is reported instead of the test waiting forever."""

    def run(dialog) -> None:
        try:
            act(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised by the test
            failures.append(exc)
            dialog.done(QDialog.DialogCode.Rejected)

    return run


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(icvc_common, "today", lambda: TODAY)


def fall_class(db, actor, **kw):
    base = dict(site_code="JCCC", title="ICVC Fall 2026", facilitator="Dana Whitfield",
                capacity=12, sessions_required=6, first_day=date(2026, 8, 31),
                weekdays=frozenset({0}), session_count=8, starts_at=time(9), ends_at=time(11, 30))
    base.update(kw)
    return schedule.create_class(db, actor, schedule.ClassInput(**base))


def test_the_class_model_lists_a_created_class_without_a_view(db, staff):
    made = fall_class(db, staff)
    model = ClassesTableModel(db, staff)
    model.load(staff.site_id)
    assert model.rowCount() == 1 and model.columnCount() == 7
    cells = [model.data(model.index(0, c)) for c in range(7)]
    assert cells == ["ICVC Fall 2026", "JCCC", "08/31/2026 – 10/19/2026", "Planned", "0/12", "",
                     "Dana Whitfield"]
    assert model.row_of(made.id) == 0


def test_the_classes_page_lists_its_site_and_opens_a_class(qtbot, db, staff, admin):
    made = fall_class(db, staff)
    fall_class(db, admin, title="At Algoa", site_code="ACC")
    page = ClassesPage(db, staff)
    qtbot.addWidget(page)
    assert page.site_filter.currentText().startswith("JCCC")
    assert [r.title for r in page.model.rows] == ["ICVC Fall 2026"]
    assert not page.new_button.isHidden() and page.new_reason() == ""
    page.focus_table()
    window = page.open_selected()
    assert isinstance(window, ClassWindow) and window.cls.id == made.id
    assert "Seats 0/12" in window.seats_label.text()
    window.reject()
    page.site_filter.setCurrentIndex(0)  # all sites
    assert sorted(r.title for r in page.model.rows) == ["At Algoa", "ICVC Fall 2026"]


def test_a_new_class_of_eight_weekly_sessions_skips_the_holiday(qtbot, db, staff, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    page = ClassesPage(db, staff)
    qtbot.addWidget(page)
    seen: list[list[str]] = []

    def fill(dialog: NewClassDialog) -> None:
        dialog.edits["title"].setText("ICVC Fall 2026")
        dialog.edits["facilitator"].setText("Dana Whitfield")
        qtbot.keyClicks(dialog.edits["first_day"], "08/31/2026")  # ticks its weekday
        assert dialog.weekdays[0].isChecked()
        dialog.add_day_off("09/07/2026", "Labor Day")
        seen.append(dialog.preview_lines())
        dialog.numbers["capacity"].setValue(0)
        dialog.accept()
        assert "capacity" in dialog.errors.shown and dialog.isVisible()
        assert schedule.list_classes(db, staff, staff.site_id) == []  # nothing saved
        dialog.numbers["capacity"].setValue(10)
        dialog.accept()

    failures: list[BaseException] = []
    done = when_modal(NewClassDialog, closing(fill, failures))
    page.create()
    if failures:
        raise failures[0]
    assert done and done[0].result() == QDialog.DialogCode.Accepted
    lines = seen[0]
    assert len(lines) == 9 and lines[0] == "Session 1 of 8 — Mon 08/31/2026"
    assert lines[1] == "No session — Mon 09/07/2026 (Labor Day)"
    assert lines[-1] == "Session 8 of 8 — Mon 10/26/2026"
    saved = done[0].saved
    days = [s.held_on for s in saved.sessions]
    assert len(days) == 8 and date(2026, 9, 7) not in days
    assert all(d.weekday() == 0 for d in days) and saved.capacity == 10
    assert [r.title for r in page.model.rows] == ["ICVC Fall 2026"]
    assert page.window_open is not None and page.window_open.cls.id == saved.id
    page.window_open.reject()


def test_a_first_day_that_cannot_be_read_is_said_at_its_field(qtbot, db, staff):
    dialog = NewClassDialog(db, staff, sites.list_sites(db), "JCCC")
    qtbot.addWidget(dialog)
    dialog.edits["title"].setText("ICVC")
    dialog.edits["first_day"].setText("next monday")
    dialog.add_day_off("Labor Day", "")
    dialog.accept()
    assert set(dialog.errors.shown) == {"first_day", "days_off"}
    assert dialog.saved is None


def test_the_reentry_page_lists_the_soonest_release_first(qtbot, db, staff, add_offender):
    for doc, last, days in (("4000001", "Later", 150), ("4000002", "Soonest", 10),
                            ("4000003", "Beyond", 400), ("4000004", "Middle", 90)):
        add_offender(doc, last, "Pat", projected_release_date=TODAY + timedelta(days=days))
    page = ReentryPage(db, staff)
    qtbot.addWidget(page)
    model = page.model
    assert [model.data(model.index(r, 1)) for r in range(model.rowCount())] == \
        ["SOONEST, Pat", "MIDDLE, Pat", "LATER, Pat"]
    assert model.data(model.index(0, 3)) == "10"
    assert model.data(model.index(0, 6)) == "Not in a class"
    page.days.setValue(30)
    assert model.rowCount() == 1 and "1 person" in page.count_label.text()


def test_the_reentry_list_shows_the_class_he_waits_for(qtbot, db, staff, add_offender):
    cls = fall_class(db, staff, capacity=1)
    first = add_offender("4000001", "Seated", "Pat", projected_release_date=TODAY +
                         timedelta(days=20))
    second = add_offender("4000002", "Waiting", "Lee", projected_release_date=TODAY +
                          timedelta(days=30))
    roster.enroll(db, staff, cls.id, first.id, today=TODAY)
    roster.enroll(db, staff, cls.id, second.id, waitlist_ok=True, today=TODAY)
    page = ReentryPage(db, staff)
    qtbot.addWidget(page)
    rows = [[page.model.data(page.model.index(r, c)) for c in (1, 5, 6)]
            for r in range(page.model.rowCount())]
    # both are out before the class's last session (10/19/2026): the status says so
    assert rows == [["SEATED, Pat", "ICVC Fall 2026",
                     "Enrolled — ends 10/19/2026, after release"],
                    ["WAITING, Lee", "ICVC Fall 2026",
                     "Waiting — ends 10/19/2026, after release"]]


def test_the_central_office_reads_classes_but_adds_and_enrolls_no_one(qtbot, db, staff,
                                                                      central):
    cls = fall_class(db, staff)
    page = ClassesPage(db, central)
    qtbot.addWidget(page)
    assert page.site_filter.currentText() == "All sites"
    assert [r.title for r in page.model.rows] == ["ICVC Fall 2026"]
    assert page.new_button.isHidden() and "cannot schedule" in page.new_reason()
    window = ClassWindow(db, central, cls.id)
    qtbot.addWidget(window)
    assert window.roster_tab.enroll_button.isHidden()
    assert window.roster_tab.withdraw_button.isHidden()
    assert window.sessions_tab.book_button.isHidden()
    assert window.completion_tab.complete_all_button.isHidden()
    assert window.attendance_tab.scan_button.isHidden()
    assert not window.sessions_tab.print_button.isHidden()  # reading and printing stay


def test_staff_find_the_icvc_pages_in_the_main_window(qtbot, db, staff):
    window = MainWindow(db, staff, idle_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    assert {"ICVC classes", "Reentry list"} <= set(window.page_titles())
    page = window.go_to("ICVC classes")
    assert isinstance(page, ClassesPage) and window.new_action.isEnabled()
    assert isinstance(window.go_to("Reentry list"), ReentryPage)
    assert not window.new_action.isEnabled()  # nothing to add there; the tooltip says why
    window.close()


def test_the_volunteer_form_keeps_the_speakers_consent_and_screening(qtbot, db, admin):
    speaker = vs.create_volunteer(db, admin, vs.VolunteerInput(
        "Reyes", "Marisol", "JCCC", roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
        background_check_on=date(2025, 1, 10), speaker_consent_on=date(2025, 1, 10),
        speaker_screened_on=date(2025, 2, 1)))
    dialog = VolunteerDialog(db, admin, sites.list_sites(db), speaker)
    qtbot.addWidget(dialog)
    assert dialog.edits["speaker_consent_on"].text() == "01/10/2025"
    assert dialog.edits["speaker_screened_on"].text() == "02/01/2025"
    dialog.edits["phone"].setText("(573) 555-0100")  # an edit of something else
    dialog.accept()
    saved = vs.get_volunteer(db, admin, speaker.id)
    assert saved.phone == "(573) 555-0100"
    assert (saved.speaker_consent_on, saved.speaker_screened_on) == (date(2025, 1, 10),
                                                                    date(2025, 2, 1))
    again = VolunteerDialog(db, admin, sites.list_sites(db), saved)
    qtbot.addWidget(again)
    again.edits["speaker_screened_on"].setText("02/30/2025")
    again.accept()
    assert set(again.errors.shown) == {"speaker_screened_on"}


def test_new_class_fills_in_the_signed_in_facilitator(qtbot, db, staff, admin):
    dialog = NewClassDialog(db, staff, sites.list_sites(db), "JCCC")
    qtbot.addWidget(dialog)
    assert dialog.edits["facilitator"].text() == staff.display_name
    assert not dialog.has_changes  # nothing typed yet: Escape closes without asking
    other = NewClassDialog(db, admin, sites.list_sites(db), "JCCC")
    qtbot.addWidget(other)
    assert other.edits["facilitator"].text() == ""  # an administrator is not the facilitator


def test_after_add_day_off_typing_goes_into_its_date(qtbot, db, staff, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",  # closing after the test discards
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    dialog = NewClassDialog(db, staff, sites.list_sites(db), "JCCC")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    add = dialog.form.findChild(QPushButton, "add_day_off")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    # the Reason cell is not highlighted as if the cursor were there
    assert dialog.days_off.currentColumn() == 0
    assert not dialog.days_off.selectedIndexes()
    qtbot.keyClicks(QApplication.focusWidget(), "09/07/2026")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.days_off.item(0, 0).text() == "09/07/2026"
    assert dialog.days_off.item(0, 1).text() == ""
    dialog.remove_day_off()  # the row being typed in goes, selected or not
    assert dialog.days_off.rowCount() == 0
