"""The completion tab: where each seated person stands against the class's rule, completing
those the rule allows, and printing their certificates and the class summary."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import completion, printouts, roster
from rjdesk.services.icvc.completion import Progress
from rjdesk.services.icvc.roster import EnrollmentView
from rjdesk.services.icvc.schedule import ClassView
from rjdesk.ui.common.list_page import list_table, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine, print_to_preview
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.common import ELIGIBLE_BACKGROUND, ClassAccess, ClassTab

S = EnrollmentStatus
COLUMNS = ("DOC number", "Name", "Attended", "Required", "Eligible", "Status", "Completed on",
           "Certificate")


def attended_text(p: Progress) -> str:
    if p.carried_over:
        return f"{p.attended} ({p.carried_over} carried over)"
    return str(p.attended)


class CompletionModel(RowsTableModel):
    """Seated people with their progress; an eligible person not yet completed is highlighted."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[EnrollmentView, Progress]] = []

    def cell(self, row: tuple[EnrollmentView, Progress], column: int, role: int) -> object:
        e, p = row
        waiting = p.eligible and e.status is S.ENROLLED
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.doc_number, e.name, attended_text(p), str(p.required),
                    "Yes" if p.eligible else "No", e.status.label, us_date(e.completed_on),
                    e.certificate_number or "")[column]
        if role == Qt.ItemDataRole.BackgroundRole and waiting:
            return QBrush(ELIGIBLE_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and waiting and column == 4:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and p.carried_over:
            return (f"{p.attended_here} here and {p.carried_over} at a class he left on a "
                    "transfer")
        if role == Qt.ItemDataRole.ToolTipRole and waiting:
            return "Eligible: the rule allows completing him now"
        return None

    def set_rows(self, rows: list[tuple[EnrollmentView, Progress]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def eligible(self) -> list[EnrollmentView]:
        return [e for e, p in self.rows if p.eligible and e.status is S.ENROLLED]

    def completed(self) -> list[EnrollmentView]:
        return [e for e, _ in self.rows if e.status is S.COMPLETED]


class CompletionTab(ClassTab):
    def __init__(self, db: Database, actor: Actor, access: ClassAccess,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, access, parent)
        self.model = CompletionModel(self)
        self.table = list_table(self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setModel(self.model)
        size_columns(self.table, {0: 11, 2: 24, 3: 9, 4: 8, 5: 11, 6: 13, 7: 34}, stretch=1)
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        self.message = MessageLine(self)
        self.complete_all_button = QPushButton("Complete &eligible", self)
        self.complete_button = QPushButton("Com&plete", self)
        self.complete_button.setToolTip("Complete the person at the cursor")
        self.certificates_button = QPushButton("Print &certificates…", self)
        self.summary_button = QPushButton("Print class &summary…", self)
        self.complete_all_button.clicked.connect(self.complete_eligible)
        self.complete_button.clicked.connect(self.complete_current)
        self.certificates_button.clicked.connect(self.print_certificates)
        self.summary_button.clicked.connect(self.print_summary)
        access.gate(self.complete_all_button, self.complete_button)
        buttons = QHBoxLayout()
        for button in (self.complete_all_button, self.complete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.certificates_button, self.summary_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rule)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    def show_class(self, cls: ClassView) -> None:
        super().show_class(cls)
        seated = [e for e in roster.roster(self.db, self.actor, cls.id)
                  if e.status in (S.ENROLLED, S.COMPLETED)]
        progress = {p.enrollment_id: p for p in
                    completion.class_progress(self.db, self.actor, cls.id)}
        self.model.set_rows([(e, progress[e.id]) for e in seated if e.id in progress])
        excused = "excused absences count" if cls.excused_counts else \
            "excused absences do not count"
        self.rule.setText(f"Completes with <b>{cls.sessions_required}</b> sessions attended "
                          f"(present or late; {excused}). Sessions attended at a class left on "
                          "a transfer count too. Eligible people are highlighted.")

    def selected(self) -> list[EnrollmentView]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r][0] for r in rows]

    def _update_buttons(self) -> None:
        can = self.access.may_change
        eligible = len(self.model.eligible())
        self.complete_all_button.setEnabled(can and eligible > 0)
        self.complete_all_button.setText(f"Complete &eligible ({eligible})")
        chosen, current = self.selected(), self.current()
        self.complete_button.setEnabled(can and current is not None and
                                        current.status is S.ENROLLED)
        completed = [e for e in chosen if e.status is S.COMPLETED] or self.model.completed()
        self.certificates_button.setEnabled(bool(completed))
        self.certificates_button.setToolTip(
            "Certificates of the completed people selected (or of everyone completed)")

    def complete_eligible(self) -> list[str]:
        if self.cls is None or not self.access.may_change:
            return []
        try:
            done = completion.complete_eligible(self.db, self.actor, self.cls.id,
                                                on=icvc_common.today(),
                                                today=icvc_common.today())
        except Refused as exc:
            self.changed.emit()
            self.message.say(exc.message, "error")
            return []
        self.changed.emit()
        n = len(done)
        self.message.say(f"{n} {'person' if n == 1 else 'people'} completed the class. "
                         "Print their certificates when ready." if n else
                         "No one enrolled is eligible yet.", "ok" if n else "info")
        return done

    def current(self) -> EnrollmentView | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()][0] if index.isValid() else None

    def complete_current(self) -> str | None:
        """Complete the person at the cursor; the rule's refusal is said under the table."""
        e = self.current()
        if e is None or e.status is not S.ENROLLED or not self.access.may_change:
            return None
        try:
            number = completion.complete(self.db, self.actor, e.id, on=icvc_common.today(),
                                         today=icvc_common.today())
        except Refused as exc:
            self.message.say(exc.message, "error")
            return None
        self.changed.emit()
        self.message.say(f"{e.name} completed the class: certificate {number}.", "ok")
        return number

    def print_certificates(self) -> None:
        if self.cls is None:
            return
        chosen = [e for e in self.selected() if e.status is S.COMPLETED] or \
            self.model.completed()
        if not chosen:
            self.message.say("No one has completed this class yet.", "info")
            return
        db, actor, ids = self.db, self.actor, [e.id for e in chosen]
        n = len(ids)
        print_to_preview(
            self, lambda out, progress: printouts.print_certificates(db, actor, ids, out,
                                                                     progress=progress),
            label=f"Printing {n} certificate{'s' if n != 1 else ''}…",
            title=f"Certificates — {self.cls.title}", prefix="certificates")

    def print_summary(self) -> None:
        if self.cls is None:
            return
        db, actor, class_id = self.db, self.actor, self.cls.id
        print_to_preview(
            self, lambda out, progress: printouts.print_class_summary(db, actor, class_id, out,
                                                                      progress=progress),
            label="Printing the class summary…", title=f"Class summary — {self.cls.title}",
            prefix="class-summary")
