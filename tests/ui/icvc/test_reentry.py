"""The reentry page as a facilitator uses it: who leaves before his class ends, said in the
status in the urgent colour; Enter or a double-click opens the person, Open class… (or the
row's menu) his class; Print… previews the list and Export… writes it, each where allowed."""

from __future__ import annotations

import csv
from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from rjdesk.services.icvc import roster, schedule
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.class_window import ClassWindow
from rjdesk.ui.icvc.reentry_view import URGENT, ReentryPage
from rjdesk.ui.people.person_dialog import PersonDialog
from tests.ui.keys import press, when_modal

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(icvc_common, "today", lambda: TODAY)


def weekly(db, actor, title: str, first_day: date):
    return schedule.create_class(db, actor, schedule.ClassInput(
        site_code="JCCC", title=title, facilitator="Dana Whitfield", capacity=12,
        sessions_required=6, first_day=first_day, weekdays=frozenset({first_day.weekday()}),
        session_count=8, starts_at=time(9), ends_at=time(11, 30)))


@pytest.fixture
def listed(db, staff, add_offender):
    """EVANS, out in two days, seated in a class that starts 01/06/2027 (ends 02/24/2027);
    FITZ, out in 100 days, in a class that ends before; NOLAN in none."""
    winter = weekly(db, staff, "ICVC Winter 2027", date(2027, 1, 6))
    now = weekly(db, staff, "ICVC December", date(2026, 12, 2))

    def person(doc: str, last: str, days: int):
        return add_offender(doc, last, "Pat", projected_release_date=TODAY + timedelta(days))

    evans, fitz = person("5000001", "Evans", 2), person("5000002", "Fitz", 100)
    person("5000003", "Nolan", 120)
    roster.enroll(db, staff, winter.id, evans.id, today=TODAY)
    roster.enroll(db, staff, now.id, fitz.id, today=TODAY)
    return {"winter": winter, "now": now, "evans": evans}


@pytest.fixture
def page(qtbot, db, staff, listed):
    made = ReentryPage(db, staff)
    qtbot.addWidget(made)
    made.show()
    return made


def cells(page: ReentryPage, column: int, role=Qt.ItemDataRole.DisplayRole) -> list:
    m = page.model
    return [m.data(m.index(r, column), role) for r in range(m.rowCount())]


def test_who_leaves_before_his_class_ends_is_said_in_the_urgent_colour(page) -> None:
    assert cells(page, 1) == ["EVANS, Pat", "FITZ, Pat", "NOLAN, Pat"]
    assert cells(page, 6) == ["Enrolled — ends 02/24/2027, after release", "Enrolled",
                              "Not in a class"]
    colours = cells(page, 6, Qt.ItemDataRole.ForegroundRole)
    assert colours[0].color() == URGENT and colours[1] is None
    assert "find him an earlier class" in cells(page, 6, Qt.ItemDataRole.ToolTipRole)[0]
    assert page.count_label.text() == ("3 people, 1 not in a class, 1 whose class ends after "
                                       "release")


def test_enter_or_a_double_click_opens_the_person(qtbot, page, listed) -> None:
    seen: list[str] = []

    def look(dialog: PersonDialog) -> None:
        seen.append(dialog.edits["doc_number"].text())
        dialog.done(QDialog.DialogCode.Rejected)

    page.focus_table()  # the first row: EVANS
    when_modal(PersonDialog, look)
    press(page.table, Qt.Key.Key_Return)
    when_modal(PersonDialog, look)
    at = page.table.visualRect(page.model.index(2, 1)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=at)  # as a mouse:
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=at)  # press first
    assert seen == ["5000001", "5000003"]


def test_open_class_and_the_row_menu_open_his_class(qtbot, page, listed) -> None:
    page.table.selectRow(0)
    menu = page.row_menu()
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [
        ("Open person…", True), ("Open class…", True)]
    assert page.class_button.isEnabled()
    window = page.open_class_of_selected()
    assert isinstance(window, ClassWindow) and window.cls.id == listed["winter"].id
    window.reject()
    page.table.selectRow(2)  # NOLAN: in no class
    assert not page.class_button.isEnabled()
    assert [a.isEnabled() for a in page.row_menu().actions()] == [True, False]
    assert page.open_class_of_selected() is None


def test_print_previews_the_list_as_shown(qtbot, page) -> None:
    assert page.print_button.isEnabled() and page.print_reason() == ""
    page.print_page()
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=20000)
    qtbot.addWidget(page.preview)
    assert page.preview.page_count == 1
    assert page.preview.path.name.startswith("rjdesk-reentry-JCCC-")
    page.site_filter.setCurrentIndex(0)  # all sites: not staff's to take away
    assert not page.print_button.isEnabled() and not page.export_button.isEnabled()
    assert page.print_reason() == ("Choose your own site (JCCC) in the site list to print its "
                                   "reentry list.")


def test_the_central_office_prints_every_site(qtbot, db, central, listed) -> None:
    page = ReentryPage(db, central)
    qtbot.addWidget(page)
    assert page.site_filter.currentData() is None and page.print_reason() == ""
    page.days.setValue(1)  # no one is due out tomorrow
    assert page.print_reason() == "No one is on the list; there is nothing to print."


def test_export_writes_the_file_chosen_and_says_so(qtbot, page, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (
        str(tmp_path / "reentry"), "CSV, comma-separated (*.csv)"))
    job = page.export_list()
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=20000)
    with open(tmp_path / "reentry.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["name"], r["class_ends_after_release"]) for r in rows] == [
        ("EVANS, Pat", "yes"), ("FITZ, Pat", "no"), ("NOLAN, Pat", "no")]
    assert page.message.kind == "ok"
    assert page.message.text() == f"Exported 3 people to {tmp_path / 'reentry.csv'}."
    job = page.export_to(tmp_path / "missing" / "reentry.xlsx")
    qtbot.waitUntil(lambda: job.done, timeout=20000)
    assert page.message.kind == "error" and "could not be written" in page.message.text()
