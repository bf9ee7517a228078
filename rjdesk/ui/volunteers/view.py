"""The Volunteers page: community volunteers, a page at a time, with add and change."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.volunteers import records as volunteers
from rjdesk.services.volunteers.records import VolunteerRow
from rjdesk.ui.common.forms import enum_data, us_date
from rjdesk.ui.common.table_model import AnyIndex, RowsTableModel
from rjdesk.ui.people.view import SEARCH_DELAY_MS, list_table, site_filter, size_columns
from rjdesk.ui.volunteers.dialog import VolunteerDialog

PAGE = 200
COLUMNS = ("Name", "Site", "Roles", "Background check expires", "Active")


class VolunteersTableModel(RowsTableModel):
    """Volunteers loaded so far and the keyset cursor of the next page."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, *, page_size: int = PAGE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.page_size = db, actor, page_size
        self.site_id: str | None = actor.default_site_id
        self.query = ""
        self.role: VolunteerRole | None = None
        self.today = date.today()
        self.rows: list[VolunteerRow] = []
        self._after: tuple[str, str] | None = None
        self._at_end = False

    def cell(self, row: VolunteerRow, column: int, role: int) -> object:
        expired = row.background_check_expires is not None and \
            row.background_check_expires < self.today
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.site_code, row.roles,
                    us_date(row.background_check_expires) + (" (expired)" if expired else ""),
                    "Yes" if row.active else "No")[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and expired:
            return QBrush(QColor("#b3261e"))
        return None

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._at_end

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._at_end:
            return
        rows, after = volunteers.list_volunteers(self.db, self.actor, self.site_id,
                                                 query=self.query, role=self.role,
                                                 after=self._after, limit=self.page_size)
        self._after, self._at_end = after, after is None
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def set_filter(self, site_id: str | None, query: str, role: VolunteerRole | None) -> None:
        self.beginResetModel()
        self.site_id, self.query, self.role = site_id, query, role
        self.rows, self._after, self._at_end = [], None, False
        self.today = date.today()
        self.endResetModel()

    @property
    def complete(self) -> bool:
        return self._at_end


class VolunteersPage(QWidget):
    """Find volunteers by name, site and role; coordinators add and change them."""

    title = "Volunteers"
    actions_changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 page_size: int = PAGE) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.may_edit = actor.may(Permission.EDIT_VOLUNTEERS)
        self.site_choices = sites.list_sites(db)
        self.model = VolunteersTableModel(db, actor, page_size=page_size, parent=self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find a volunteer by name (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.site_filter = site_filter(self, self.site_choices, actor)
        self.role_filter = QComboBox(self)
        self.role_filter.addItem("Any role", None)
        for role in VolunteerRole:
            self.role_filter.addItem(role.label, role)
        self.table = list_table(self)
        self.table.setModel(self.model)
        size_columns(self.table, {1: 8, 2: 28, 3: 22, 4: 7}, stretch=0)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.count_label = QLabel(self)
        self.new_button = QPushButton("&New volunteer…", self)
        self.new_button.setToolTip("Add a volunteer (Ctrl+N)")
        self.new_button.setVisible(self.may_edit)
        self.new_button.clicked.connect(self.create)
        self.edit_button = QPushButton("&Edit…" if self.may_edit else "&Open…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.site_filter, 2)
        filters.addWidget(self.role_filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.site_filter.currentIndexChanged.connect(self.apply_filter)
        self.role_filter.currentIndexChanged.connect(self.apply_filter)
        self.model.modelReset.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.apply_filter()

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.site_filter.currentData(), self.search.text().strip(),
                              enum_data(self.role_filter.currentData(), VolunteerRole))
        if self.model.canFetchMore():
            self.model.fetchMore()

    def _update(self) -> None:
        n = len(self.model.rows)
        more = "" if self.model.complete else " — scroll for more"
        self.count_label.setText(("No volunteers found" if n == 0 else f"Showing {n:,}") + more)
        self.edit_button.setEnabled(self.selected_row() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search and event.key() == Qt.Key.Key_Escape and \
                    self.search.text():
                self.search.clear()
                self.apply_filter()
                return True
            if watched is self.search and event.key() == Qt.Key.Key_Down:
                self.table.setFocus()
                if self.model.rows and not self.table.selectionModel().hasSelection():
                    self.table.selectRow(0)
                return True
            if watched is self.table and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_reason(self) -> str:
        return "" if self.may_edit else (f"Your role ({self.actor.role.label}) cannot add "
                                         f"volunteers.")

    def print_reason(self) -> str:
        return "There is no printout of the volunteer list yet."

    def print_page(self) -> None:
        """No printout for this page yet (the menu item is disabled and says so)."""

    def refresh(self) -> None:
        self.apply_filter()

    def selected_row(self) -> VolunteerRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def create(self) -> None:
        if not self.may_edit:
            return
        dialog = VolunteerDialog(self.db, self.actor, self.site_choices, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_filter()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            volunteer = volunteers.get_volunteer(self.db, self.actor, row.id)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        dialog = VolunteerDialog(self.db, self.actor, self.site_choices, volunteer,
                                 read_only=not self.may_edit, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self.apply_filter()
