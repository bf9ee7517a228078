"""The window locks itself when nobody is at the desk, and only a password opens it."""

from __future__ import annotations

import pytest

from rjdesk.services.core import sites
from rjdesk.ui.people.person_dialog import PersonDialog
from rjdesk.ui.shell.main_window import MainWindow
from tests.conftest import PASSWORD


@pytest.fixture
def window(qtbot, db, staff):
    win = MainWindow(db, staff, idle_ms=150)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_idle_time_locks_and_the_right_password_unlocks(qtbot, window, staff):
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    lock = window.lock_dialog
    assert lock.isVisible() and lock.username.text() == staff.username
    assert window.screens.currentWidget() is window.lock_page  # the list is hidden
    lock.password.setText("wrong password")
    lock.accept()
    assert window.locked and lock.errors.shown == {"password": "The password is wrong."}
    lock.reject()  # Escape does not open a locked window
    assert window.locked and lock.isVisible()
    lock.password.setText(PASSWORD)
    lock.accept()
    assert not window.locked
    assert window.screens.currentIndex() == 0 and window.actor == staff
    assert window.idle.timer.isActive()  # and it counts again


def test_input_keeps_the_window_open(qtbot, window):
    for _ in range(6):
        qtbot.mouseMove(window, window.rect().center())
        qtbot.keyClick(window.page().search, "a")
        qtbot.wait(50)
    assert not window.locked


def test_someone_else_may_sign_in_at_the_lock(qtbot, window, admin):
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    lock = window.lock_dialog
    lock.username.setText("admin")
    lock.password.setText(PASSWORD)
    lock.accept()
    assert not window.locked and window.actor.username == "admin"
    assert "Staff accounts" in window.page_titles()
    assert "Ada Admin" in window.windowTitle()


def test_an_open_form_is_covered_while_locked(qtbot, db, window, staff):
    form = PersonDialog(db, staff, sites.list_sites(db), parent=window)
    qtbot.addWidget(form)
    form.show()
    window.lock()
    assert window.locked and len(window._covers) == 1
    assert window._covers[0].parent() is form and window._covers[0].isVisible()
    window.lock_dialog.password.setText(PASSWORD)
    window.lock_dialog.accept()
    qtbot.waitUntil(lambda: not window._covers, timeout=1000)
    assert form.isVisible()  # the same person goes on with the form
