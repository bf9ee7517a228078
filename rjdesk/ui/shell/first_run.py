"""The first start on a new database: which site this is, the workstation, the administrator.

The site list comes from the register shipped with the program, because a new database has no
sites yet; ``setup_workstation`` loads the same register into the database.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.common.forms import FieldErrors, app_icon, child, fit_width, load_form
from rjdesk.ui.common.site_picker import chosen_site_code, fill_site_picker

FIELDS = ["site", "workstation_name", "username", "display_name", "password", "password_again"]


class FirstRunDialog(QDialog):
    """Ask for the workstation's site and the administrator; ``actor`` is the administrator."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.form = load_form("first_run", self)
        self.setWindowIcon(app_icon())
        child(self.form, QLabel, "logo").setPixmap(app_icon().pixmap(48, 48))
        self.site = child(self.form, QComboBox, "site")
        self.workstation_name = child(self.form, QLineEdit, "workstation_name")
        self.username = child(self.form, QLineEdit, "username")
        self.display_name = child(self.form, QLineEdit, "display_name")
        self.password = child(self.form, QLineEdit, "password")
        self.password_again = child(self.form, QLineEdit, "password_again")
        child(self.form, QLabel, "password_rule").setText(auth.PASSWORD_RULE)
        self.errors = FieldErrors(self.form, FIELDS)
        fill_site_picker(self.site)
        self.site.setCurrentIndex(-1)
        self.site.currentIndexChanged.connect(self._suggest_workstation_name)
        buttons = child(self.form, QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set up")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fit_width(self, 600)

    def _suggest_workstation_name(self) -> None:
        code = self.site_code()
        if code and not self.workstation_name.isModified():
            self.workstation_name.setText(f"{code}-1")

    def site_code(self) -> str:
        return chosen_site_code(self.site)

    def accept(self) -> None:
        """Check what only the form knows (a site chosen, the password twice), then one call."""
        local: dict[str, str] = {}
        if not self.site_code():
            local["site"] = "Choose the site this workstation belongs to."
        if self.password.text() != self.password_again.text():
            local["password_again"] = "The two passwords are not the same."
        if local:
            self.errors.show(local)
            return
        try:
            self.actor = auth.setup_workstation(
                self.db, site_code=self.site_code(), workstation_name=self.workstation_name.text(),
                admin_username=self.username.text(), admin_name=self.display_name.text(),
                admin_password=self.password.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
