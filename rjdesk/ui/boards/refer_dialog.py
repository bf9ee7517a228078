"""Refer an offender under supervision to his office's board: the DOC number typed or scanned
(a scanner's Enter moves on, it does not save), the court, its case number, the offense and
the referral date; an officer names himself, anyone else names the referring officer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.formats import us_date
from rjdesk.services.boards import cases
from rjdesk.services.boards.cases import CaseView, ReferralInput
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.common.forms import FieldErrors, app_icon, field_row, ok_cancel
from rjdesk.ui.common.record_dialog import RecordDialog

FIELDS = ["doc_number", "court", "case_number", "offense", "referred_on", "officer_id"]


class ReferDialog(RecordDialog):
    """``saved`` is the new case's view."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: CaseView | None = None
        self.setWindowTitle("Refer to the board — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText("Type or scan the DOC number")
        self.doc_number.setMaxLength(20)
        self.court = QLineEdit()
        self.court.setPlaceholderText("Such as Cole County Circuit Court")
        self.case_number = QLineEdit()
        self.case_number.setMaxLength(40)
        self.offense = QLineEdit()
        self.referred_on = QLineEdit(us_date(kc.today()))
        self.referred_on.setPlaceholderText("MM/DD/YYYY")
        field_row(form, "&DOC number", "doc_number", self.doc_number)
        field_row(form, "&Court", "court", self.court)
        field_row(form, "Case &number", "case_number", self.case_number)
        field_row(form, "O&ffense", "offense", self.offense)
        field_row(form, "&Referred on", "referred_on", self.referred_on)
        self.officer = QComboBox()
        self.names_officer = actor.role is not Role.PP_OFFICER
        if self.names_officer:
            self.officer.addItem("Choose the referring officer", "")
            for o in cases.officers(db, actor):
                self.officer.addItem(f"{o.name} ({o.site_code})", o.id)
            field_row(form, "Referring &officer", "officer_id", self.officer)
        layout.addLayout(form)
        # A scanned DOC number ends in Enter: it moves to the court, it does not save.
        self.doc_number.installEventFilter(self)
        self.buttons = ok_cancel(self, layout)
        self.buttons.button(self.buttons.StandardButton.Ok).setText("&Refer")
        self.errors = FieldErrors(self, FIELDS)
        self.mark_clean()
        self.setMinimumWidth(520)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.doc_number and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return,
                                                                 Qt.Key.Key_Enter):
            self.court.setFocus()
            return True
        return super().eventFilter(watched, event)

    def snapshot(self) -> tuple:
        return (self.doc_number.text(), self.court.text(), self.case_number.text(),
                self.offense.text(), self.referred_on.text(), self.officer.currentData())

    def build_request(self) -> ReferralInput | None:
        bad: dict[str, str] = {}
        day = kc.read_date(self.referred_on, "referred_on", "referral date", bad)
        if bad:
            self.errors.show(bad)
            return None
        return ReferralInput(self.doc_number.text(), self.court.text(), self.case_number.text(),
                             self.offense.text(), day,
                             str(self.officer.currentData() or "") if self.names_officer else "")

    def submit(self, request: ReferralInput) -> CaseView:
        return cases.refer(self.db, self.actor, request, today=kc.today())
