"""What each role sees in the main window: pages, menus, nothing that cannot be used."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox

from rjdesk.domain.core.enums import Role
from rjdesk.ui.people.view import PeoplePage
from rjdesk.ui.shell.main_window import MainWindow, qsettings
from rjdesk.ui.shell.signin import SignInDialog
from tests.conftest import PASSWORD
from tests.ui.keys import when_modal
from tests.ui.shell.pages import REPARATIVE, WITHOUT_APPROVING, WITHOUT_COURT_REPORTS


@pytest.fixture
def open_window(qtbot, db):
    def make(actor, **kw) -> MainWindow:
        window = MainWindow(db, actor, idle_ms=kw.pop("idle_ms", 600_000), **kw)
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def test_the_administrator_sees_staff_accounts_and_the_audit_log(open_window, admin):
    window = open_window(admin)
    assert window.page_titles() == ["People", "Volunteers", "ICVC classes", "Reentry list",
                                    *REPARATIVE, "Staff accounts", "Audit log", "Sync"]
    assert window.new_action.isVisible() and window.new_action.isEnabled()
    users = window.go_to("Staff accounts")
    assert [u.username for u in users.users] == ["admin"]
    assert "Ada Admin (admin)" in window.user_label.text()
    assert "Administrator" in window.user_label.text()
    assert window.site_label.text() == "JCCC — Jefferson City Correctional Center"
    assert str(window.db.path) not in " ".join(w.text() for w in window.statusBar().findChildren(
        QLabel))  # a file path is for Help → About, not for every day
    assert window.windowTitle() == "JCCC — Ada Admin — RJ Desk"  # the name once, last


def test_about_gives_the_database_path_to_copy(open_window, admin, monkeypatch):
    """The sign-in window names the database file only; its whole path, for a help desk or a
    backup, is in Help → About, where it can be selected and copied."""
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    window = open_window(admin)
    window.show_about()
    assert len(shown) == 1 and str(window.db.path) in shown[0].text()
    assert shown[0].textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_the_central_office_reads_every_site_and_adds_nothing(open_window, central, people):
    window = open_window(central)
    assert window.page_titles() == ["People", "Volunteers", "ICVC classes", "Reentry list",
                                    *WITHOUT_APPROVING, "Audit log"]
    page = window.page()
    assert isinstance(page, PeoplePage)
    assert not window.new_action.isVisible()
    assert page.new_button.isHidden() and page.transfer_button.isHidden()
    assert page.site_filter.currentText() == "All sites"
    assert len(page.model.rows) == len(people)  # the ACC person too
    assert page.edit_button.text() == "&Open…"


def test_institution_staff_work_on_their_own_site(open_window, staff, people):
    window = open_window(staff)
    assert window.page_titles() == ["People", "Volunteers", "ICVC classes", "Reentry list",
                                    *WITHOUT_COURT_REPORTS, "Sync"]
    page = window.page()
    assert not page.new_button.isHidden() and window.new_action.isEnabled()
    assert page.site_filter.currentText().startswith("JCCC")
    assert len(page.model.rows) == len(people) - 1
    window.go_to("Volunteers")  # staff may not add volunteers: New is off and says why
    assert not window.new_action.isEnabled()
    assert "cannot add volunteers" in window.new_action.toolTip()
    assert not window.print_action.isEnabled()
    assert window.print_action.toolTip()


def test_victim_services_get_no_print_item_and_add_recipients_only(open_window, make_user):
    window = open_window(make_user(Role.VICTIM_SERVICES))
    assert not window.print_action.isVisible()
    assert "Hours to approve" not in window.page_titles()
    assert not window.new_action.isEnabled()  # the people page: they add no one
    window.go_to("Recipients")  # victims as recipients are theirs to keep
    assert window.new_action.isVisible() and window.new_action.isEnabled()


def test_print_needs_one_site_chosen(open_window, central):
    window = open_window(central)
    assert not window.print_action.isEnabled()
    assert "Choose one site" in window.print_action.toolTip()
    page = window.page()
    page.site_filter.setCurrentIndex(page.site_filter.findData(central.site_id))
    assert window.print_action.isEnabled()


def test_find_goes_to_the_search_box(open_window, qtbot, staff):
    window = open_window(staff)
    qtbot.waitExposed(window)
    window.activateWindow()
    window.find_action.trigger()
    qtbot.waitUntil(lambda: window.page().search.hasFocus(), timeout=2000)


def test_the_window_comes_back_where_it_was_left(open_window, staff):
    window = open_window(staff)
    window.showNormal()
    window.resize(window.minimumSizeHint().width(), 500)  # the offscreen screen is 800 × 600
    window.close()
    stored = qsettings().value("main_window/geometry")
    assert stored is not None and not stored.isEmpty()
    again = open_window(staff)
    assert again.size().height() == 500


def test_no_menu_item_is_dead(open_window, central, staff, admin):
    """Every item a role sees either works or says in its tooltip why it does not."""
    for actor in (central, staff, admin):
        window = open_window(actor)
        for title in window.page_titles():
            window.go_to(title)
            for menu in window.menuBar().findChildren(QMenu):
                for action in menu.actions():
                    if action.isSeparator() or not action.isVisible():
                        continue
                    assert action.isEnabled() or action.toolTip() != action.text().replace(
                        "&", ""), f"{actor.username}/{title}: {action.text()} is dead"
        window.close()


def test_signing_out_lets_another_person_in(qtbot, open_window, staff, admin):
    window = open_window(staff)

    def sign_in_admin(dialog: SignInDialog) -> None:
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)
        dialog.accept()

    when_modal(SignInDialog, sign_in_admin)
    window.sign_out()
    assert window.actor.username == "admin" and window.isVisible()
    assert "Staff accounts" in window.page_titles()


def test_help_lists_the_shortcuts(qtbot, open_window, staff):
    window = open_window(staff)
    seen = when_modal(QMessageBox, lambda box: box.done(0))
    window.show_help()
    assert seen and "Ctrl+L" in seen[0].text() and "Ctrl+F" in seen[0].text()
