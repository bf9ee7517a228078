"""Where a password is typed: its field, the rule it must keep said under it, and one's own
password change (File → Change password…).

The rule's words come from the service that enforces it (``auth.PASSWORD_RULE``), so what the
window says and what the service refuses cannot drift apart.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget)

from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon, ok_cancel

RULE_STYLE = "color: #4a5560;"
DIFFER = "The two passwords are not the same."


def password_row(form: QFormLayout, label: str, name: str, *, rule: bool = False) -> QLineEdit:
    """A hidden-text field named ``name`` with its error line under it and, for a new password,
    the rule it must keep (``<name>_rule``) under that."""
    edit = QLineEdit(objectName=name, echoMode=QLineEdit.EchoMode.Password)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(edit)
    if rule:
        hint = QLabel(auth.PASSWORD_RULE, objectName=f"{name}_rule")
        hint.setStyleSheet(RULE_STYLE)
        hint.setWordWrap(True)
        box.addWidget(hint)
    error = QLabel(objectName=f"{name}_error")
    error.setStyleSheet(ERROR_LABEL_STYLE)
    error.setWordWrap(True)
    box.addWidget(error)
    caption = QLabel(label)
    caption.setBuddy(edit)
    form.addRow(caption, box)
    return edit


class ChangePasswordDialog(QDialog):
    """The signed-in person's own new password: the current one, then the new one twice."""

    FIELDS = ("old_password", "new_password", "new_password_again")

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.changed = False
        self.setWindowTitle("Change your password — RJ Desk")
        self.setWindowIcon(app_icon())
        self.form = QWidget(self)
        rows = QFormLayout(self.form)
        rows.addRow(QLabel(f"{actor.display_name} ({actor.username})"))
        self.old_password = password_row(rows, "&Current password", "old_password")
        self.new_password = password_row(rows, "&New password", "new_password", rule=True)
        self.new_password_again = password_row(rows, "New password &again",
                                               "new_password_again")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, self.FIELDS)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        """One service call; on a refusal the dialog stays open with the message at its
        field."""
        if self.new_password.text() != self.new_password_again.text():
            self.errors.show({"new_password_again": DIFFER})
            return
        try:
            auth.change_password(self.db, self.actor, self.old_password.text(),
                                 self.new_password.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        self.changed = True
        super().accept()
