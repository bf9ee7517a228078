"""Find-as-you-type on the People page, in any script, and the keys that move around it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from rjdesk.ui.people.view import PeoplePage
from tests.ui.keys import press, type_text


@pytest.fixture
def page(qtbot, db, staff, people) -> PeoplePage:
    widget = PeoplePage(db, staff, page_size=5)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(page: PeoplePage) -> list[str]:
    return [r.name for r in page.model.rows]


def test_the_page_opens_on_the_first_page_of_the_home_site(page):
    assert len(page.model.rows) >= 5 and all(r.site_code == "JCCC" for r in page.model.rows)
    assert page.count_label.text().startswith("Showing ")
    assert "of 8" in page.count_label.text()


def test_typing_nguyen_lists_the_nguyen_records(qtbot, page):
    type_text(page.search, "nguyen")
    assert page.search.text() == "nguyen"
    qtbot.waitUntil(lambda: page.model.filter.query == "nguyen", timeout=2000)
    assert names(page) == ["NGUYEN, Thi Hoa", "NGUYỄN, Văn An"]
    assert page.count_label.text() == "Showing 2 found"


def test_typing_accented_text_finds_the_person(qtbot, page):
    type_text(page.search, "Ñúñez")
    assert page.search.text() == "Ñúñez"
    qtbot.waitUntil(lambda: page.model.filter.query == "Ñúñez", timeout=2000)
    assert names(page) == ["ÑÚÑEZ, José"]


def test_typing_is_debounced_into_one_query(qtbot, page, monkeypatch):
    seen = []
    real = page.model.set_filter
    monkeypatch.setattr(page.model, "set_filter", lambda flt: (seen.append(flt.query),
                                                               real(flt)))
    type_text(page.search, "smith")
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    qtbot.wait(200)
    assert seen == ["smith"] and names(page) == ["SMITH, Anna"]


def test_a_doc_number_finds_its_person(qtbot, page):
    type_text(page.search, "1000007")
    qtbot.waitUntil(lambda: page.model.filter.query == "1000007", timeout=2000)
    assert names(page) == ["ȘTEFAN, Ion"]


@pytest.mark.parametrize("scanned", ["1000007", "00-100 0007", "01000007"])
def test_a_doc_number_scanned_with_enter_opens_its_person(qtbot, page, monkeypatch, scanned):
    opened = []
    monkeypatch.setattr(page, "edit_selected", lambda: opened.append(page.selected_row().name))
    page.search.setText(scanned)  # a scanner types fast and ends in Enter: no pause to wait
    press(page.search, Qt.Key.Key_Return)
    assert opened == ["ȘTEFAN, Ion"]


def test_enter_on_a_search_finding_several_goes_into_the_list(qtbot, page, monkeypatch):
    opened = []
    monkeypatch.setattr(page, "edit_selected", lambda: opened.append(1))
    page.activateWindow()
    page.search.setFocus()
    page.search.setText("nguyen")
    press(page.search, Qt.Key.Key_Return)
    assert opened == [] and names(page) == ["NGUYEN, Thi Hoa", "NGUYỄN, Văn An"]
    qtbot.waitUntil(page.table.hasFocus, timeout=2000)


def test_a_search_finding_no_one_says_so_and_nothing_more(qtbot, page):
    type_text(page.search, "qqqzzz")
    qtbot.waitUntil(lambda: page.model.filter.query == "qqqzzz" and not page.model.rows,
                    timeout=2000)
    assert page.count_label.text() == "No one found"  # not "— scroll for more"


def test_escape_clears_and_down_goes_into_the_list(qtbot, page):
    type_text(page.search, "zhang")
    qtbot.waitUntil(lambda: names(page) == ["ZHANG, Wei"], timeout=2000)
    press(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert len(page.model.rows) >= 5 and page.model.filter.query == ""
    page.activateWindow()
    page.search.setFocus()
    press(page.search, Qt.Key.Key_Down)
    qtbot.waitUntil(page.table.hasFocus, timeout=2000)
    assert page.selected_row() is page.model.rows[0]


def test_the_view_asks_for_the_next_page_itself(qtbot, page):
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(page.model.rows) == 8, timeout=2000)
    assert "scroll for more" not in page.count_label.text()


def test_the_status_filter_narrows_the_list(qtbot, db, admin, people, page):
    from rjdesk.domain.people.enums import OffenderStatus
    from rjdesk.services.people import records as people_service

    smith = next(p for p in people if p.last_name == "Smith")
    view = people_service.get_offender(db, admin, smith.id)
    people_service.update_offender(db, admin, smith.id,
                                   replace(view.as_input(), status=OffenderStatus.SUPERVISED))
    page.status_filter.setCurrentIndex(page.status_filter.findData(OffenderStatus.SUPERVISED))
    assert page.model.filter.status is OffenderStatus.SUPERVISED
    assert names(page) == ["SMITH, Anna"]
