"""The staff account lifecycle on screen: the Staff accounts page's Edit, Reset password,
Deactivate and Reactivate; the sign-in window's second step for a temporary password; one's own
password from the File menu; and the password rule said under every field a password is new in."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import accounts, auth
from rjdesk.services.core import sites
from rjdesk.services.core.errors import SignInFailed
from rjdesk.ui.admin.account_dialogs import EditAccountDialog, ResetPasswordDialog
from rjdesk.ui.admin.passwords import ChangePasswordDialog
from rjdesk.ui.admin.users_view import NewAccountDialog, UsersPage
from rjdesk.ui.shell.main_window import MainWindow
from rjdesk.ui.shell.signin import SignInDialog
from tests.conftest import PASSWORD
from tests.ui.keys import when_modal

TEMPORARY = "temporary-1"


@pytest.fixture
def clerk(make_user):
    return make_user(Role.INSTITUTION_STAFF, username="clerk")


def _page(qtbot, db, admin) -> UsersPage:  # noqa: ANN001
    page = UsersPage(db, admin)
    qtbot.addWidget(page)
    return page


def _select(page: UsersPage, username: str) -> int:
    row = next(i for i, u in enumerate(page.users) if u.username == username)
    page.table.selectRow(row)
    return row


def _rule(widget, name: str) -> QLabel:  # noqa: ANN001
    label = widget.findChild(QLabel, f"{name}_rule")
    assert label is not None
    return label


def test_an_administrator_deactivates_and_reactivates_an_account(qtbot, db, admin, clerk,
                                                                 monkeypatch):
    page = _page(qtbot, db, admin)
    _select(page, "admin")  # one's own account is not switched off here
    assert not page.active_button.isEnabled() and not page.reset_button.isEnabled()
    assert "Change password" in page.reset_button.toolTip()
    row = _select(page, "clerk")
    assert page.active_button.isEnabled() and page.active_button.text() == "&Deactivate…"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    page.active_button.click()
    assert page.table.item(row, 4).text() == "Active"  # Cancel changed nothing
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.active_button.click()
    assert page.table.item(row, 4).text() == "Deactivated"
    assert page.selected_user().username == "clerk"
    assert page.active_button.text() == "Re&activate…" and not page.reset_button.isEnabled()
    with pytest.raises(SignInFailed, match="deactivated"):
        auth.sign_in(db, "clerk", PASSWORD)
    page.active_button.click()
    assert page.table.item(row, 4).text() == "Active"
    assert auth.sign_in(db, "clerk", PASSWORD).username == "clerk"


def test_a_reset_says_the_rule_at_the_field_and_marks_the_account(qtbot, db, admin, clerk):
    page = _page(qtbot, db, admin)
    row = _select(page, "clerk")

    def fill(dialog: ResetPasswordDialog) -> None:
        assert _rule(dialog, "new_password").text() == auth.PASSWORD_RULE
        dialog.new_password.setText(TEMPORARY)
        dialog.new_password_again.setText("something else")
        dialog.accept()
        assert dialog.errors.shown == {"new_password_again": "The two passwords are not the "
                                                             "same."}
        dialog.new_password.setText("short")
        dialog.new_password_again.setText("short")
        dialog.accept()
        assert "at least 8 characters" in dialog.errors.shown["new_password"]
        assert dialog.isVisible()
        dialog.new_password.setText(TEMPORARY)
        dialog.new_password_again.setText(TEMPORARY)
        dialog.accept()

    seen = when_modal(ResetPasswordDialog, fill)
    page.reset_button.click()
    assert seen and seen[0].saved.must_change_password
    assert page.table.item(row, 4).text() == "Temporary password"
    with pytest.raises(auth.PasswordChangeDue):
        auth.sign_in(db, "clerk", TEMPORARY)


def test_an_administrator_changes_a_role_and_site(qtbot, db, admin, clerk):
    choices = sites.list_sites(db)
    users = {u.username: u for u in accounts.list_users(db, admin)}
    own = EditAccountDialog(db, admin, users["admin"], choices)
    qtbot.addWidget(own)
    assert not own.role.isEnabled() and not own.site.isEnabled()

    dialog = EditAccountDialog(db, admin, users["clerk"], choices)
    qtbot.addWidget(dialog)
    dialog.display_name.setText("   ")
    dialog.accept()
    assert set(dialog.errors.shown) == {"display_name"} and dialog.result() == 0
    dialog.display_name.setText("Casey Clerk")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.VOLUNTEER_COORDINATOR))
    dialog.site.setCurrentIndex(dialog.site.findData("PP-27"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.saved.role, dialog.saved.site_code, dialog.saved.display_name) == (
        Role.VOLUNTEER_COORDINATOR, "PP-27", "Casey Clerk")
    page = _page(qtbot, db, admin)
    row = _select(page, "clerk")
    assert [page.table.item(row, c).text() for c in range(4)] == [
        "clerk", "Casey Clerk", Role.VOLUNTEER_COORDINATOR.label, "PP-27"]


def test_a_temporary_password_asks_for_a_new_one_before_the_window_opens(qtbot, db, admin,
                                                                         clerk):
    accounts.reset_password(db, admin, "clerk", TEMPORARY)
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.changing_password and dialog.new_password.isHidden()
    dialog.username.setText("clerk")
    dialog.password.setText(TEMPORARY)
    dialog.accept()
    assert dialog.actor is None and dialog.isVisible() and dialog.changing_password
    assert dialog.new_password.isVisible() and dialog.new_password_again.isVisible()
    assert _rule(dialog.form, "new_password").isVisible()
    assert "reset by an administrator" in dialog.message.text()
    dialog.new_password.setText(TEMPORARY)
    dialog.new_password_again.setText(TEMPORARY)
    dialog.accept()
    assert "not the one in use now" in dialog.errors.shown["new_password"]
    dialog.new_password.setText("clerks own password")
    dialog.new_password_again.setText("clerks own pasword")
    dialog.accept()
    assert set(dialog.errors.shown) == {"new_password_again"} and dialog.actor is None
    dialog.new_password_again.setText("clerks own password")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.username == "clerk"
    assert auth.sign_in(db, "clerk", "clerks own password")


def test_a_deactivated_account_is_told_so_at_the_sign_in_window(qtbot, db, admin, clerk):
    accounts.deactivate_user(db, admin, "clerk")
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("clerk")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert dialog.actor is None and "deactivated" in dialog.errors.shown["username"]


def test_own_password_from_the_file_menu(qtbot, db, admin, clerk):
    window = MainWindow(db, clerk, idle_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions()
                 if a.text() == "Change &password…"]

    def fill(dialog: ChangePasswordDialog) -> None:
        assert _rule(dialog, "new_password").text() == auth.PASSWORD_RULE
        dialog.old_password.setText("not my password")
        dialog.new_password.setText("a new password")
        dialog.new_password_again.setText("a new password")
        dialog.accept()
        assert dialog.errors.shown == {"old_password": "The current password is wrong."}
        dialog.old_password.setText(PASSWORD)
        dialog.accept()

    seen = when_modal(ChangePasswordDialog, fill)
    action.trigger()
    assert seen and seen[0].changed
    assert auth.sign_in(db, "clerk", "a new password").signing_key == clerk.signing_key


def test_the_new_account_form_states_the_password_rule(qtbot, db, admin):
    dialog = NewAccountDialog(db, admin, sites.list_sites(db))
    qtbot.addWidget(dialog)
    assert _rule(dialog, "password").text() == auth.PASSWORD_RULE


def test_the_first_run_states_the_password_rule(qtbot, db):
    from rjdesk.ui.shell.first_run import FirstRunDialog

    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    assert _rule(dialog.form, "password").text() == auth.PASSWORD_RULE


def test_a_locked_window_reset_meanwhile_asks_for_a_new_password_too(qtbot, db, admin, clerk):
    accounts.reset_password(db, admin, "clerk", TEMPORARY)
    dialog = SignInDialog(db, locked_for=clerk, idle_minutes=15)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText(TEMPORARY)
    dialog.accept()
    assert dialog.actor is None and dialog.changing_password
    dialog.new_password.setText("clerks own password")
    dialog.new_password_again.setText("clerks own password")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.switched_user
    assert auth.sign_in(db, "clerk", "clerks own password").username == "clerk"
