"""Staff accounts (administrators only): who may sign in here, new accounts, unlocking, a
temporary password, deactivation and reactivation, a new role or site.

The new-account form is built in code rather than from a Designer file only because this slice
could not add a form file; it follows the same naming (``<field>`` / ``<field>_error``).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.admin import accounts, auth
from rjdesk.services.admin.auth import UserView
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.ui.admin.account_dialogs import EditAccountDialog, ResetPasswordDialog
from rjdesk.ui.admin.passwords import DIFFER, RULE_STYLE
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon, enum_data
from rjdesk.ui.common.page import Page

FIELDS = ["username", "display_name", "role", "site", "password", "password_again"]
COLUMNS = ("User name", "Full name", "Role", "Site", "Status")


class NewAccountDialog(QDialog):
    """A new staff account; ``saved`` afterwards."""

    def __init__(self, db: Database, actor: Actor, site_choices: list[SiteView],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: UserView | None = None
        self.setWindowTitle("New staff account — RJ Desk")
        self.setWindowIcon(app_icon())
        self.form = QWidget(self)
        rows = QFormLayout(self.form)
        self.username = QLineEdit(objectName="username")
        self.display_name = QLineEdit(objectName="display_name")
        self.role = QComboBox(objectName="role")
        for role in Role:
            self.role.addItem(role.label, role)
        self.role.setCurrentIndex(self.role.findData(Role.INSTITUTION_STAFF))
        self.site = QComboBox(objectName="site")
        for site in site_choices:
            self.site.addItem(site.label, site.code)
        self.site.setCurrentIndex(max(0, self.site.findData(actor.site_code)))
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(objectName="password_again",
                                        echoMode=QLineEdit.EchoMode.Password)
        for text, widget in (("&User name", self.username), ("&Full name", self.display_name),
                             ("&Role", self.role), ("&Site", self.site),
                             ("&Password", self.password),
                             ("Password &again", self.password_again)):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            if widget is self.password:
                rule = QLabel(auth.PASSWORD_RULE, objectName="password_rule")
                rule.setStyleSheet(RULE_STYLE)
                box.addWidget(rule)
            error = QLabel(objectName=f"{widget.objectName()}_error")
            error.setStyleSheet(ERROR_LABEL_STYLE)
            box.addWidget(error)
            label = QLabel(text)
            label.setBuddy(widget)
            rows.addRow(label, box)
        general = QLabel(objectName="form_error")
        rows.addRow(general)
        self.errors = FieldErrors(self.form, FIELDS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        if self.password.text() != self.password_again.text():
            self.errors.show({"password_again": DIFFER})
            return
        try:
            self.saved = auth.create_user(self.db, self.actor, username=self.username.text(),
                                          display_name=self.display_name.text(),
                                          role=enum_data(self.role.currentData(), Role),
                                          site_code=str(self.site.currentData()),
                                          password=self.password.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()


class UsersPage(Page):
    """Every staff account of this database (a few dozen at most, so no paging)."""

    title = "Staff accounts"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.users: list[UserView] = []
        self.site_choices = sites.list_sites(db)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.new_button = QPushButton("&New account…", self)
        self.new_button.setToolTip("Add a staff account (Ctrl+N)")
        self.new_button.clicked.connect(self.create)
        self.unlock_button = QPushButton("&Unlock", self)
        self.unlock_button.setToolTip("Let a locked-out account sign in again now")
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setToolTip("Change the role, home site or name of the selected account")
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button = QPushButton("&Reset password…", self)
        self.reset_button.setToolTip("Give a temporary password, to be changed at the next "
                                     "sign-in")
        self.reset_button.clicked.connect(self.reset_selected)
        self.active_button = QPushButton("&Deactivate…", self)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.reset_button, self.unlock_button,
                       self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.users = accounts.list_users(self.db, self.actor)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.users = []
        self.table.setRowCount(len(self.users))
        for r, user in enumerate(self.users):
            status = ("Deactivated" if not user.active else "Locked" if user.locked else
                      "Temporary password" if user.must_change_password else "Active")
            for c, text in enumerate((user.username, user.display_name, user.role.label,
                                      user.site_code, status)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def selected_user(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        user = self.selected_user()
        mine = bool(user and user.id == self.actor.user_id)
        self.unlock_button.setEnabled(bool(user and user.locked))
        self.edit_button.setEnabled(user is not None)
        self.reset_button.setEnabled(bool(user and user.active and not mine))
        self.reset_button.setToolTip(
            "Your own password: File → Change password…" if mine else
            "Reactivate the account first" if user and not user.active else
            "Give a temporary password, to be changed at the next sign-in")
        self.active_button.setText("Re&activate…" if user and not user.active
                                   else "&Deactivate…")
        self.active_button.setEnabled(user is not None and not mine)
        self.active_button.setToolTip(
            "Another administrator deactivates your own account" if mine else
            "Let this account sign in again" if user and not user.active else
            "Switch off the account of someone who has left; its history stays")

    def focus_search(self) -> None:
        self.table.setFocus()

    def new_reason(self) -> str:
        return "" if self.actor.may(Permission.MANAGE_USERS) else \
            f"Your role ({self.actor.role.label}) cannot manage staff accounts."

    def print_reason(self) -> str:
        return "There is no printout of staff accounts."

    def create(self) -> None:
        dialog = NewAccountDialog(self.db, self.actor, self.site_choices, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def unlock_selected(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._call(accounts.unlock_user, user)

    def edit_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = EditAccountDialog(self.db, self.actor, user, self.site_choices, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._refresh_at(user)

    def reset_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = ResetPasswordDialog(self.db, self.actor, user, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._refresh_at(user)

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.active:
            asked = QMessageBox.question(
                self, "Deactivate account — RJ Desk",
                f"Deactivate {user.username} ({user.display_name})? The account cannot sign in "
                "here, nor at any other workstation once synced. Everything it did stays on "
                "record, and it can be reactivated.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if asked != QMessageBox.StandardButton.Yes:
                return
            self._call(accounts.deactivate_user, user)
        else:
            self._call(accounts.reactivate_user, user)

    def _call(self, action, user: UserView) -> None:  # noqa: ANN001 - an accounts service
        try:
            action(self.db, self.actor, user.username)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
        self._refresh_at(user)

    def _refresh_at(self, user: UserView) -> None:
        """Read the list again, keeping the same account selected."""
        self.refresh()
        row = next((i for i, u in enumerate(self.users) if u.id == user.id), None)
        if row is not None:
            self.table.selectRow(row)
