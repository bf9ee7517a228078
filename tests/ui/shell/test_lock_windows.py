"""The lock covers every window of the program, not only the main one: Ctrl+L works in a class
window, and what was open comes back to the same person after the password. The lock says
plainly whether someone locked it or it locked itself, and after how long."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from rjdesk.services.icvc import schedule
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.class_window import ClassWindow
from rjdesk.ui.icvc.classes_view import ClassesPage
from rjdesk.ui.shell.main_window import MainWindow
from tests.conftest import PASSWORD


@pytest.fixture
def window(qtbot, db, staff):
    win = MainWindow(db, staff, idle_ms=600_000)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def class_window(qtbot, db, staff, window, monkeypatch) -> ClassWindow:
    """A class opened from the classes page of the main window, the way a facilitator does."""
    monkeypatch.setattr(icvc_common, "today", lambda: date(2025, 9, 10))
    schedule.create_class(db, staff, schedule.ClassInput(
        site_code="JCCC", title="ICVC Fall 2025", facilitator="Dana Whitfield", capacity=12,
        sessions_required=6, first_day=date(2025, 8, 25), weekdays=frozenset({0}),
        session_count=8, starts_at=time(9), ends_at=time(11, 30)))
    page = window.go_to("ICVC classes")
    assert isinstance(page, ClassesPage)
    page.focus_table()
    opened = page.open_selected()
    assert opened is not None
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow, timeout=2000)
    return opened


def unlock(window: MainWindow) -> None:
    window.lock_dialog.password.setText(PASSWORD)
    window.lock_dialog.accept()


def test_ctrl_l_in_a_class_window_locks_and_covers_it(qtbot, window, class_window):
    tab = class_window.show_tab(class_window.attendance_tab)
    qtbot.keyClick(tab.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert window.screens.currentWidget() is window.lock_page
    covers = [c for c in window._covers if c.parent() is class_window]
    assert len(covers) == 1 and covers[0].isVisible()
    assert covers[0].geometry() == class_window.rect()  # nothing of the class shows
    assert class_window.windowTitle() == "RJ Desk is locked"  # nor in its title bar
    unlock(window)
    qtbot.waitUntil(lambda: not window._covers, timeout=1000)
    assert not window.locked and class_window.isVisible()  # the class is still open
    assert class_window.windowTitle() == "ICVC Fall 2025 — JCCC — RJ Desk"


def test_every_open_window_is_covered_not_only_forms(qtbot, window):
    other = QWidget()  # a window of the program that is not a dialog
    qtbot.addWidget(other)
    other.setWindowTitle("Something open")
    other.show()
    window.lock()
    assert any(c.parent() is other for c in window._covers)
    unlock(window)
    qtbot.waitUntil(lambda: not window._covers, timeout=1000)
    assert other.isVisible()


def test_someone_else_at_the_lock_closes_the_class_window(qtbot, window, class_window, admin):
    qtbot.keyClick(class_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    window.lock_dialog.username.setText("admin")
    window.lock_dialog.password.setText(PASSWORD)
    window.lock_dialog.accept()
    assert window.actor.username == "admin"
    assert not class_window.isVisible()  # the facilitator's class is not shown to another


def lock_message(window: MainWindow) -> str:
    return window.lock_dialog.message.text()


def test_ctrl_l_says_locked_not_locked_itself(qtbot, window):
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    text = lock_message(window)
    assert text.startswith(f"{window.actor.display_name}, enter your password")
    assert "itself" not in text and "minutes" not in text
    unlock(window)


@pytest.mark.parametrize(("minutes", "said"), [(1, "after 1 minute without use"),
                                               (15, "after 15 minutes without use")])
def test_the_idle_lock_says_after_how_long(qtbot, db, staff, minutes, said):
    win = MainWindow(db, staff, idle_ms=150)
    qtbot.addWidget(win)
    win.idle_minutes = minutes
    win.show()
    qtbot.waitUntil(lambda: win.locked, timeout=3000)
    text = lock_message(win)
    assert f"RJ Desk locked itself {said}." in text
    unlock(win)
