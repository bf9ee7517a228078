"""The board cases page: an office's cases with their step and, in red, how many of their tasks
are overdue; search by name, DOC number or case number; Refer… (Ctrl+N) and Open… (Enter).

An office has tens of cases a year, so the service hands over the office's whole list in one
read; the case window reads the case itself when it opens.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QMessageBox, QPushButton, QWidget

from rjdesk.domain.boards.enums import CaseStatus
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.boards import cases
from rjdesk.services.boards.cases import CaseRow
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.boards.case_window import CaseWindow
from rjdesk.ui.boards.refer_dialog import ReferDialog
from rjdesk.ui.common.forms import enum_data
from rjdesk.ui.common.list_page import ListPage, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine

COLUMNS = ("Status", "DOC", "Name", "Case number", "Court", "Referred", "Overdue")


def office_filter(parent: QWidget, db: Database, actor: Actor) -> QComboBox:
    """"All offices" and each P&P office, on the home office when it is one."""
    combo = QComboBox(parent)
    combo.addItem("All offices", "")
    for site in sites.list_sites(db):
        if site.kind is SiteKind.PP_OFFICE:
            combo.addItem(site.label, site.code)
    combo.setCurrentIndex(max(0, combo.findData(actor.site_code)))
    combo.setMinimumContentsLength(16)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


class CasesTableModel(RowsTableModel):
    """The cases of one office (or every office), as the service lists them."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[CaseRow] = []

    def cell(self, row: CaseRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            late = f"{row.overdue_tasks} overdue" if row.overdue_tasks else ""
            return (row.status_label, row.doc_number, row.offender_name, row.case_number,
                    row.court, us_date(row.referred_on), late)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.overdue_tasks:
            return QBrush(QColor(kc.RED))
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and row.overdue_tasks:
            n = row.overdue_tasks
            return f"{n} task{'s are' if n != 1 else ' is'} past due and not done."
        return None

    def load(self, site_code: str, status: CaseStatus | None, text: str) -> None:
        rows = cases.list_cases(self.db, self.actor, site_code=site_code or None,
                                status=status, text=text, today=kc.today())
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class CasesPage(ListPage):
    """Cases of the chosen office; Refer… and Open… (Enter) for the selected one."""

    title = "Board cases"
    model: CasesTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, CasesTableModel(db, actor), parent,
                         search_hint="Name, DOC number or case number")
        self.may_run = actor.may(Permission.RUN_BOARDS)
        self.window_open: CaseWindow | None = None
        self.office = office_filter(self, db, actor)
        office_label = QLabel("O&ffice", self)
        office_label.setBuddy(self.office)
        self.status = QComboBox(self)
        self.status.addItem("Every step", "")
        for step in CaseStatus:
            self.status.addItem(step.label, step.value)
        status_label = QLabel("S&tep", self)
        status_label.setBuddy(self.status)
        assert self.search is not None
        self.header.addWidget(self.search, 1)
        self.header.addSpacing(12)
        self.header.addWidget(office_label)
        self.header.addWidget(self.office)
        self.header.addWidget(status_label)
        self.header.addWidget(self.status)
        size_columns(self.table, {0: 18, 1: 9, 2: 22, 3: 16, 5: 12, 6: 11}, stretch=4)
        self.refer_button = QPushButton("&Refer…", self)
        self.refer_button.setToolTip("Refer an offender under supervision to the board "
                                     "(Ctrl+N)")
        self.refer_button.setVisible(self.may_run)
        self.refer_button.clicked.connect(self.create)
        self.open_button = QPushButton("&Open…", self)
        self.open_button.setToolTip("Open the selected case (Enter or double-click)")
        self.open_button.clicked.connect(self.open_selected)
        self.message = MessageLine(self)
        self.add_actions(self.refer_button, self.open_button, message=self.message)
        self.office.currentIndexChanged.connect(self.refresh)
        self.status.currentIndexChanged.connect(self.refresh)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()

    # -- what the main window asks ------------------------------------------------------------

    def new_reason(self) -> str:
        return "" if self.may_run else (f"Your role ({self.actor.role.label}) cannot refer "
                                        "cases to a board.")

    def print_reason(self) -> str:
        if not kc.may_print_cases(self.actor):
            return f"Your role ({self.actor.role.label}) cannot print board papers."
        return "" if self.selected_row() is not None else "Choose a case to print its report."

    def print_page(self) -> None:
        row = self.selected_row()
        if row is not None:
            kc.preview_paper(self, self.db, self.actor, "board_report", row.id,
                             "Board report to the court")

    def apply_filter(self) -> None:
        super().apply_filter()
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected_row()
        text = self.search.text() if self.search is not None else ""
        try:
            self.model.load(str(self.office.currentData() or ""),
                            enum_data(self.status.currentData(), CaseStatus), text)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        if selected is None or not self.select_case(selected.id):
            if self.model.rows:
                self.table.selectRow(0)
        self.actions_changed.emit()

    def _update(self) -> None:
        n = len(self.model.rows)
        late = sum(1 for r in self.model.rows if r.overdue_tasks)
        text = f"{n} case{'s' if n != 1 else ''}" if n else "No cases"
        if late:
            text += f", {late} with overdue tasks"
        self.count_label.setText(text)
        self.open_button.setEnabled(self.selected_row() is not None)

    def selected_row(self) -> CaseRow | None:
        row = super().selected_row()
        return row if isinstance(row, CaseRow) else None

    def select_case(self, case_id: str) -> bool:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    # -- actions -----------------------------------------------------------------------------

    def create(self) -> None:
        if not self.may_run:
            return
        dialog = ReferDialog(self.db, self.actor, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            saved = dialog.saved
            self.message.say(f"{saved.offender_name} ({saved.doc_number}) referred for case "
                             f"{saved.case_number}.", "ok")
            if self.office.currentData() not in ("", saved.site_code):
                self.office.setCurrentIndex(max(0, self.office.findData(saved.site_code)))
            self.refresh()
            self.select_case(saved.id)

    def open_selected(self) -> CaseWindow | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            view = cases.get_case(self.db, self.actor, row.id, today=kc.today())
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.refresh()
            return None
        window = CaseWindow(self.db, self.actor, view, parent=self)
        self.window_open = window
        window.exec()
        if window.changed:
            self.refresh()
            self.select_case(row.id)
        return window
