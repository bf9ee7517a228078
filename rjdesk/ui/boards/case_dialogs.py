"""The small dialogs of a board case: hours worked on a community service task, a restitution
payment (with what is still owed in sight), completing the case with its outcome. Each makes
one service call; a refusal stays in the dialog at its field and nothing is saved."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from rjdesk.domain.boards.rules import money
from rjdesk.domain.core.formats import us_date
from rjdesk.services.boards import agreement, cases
from rjdesk.services.boards.cases import CaseView
from rjdesk.services.boards.tasks import TaskView
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon, field_row, ok_cancel
from rjdesk.ui.common.money_field import MoneyField


def _message_label(name: str) -> QLabel:
    """A message line for a field with no widget of its own (``tasks``, ``task``)."""
    label = QLabel()
    label.setObjectName(f"{name}_error")
    label.setStyleSheet(ERROR_LABEL_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class ProgressDialog(QDialog):
    """Hours worked (``kind="hours"``) or a payment made (``kind="payment"``) on one task, on
    a day; ``saved`` is the task as it stands afterwards."""

    def __init__(self, db: Database, actor: Actor, task: TaskView, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.task, self.kind = db, actor, task, kind
        self.saved: TaskView | None = None
        paying = kind == "payment"
        self.setWindowTitle(("Record payment" if paying else "Log hours") + " — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        if paying:
            left = (f"{money(task.owed_cents)} still owed of "
                    f"{money(task.amount_cents or 0)}; {money(task.paid_cents)} paid so far.")
        else:
            left = (f"{kc.hours_text(task.hours_done)} of "
                    f"{kc.hours_text(task.hours_required)} hours worked so far.")
        intro = QLabel(f"<b>{task.title}</b><br>{left}")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.day = QLineEdit(us_date(kc.today()))
        self.day.setPlaceholderText("MM/DD/YYYY")
        field_row(form, "&Date", "day", self.day)
        self.amount = MoneyField()
        self.hours = QLineEdit()
        if paying:
            field_row(form, "&Amount paid", "amount", self.amount)
        else:
            self.hours.setPlaceholderText("Such as 4 or 2.5")
            field_row(form, "&Hours worked", "hours", self.hours)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setPlaceholderText("Optional")
        field_row(form, "&Note", "note", self.note)
        layout.addLayout(form)
        layout.addWidget(_message_label("task"))
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, ["day", "amount", "hours", "note", "task"])
        (self.amount if paying else self.hours).setFocus()
        self.setMinimumWidth(440)

    def accept(self) -> None:
        bad: dict[str, str] = {}
        day = kc.read_date(self.day, "day", "date", bad)
        hours = None
        if self.kind == "payment":
            if not self.amount.check():
                bad["amount"] = self.amount.problem
        else:
            hours = kc.read_hours(self.hours, "hours", bad)
        if bad:
            self.errors.show(bad)
            return
        assert day is not None
        try:
            if self.kind == "payment":
                self.saved = agreement.record_payment(self.db, self.actor, self.task.id, day,
                                                      self.amount.text(), self.note.text(),
                                                      today=kc.today())
            else:
                assert hours is not None
                self.saved = agreement.log_hours(self.db, self.actor, self.task.id, day, hours,
                                                 self.note.text(), today=kc.today())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()


class CompleteDialog(QDialog):
    """The case completed on a day with its outcome; refused, naming them, while tasks are
    open. ``saved`` is the case afterwards."""

    def __init__(self, db: Database, actor: Actor, case: CaseView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.case = db, actor, case
        self.saved: CaseView | None = None
        self.setWindowTitle("Complete the case — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(f"Close case {case.case_number} of {case.offender_name} as completed: "
                       "every task of the agreement is done.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.day = QLineEdit(us_date(kc.today()))
        self.day.setPlaceholderText("MM/DD/YYYY")
        field_row(form, "Completed &on", "day", self.day)
        self.outcome = QPlainTextEdit()
        self.outcome.setTabChangesFocus(True)
        self.outcome.setPlaceholderText("What the board reports to the court")
        self.outcome.setFixedHeight(90)
        field_row(form, "O&utcome", "outcome", self.outcome)
        layout.addLayout(form)
        layout.addWidget(_message_label("tasks"))
        layout.addWidget(_message_label("status"))
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, ["day", "outcome", "tasks", "status"])
        self.outcome.setFocus()
        self.setMinimumWidth(520)

    def accept(self) -> None:
        bad: dict[str, str] = {}
        day = kc.read_date(self.day, "day", "date", bad)
        if bad:
            self.errors.show(bad)
            return
        assert day is not None
        try:
            self.saved = cases.complete_case(self.db, self.actor, self.case.id, day,
                                             self.outcome.toPlainText(), today=kc.today())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
