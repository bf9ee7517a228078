"""The class window on a small screen: it fits a 1024×768 screen with its taskbar, it leaves
the main window's menus in reach, and Ctrl+P prints what it shows or says why not."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QMargins, QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from rjdesk.services.icvc import roster, schedule
from rjdesk.ui.common import screen_fit
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.class_window import ClassWindow
from rjdesk.ui.icvc.classes_view import ClassesPage

SMALL_SCREEN = QRect(0, 0, 1024, 728)  # 1024×768 less a 40-pixel taskbar
DURING = date(2025, 9, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(icvc_common, "today", lambda: DURING)


@pytest.fixture
def cls(db, staff, add_offender):
    made = schedule.create_class(db, staff, schedule.ClassInput(
        site_code="JCCC", title="ICVC Fall 2025 at the Jefferson City Correctional Center",
        facilitator="Dana Whitfield", capacity=12, sessions_required=6,
        first_day=date(2025, 8, 25), weekdays=frozenset({0}), session_count=8,
        starts_at=time(9), ends_at=time(11, 30)))
    for i in range(3):
        person = add_offender(f"310000{i}", ("Abbott", "Baker", "Carter")[i], "Pat")
        roster.enroll(db, staff, made.id, person.id, today=date(2025, 8, 20))
    return made


@pytest.fixture
def small_screen(monkeypatch):
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _window: SMALL_SCREEN)


@pytest.fixture
def open_class(qtbot, db, staff):
    def make(class_id: str) -> ClassWindow:
        window = ClassWindow(db, staff, class_id)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        return window

    return make


def test_the_class_window_fits_a_1024_by_768_screen(qtbot, db, staff, cls, small_screen):
    window = ClassWindow(db, staff, cls.id)
    qtbot.addWidget(window)
    frame_w, frame_h = screen_fit.FRAME_ALLOWANCE
    # the whole window, its title bar and borders counted, lies on the screen
    assert window.width() + frame_w <= SMALL_SCREEN.width()
    assert window.height() + frame_h <= SMALL_SCREEN.height()
    frame = QRect(window.pos(), window.size().grownBy(QMargins(0, 0, frame_w, frame_h)))
    assert SMALL_SCREEN.contains(frame)
    # and it can be that small: no tab asks for more room than the screen has
    for tab in window.all_tabs():
        window.show_tab(tab)
        hint = window.minimumSizeHint()
        assert hint.width() + frame_w <= SMALL_SCREEN.width(), tab
        assert hint.height() + frame_h <= SMALL_SCREEN.height(), tab
    window.show()
    qtbot.waitExposed(window)
    assert window.seats_label.isVisible()
    assert window.seats_label.geometry().right() < window.width()


def test_a_larger_screen_gets_the_full_size(qtbot, db, staff, cls, monkeypatch):
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _w: QRect(0, 0, 1920, 1040))
    window = ClassWindow(db, staff, cls.id)
    qtbot.addWidget(window)
    assert (window.width(), window.height()) == (1080, 720)


def test_the_class_window_leaves_the_main_window_in_reach(qtbot, db, staff, cls):
    page = ClassesPage(db, staff)
    qtbot.addWidget(page)
    page.show()
    page.focus_table()
    window = page.open_selected()
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    assert window.windowModality() == Qt.WindowModality.NonModal
    assert QApplication.activeModalWidget() is None  # the menus behind it still work
    assert page.open_selected() is window  # opened again: the same window, in front
    window.reject()
    again = page.open_selected()
    assert again is not None and again is not window and again.isVisible()
    qtbot.addWidget(again)
    again.reject()


def test_ctrl_p_prints_the_sign_in_sheet_of_the_selected_session(qtbot, cls, open_class):
    window = open_class(cls.id)
    tab = window.show_tab(window.sessions_tab)
    tab.select_session(cls.sessions[1].id)
    qtbot.keyClick(tab.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(tab, "preview", None) is not None, timeout=15000)
    assert tab.preview.page_count >= 1
    assert "Session 2" in tab.preview.windowTitle()
    tab.preview.reject()


def test_ctrl_p_says_why_when_no_session_is_chosen(qtbot, cls, open_class):
    window = open_class(cls.id)
    tab = window.show_tab(window.sessions_tab)
    tab.table.clearSelection()
    tab.table.setCurrentIndex(tab.model.index(-1, -1))
    assert window.print_shown() == "Choose a session to print its sign-in sheet."
    assert tab.message.text() == "Choose a session to print its sign-in sheet."
    assert getattr(tab, "print_job", None) is None


def test_ctrl_p_on_the_roster_prints_the_class_summary(qtbot, cls, open_class):
    window = open_class(cls.id)
    tab = window.show_tab(window.roster_tab)
    qtbot.keyClick(tab, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "preview", None) is not None, timeout=15000)
    assert window.preview.windowTitle().startswith("Class summary")
    assert window.preview.page_count >= 1
    window.preview.reject()
    assert QKeySequence(QKeySequence.StandardKey.Print).toString() == "Ctrl+P"
