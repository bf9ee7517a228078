"""The audit log: who did what to which record, newest first, a page at a time."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rjdesk.services.admin import audit_log
from rjdesk.services.admin.audit_log import AuditRow
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.common.table_model import AnyIndex, RowsTableModel
from rjdesk.ui.people.view import list_table, size_columns

PAGE = 200
COLUMNS = ("When", "User", "Action", "Record", "What")


def local_time(at: datetime) -> str:
    """Events are stored in UTC; people read them in the workstation's time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return f"{at.astimezone():%m/%d/%Y %H:%M:%S}"


class AuditTableModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, *, page_size: int = PAGE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.page_size = db, actor, page_size
        self.rows: list[AuditRow] = []
        self._before: tuple[datetime, str] | None = None
        self._at_end = False

    def cell(self, row: AuditRow, column: int, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (local_time(row.at), row.username, row.action.replace("_", " "),
                    row.entity, row.summary)[column]
        return None

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._at_end

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._at_end:
            return
        rows, before = audit_log.list_events(self.db, self.actor, before=self._before,
                                             limit=self.page_size)
        self._before, self._at_end = before, before is None
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows, self._before, self._at_end = [], None, False
        self.endResetModel()


class AuditPage(QWidget):
    title = "Audit log"
    actions_changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.model = AuditTableModel(db, actor, parent=self)
        self.table = list_table(self)
        self.table.setModel(self.model)
        size_columns(self.table, {0: 20, 1: 14, 2: 14, 3: 12}, stretch=4)
        self.count_label = QLabel(self)
        refresh = QPushButton("&Refresh", self)
        refresh.setToolTip("Show the newest events (F5)")
        refresh.clicked.connect(self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(refresh)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        intro = QLabel("Every change, sign-in and view of victim information, newest first.")
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.model.modelReset.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.refresh()

    def _update(self) -> None:
        more = "" if self.model.canFetchMore() else " (all)"
        self.count_label.setText(f"Showing {len(self.model.rows):,} events{more}")

    def refresh(self) -> None:
        self.model.refresh()
        self.model.fetchMore()

    def focus_search(self) -> None:
        self.table.setFocus()

    def new_reason(self) -> str:
        return "Audit events are written by the program, not added by hand."

    def print_reason(self) -> str:
        return "There is no printout of the audit log."

    def print_page(self) -> None:
        """Nothing to print here (the menu item is disabled and says so)."""
