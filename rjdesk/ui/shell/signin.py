"""Signing in, and unlocking a window that locked itself while nobody was at the desk.

Both use one form: the lock is a sign-in that already knows who was working. The same person
unlocks with their password alone (no new sign-in event); anyone else signs in and the whole
window switches to them. A temporary password (an administrator's reset) opens the form's
second step: a new password, twice, chosen before the main window opens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from rjdesk.services.admin import auth
from rjdesk.services.core import settings, sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.admin.passwords import DIFFER, password_row
from rjdesk.ui.common.forms import FieldErrors, app_icon, child, fit_width, load_form

_CHANGE_FIELDS = ("new_password", "new_password_again")

DEMO_ACCOUNTS = ("admin", "staff", "coordinator", "officer", "board", "victims", "central")
DEMO_PASSWORD = "demo"


def workstation_line(db: Database) -> str:
    """Which site, workstation and database file this is, in words, so nobody signs in to the
    wrong one unawares. The file by its name only: the folder it lies in is long and means
    nothing to staff (it is in the tooltip, :func:`database_tip`, and in Help → About)."""
    site_id = settings.get(db, settings.SITE_ID)
    site = next((s for s in sites.list_sites(db) if s.id == site_id), None)
    station = settings.get(db, settings.WORKSTATION_NAME)
    where = site.label if site else "Site not set up"
    this = f"Workstation {station} · database" if station else "Database"
    return f"{where}\n{this} {db.path.name}"


def database_tip(db: Database) -> str:
    """The database file's whole path, for whoever must find it (a help desk, a backup)."""
    return f"Database file: {db.path}"


def is_demo(db: Database) -> bool:
    return bool(settings.get(db, settings.DEMO))


class SignInDialog(QDialog):
    """Ask for a user name and password; ``actor`` is the signed-in user after ``exec()``."""

    def __init__(self, db: Database, *, locked_for: Actor | None = None,
                 idle_minutes: int | None = None, demo: bool | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.locked_for = locked_for
        self.actor: Actor | None = None
        self._quitting = False
        self.form = load_form("signin", self)
        self.setWindowIcon(app_icon())
        self.username = child(self.form, QLineEdit, "username")
        self.password = child(self.form, QLineEdit, "password")
        self.message = child(self.form, QLabel, "message")
        self.where = child(self.form, QLabel, "where")
        self.demo_hint = child(self.form, QLabel, "demo_hint")
        self.buttons = child(self.form, QDialogButtonBox, "buttons")
        fields = child(self.form, QFormLayout, "fields")
        self.new_password = password_row(fields, "&New password", "new_password", rule=True)
        self.new_password_again = password_row(fields, "New password &again",
                                               "new_password_again")
        self._change_rows = (fields.rowCount() - 2, fields.rowCount() - 1)
        self._show_change(False)
        self.errors = FieldErrors(self.form, ["username", "password", *_CHANGE_FIELDS])
        child(self.form, QLabel, "logo").setPixmap(app_icon().pixmap(48, 48))
        self.where.setText(workstation_line(db))
        self.where.setToolTip(database_tip(db))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sign in")
        ok.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Quit")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self._quit)
        if demo if demo is not None else is_demo(db):
            self.demo_hint.setText(
                "Demo database — sign in as " + ", ".join(DEMO_ACCOUNTS) +
                f" (every password is “{DEMO_PASSWORD}”).")
            self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            self.demo_hint.hide()
        if locked_for is not None:
            self._as_lock(locked_for, idle_minutes)
        fit_width(self, 460)

    def _as_lock(self, actor: Actor, idle_minutes: int | None) -> None:
        self.setWindowTitle("RJ Desk is locked")
        child(self.form, QLabel, "title").setText("RJ Desk is locked")
        how = ""  # locked on purpose: the title above says it is locked
        if idle_minutes:
            minutes = f"{idle_minutes} minute{'s' if idle_minutes != 1 else ''}"
            how = f"RJ Desk locked itself after {minutes} without use. "
        self.message.setText(f"{how}{actor.display_name}, enter your password to go on — or "
                             "sign in as someone else.")
        self.username.setText(actor.username)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit RJ Desk")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.password.setFocus()

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().showEvent(event)
        (self.password if self.username.text() else self.username).setFocus()

    @property
    def changing_password(self) -> bool:
        """The second step is open: a temporary password is being replaced."""
        return not self.new_password.isHidden()

    def _show_change(self, shown: bool) -> None:
        fields = child(self.form, QFormLayout, "fields")
        for row in self._change_rows:
            fields.setRowVisible(row, shown)
        if shown:
            self.message.setText("Your password was reset by an administrator. Choose a new "
                                 "password of your own to go on.")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
                "Change and sign in")
            self.username.setReadOnly(True)
            child(self.form, QLabel, "password_label").setText("&Temporary password")
            fit_width(self, max(self.width(), 460))
            self.new_password.setFocus()

    def _change_and_sign_in(self, name: str, password: str) -> None:
        if self.new_password.text() != self.new_password_again.text():
            self.errors.show({"new_password_again": DIFFER})
            return
        try:
            self.actor = auth.sign_in_changing_password(self.db, name, password,
                                                        self.new_password.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()

    def _refused(self, exc: Refused) -> None:
        """A refusal at its field; a temporary password opens the second step instead."""
        if isinstance(exc, auth.PasswordChangeDue):
            self._show_change(True)
            return
        self.errors.show_refusal(exc)
        self.password.selectAll()

    @property
    def switched_user(self) -> bool:
        """After unlocking: someone other than the locked-out person signed in."""
        return bool(self.locked_for and self.actor and
                    self.actor.user_id != self.locked_for.user_id)

    def accept(self) -> None:
        """One service call: verify the locked-out user's password, or sign someone in."""
        name = self.username.text().strip().lower()
        password = self.password.text()
        self.errors.clear()
        if self.changing_password:
            self._change_and_sign_in(name, password)
            return
        if self.locked_for is not None and name == self.locked_for.username:
            try:
                self.actor = auth.resume_session(self.db, self.locked_for, password)
            except auth.PasswordChangeDue as exc:
                self._refused(exc)
                return
            except Refused as exc:
                self.errors.show({exc.field or "password": exc.message})
                self.password.selectAll()
                return
            super().accept()
            return
        if not name:
            self.errors.show({"username": "Enter your user name."})
            return
        try:
            self.actor = auth.sign_in(self.db, name, password)
        except Refused as exc:
            self._refused(exc)
            return
        super().accept()

    def _quit(self) -> None:
        self._quitting = True
        self.reject()

    def reject(self) -> None:
        # A locked window is not unlocked by Escape or the close button: only Quit leaves it.
        if self.locked_for is not None and not self._quitting:
            return
        super().reject()
