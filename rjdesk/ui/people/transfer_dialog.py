"""Moving a person to another site; the move stays in his history (not a silent site edit)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.services.people import records as people
from rjdesk.services.people.query import OffenderRow
from rjdesk.services.people.records import OffenderView
from rjdesk.ui.common.forms import (DateEntryError, FieldErrors, app_icon, child, fit_width,
                                    load_form, parse_us_date)
from rjdesk.ui.common.site_picker import chosen_site_code

FIELDS = ["site_code", "transferred_on", "reason", "housing_unit"]


class TransferDialog(QDialog):
    """Ask where to and when; ``saved`` is the person at the new site afterwards."""

    def __init__(self, db: Database, actor: Actor, person: OffenderRow,
                 site_choices: list[SiteView], *, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.person = db, actor, person
        self.saved: OffenderView | None = None
        self.form = load_form("transfer_dialog", self)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(f"Transfer {person.name} — RJ Desk")
        child(self.form, QLabel, "person").setText(
            f"{person.name} · DOC {person.doc_number} · now at {person.site_code}")
        self.site = child(self.form, QComboBox, "site_code")
        self.transferred_on = child(self.form, QLineEdit, "transferred_on")
        self.reason = child(self.form, QLineEdit, "reason")
        self.housing_unit = child(self.form, QLineEdit, "housing_unit")
        self.errors = FieldErrors(self.form, FIELDS)
        for site in site_choices:
            if site.code != person.site_code:
                self.site.addItem(site.label, site.code)
        completer = self.site.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.site.setCurrentIndex(-1)
        self.site.lineEdit().setPlaceholderText("Type the site's code or name")
        self.transferred_on.setText(us_date(today or date.today()))
        buttons = child(self.form, QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Transfer")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.accept)
        fit_width(self, 520)

    def site_code(self) -> str:
        return chosen_site_code(self.site)

    def accept(self) -> None:
        code = self.site_code()
        local: dict[str, str] = {}
        if not code:
            local["site_code"] = "Choose the site the person moves to."
        try:
            on = parse_us_date(self.transferred_on.text())
        except DateEntryError as exc:
            local["transferred_on"] = str(exc)
            on = None
        if local:
            self.errors.show(local)
            return
        try:
            self.saved = people.transfer_offender(self.db, self.actor, self.person.id, code,
                                                  on=on, reason=self.reason.text(),
                                                  housing_unit=self.housing_unit.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
