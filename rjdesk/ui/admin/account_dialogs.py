"""An administrator's forms for an existing account: a temporary password, and a new role,
home site or name. Thin: each builds its request, makes one service call and, on a refusal,
stays open with the message at its field."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import accounts
from rjdesk.services.admin.auth import UserView
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.ui.common.forms import FieldErrors, app_icon, enum_data, field_row, ok_cancel
from rjdesk.ui.admin.passwords import DIFFER, password_row


class ResetPasswordDialog(QDialog):
    """A temporary password for someone who forgot theirs; ``saved`` afterwards."""

    def __init__(self, db: Database, actor: Actor, user: UserView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.user = db, actor, user
        self.saved: UserView | None = None
        self.setWindowTitle(f"Reset the password of {user.username} — RJ Desk")
        self.setWindowIcon(app_icon())
        form = QWidget(self)
        rows = QFormLayout(form)
        note = QLabel(f"Give {user.display_name} a temporary password. They must choose their "
                      "own at their next sign-in, at any workstation once synced.")
        note.setWordWrap(True)
        rows.addRow(note)
        self.new_password = password_row(rows, "&Temporary password", "new_password", rule=True)
        self.new_password_again = password_row(rows, "Password &again", "new_password_again")
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, ["new_password", "new_password_again"])
        self.setMinimumWidth(440)

    def accept(self) -> None:
        if self.new_password.text() != self.new_password_again.text():
            self.errors.show({"new_password_again": DIFFER})
            return
        try:
            self.saved = accounts.reset_password(self.db, self.actor, self.user.username,
                                                 self.new_password.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()


class EditAccountDialog(QDialog):
    """A new role, home site or full name for an account; ``saved`` afterwards."""

    FIELDS = ("display_name", "role", "site")

    def __init__(self, db: Database, actor: Actor, user: UserView, site_choices: list[SiteView],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.user = db, actor, user
        self.saved: UserView | None = None
        self.setWindowTitle(f"Edit the account {user.username} — RJ Desk")
        self.setWindowIcon(app_icon())
        form = QWidget(self)
        rows = QFormLayout(form)
        self.display_name = QLineEdit(user.display_name)
        field_row(rows, "&Full name", "display_name", self.display_name)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role)
        self.role.setCurrentIndex(self.role.findData(user.role))
        field_row(rows, "&Role", "role", self.role)
        self.site = QComboBox()
        for site in site_choices:
            self.site.addItem(site.label, site.code)
        self.site.setCurrentIndex(max(0, self.site.findData(user.site_code)))
        field_row(rows, "&Site", "site", self.site)
        if user.id == actor.user_id:  # said here rather than refused after Save
            for widget in (self.role, self.site):
                widget.setEnabled(False)
                widget.setToolTip("Another administrator changes your own role or site.")
        note = QLabel("A new role or site takes effect when the person next signs in; a window "
                      "they have open stops at their next change.")
        note.setWordWrap(True)
        rows.addRow(note)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, self.FIELDS)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        try:
            self.saved = accounts.edit_user(
                self.db, self.actor, self.user.username,
                role=enum_data(self.role.currentData(), Role),
                site_code=str(self.site.currentData()) if self.site.isEnabled() else None,
                display_name=self.display_name.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
