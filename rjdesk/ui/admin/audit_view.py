"""The audit log: who did what to which record, newest first, a page at a time."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.services.admin import audit_log
from rjdesk.services.admin.audit_log import AuditRow
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.common.list_page import ListPage, size_columns
from rjdesk.ui.common.table_model import PagedRowsModel

PAGE = 200
COLUMNS = ("When", "User", "Action", "Record", "What")


def local_time(at: datetime) -> str:
    """Events are stored in UTC; people read them in the workstation's time, to the second."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    local = at.astimezone()
    return f"{us_date(local)} {local:%H:%M:%S}"


class AuditTableModel(PagedRowsModel):
    """Events loaded so far, newest first, and where the next (older) page starts."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, *, page_size: int = PAGE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.page_size = db, actor, page_size
        self.rows: list[AuditRow] = []

    def cell(self, row: AuditRow, column: int, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (local_time(row.at), row.username, row.action.replace("_", " "),
                    row.entity, row.summary)[column]
        return None

    def fetch_page(self, cursor: tuple[datetime, str] | None,
                   ) -> tuple[list, tuple[datetime, str] | None]:
        return audit_log.list_events(self.db, self.actor, before=cursor, limit=self.page_size)


class AuditPage(ListPage):
    """Every change, sign-in and view of victim information, newest first."""

    title = "Audit log"
    model: AuditTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, AuditTableModel(db, actor), parent,
                         intro="Every change, sign-in and view of victim information, newest "
                               "first.")
        size_columns(self.table, {0: 20, 1: 14, 2: 14, 3: 12}, stretch=4)
        refresh = QPushButton("&Refresh", self)
        refresh.setToolTip("Show the newest events (F5)")
        refresh.clicked.connect(self.refresh)
        self.add_actions(refresh)
        self.model.modelReset.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.refresh()

    def _update(self) -> None:
        more = "" if self.model.canFetchMore() else " (all)"
        self.count_label.setText(f"Showing {len(self.model.rows):,} events{more}")

    def refresh(self) -> None:
        self.model.refresh()
        self.model.fetchMore()

    def new_reason(self) -> str:
        return "Audit events are written by the program, not added by hand."

    def print_reason(self) -> str:
        return "There is no printout of the audit log."
