"""Hours waiting for approval: entries above the daily amount, with the person's whole day
beside each, so a 14-hour day stands out. A staff member approves or declines the selected
ones; nobody decides on hours they entered themselves (the service says so)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMessageBox, QPushButton, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import hours
from rjdesk.services.reparative.hours import PendingRow
from rjdesk.ui.common.list_page import ListPage, site_filter, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine, ReasonDialog
from rjdesk.ui.reparative import crew_common as cc

COLUMNS = ("Site", "Project", "DOC no.", "Name", "Date", "Hours", "Day total", "Entered by")
HOURS, DAY_TOTAL = 5, 6
#: A day total from which the list shows it in red: more than a long shift.
LONG_DAY = 12.0


class PendingTableModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[PendingRow] = []

    def cell(self, row: PendingRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.site_code, row.project_name, row.doc_number, row.name, us_date(row.day),
                    cc.hours_text(row.hours), cc.hours_text(row.day_total),
                    row.entered_by)[column]
        if column in (HOURS, DAY_TOTAL):
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
            if role == Qt.ItemDataRole.FontRole and column == DAY_TOTAL:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole and column == DAY_TOTAL and \
                    row.day_total > LONG_DAY:
                return QBrush(cc.FLAG_TEXT)
            if role == Qt.ItemDataRole.ToolTipRole and column == DAY_TOTAL:
                return (f"{cc.hours_text(row.day_total)} hours on {us_date(row.day)} across "
                        "every project")
        return None

    def load(self, site_id: str | None) -> None:
        rows = hours.list_pending(self.db, self.actor, site_id)
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, row_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.entry_id == row_id), -1)


class ApprovalsPage(ListPage):
    """The pending entries of the chosen site; Approve and Decline… act on the selected ones."""

    title = "Hours to approve"
    model: PendingTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, PendingTableModel(db, actor), parent,
                         intro="Hours above the daily amount count once a second staff "
                               "member approves them. Select entries (Shift or Ctrl for "
                               "several), then approve or decline; nobody decides on hours "
                               "they entered themselves.")
        self.may_decide = actor.may(Permission.APPROVE_HOURS)
        self.site_filter = site_filter(self, sites.list_sites(db), actor, 30)
        site_label = QLabel("&Site", self)
        site_label.setBuddy(self.site_filter)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        size_columns(self.table, {0: 6, 1: 22, 2: 9, 4: 11, 5: 6, 6: 9, 7: 14}, stretch=3)
        self.approve_button = QPushButton("&Approve", self)
        self.approve_button.setToolTip("Approve the selected entries")
        self.decline_button = QPushButton("&Decline…", self)
        self.decline_button.setToolTip("Decline the selected entries, saying why")
        for button in (self.approve_button, self.decline_button):
            button.setVisible(self.may_decide)
        self.approve_button.clicked.connect(self.approve)
        self.decline_button.clicked.connect(self.decline)
        self.message = MessageLine(self)
        self.header.addWidget(site_label)
        self.header.addWidget(self.site_filter)
        self.header.addStretch(1)
        self.add_actions(self.approve_button, self.decline_button, message=self.message)
        self.site_filter.currentIndexChanged.connect(self.refresh)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.model.load(self.site_filter.currentData())
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        self.actions_changed.emit()

    def _update(self) -> None:
        n, chosen = len(self.model.rows), len(self.selected_ids())
        text = f"{n} entr{'ies' if n != 1 else 'y'} waiting" if n else "Nothing waits"
        self.count_label.setText(f"{text}, {chosen} selected" if chosen else text)
        for button in (self.approve_button, self.decline_button):
            button.setEnabled(chosen > 0)

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.rows[r].entry_id for r in rows if r < len(self.model.rows)]

    def select_entries(self, entry_ids: list[str]) -> None:
        self.table.clearSelection()
        flag = self.table.selectionModel().SelectionFlag
        for entry_id in entry_ids:
            row = self.model.row_of(entry_id)
            if row >= 0:
                self.table.selectionModel().select(self.model.index(row, 0),
                                                   flag.Select | flag.Rows)

    def approve(self) -> int:
        ids = self.selected_ids()
        if not ids:
            return 0
        try:
            done = hours.decide(self.db, self.actor, ids, True)
        except Refused as exc:
            self.message.say(exc.message, "error")
            return 0
        self.refresh()
        self.message.say(f"Approved {done} entr{'ies' if done != 1 else 'y'}.", "ok")
        return done

    def decline(self) -> int:
        ids = self.selected_ids()
        if not ids:
            return 0
        dialog = ReasonDialog(
            "Decline hours", f"Decline {len(ids)} entr{'ies' if len(ids) != 1 else 'y'}? "
            "Declined hours are kept but never count.",
            lambda note: hours.decide(self.db, self.actor, ids, False, note),
            placeholder="Why, e.g. the crew worked a half day", parent=self)
        if not dialog.exec():
            return 0
        done = dialog.result_value if isinstance(dialog.result_value, int) else 0
        self.refresh()
        self.message.say(f"Declined {done} entr{'ies' if done != 1 else 'y'}.", "ok")
        return done
