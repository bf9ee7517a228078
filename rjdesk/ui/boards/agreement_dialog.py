"""The reparative agreement the offender signs: its date and its tasks, one row each (kind,
description, due date — blank is 90 days after the agreement —, hours for community service,
amount for restitution, typed as people write money). Saved in one call, every wrong cell
named at once; with ``adding`` the same rows add tasks to an agreement already signed."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QVBoxLayout, QWidget)

from rjdesk.domain.boards.enums import TaskKind
from rjdesk.domain.boards.rules import DEFAULT_DUE_DAYS
from rjdesk.domain.core.formats import us_date
from rjdesk.services.boards import agreement, cases
from rjdesk.services.boards.cases import CaseView
from rjdesk.services.boards.tasks import TaskInput
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.common.forms import (ERROR_LABEL_STYLE, INVALID_STYLE, FieldErrors, app_icon,
                                    enum_data, field_row, ok_cancel, refusal_messages)
from rjdesk.ui.common.money_field import MoneyField

COLUMNS = ("Kind", "Description", "Due", "Hours", "Amount")
_CELL = re.compile(r"^tasks\[(\d+)\]\.(\w+)$")
_COLUMN_OF = {"kind": 0, "description": 1, "due_on": 2, "hours_required": 3, "amount": 4}


class AgreementDialog(QDialog):
    """``saved`` is the case afterwards (or, adding, the last task added)."""

    def __init__(self, db: Database, actor: Actor, case: CaseView, *, adding: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.case, self.adding = db, actor, case, adding
        self.saved: object = None
        self.setWindowTitle(("Add a task" if adding else "Record the agreement") + " — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(f"Case {case.case_number} of {case.offender_name}. A task left without "
                       f"a due date is due {DEFAULT_DUE_DAYS} days after the agreement.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.agreement_on = QLineEdit(us_date(case.agreement_on or kc.today()))
        self.agreement_on.setPlaceholderText("MM/DD/YYYY")
        if adding:
            self.agreement_on.setReadOnly(True)
        field_row(form, "Agreement &signed on", "agreement_on", self.agreement_on)
        layout.addLayout(form)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("tasks")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().averageCharWidth()
        for column, chars in ((0, 22), (2, 12), (3, 8), (4, 13)):
            header.resizeSection(column, chars * width + 16)
        layout.addWidget(self.table, 1)
        self.tasks_error = QLabel()
        self.tasks_error.setObjectName("tasks_error")
        self.tasks_error.setStyleSheet(ERROR_LABEL_STYLE)
        layout.addWidget(self.tasks_error)
        rows = QHBoxLayout()
        self.add_button = QPushButton("&Add task", self)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("Re&move task", self)
        self.remove_button.clicked.connect(self.remove_row)
        rows.addWidget(self.add_button)
        rows.addWidget(self.remove_button)
        rows.addStretch(1)
        layout.addLayout(rows)
        self.add_button.setVisible(not adding)
        self.remove_button.setVisible(not adding)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, ["agreement_on", "tasks", "status"])
        self.add_row()
        self.resize(820, 420)

    # -- rows --------------------------------------------------------------------------------

    def add_row(self, kind: TaskKind = TaskKind.APOLOGY_LETTER, description: str = "",
                hours: str = "", amount: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        for k in TaskKind:
            combo.addItem(k.label, k.value)
        combo.setCurrentIndex(combo.findData(kind.value))
        due = QLineEdit()
        due.setPlaceholderText("MM/DD/YYYY")
        money_field = MoneyField(optional=True)
        money_field.setText(amount)
        cells: list[QWidget] = [combo, QLineEdit(description), due, QLineEdit(hours),
                                money_field]
        for column, widget in enumerate(cells):
            self.table.setCellWidget(row, column, widget)
        combo.currentIndexChanged.connect(lambda _i, r=row: self._kind_changed(r))
        self._kind_changed(row)
        combo.setFocus()
        return row

    def _kind_changed(self, row: int) -> None:
        kind = enum_data(self._combo(row).currentData(), TaskKind)
        hours, amount = self._edit(row, 3), self._edit(row, 4)
        hours.setEnabled(bool(kind and kind.in_hours))
        amount.setEnabled(bool(kind and kind.in_money))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)

    def _combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 0)
        assert isinstance(widget, QComboBox)
        return widget

    def _edit(self, row: int, column: int) -> QLineEdit:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QLineEdit)
        return widget

    # -- saving ------------------------------------------------------------------------------

    def _task(self, row: int, bad: dict[str, str]) -> TaskInput:
        kind = enum_data(self._combo(row).currentData(), TaskKind) or TaskKind.OTHER
        due = kc.read_date(self._edit(row, 2), f"tasks[{row}].due_on", "due date", bad,
                           required=False)
        hours = kc.read_hours(self._edit(row, 3), f"tasks[{row}].hours_required", bad,
                              required=False) if kind.in_hours else None
        amount = self._edit(row, 4).text() if kind.in_money else None
        for field in (f"tasks[{row}].due_on", f"tasks[{row}].hours_required"):
            if field in bad:
                bad[field] = f"Task {row + 1} ({kind.label}): {bad[field]}"
        return TaskInput(kind, self._edit(row, 1).text(), due, hours, amount)

    def _show(self, messages: dict[str, str]) -> None:
        for row in range(self.table.rowCount()):
            for column in range(1, len(COLUMNS)):
                self._edit(row, column).setStyleSheet("")
        general = {k: v for k, v in messages.items() if not _CELL.match(k)}
        cells = [(m, v) for k, v in messages.items() if (m := _CELL.match(k))]
        if cells:
            general["tasks"] = "\n".join([general.get("tasks", ""), *(v for _, v in cells)]
                                         ).strip()
        self.errors.show(general)
        for match, _ in cells:
            row, column = int(match[1]), _COLUMN_OF.get(match[2], 1)
            if row < self.table.rowCount() and column:
                self._edit(row, column).setStyleSheet(INVALID_STYLE)

    def accept(self) -> None:
        bad: dict[str, str] = {}
        day = kc.read_date(self.agreement_on, "agreement_on", "agreement date", bad)
        tasks = [self._task(row, bad) for row in range(self.table.rowCount())]
        if bad:
            self._show(bad)
            return
        assert day is not None
        try:
            if self.adding:
                for task in tasks:
                    self.saved = agreement.add_task(self.db, self.actor, self.case.id, task,
                                                    today=kc.today())
            else:
                self.saved = cases.record_agreement(self.db, self.actor, self.case.id, day,
                                                    tasks, today=kc.today())
        except Refused as exc:
            messages = refusal_messages(exc)
            if self.adding:
                messages = {(f"tasks[0].{k}" if k in _COLUMN_OF else k): v
                            for k, v in messages.items()}
            self._show(messages)
            return
        super().accept()
