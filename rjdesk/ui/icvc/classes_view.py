"""The ICVC classes page: a site's classes, newest first; a facilitator schedules a new one and
opens a class to run it.

A site runs tens of classes a year, so the service hands over a site's whole list in one read
(the central office's all-sites list is a few thousand short rows); the model holds those rows
and nothing else, and the class window reads the class itself when it opens.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import schedule
from rjdesk.services.icvc.schedule import ClassRow
from rjdesk.ui.common.list_page import ListPage, site_filter, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.class_dialog import NewClassDialog
from rjdesk.ui.icvc.class_window import ClassWindow
from rjdesk.ui.icvc.common import GREY, STATE_LABELS, date_span

COLUMNS = ("Title", "Site", "Dates", "State", "Seats", "Waitlist", "Facilitator")


class ClassesTableModel(RowsTableModel):
    """The classes of one site (or every site), as the service lists them."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, site_id: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.site_id = db, actor, site_id
        self.rows: list[ClassRow] = []

    def cell(self, row: ClassRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.site_code, date_span(row.first_day, row.last_day),
                    STATE_LABELS.get(row.state, row.state), f"{row.enrolled}/{row.capacity}",
                    str(row.waitlisted) if row.waitlisted else "",
                    row.facilitator)[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.state in ("finished", "cancelled"):
            return QBrush(GREY)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            left = max(0, row.capacity - row.enrolled)
            return f"{row.enrolled} of {row.capacity} seats taken, {left} free"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5):
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        return None

    def load(self, site_id: str | None) -> None:
        """Read the list of ``site_id`` (None: every site) again."""
        rows = schedule.list_classes(self.db, self.actor, site_id, today=icvc_common.today())
        self.beginResetModel()
        self.site_id, self.rows = site_id, rows
        self.endResetModel()


class ClassesPage(ListPage):
    """Classes of the chosen site; New class… and Open… (Enter) for the selected one."""

    title = "ICVC classes"
    model: ClassesTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, ClassesTableModel(db, actor), parent)
        self.may_run = actor.may(Permission.RUN_ICVC)
        self.site_choices = sites.list_sites(db)
        self.window_open: ClassWindow | None = None

        self.site_filter = site_filter(self, self.site_choices, actor, 34)
        site_label = QLabel("&Site", self)
        site_label.setBuddy(self.site_filter)
        size_columns(self.table, {1: 9, 2: 25, 3: 10, 4: 7, 5: 8, 6: 22}, stretch=0)
        self.new_button = QPushButton("&New class…", self)
        self.new_button.setToolTip("Schedule a new class (Ctrl+N)")
        self.new_button.setVisible(self.may_run)
        self.new_button.clicked.connect(self.create)
        self.open_button = QPushButton("&Open…", self)
        self.open_button.setToolTip("Open the selected class (Enter or double-click)")
        self.open_button.clicked.connect(self.open_selected)

        self.header.addWidget(site_label)
        self.header.addWidget(self.site_filter)
        self.header.addStretch(1)
        self.add_actions(self.new_button, self.open_button)
        self.site_filter.currentIndexChanged.connect(self.refresh)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()

    # -- what the main window asks ------------------------------------------------------------

    def new_reason(self) -> str:
        return "" if self.may_run else (f"Your role ({self.actor.role.label}) cannot schedule "
                                        "classes.")

    def print_reason(self) -> str:
        return "Open a class to print its sign-in sheets, certificates or summary."

    def refresh(self) -> None:
        selected = self.selected_row()
        try:
            self.model.load(self.site_filter.currentData())
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        if selected is None or not self.select_class(selected.id):
            if self.model.rows:
                self.table.selectRow(0)  # Enter opens a class without a click first
        self.actions_changed.emit()

    # -- the list ----------------------------------------------------------------------------

    def _update(self) -> None:
        n = len(self.model.rows)
        where = self.site_filter.currentText().split(" — ")[0]
        if n == 0:
            text = f"No classes at {where}" if self.site_filter.currentData() else "No classes"
        else:
            text = f"{n:,} class{'es' if n != 1 else ''} ({where})"
        self.count_label.setText(text)
        self.open_button.setEnabled(self.selected_row() is not None)

    def selected_row(self) -> ClassRow | None:
        row = super().selected_row()
        return row if isinstance(row, ClassRow) else None

    def select_class(self, class_id: str) -> bool:
        row = self.model.row_of(class_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    # -- actions -----------------------------------------------------------------------------

    def home_site_code(self) -> str:
        """Where a new class goes: the chosen site if this person may schedule there."""
        chosen = self.site_filter.currentData()
        if chosen and (chosen == self.actor.site_id or self.actor.may(Permission.ALL_SITES)):
            return next(s.code for s in self.site_choices if s.id == chosen)
        return self.actor.site_code

    def create(self) -> None:
        if not self.may_run:
            return
        dialog = NewClassDialog(self.db, self.actor, self.site_choices, self.home_site_code(),
                                parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            if self.site_filter.currentData() not in (None, dialog.saved.site_id):
                self.site_filter.setCurrentIndex(self.site_filter.findData(dialog.saved.site_id))
            self.refresh()
            self.select_class(dialog.saved.id)
            self.open_class(dialog.saved.id)

    def open_selected(self) -> ClassWindow | None:
        row = self.selected_row()
        return self.open_class(row.id) if row is not None else None

    def open_class(self, class_id: str) -> ClassWindow | None:
        """The class window over this page; the list is read again when it closes. The class
        already open comes to the front rather than opening twice."""
        shown = self.window_open
        if shown is not None and shown.isVisible() and shown.class_id == class_id:
            shown.bring_forward()
            return shown
        try:
            window = ClassWindow(self.db, self.actor, class_id, parent=self)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.refresh()
            return None
        window.finished.connect(lambda _result: self.refresh())
        self.window_open = window
        window.bring_forward()  # not modal: the main window's menus stay in reach
        return window
