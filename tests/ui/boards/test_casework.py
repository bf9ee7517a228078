"""Board cases and court reports on screen: money read as people type it and refused at the
field, a payment above what is owed refused with nothing saved, a case not completed while
tasks are open, an empty victim statement refused at its status, and victims withheld — with
every name — from those the service does not show them to."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QDialog, QFormLayout, QLabel,
                               QLineEdit, QListWidget, QMessageBox, QPlainTextEdit, QWidget)

from rjdesk.domain.boards.enums import CaseStatus, Loss, StatementStatus
from rjdesk.domain.boards.rules import parse_money
from rjdesk.domain.core.enums import Role
from rjdesk.services.boards import cases, court_reports
from rjdesk.services.boards.victims import ACP_ADDRESS, NO_STATEMENT
from rjdesk.ui.boards.case_dialogs import ProgressDialog
from rjdesk.ui.boards.case_window import CaseWindow
from rjdesk.ui.boards.cases_view import CasesPage
from rjdesk.ui.boards.refer_dialog import ReferDialog
from rjdesk.ui.boards.report_editor import WITHHELD, ReportEditor
from rjdesk.ui.boards.reports_view import ReportsPage
from rjdesk.ui.common.forms import INVALID_STYLE, field_row
from rjdesk.ui.common.money_field import MoneyField
from rjdesk.ui.boards import casework_common
from tests.ui.boards.casework_data import (
    DOC,
    OFFICE,
    TODAY,
    VICTIM_FIRST,
    VICTIM_LAST,
    agreed,
    make_officer,
    report,
    scheduled,
)
from tests.ui.keys import type_text, when_modal


@pytest.fixture(autouse=True)
def _held_day(monkeypatch):
    monkeypatch.setattr(casework_common, "today", lambda: TODAY)


@pytest.fixture
def officer(make_user, add_offender):
    return make_officer(make_user, add_offender)


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)


def texts(root: QWidget) -> str:
    """Every text a person could read in ``root``: titles, labels, fields, lists, tooltips."""
    found = [root.windowTitle(), root.toolTip()]
    for w in [root, *root.findChildren(QWidget)]:
        found += [w.toolTip(), w.statusTip(), w.windowTitle(), w.accessibleName()]
        if isinstance(w, (QLabel, QLineEdit, QAbstractButton)):
            found.append(w.text())
        elif isinstance(w, QPlainTextEdit):
            found.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            found += [w.item(i).text() for i in range(w.count())]
    return "\n".join(found)


# -- the money field -------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "cents", "shown"), [("$1,200.00", 120_000, "$1,200.00"),
                                                      ("1200", 120_000, "$1,200.00"),
                                                      ("1,200.5", 120_050, "$1,200.50")])
def test_the_money_field_reads_what_people_type(qtbot, typed, cents, shown):
    field = MoneyField()
    qtbot.addWidget(field)
    type_text(field, typed)
    assert field.cents() == cents
    assert field.check() and field.text() == shown  # as the keyboard leaves the field
    assert field.styleSheet() != INVALID_STYLE and not field.problem


@pytest.mark.parametrize("typed", ["abc", "-5"])
def test_the_money_field_refuses_text_and_negative_amounts_at_the_field(qtbot, typed):
    host = QWidget()
    qtbot.addWidget(host)
    form = QFormLayout(host)
    field = MoneyField()
    field_row(form, "Amount", "amount", field)
    host.show()
    type_text(field, typed)
    with pytest.raises(ValueError) as refused:
        field.cents()
    with pytest.raises(ValueError) as ruled:
        parse_money(typed)
    assert str(refused.value) == str(ruled.value)
    assert not field.check()
    assert field.text() == typed  # nothing guessed or rewritten
    assert field.styleSheet() == INVALID_STYLE and field.toolTip() == str(ruled.value)
    label = host.findChild(QLabel, "amount_error")
    assert label.isVisible() and label.text() == str(ruled.value)
    field.clear()
    type_text(field, "5")  # mended: the red goes at once
    assert field.styleSheet() != INVALID_STYLE and not label.isVisible()


# -- board cases -----------------------------------------------------------------------------

def test_the_cases_page_lists_a_case_with_its_overdue_tasks_in_red(qtbot, db, officer):
    agreed(db, officer, due=date(2026, 10, 1))  # the letter was due before TODAY
    page = CasesPage(db, officer)
    qtbot.addWidget(page)
    assert page.office.currentData() == OFFICE
    assert [(r.doc_number, r.overdue_tasks) for r in page.model.rows] == [(DOC, 1)]
    index = page.model.index(0, 6)
    assert page.model.data(index) == "1 overdue"
    assert page.model.data(index, 9).color().name() == "#b3261e"  # ForegroundRole
    type_text(page.search, "no such name")
    page.apply_filter()
    assert page.model.rows == []


def test_a_referral_with_a_wrong_field_says_so_at_the_field(qtbot, db, officer):
    dialog = ReferDialog(db, officer)
    qtbot.addWidget(dialog)
    type_text(dialog.doc_number, DOC)
    type_text(dialog.court, "Buchanan County Circuit Court")
    dialog.offense.setText("Stealing")
    dialog.referred_on.setText("13/45/2026")
    dialog.accept()
    assert "referred_on" in dialog.errors.shown and dialog.saved is None
    dialog.referred_on.setText("09/01/2026")
    dialog.accept()
    assert set(dialog.errors.shown) == {"case_number"}  # the service's own message
    type_text(dialog.case_number, "26BU-CR00123")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved.status is CaseStatus.REFERRED and dialog.saved.doc_number == DOC


def _window(qtbot, db, actor, case) -> CaseWindow:
    window = CaseWindow(db, actor, cases.get_case(db, actor, case.id, today=TODAY))
    qtbot.addWidget(window)
    return window


def test_a_payment_above_what_is_owed_is_refused_and_saves_nothing(qtbot, db, officer):
    case = agreed(db, officer)
    window = _window(qtbot, db, officer, case)
    row = next(i for i, t in enumerate(window.case.tasks) if t.amount_cents)
    window.tasks.selectRow(row)
    assert not window.payment_button.isHidden() and window.hours_button.isHidden()
    seen = when_modal(ProgressDialog, lambda d: (type_text(d.amount, "1,500"), d.accept(),
                                                 d.reject()))
    window.record_progress()
    dialog = seen[0]
    assert dialog.saved is None
    assert dialog.errors.shown["amount"] == ("$1,500.00 is more than is still owed: "
                                             "$1,200.00 of $1,200.00.")
    task = cases.get_case(db, officer, case.id, today=TODAY).tasks[row]
    assert task.paid_cents == 0 and task.progress == ()
    # A payment that fits is saved and shown, what is still owed with it.
    seen = when_modal(ProgressDialog, lambda d: (type_text(d.amount, "200.5"), d.accept()))
    window.record_progress()
    assert seen[0].saved.paid_cents == 20_050
    assert window.tasks.item(row, 4).text() == "$999.50"
    assert window.case.status is CaseStatus.IN_PROGRESS


def test_a_case_is_not_completed_while_tasks_are_open_and_the_message_names_them(
        qtbot, db, officer):
    case = agreed(db, officer)
    window = _window(qtbot, db, officer, case)
    from rjdesk.ui.boards.case_dialogs import CompleteDialog

    assert window.complete_button.isHidden()
    window.start()
    assert window.case.status is CaseStatus.IN_PROGRESS and not window.complete_button.isHidden()

    seen = when_modal(CompleteDialog, lambda d: (d.outcome.setPlainText("All done."),
                                                 d.accept(), d.reject()))
    window.complete()
    message = seen[0].errors.shown["tasks"]
    assert "Apology letter" in message and "40 hours to work" in message
    assert "$1,200.00 owed" in message
    assert cases.get_case(db, officer, case.id, today=TODAY).status is CaseStatus.IN_PROGRESS


def test_a_case_returns_to_court_only_with_a_reason(qtbot, db, officer):
    from rjdesk.ui.common.widgets import ReasonDialog

    case = scheduled(db, officer)
    window = _window(qtbot, db, officer, case)

    def answer(d):
        d.accept()  # no reason: refused at the field, the dialog stays
        seen_errors.append(dict(d.errors.shown))
        type_text(d.reason, "Did not appear before the board twice")
        d.accept()

    seen_errors: list = []
    when_modal(ReasonDialog, answer)
    window.return_to_court()
    assert list(seen_errors[0]) == ["reason"]
    assert window.case.status is CaseStatus.RETURNED
    assert window.case.return_reason == "Did not appear before the board twice"
    assert window.return_button.isHidden() and window.save_assessment_button.isHidden()


def test_the_assessment_is_saved_and_other_needs_want_a_note_at_the_field(qtbot, db,
                                                                          officer):
    case = scheduled(db, officer)
    window = _window(qtbot, db, officer, case)
    from rjdesk.domain.boards.enums import Need

    window.need_boxes[Need.OTHER].setChecked(True)
    window.need_boxes[Need.HOUSING].setChecked(True)
    window.save_assessment()
    assert set(window.errors.shown) == {"needs_notes"}
    assert cases.get_case(db, officer, case.id, today=TODAY).needs == ()
    window.needs_notes.setPlainText("Driving licence")
    window.save_assessment()
    assert cases.get_case(db, officer, case.id, today=TODAY).needs == (Need.HOUSING, Need.OTHER)


# -- court reports and the victim impact form --------------------------------------------------

def _editor(qtbot, db, actor, view) -> ReportEditor:
    editor = ReportEditor(db, actor, court_reports.get_report(db, actor, view.id))
    qtbot.addWidget(editor)
    return editor


def test_an_empty_victim_statement_shows_the_status_message_and_saves_nothing(qtbot, db,
                                                                              officer):
    view = report(db, officer)
    editor = _editor(qtbot, db, officer, view)
    editor.add_victim()
    type_text(editor.form.edits["last_name"], VICTIM_LAST)
    type_text(editor.form.edits["first_name"], VICTIM_FIRST)
    editor.save_victim()
    assert editor.form.errors.shown == {"status": NO_STATEMENT}
    label = editor.form.findChild(QLabel, "status_error")
    assert label.text() == NO_STATEMENT and not label.isHidden()
    editor.form.status.setCurrentIndex(editor.form.status.findData("given"))
    editor.save_victim()  # "given" with nothing said is no statement either
    assert editor.form.errors.shown == {"status": NO_STATEMENT}
    assert court_reports.get_report(db, officer, view.id).victim_count == 0


def test_a_victim_is_saved_with_losses_typed_as_money_and_a_bad_amount_is_refused(
        qtbot, db, officer):
    view = report(db, officer)
    editor = _editor(qtbot, db, officer, view)
    form = editor.form
    type_text(form.edits["last_name"], VICTIM_LAST)
    form.status.setCurrentIndex(form.status.findData(StatementStatus.GIVEN.value))
    type_text(form.money[Loss.MEDICAL], "1,200.5")
    type_text(form.money[Loss.PROPERTY], "-5")
    assert "not read" in form.total.text()
    editor.save_victim()
    assert set(form.errors.shown) == {"loss_property"}
    assert "negative" in form.errors.shown["loss_property"]
    form.money[Loss.PROPERTY].setText("$300")
    assert form.total.text() == "<b>$1,500.50</b>"
    form.acp.setChecked(True)
    assert form.edits["address"].text() == ACP_ADDRESS and form.edits["address"].isReadOnly()
    editor.save_victim()
    assert form.errors.shown == {}
    saved = court_reports.get_report(db, officer, view.id).victims
    assert [(v.last_name, v.losses[Loss.MEDICAL], v.total_loss_cents, v.address)
            for v in saved] == [(VICTIM_LAST, 120_050, 150_050, ACP_ADDRESS)]
    assert editor.victim_list.count() == 1
    assert VICTIM_LAST.upper() in editor.victim_list.item(0).text()


@pytest.mark.parametrize("role", [Role.CENTRAL_OFFICE, Role.PP_OFFICER])
def test_those_the_service_withholds_victims_from_see_the_message_and_no_name(
        qtbot, db, officer, make_user, role):
    view = report(db, officer, with_victim=True)
    other = make_user(role, "CO" if role is Role.CENTRAL_OFFICE else OFFICE, "other")
    page = ReportsPage(db, other)
    qtbot.addWidget(page)
    page.office.setCurrentIndex(page.office.findData(OFFICE))
    assert [r.id for r in page.model.rows] == [view.id]
    assert page.model.data(page.model.index(0, 7)) == "1"
    seen = when_modal(ReportEditor, lambda e: e.reject())
    page.open_selected()
    editor = seen[0]
    assert editor.withheld.isVisibleTo(editor) and editor.withheld.text() == WITHHELD
    assert editor.form is None and editor.victim_list is None
    everything = "\n".join([texts(editor), texts(page)]).casefold()
    assert "nguyễn" in everything  # the offender is shown …
    assert VICTIM_LAST.casefold() not in everything  # … and no victim
    assert VICTIM_FIRST.casefold() not in everything
    assert not editor.print_button.isVisibleTo(editor)


def test_the_reports_own_officer_sees_his_victims(qtbot, db, officer, monkeypatch):
    view = report(db, officer, with_victim=True)
    asked: list = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    editor = _editor(qtbot, db, officer, view)
    assert asked == []  # opening (and saving) asks nothing: nothing was changed yet
    type_text(editor.form.texts["repair"], "Pay for the window.")
    editor.save_victim()
    assert asked == [] and editor.form.errors.shown == {}
    assert not editor.withheld.isVisibleTo(editor)
    assert editor.form.edits["last_name"].text() == VICTIM_LAST
    assert editor.form.total.text() == "<b>$1,200.00</b>"
    assert editor.print_button.isVisibleTo(editor)


def test_the_board_report_and_victim_impact_open_in_the_preview(qtbot, db, officer):
    case = agreed(db, officer)
    window = _window(qtbot, db, officer, case)
    window.report_button.click()
    qtbot.waitUntil(lambda: getattr(window, "preview", None) is not None, timeout=20_000)
    assert window.preview.page_count >= 1 and "Board report" in window.preview.windowTitle()
    window.preview.reject()
    editor = _editor(qtbot, db, officer, report(db, officer, with_victim=True))
    editor.print_button.click()
    qtbot.waitUntil(lambda: getattr(editor, "preview", None) is not None, timeout=20_000)
    assert editor.preview.page_count >= 1
    assert VICTIM_LAST.casefold() not in editor.preview.windowTitle().casefold()
    editor.preview.reject()
