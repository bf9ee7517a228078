"""Staff accounts (administrators only): who may sign in here, new accounts, unlocking.

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
from rjdesk.services.admin import auth
from rjdesk.services.admin.auth import UserView
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
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
            self.errors.show({"password_again": "The two passwords are not the same."})
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
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.users = auth.list_users(self.db, self.actor)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.users = []
        self.table.setRowCount(len(self.users))
        for r, user in enumerate(self.users):
            status = "Locked" if user.locked else ("Active" if user.active else "Inactive")
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
        self.unlock_button.setEnabled(bool(user and user.locked))

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
        if user is None:
            return
        try:
            auth.unlock_user(self.db, self.actor, user.username)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
        self.refresh()
