"""The victim impact form of a court report, as RSMo 217.762 lists it: who the victim is and
how to reach and notify them (a victim in the Address Confidentiality Program has only the
program's substitute address: the check box fills it), whether a statement was given or why
not and who answered, the itemized economic loss with its total as it is typed, the injury,
the psychological harm, the change in the victim's welfare, a request for counseling, and how
the offender may repair the harm. Fields are named as the service names them, so each refusal
shows under its own field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QWidget)

from rjdesk.domain.boards.enums import Loss, Notify, StatementStatus
from rjdesk.domain.boards.rules import money
from rjdesk.domain.core.formats import us_date
from rjdesk.services.boards.victims import ACP_ADDRESS, StatementInput, VictimView
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.common.forms import READ_ONLY_STYLE, FieldErrors, enum_data, field_row
from rjdesk.ui.common.money_field import MoneyField

LINES = {"last_name": "&Last name", "first_name": "&First name",
         "description": "&Who they are", "address": "&Address"}
CONTACT = {"phone": "&Phone", "email": "&Email"}
ANSWER = {"answered_by": "Answered &by", "answered_relationship": "Relationship"}
TEXTS = {"injury": "&Injury (how serious, how lasting)",
         "psychological_harm": "Ps&ychological harm",
         "welfare_change": "Change in &welfare or family", "repair": "How the offender may &repair"}
FIELDS = [*LINES, "acp", *CONTACT, "notify", "status", "taken_on", *ANSWER,
          *(f"loss_{k.value}" for k in Loss), "loss_other_text", "losses",
          "counseling_requested", *TEXTS]


class VictimForm(QWidget):
    """One victim's statement; ``changed`` on every edit (the editor enables Save)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        who, losses, words = QFormLayout(), QFormLayout(), QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name, label in LINES.items():
            self.edits[name] = QLineEdit()
            field_row(who, label, name, self.edits[name])
        self.edits["description"].setPlaceholderText("Such as: owner of the store; her son")
        self.acp = QCheckBox("In the Address &Confidentiality Program")
        self.acp.setToolTip(f"Only the substitute address is kept: {ACP_ADDRESS}")
        self.acp.toggled.connect(self._acp_toggled)
        field_row(who, "", "acp", self.acp)
        for name, label in CONTACT.items():
            self.edits[name] = QLineEdit()
            field_row(who, label, name, self.edits[name])
        self.notify = QComboBox()
        for n in Notify:
            self.notify.addItem(n.label, n.value)
        field_row(who, "&Notify", "notify", self.notify)
        self.status = QComboBox()
        self.status.addItem("Choose: given, declined or not reached", "")
        for s in StatementStatus:
            self.status.addItem(s.label, s.value)
        field_row(who, "&Statement", "status", self.status)
        self.taken_on = QLineEdit()
        self.taken_on.setPlaceholderText("MM/DD/YYYY")
        field_row(who, "&Taken on", "taken_on", self.taken_on)
        for name, label in ANSWER.items():
            self.edits[name] = QLineEdit()
            field_row(who, label, name, self.edits[name])
        self.edits["answered_by"].setPlaceholderText("When someone answered for the victim")
        self.money: dict[Loss, MoneyField] = {}
        for kind in Loss:
            self.money[kind] = MoneyField(optional=True)
            self.money[kind].amount_changed.connect(lambda _c: self._total())
            field_row(losses, f"{kind.label} loss", f"loss_{kind.value}", self.money[kind])
        self.edits["loss_other_text"] = QLineEdit()
        self.edits["loss_other_text"].setPlaceholderText("What the other loss is")
        field_row(losses, "Other loss is", "loss_other_text", self.edits["loss_other_text"])
        self.total = QLabel()
        self.total.setObjectName("total_loss")
        losses.addRow("<b>Total loss</b>", self.total)
        losses_error = QLabel()
        losses_error.setObjectName("losses_error")
        losses.addRow(losses_error)
        self.counseling = QCheckBox("The victim asks for c&ounseling")
        field_row(losses, "", "counseling_requested", self.counseling)
        self.texts: dict[str, QPlainTextEdit] = {}
        for name, label in TEXTS.items():
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(54)
            self.texts[name] = edit
            field_row(words, label, name, edit)
        top = QHBoxLayout()
        top.addLayout(who, 3)
        top.addSpacing(16)
        top.addLayout(losses, 2)
        grid.addLayout(top, 0, 0)
        grid.addLayout(words, 1, 0)
        self.errors = FieldErrors(self, FIELDS)
        for edit in self.edits.values():
            edit.textChanged.connect(self.changed)
        for money_field in self.money.values():
            money_field.textChanged.connect(self.changed)
        for text in self.texts.values():
            text.textChanged.connect(self.changed)
        for combo in (self.notify, self.status):
            combo.currentIndexChanged.connect(self.changed)
        for box in (self.acp, self.counseling):
            box.toggled.connect(self.changed)
        self.taken_on.textChanged.connect(self.changed)
        self.fill(None)

    # -- showing -----------------------------------------------------------------------------

    def fill(self, v: VictimView | None) -> None:
        """A victim's statement, or a blank form for a new one."""
        self.errors.clear()
        self.acp.setChecked(bool(v and v.acp))
        for name, edit in self.edits.items():
            edit.setText(str(getattr(v, name)) if v is not None else "")
        self._address_locked(self.acp.isChecked())
        self.notify.setCurrentIndex(self.notify.findData((v.notify if v else Notify.NONE).value))
        self.status.setCurrentIndex(max(0, self.status.findData(v.status.value if v else "")))
        self.taken_on.setText(us_date(v.taken_on) if v and v.taken_on else "")
        for kind, field in self.money.items():
            field.set_cents(v.losses.get(kind, 0) if v else None)
        self.counseling.setChecked(bool(v and v.counseling_requested))
        for name, edit in self.texts.items():
            edit.setPlainText(str(getattr(v, name)) if v is not None else "")
        self._total()

    def _acp_toggled(self, on: bool) -> None:
        address = self.edits["address"]
        if on:
            address.setText(ACP_ADDRESS)
        elif address.text() == ACP_ADDRESS:
            address.clear()
        self._address_locked(on)

    def _address_locked(self, on: bool) -> None:
        address = self.edits["address"]
        address.setReadOnly(on)
        address.setStyleSheet(READ_ONLY_STYLE if on else "")

    def _total(self) -> None:
        amounts = [f.peek() for f in self.money.values()]
        if any(a is None for a in amounts):
            self.total.setText("— (an amount above is not read)")
        else:
            self.total.setText(f"<b>{money(sum(a or 0 for a in amounts))}</b>")

    def set_read_only(self, read_only: bool) -> None:
        for edit in [*self.edits.values(), *self.money.values(), self.taken_on]:
            edit.setReadOnly(read_only)
        for text in self.texts.values():
            text.setReadOnly(read_only)
        for widget in (self.notify, self.status, self.acp, self.counseling):
            widget.setEnabled(not read_only)
        if not read_only:
            self._acp_toggled(self.acp.isChecked())

    # -- reading -----------------------------------------------------------------------------

    def snapshot(self) -> tuple:
        return (*(e.text() for e in self.edits.values()), self.acp.isChecked(),
                self.notify.currentData(), self.status.currentData(), self.taken_on.text(),
                *(f.text() for f in self.money.values()), self.counseling.isChecked(),
                *(t.toPlainText() for t in self.texts.values()))

    def request(self) -> StatementInput | None:
        """What the form says, or None after showing a date that cannot be read. Amounts go
        as typed: the service reads them and says at each field what is not an amount."""
        bad: dict[str, str] = {}
        taken = kc.read_date(self.taken_on, "taken_on", "date", bad, required=False)
        if bad:
            self.errors.show(bad)
            return None
        text = {name: edit.text() for name, edit in self.edits.items()}
        return StatementInput(
            **text, acp=self.acp.isChecked(),
            notify=enum_data(self.notify.currentData(), Notify) or Notify.NONE,
            status=enum_data(self.status.currentData(), StatementStatus), taken_on=taken,
            losses={k: f.text() for k, f in self.money.items() if not f.is_blank()},
            counseling_requested=self.counseling.isChecked(),
            **{name: edit.toPlainText() for name, edit in self.texts.items()})
