"""The audit log page as an investigator uses it: narrow it to one person, read it in plain
words with what changed, export it and print it; a wrong filter is said at the page."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from rjdesk.services.admin import auth
from rjdesk.services.core.errors import SignInFailed
from rjdesk.services.people.records import update_offender
from rjdesk.ui.admin.audit_view import AuditPage
from tests.conftest import offender_input
from tests.ui.keys import press, type_text


@pytest.fixture
def page(qtbot, db, admin, add_offender) -> AuditPage:  # noqa: ANN001
    evans = add_offender("1111111", "Evans", "Tom", housing_unit="HU 1-A")
    add_offender("2222222", "Baker", "Sam")
    update_offender(db, admin, evans.id, offender_input("1111111", "Evans", "Tom",
                                                        housing_unit="HU 2-B"))
    with pytest.raises(SignInFailed):
        auth.sign_in(db, "admin", "not the password")
    shown = AuditPage(db, admin)
    qtbot.addWidget(shown)
    shown.resize(1000, 600)
    return shown


def _column(page: AuditPage, column: int) -> list[str]:
    m = page.model
    return [m.data(m.index(r, column)) for r in range(m.rowCount())]


def test_plain_words_and_a_failed_sign_in_are_shown(page) -> None:
    actions, records = _column(page, 3), _column(page, 4)
    assert "Failed sign-in" in actions and "Changed" in actions
    assert not any("_" in text for text in actions + records)
    changed = _column(page, 5)[actions.index("Changed")]
    assert changed.endswith("housing unit: HU 1-A → HU 2-B")


def test_filtered_to_one_person_by_a_typed_doc_number(qtbot, page) -> None:
    page.person.setFocus()
    type_text(page.person, "11-111 11")
    press(page.person, Qt.Key.Key_Return)
    assert _column(page, 3) == ["Changed", "Created"]
    assert all("1111111" in text for text in _column(page, 5))
    page.kind.setCurrentIndex(page.kind.findData("volunteer"))
    assert page.model.rowCount() == 0 and page.print_reason() != ""
    assert page.count_label.text() == "Showing 0 events (all)"


def test_a_wrong_filter_is_said_at_the_page_and_the_list_stays(qtbot, page) -> None:
    before = page.model.rowCount()
    page.since.setText("13/45/2026")
    page.since.editingFinished.emit()
    assert page.message.kind == "error" and "“13/45/2026” is not a date" in page.message.text()
    assert page.model.rowCount() == before
    page.since.setText("05/02/2026")
    page.until.setText("05/01/2026")
    page.until.editingFinished.emit()
    assert "From date is after the To date" in page.message.text()
    page.until.clear()
    page.person.setText("7654321")
    page.person.editingFinished.emit()
    assert "No one has the DOC number “7654321”" in page.message.text()


def test_export_writes_what_the_filters_select(qtbot, page, tmp_path, monkeypatch) -> None:
    page.user.setText("admin")
    page.kind.setCurrentIndex(page.kind.findData("offender"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (
        str(tmp_path / "for-inspector"), "CSV, comma-separated (*.csv)"))
    job = page.export_log()
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=20000)
    with open(tmp_path / "for-inspector.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["action"] for r in rows] == ["Changed", "Created", "Created"]
    assert {r["record_kind"] for r in rows} == {"Person"}
    assert page.message.text() == f"Exported 3 events to {tmp_path / 'for-inspector.csv'}."


def test_print_previews_the_events_shown(qtbot, page) -> None:
    page.kind.setCurrentIndex(page.kind.findData("offender"))
    assert page.print_reason() == ""
    page.print_page()
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=20000)
    qtbot.addWidget(page.preview)
    assert page.preview.page_count == 1
