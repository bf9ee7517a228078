"""The person form: messages at their fields, nothing saved on a refusal, edits in the list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.core import sites
from rjdesk.services.people import query as people_query
from rjdesk.services.people import records as people_service
from rjdesk.services.people.query import PeopleFilter
from rjdesk.ui.common.forms import INVALID_STYLE, DateEntryError, parse_us_date
from rjdesk.ui.people.person_dialog import DuplicatesDialog, PersonDialog
from rjdesk.ui.people.transfer_dialog import TransferDialog
from rjdesk.ui.people.view import PeoplePage
from tests.ui.keys import when_modal


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    """Closing a changed form asks first; the widgets closed after each test say Discard."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)


def error_text(dialog: QDialog, field: str) -> str:
    label = dialog.form.findChild(QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


@pytest.fixture
def new_dialog(qtbot, db, staff):
    dialog = PersonDialog(db, staff, sites.list_sites(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def fill(dialog: PersonDialog, **values: str) -> None:
    for name, text in values.items():
        dialog.edits[name].setText(text)


def test_a_birth_date_in_the_future_is_refused_at_its_field(new_dialog, db, staff):
    tomorrow = date.today() + timedelta(days=1)
    fill(new_dialog, doc_number="7654321", last_name="Rivera", first_name="Ana",
         date_of_birth=f"{tomorrow:%m/%d/%Y}")
    new_dialog.accept()
    assert new_dialog.result() != QDialog.DialogCode.Accepted and new_dialog.isVisible()
    assert error_text(new_dialog, "date_of_birth") == "The date of birth is in the future."
    assert new_dialog.edits["date_of_birth"].styleSheet() == INVALID_STYLE
    assert new_dialog.edits["date_of_birth"].hasFocus()
    assert error_text(new_dialog, "last_name") == ""
    assert people_service.find_by_doc_number(db, staff, "7654321") is None


def test_enter_in_a_field_saves(qtbot, new_dialog, db, staff):
    fill(new_dialog, doc_number="7654321", last_name="Rivera", first_name="Ana",
         date_of_birth="04/05/1990")
    qtbot.keyClick(new_dialog.edits["first_name"], Qt.Key.Key_Return)
    assert new_dialog.result() == QDialog.DialogCode.Accepted
    assert people_service.find_by_doc_number(db, staff, "7654321") is not None


def test_ctrl_s_saves_too(qtbot, new_dialog):
    qtbot.keyClick(new_dialog.edits["last_name"], Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)
    assert "doc_number" in new_dialog.errors.shown  # it tried, and said what is missing


def test_the_status_chosen_is_the_status_checked_and_saved(new_dialog, db, staff):
    fill(new_dialog, doc_number="7654321", last_name="Rivera", first_name="Ana",
         date_of_birth="04/05/1990", projected_release_date="01/01/2099")
    new_dialog.status.setCurrentIndex(new_dialog.status.findData(OffenderStatus.DISCHARGED))
    new_dialog.accept()
    assert "discharged" in new_dialog.errors.shown["projected_release_date"]
    new_dialog.status.setCurrentIndex(new_dialog.status.findData(OffenderStatus.SUPERVISED))
    new_dialog.accept()
    saved = people_service.find_by_doc_number(db, staff, "7654321")
    assert saved.status is OffenderStatus.SUPERVISED


def test_every_bad_field_is_marked_at_once(new_dialog):
    fill(new_dialog, doc_number="12ab", last_name="", first_name="Ana", date_of_birth="")
    new_dialog.accept()
    assert set(new_dialog.errors.shown) == {"doc_number", "last_name", "date_of_birth"}
    assert error_text(new_dialog, "date_of_birth") == "Enter the date of birth."


def test_a_date_that_cannot_be_read_says_how_to_write_it(new_dialog, db, staff):
    fill(new_dialog, doc_number="7654321", last_name="Rivera", first_name="Ana",
         date_of_birth="13/45/1990")
    new_dialog.accept()
    assert "MM/DD/YYYY" in error_text(new_dialog, "date_of_birth")
    assert people_service.find_by_doc_number(db, staff, "7654321") is None


def test_a_new_person_is_saved(new_dialog, db, staff):
    fill(new_dialog, doc_number="76-54321", last_name="Rivera", first_name="Ana",
         date_of_birth="4/5/1990", projected_release_date="12/31/2030")
    new_dialog.accept()
    assert new_dialog.result() == QDialog.DialogCode.Accepted
    saved = people_service.find_by_doc_number(db, staff, "7654321")
    assert saved is not None and saved.date_of_birth == date(1990, 4, 5)
    assert saved.projected_release_date == date(2030, 12, 31) and saved.site_code == "JCCC"


def _read_whole(dialog: QDialog, label: QLabel) -> bool:
    """Every line of ``label`` is shown, inside the dialog, and the dialog fits 1024×768."""
    where = QRect(label.mapTo(dialog, QPoint(0, 0)), label.size())
    return (label.isVisible() and label.wordWrap() and
            label.height() >= label.heightForWidth(label.width()) and
            label.sizeHint().width() <= dialog.width() and dialog.rect().contains(where) and
            dialog.width() <= 1024 and dialog.height() <= 768)


def test_a_doc_number_on_file_is_said_in_full(qtbot, db, staff, add_offender):
    """The message names who holds the number; however long the name, it wraps and the dialog
    grows to show every line. It was clipped to one line for some lengths of name: the site
    list's longest name made the form wider than the dialog, and the wrapped lines were
    measured at that width."""
    middles = ["", "Lee", "Alberto", "Alejandro Alberto", "Sergeyevich Alexandrovich", "Ab" * 14]
    for n, middle in enumerate(middles):
        doc = str(9549151 + n)
        add_offender(doc, "Castañeda", "Alejandro", middle_name=middle)
        dialog = PersonDialog(db, staff, sites.list_sites(db))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        fill(dialog, doc_number=doc, last_name="Rivera", first_name="Ana",
             date_of_birth="04/05/1990")
        dialog.accept()
        label = dialog.form.findChild(QLabel, "doc_number_error")
        assert label.text() == (f"DOC number {doc} is already on file: CASTAÑEDA, "
                                f"{' '.join(['Alejandro', middle]).strip()}, JCCC.")
        assert dialog.form.minimumSizeHint().width() <= dialog.width()
        qtbot.waitUntil(lambda: _read_whole(dialog, label), timeout=1000)
        dialog.done(QDialog.DialogCode.Rejected)
    names = [dialog.site.itemText(i) for i in range(dialog.site.count())]
    longest = max(dialog.site.fontMetrics().horizontalAdvance(name) for name in names)
    assert dialog.site.view().minimumWidth() >= longest  # its list still shows whole names


@pytest.mark.parametrize("text, expected", [("", None), ("04/12/1988", date(1988, 4, 12)),
                                             ("4-12-1988", date(1988, 4, 12)),
                                             ("04121988", date(1988, 4, 12))])
def test_dates_are_typed_month_day_year(text, expected):
    assert parse_us_date(text) == expected


@pytest.mark.parametrize("text", ["1988-04-12", "4/12/88", "02/30/2000", "soon"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(DateEntryError):
        parse_us_date(text)


def test_an_edit_saves_and_the_list_shows_it(qtbot, db, staff, people):
    page = PeoplePage(db, staff)
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(0)
    assert page.selected_row().name == "ADAMS, John"

    def correct(dialog: PersonDialog) -> None:
        assert dialog.edits["doc_number"].isReadOnly()
        dialog.edits["last_name"].setText("Addams")
        dialog.edits["housing_unit"].setText("HU 9-B")
        dialog.accept()

    done = when_modal(PersonDialog, correct)
    page.edit_selected()
    assert done and done[0].result() == QDialog.DialogCode.Accepted
    assert page.selected_row().name == "ADDAMS, John"
    assert page.selected_row().housing_unit == "HU 9-B"
    assert people_query.list_offenders(db, staff, PeopleFilter(query="addams")).rows


def test_an_edit_over_someone_elses_change_is_refused(qtbot, db, staff, admin, people):
    adams = people_query.list_offenders(db, staff, PeopleFilter(query="adams")).rows[0]
    view = people_service.get_offender(db, staff, adams.id)
    dialog = PersonDialog(db, staff, sites.list_sites(db), view)
    qtbot.addWidget(dialog)
    people_service.update_offender(db, admin, adams.id,
                                   replace(view.as_input(), housing_unit="HU 1-A"))
    dialog.edits["first_name"].setText("Jon")
    dialog.accept()
    assert "Someone else changed this record" in dialog.errors.shown[""]
    assert people_service.get_offender(db, staff, adams.id).first_name == "John"


def test_escape_with_changes_asks_first(qtbot, new_dialog, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (
        asked.append(a[2]), QMessageBox.StandardButton.Cancel)[1])
    new_dialog.edits["last_name"].setText("Rivera")
    new_dialog.reject()
    assert asked == ["Close without saving your changes?"] and new_dialog.isVisible()


def test_a_transfer_moves_the_person_and_refuses_a_future_date(qtbot, db, staff, people):
    row = people_query.list_offenders(db, staff, PeopleFilter(query="zhang")).rows[0]
    dialog = TransferDialog(db, staff, row, sites.list_sites(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.site.setEditText("acc")
    dialog.transferred_on.setText(f"{date.today() + timedelta(days=3):%m/%d/%Y}")
    dialog.accept()
    assert dialog.errors.shown == {"transferred_on": "A transfer cannot be dated in the future."}
    dialog.transferred_on.setText(f"{date.today():%m/%d/%Y}")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert people_service.get_offender(db, staff, row.id).site_code == "ACC"


def test_duplicates_can_be_merged_by_an_administrator(qtbot, db, admin, add_offender,
                                                      make_user):
    first = add_offender("3000001", "Hernández", "María")
    second = add_offender("3000002", "Hernandez", "Maria")
    row = people_query.list_offenders(db, admin, PeopleFilter(query="3000001")).rows[0]
    candidates = people_query.possible_duplicates(db, admin, first.id)
    staff_view = DuplicatesDialog(db, make_user(Role.INSTITUTION_STAFF), row, candidates)
    qtbot.addWidget(staff_view)
    assert staff_view.merge_button.isHidden()
    # staff are told the next step instead of being left with a list
    assert "ask an administrator to merge" in staff_view.next_step.text()
    dialog = DuplicatesDialog(db, admin, row, candidates)
    qtbot.addWidget(dialog)
    assert not dialog.merge_button.isHidden() and dialog.table.rowCount() == 1

    def keep_first(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == "Keep 3000001").click()

    when_modal(QMessageBox, keep_first)
    dialog.merge_selected()
    assert dialog.merged is not None and dialog.merged.id == first.id
    assert people_service.get_offender(db, admin, second.id).merged_into_id == first.id


def test_a_new_site_in_the_edit_dialog_says_it_is_a_transfer_and_offers_one(qtbot, db, staff,
                                                                            people):
    page = PeoplePage(db, staff)
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(0)
    person = page.selected_row()
    seen: dict[str, object] = {}

    def choose_acc(dialog: PersonDialog) -> None:
        assert dialog.site_note.isHidden()  # nothing said while the site stays
        dialog.site.setCurrentIndex(dialog.site.findData("ACC"))
        seen["note"] = dialog.site_note.text()
        seen["offered"] = dialog.transfer_button.isVisibleTo(dialog)
        when_modal(TransferDialog, lambda t: (seen.update(site=t.site.currentData()),
                                              t.reject()))
        dialog.transfer_button.click()

    when_modal(PersonDialog, choose_acc)
    page.edit_selected()
    assert "transfer from JCCC to ACC" in str(seen["note"]) and seen["offered"]
    assert seen["site"] == "ACC"  # the transfer dialog opens with the site chosen
    assert people_service.get_offender(db, staff, person.id).site_code == "JCCC"

    def save_at_acc(dialog: PersonDialog) -> None:
        dialog.site.setCurrentIndex(dialog.site.findData("ACC"))
        dialog.accept()

    told: list[str] = []
    when_modal(PersonDialog, save_at_acc)
    when_modal(QMessageBox, lambda box: (told.append(box.text()), box.done(0)))
    page.edit_selected()
    assert told and "transferred from JCCC to ACC" in told[0]
    assert people_service.get_offender(db, staff, person.id).site_code == "ACC"
