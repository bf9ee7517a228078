"""One board case: who and what (court, case number, offense, officer), its steps with their
dates, the board's assessment (needs, harm), and the agreement's tasks with their progress —
overdue ones in red —; from here hours and payments are logged, tasks marked done, the case
completed (refused, naming them, while tasks are open) or returned to court with a reason,
and the board report and the agreement printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox,
                               QFormLayout, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from rjdesk.domain.boards.enums import CaseStatus, Need
from rjdesk.domain.boards.rules import money
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.boards import agreement, cases
from rjdesk.services.boards.cases import AssessmentInput, CaseView
from rjdesk.services.boards.tasks import TaskView
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.boards.agreement_dialog import AgreementDialog
from rjdesk.ui.boards.case_dialogs import CompleteDialog, ProgressDialog
from rjdesk.ui.common.forms import FieldErrors, app_icon, field_row
from rjdesk.ui.common.widgets import MessageLine, ReasonDialog

STEP_COLUMNS = ("Step", "Date", "By", "Note")
TASK_COLUMNS = ("Task", "Due", "Required", "Progress", "Owed", "State")
TONES = {CaseStatus.REFERRED: "info", CaseStatus.SCHEDULED: "info",
         CaseStatus.AGREEMENT: "info", CaseStatus.IN_PROGRESS: "warn",
         CaseStatus.COMPLETED: "ok", CaseStatus.RETURNED: "error"}


def _table(parent: QWidget, columns: tuple[str, ...], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def task_cells(t: TaskView) -> tuple[str, ...]:
    if t.hours_required is not None:
        required = f"{kc.hours_text(t.hours_required)} hours"
        progress = f"{kc.hours_text(t.hours_done)} hours"
    elif t.amount_cents is not None:
        required, progress = money(t.amount_cents), f"{money(t.paid_cents)} paid"
    else:
        required, progress = "", ""
    owed = money(t.owed_cents) if t.amount_cents is not None else ""
    if t.done_on is not None:
        state = f"Done {us_date(t.done_on)}"
    else:
        state = "Overdue" if t.overdue else "Open"
    return (t.title, us_date(t.due_on), required, progress, owed, state)


class CaseWindow(QDialog):
    """``changed`` once anything was saved here, so the list reads again."""

    def __init__(self, db: Database, actor: Actor, case: CaseView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.case = db, actor, case
        self.changed = False
        self.may_run = actor.may(Permission.RUN_BOARDS) and (
            case.site_code == actor.site_code or actor.may(Permission.ALL_SITES))
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = MessageLine(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._case_tab(), "&Case and steps")
        self.tabs.addTab(self._assessment_tab(), "A&ssessment")
        self.tabs.addTab(self._agreement_tab(), "A&greement and tasks")
        self.message = MessageLine(self)
        self.form_error = QLabel(self)
        self.form_error.setObjectName("form_error")
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.message)
        layout.addLayout(self._bar())
        self.errors = FieldErrors(self, ["needs", "needs_notes", "harm"])
        self.show_case(case)
        self.resize(940, 620)

    # -- building ----------------------------------------------------------------------------

    def _case_tab(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        self.facts = QLabel(tab)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.steps = _table(tab, STEP_COLUMNS, 3)
        width = self.fontMetrics().averageCharWidth()
        for column, chars in ((0, 20), (1, 12), (2, 22)):
            self.steps.horizontalHeader().resizeSection(column, chars * width + 16)
        box.addWidget(self.facts)
        box.addWidget(QLabel("Steps", tab))
        box.addWidget(self.steps, 1)
        return tab

    def _assessment_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        needs = QWidget(tab)
        grid = QGridLayout(needs)
        grid.setContentsMargins(0, 0, 0, 0)
        self.need_boxes: dict[Need, QCheckBox] = {}
        for i, need in enumerate(Need):
            box = QCheckBox(need.label, needs)
            self.need_boxes[need] = box
            grid.addWidget(box, i // 4, i % 4)
        field_row(form, "Needs found", "needs", needs)
        self.needs_notes = QPlainTextEdit(tab)
        self.needs_notes.setTabChangesFocus(True)
        self.needs_notes.setFixedHeight(60)
        self.needs_notes.setPlaceholderText("What the board found (say what “other” is)")
        field_row(form, "&Notes", "needs_notes", self.needs_notes)
        self.harm = QPlainTextEdit(tab)
        self.harm.setTabChangesFocus(True)
        self.harm.setPlaceholderText("The harm done, to whom and to the community")
        field_row(form, "&Harm done", "harm", self.harm)
        self.save_assessment_button = QPushButton("Sa&ve assessment", tab)
        self.save_assessment_button.clicked.connect(self.save_assessment)
        form.addRow("", self.save_assessment_button)
        return tab

    def _agreement_tab(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        self.agreement_line = QLabel(tab)
        self.tasks = _table(tab, TASK_COLUMNS, 0)
        width = self.fontMetrics().averageCharWidth()
        for column, chars in ((1, 11), (2, 12), (3, 14), (4, 11), (5, 15)):
            self.tasks.horizontalHeader().resizeSection(column, chars * width + 16)
        self.tasks.itemSelectionChanged.connect(self._update_task_buttons)
        self.tasks.doubleClicked.connect(lambda _i: self.record_progress())
        row = QHBoxLayout()
        self.agreement_button = QPushButton("Record a&greement…", tab)
        self.agreement_button.clicked.connect(self.record_agreement)
        self.add_task_button = QPushButton("Add &task…", tab)
        self.add_task_button.clicked.connect(self.add_task)
        self.hours_button = QPushButton("Log &hours…", tab)
        self.hours_button.clicked.connect(lambda: self.record_progress("hours"))
        self.payment_button = QPushButton("Record &payment…", tab)
        self.payment_button.clicked.connect(lambda: self.record_progress("payment"))
        self.done_button = QPushButton("Mark &done", tab)
        self.done_button.clicked.connect(self.mark_done)
        for button in (self.agreement_button, self.add_task_button, self.hours_button,
                       self.payment_button, self.done_button):
            row.addWidget(button)
        row.addStretch(1)
        box.addWidget(self.agreement_line)
        box.addWidget(self.tasks, 1)
        box.addLayout(row)
        return tab

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.start_button = QPushButton("S&tart the case", self)
        self.start_button.setToolTip("The offender has begun the agreement's tasks (the first "
                                     "hours or payment logged start it too)")
        self.start_button.clicked.connect(self.start)
        self.complete_button = QPushButton("Co&mplete case…", self)
        self.complete_button.clicked.connect(self.complete)
        self.return_button = QPushButton("&Return to court…", self)
        self.return_button.clicked.connect(self.return_to_court)
        self.report_button = QPushButton("Print board &report…", self)
        self.report_button.clicked.connect(
            lambda: kc.preview_paper(self, self.db, self.actor, "board_report", self.case.id,
                                     "Board report to the court"))
        self.print_agreement_button = QPushButton("Print a&greement…", self)
        self.print_agreement_button.clicked.connect(
            lambda: kc.preview_paper(self, self.db, self.actor, "agreement", self.case.id,
                                     "Reparative agreement"))
        printing = kc.may_print_cases(self.actor)
        self.report_button.setVisible(printing)
        self.print_agreement_button.setVisible(printing)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        for widget in (self.start_button, self.complete_button, self.return_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.report_button, self.print_agreement_button, close):
            bar.addWidget(widget)
        return bar

    # -- showing -----------------------------------------------------------------------------

    def show_case(self, c: CaseView) -> None:
        self.case = c
        self.setWindowTitle(f"{c.offender_name} — case {c.case_number} — RJ Desk")
        self.heading.setText(f"<span style='font-size: 15pt; font-weight: 700'>"
                             f"{c.offender_name}</span> &nbsp; DOC {c.doc_number} &nbsp; "
                             f"case {c.case_number}")
        text = f"{c.status.label} since {us_date(c.status_on)}"
        if c.overdue_tasks:
            text += f" — {c.overdue_tasks} task{'s' if c.overdue_tasks != 1 else ''} overdue"
        self.status.say(text, "error" if c.overdue_tasks else TONES[c.status])
        facts = [f"<b>Court:</b> {c.court}, case {c.case_number}",
                 f"<b>Offense:</b> {c.offense}",
                 f"<b>Referred:</b> {us_date(c.referred_on)} by {c.officer_name or '—'} "
                 f"({c.site_code})"]
        if c.return_reason:
            facts.append(f"<b>Returned to court because:</b> {c.return_reason}")
        if c.outcome:
            facts.append(f"<b>Outcome:</b> {c.outcome}")
        self.facts.setText("<br>".join(facts))
        self.steps.setRowCount(len(c.steps))
        for row, s in enumerate(c.steps):
            for column, value in enumerate((s.status.label, us_date(s.happened_on), s.by_name,
                                            s.note)):
                self.steps.setItem(row, column, QTableWidgetItem(value))
        for need, box in self.need_boxes.items():
            box.setChecked(need in c.needs)
        self.needs_notes.setPlainText(c.needs_notes)
        self.harm.setPlainText(c.harm)
        self.agreement_line.setText(
            f"Agreement signed on {us_date(c.agreement_on)}; {c.open_tasks} of {len(c.tasks)} "
            "tasks open." if c.agreement_on else "No agreement is recorded yet.")
        self._show_tasks(c.tasks)
        self._enable()

    def _show_tasks(self, tasks: tuple[TaskView, ...]) -> None:
        self.tasks.setRowCount(len(tasks))
        for row, t in enumerate(tasks):
            tip = "\n".join(
                f"{us_date(p.happened_on)}: "
                + (f"{kc.hours_text(p.hours)} hours" if p.hours is not None else "")
                + (money(p.amount_cents) if p.amount_cents is not None else "")
                + (f" — {p.note}" if p.note else "") for p in t.progress)
            for column, value in enumerate(task_cells(t)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, t.id)
                if t.overdue:
                    item.setForeground(QBrush(QColor(kc.RED)))
                if column == 3 and tip:
                    item.setToolTip(tip)
                if column in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                self.tasks.setItem(row, column, item)
        if tasks and self.tasks.currentRow() < 0:
            self.tasks.selectRow(0)

    def _enable(self) -> None:
        c, run = self.case, self.may_run
        open_case = not c.status.closed
        for box in self.need_boxes.values():
            box.setEnabled(run and open_case)
        self.needs_notes.setReadOnly(not (run and open_case))
        self.harm.setReadOnly(not (run and open_case))
        self.save_assessment_button.setVisible(run and open_case)
        self.agreement_button.setVisible(run and c.status is CaseStatus.SCHEDULED)
        self.add_task_button.setVisible(run and c.status in (CaseStatus.AGREEMENT,
                                                             CaseStatus.IN_PROGRESS))
        self.start_button.setVisible(run and c.status is CaseStatus.AGREEMENT)
        self.complete_button.setVisible(run and c.status is CaseStatus.IN_PROGRESS)
        self.return_button.setVisible(run and open_case)
        self._update_task_buttons()

    def selected_task(self) -> TaskView | None:
        row = self.tasks.currentRow()
        return self.case.tasks[row] if 0 <= row < len(self.case.tasks) else None

    def _update_task_buttons(self) -> None:
        t = self.selected_task()
        working = self.may_run and not self.case.status.closed and t is not None and \
            t.done_on is None
        kind = t.kind if t is not None else None
        self.hours_button.setVisible(working and bool(kind and kind.in_hours))
        self.payment_button.setVisible(working and bool(kind and kind.in_money))
        self.done_button.setVisible(working and bool(kind) and not (
            kind is not None and (kind.in_hours or kind.in_money)))

    # -- acting ------------------------------------------------------------------------------

    def _reload(self, text: str) -> None:
        self.changed = True
        row = self.tasks.currentRow()
        self.show_case(cases.get_case(self.db, self.actor, self.case.id, today=kc.today()))
        if 0 <= row < self.tasks.rowCount():
            self.tasks.selectRow(row)
        self.errors.clear()
        self.message.say(text, "ok")

    def save_assessment(self) -> None:
        data = AssessmentInput(frozenset(n for n, b in self.need_boxes.items() if b.isChecked()),
                               self.needs_notes.toPlainText(), self.harm.toPlainText())
        try:
            cases.record_assessment(self.db, self.actor, self.case.id, data, today=kc.today())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        self._reload("Assessment saved.")

    def record_agreement(self) -> None:
        dialog = AgreementDialog(self.db, self.actor, self.case, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload("Agreement recorded.")
            self.tabs.setCurrentIndex(2)

    def add_task(self) -> None:
        dialog = AgreementDialog(self.db, self.actor, self.case, adding=True, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload("Task added.")

    def record_progress(self, kind: str = "") -> ProgressDialog | None:
        t = self.selected_task()
        if t is None or not self.may_run or t.done_on is not None:
            return None
        kind = kind or ("hours" if t.kind.in_hours else "payment" if t.kind.in_money else "")
        if not kind:
            return None
        dialog = ProgressDialog(self.db, self.actor, t, kind, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            done = " — done." if dialog.saved.done_on else "."
            self._reload(("Payment recorded" if kind == "payment" else "Hours logged") + done)
        return dialog

    def mark_done(self) -> None:
        t = self.selected_task()
        if t is None:
            return
        try:
            agreement.mark_done(self.db, self.actor, t.id, kc.today(), today=kc.today())
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self._reload(f"{t.title}: done.")

    def start(self) -> None:
        try:
            cases.start_case(self.db, self.actor, self.case.id, kc.today(), today=kc.today())
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self._reload("The case is in progress.")

    def complete(self) -> CompleteDialog:
        dialog = CompleteDialog(self.db, self.actor, self.case, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload("Case completed.")
        return dialog

    def return_to_court(self) -> None:
        dialog = ReasonDialog(
            "Return to court", f"Return case {self.case.case_number} of "
            f"{self.case.offender_name} to the court today? Say why.",
            lambda reason: cases.return_to_court(self.db, self.actor, self.case.id,
                                                 kc.today(), reason, today=kc.today()),
            placeholder="Such as: did not appear before the board twice", parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload("Case returned to court.")
