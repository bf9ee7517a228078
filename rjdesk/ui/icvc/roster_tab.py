"""The roster tab: who holds a seat, who waits (in order), who left and why; enroll and
withdraw, and say at once who got a freed seat."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.icvc import roster
from rjdesk.services.icvc.roster import EnrollmentView, WithdrawResult
from rjdesk.services.icvc.schedule import ClassView
from rjdesk.ui.common.list_page import list_table, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine, ReasonDialog
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.common import GREY, ClassAccess, ClassTab
from rjdesk.ui.icvc.enroll_dialog import EnrollDialog

S = EnrollmentStatus
COLUMNS = ("DOC number", "Name", "Housing unit", "Status", "Completed on", "Certificate",
           "Note")
WAITING = QColor("#7a4f00")


def status_text(e: EnrollmentView) -> str:
    if e.status is S.WAITLISTED and e.waitlist_position:
        return f"Waitlist #{e.waitlist_position}"
    return e.status.label


def note_text(e: EnrollmentView) -> str:
    notes = []
    if e.status in (S.WITHDRAWN, S.TRANSFERRED) and e.reason:
        notes.append(e.reason)
    if e.completed_before:
        notes.append(f"Already completed ICVC on {us_date(e.completed_before)}")
    return "; ".join(notes)


class RosterModel(RowsTableModel):
    """Everyone who asked for the class, in the service's order: seated, waiting, left."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[EnrollmentView] = []

    def cell(self, e: EnrollmentView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.doc_number, e.name, e.housing_unit, status_text(e),
                    us_date(e.completed_on), e.certificate_number or "",
                    note_text(e))[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if e.status in (S.WITHDRAWN, S.TRANSFERRED):
                return QBrush(GREY)
            if e.status is S.WAITLISTED or (column == 6 and e.completed_before):
                return QBrush(WAITING)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and e.completed_before:
            return ("He already completed ICVC; this class is his choice, not a requirement.")
        return None

    def set_rows(self, rows: list[EnrollmentView]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, enrollment_id: str) -> int:
        return next((i for i, e in enumerate(self.rows) if e.id == enrollment_id), -1)


class RosterTab(ClassTab):
    def __init__(self, db: Database, actor: Actor, access: ClassAccess,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, access, parent)
        self.model = RosterModel(self)
        self.table = list_table(self)
        self.table.setModel(self.model)
        size_columns(self.table, {0: 11, 2: 12, 3: 12, 4: 13, 5: 34, 6: 34}, stretch=1)
        self.summary = QLabel(self)
        self.message = MessageLine(self)
        self.enroll_button = QPushButton("&Enroll…", self)
        self.enroll_button.setToolTip("Find someone of this site and seat him (or put him on "
                                      "the waitlist)")
        self.withdraw_button = QPushButton("&Withdraw…", self)
        self.withdraw_button.setToolTip("Take the selected person out; his seat goes to the "
                                        "first waiting")
        self.enroll_button.clicked.connect(self.enroll)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        access.gate(self.enroll_button, self.withdraw_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enroll_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    def show_class(self, cls: ClassView) -> None:
        keep = self.selected()
        super().show_class(cls)
        self.model.set_rows(roster.roster(self.db, self.actor, cls.id))
        if keep is not None and self.model.row_of(keep.id) >= 0:
            self.table.selectRow(self.model.row_of(keep.id))
        counts = {s: sum(1 for e in self.model.rows if e.status is s) for s in S}
        seated = counts[S.ENROLLED] + counts[S.COMPLETED]
        parts = [f"{seated} of {cls.capacity} seats taken"]
        if counts[S.WAITLISTED]:
            parts.append(f"{counts[S.WAITLISTED]} waiting")
        if counts[S.WITHDRAWN]:
            parts.append(f"{counts[S.WITHDRAWN]} withdrawn")
        if counts[S.TRANSFERRED]:
            parts.append(f"{counts[S.TRANSFERRED]} transferred")
        self.summary.setText(" · ".join(parts))

    def selected(self) -> EnrollmentView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select(self, enrollment_id: str) -> None:
        self.table.selectRow(self.model.row_of(enrollment_id))

    def _update_buttons(self) -> None:
        e = self.selected()
        can = self.access.may_change
        self.enroll_button.setEnabled(can and self.cls is not None and
                                      self.cls.state in ("planned", "running"))
        self.withdraw_button.setEnabled(can and e is not None and
                                        e.status in (S.ENROLLED, S.WAITLISTED))

    def enroll(self) -> None:
        if self.cls is None or not self.access.may_change:
            return
        dialog = EnrollDialog(self.db, self.actor, self.cls, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.after_enroll(dialog.saved)

    def after_enroll(self, e: EnrollmentView) -> None:
        self.changed.emit()
        self.select(e.id)
        if e.status is S.WAITLISTED:
            text, kind = f"{e.name} is on the waitlist, number {e.waitlist_position}.", "info"
        else:
            text, kind = f"{e.name} is enrolled.", "ok"
        if e.completed_before:
            text += (f" Take note: he already completed ICVC on "
                     f"{us_date(e.completed_before)}.")
            kind = "warn"
        self.message.say(text, kind)

    def withdraw_selected(self) -> None:
        e = self.selected()
        if e is None or not self.access.may_change:
            return
        where = "the waitlist" if e.status is S.WAITLISTED else "the class"
        dialog = ReasonDialog(
            "Withdraw", f"Take {e.name} ({e.doc_number}) off {where}? The reason is kept on "
            "his record.", lambda reason: roster.withdraw(self.db, self.actor, e.id, reason,
                                           today=icvc_common.today()),
            placeholder="for example: moved to another housing unit", parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and \
                isinstance(dialog.result_value, WithdrawResult):
            self.after_withdraw(dialog.result_value, was_waiting=e.status is S.WAITLISTED)

    def after_withdraw(self, result: WithdrawResult, *, was_waiting: bool = False) -> None:
        self.changed.emit()
        gone, promoted = result.withdrawn, result.promoted
        if was_waiting:
            self.message.say(f"{gone.name} is off the waitlist; those behind him move up.",
                             "ok")
        elif promoted is not None:
            self.select(promoted.id)
            self.message.say(f"{gone.name} is withdrawn. {promoted.name} ({promoted.doc_number}) "
                             "was first on the waitlist and now has the seat.", "ok")
        else:
            self.message.say(f"{gone.name} is withdrawn. No one was waiting for the seat.",
                             "ok")
