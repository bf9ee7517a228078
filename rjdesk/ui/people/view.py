"""The People page: find someone as you type, open, add, transfer, find duplicates, print.

The list is a lazily paged model (see people_model); typing restarts it after a short pause so a
fast typist costs one query, not one per key.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.services.people import printouts
from rjdesk.services.people import query as people_query
from rjdesk.services.people import records as people
from rjdesk.services.people.query import OffenderRow, PeopleFilter
from rjdesk.ui.common.forms import enum_data
from rjdesk.ui.common.jobs import run_job
from rjdesk.ui.common.pdf_preview import PdfPreviewDialog
from rjdesk.ui.people.model import PAGE, PeopleTableModel
from rjdesk.ui.people.person_dialog import DuplicatesDialog, PersonDialog
from rjdesk.ui.people.transfer_dialog import TransferDialog

SEARCH_DELAY_MS = 150
#: Column widths in average character widths (the name column takes the rest).
COLUMN_CHARS = {0: 11, 2: 12, 3: 8, 4: 13, 5: 15, 6: 14}


def site_filter(parent: QWidget, choices: list[SiteView], actor: Actor,
                min_chars: int = 28) -> QComboBox:
    """The site filter every list opens with: "All sites" and each site, set to where the
    user's lists open (the home site; every site for the central office)."""
    combo = QComboBox(parent)
    combo.addItem("All sites", None)
    for site in choices:
        combo.addItem(site.label, site.id)
    combo.setCurrentIndex(max(0, combo.findData(actor.default_site_id)))
    combo.setMinimumContentsLength(min_chars)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def list_table(parent: QWidget) -> QTableView:
    """A read-only, row-selecting table in the way every list page shows one."""
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(False)  # the service orders the rows; a page cannot be re-sorted
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setHighlightSections(False)
    return table


def size_columns(table: QTableView, chars: dict[int, int], stretch: int) -> None:
    width = table.fontMetrics().averageCharWidth()
    header = table.horizontalHeader()
    for column, n in chars.items():
        header.resizeSection(column, n * width + 16)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class PeoplePage(QWidget):
    """The people list with its filters and the actions on the selected person."""

    title = "People"
    actions_changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 page_size: int = PAGE, search_delay_ms: int = SEARCH_DELAY_MS) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.may_edit = actor.may(Permission.EDIT_OFFENDERS)
        self.site_choices = sites.list_sites(db)
        self.model = PeopleTableModel(db, actor, PeopleFilter(site_id=actor.default_site_id),
                                      page_size=page_size, parent=self)
        self._total = 0

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find by name or DOC number (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.site_filter = site_filter(self, self.site_choices, actor)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem("Any status", None)
        for status in OffenderStatus:
            self.status_filter.addItem(status.label, status)

        self.table = list_table(self)
        self.table.setModel(self.model)
        size_columns(self.table, COLUMN_CHARS, stretch=1)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.count_label = QLabel(self)

        self.new_button = QPushButton("&New person…", self)
        self.new_button.setToolTip("Add a person (Ctrl+N)")
        self.edit_button = QPushButton("&Edit…" if self.may_edit else "&Open…", self)
        self.edit_button.setToolTip("Open the selected person (Enter or double-click)")
        self.transfer_button = QPushButton("&Transfer…", self)
        self.duplicates_button = QPushButton("Possible &duplicates…", self)
        self.print_button = QPushButton("&Print list…", self)
        self.print_button.setToolTip("Print the list of the chosen site (Ctrl+P)")
        self.new_button.clicked.connect(self.create)
        self.edit_button.clicked.connect(self.edit_selected)
        self.transfer_button.clicked.connect(self.transfer_selected)
        self.duplicates_button.clicked.connect(self.show_duplicates)
        self.print_button.clicked.connect(self.print_page)
        self.new_button.setVisible(self.may_edit)
        self.transfer_button.setVisible(self.may_edit)
        self.print_button.setVisible(actor.may(Permission.PRINT_PEOPLE))

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.site_filter, 2)
        filters.addWidget(self.status_filter, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.transfer_button,
                       self.duplicates_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addSpacing(12)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.site_filter.currentIndexChanged.connect(self._site_changed)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._update_buttons)  # a reset drops the selection
        self.model.rowsInserted.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._site_changed()

    # -- filtering ---------------------------------------------------------------------------

    def current_filter(self) -> PeopleFilter:
        return PeopleFilter(site_id=self.site_filter.currentData(),
                            query=self.search.text().strip(),
                            status=enum_data(self.status_filter.currentData(),
                                             OffenderStatus))

    def apply_filter(self) -> None:
        self._search_timer.stop()
        if self.current_filter() != self.model.filter or not self.model.rows:
            self.model.set_filter(self.current_filter())
            if self.model.canFetchMore():
                self.model.fetchMore()
        self._update_buttons()

    def _site_changed(self) -> None:
        self._total = people_query.count_offenders(self.db, self.actor,
                                                   self.site_filter.currentData())
        self.apply_filter()
        self.actions_changed.emit()

    def _update_count(self) -> None:
        n = len(self.model.rows)
        more = "" if self.model.complete else " — scroll for more"
        flt = self.model.filter
        if flt.query or flt.status:
            found = "No one found" if n == 0 else f"Showing {n:,} found"
            self.count_label.setText(found + more)
        else:
            where = self.site_filter.currentText().split(" — ")[0]
            self.count_label.setText(f"Showing {n:,} of {self._total:,} ({where}){more}")

    # -- keys: Escape clears the search, Down goes into the list, Enter opens ----------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    self.apply_filter()
                    return True
                if key == Qt.Key.Key_Down:
                    self.apply_filter()
                    self.focus_table()
                    return True
            elif watched is self.table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.edit_selected()
                    return True
                if key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
                    self.search.setFocus()
                    return True
        return super().eventFilter(watched, event)

    def focus_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- what the main window's menus ask -----------------------------------------------------

    def new_reason(self) -> str:
        """Why New cannot be used here ("" when it can)."""
        return "" if self.may_edit else (f"Your role ({self.actor.role.label}) cannot add "
                                         f"people.")

    def print_reason(self) -> str:
        if not self.actor.may(Permission.PRINT_PEOPLE):
            return f"Your role ({self.actor.role.label}) cannot print people lists."
        if not self.site_filter.currentData():
            return "Choose one site in the site list to print its people list."
        return ""

    def refresh(self) -> None:
        """Read the rows again (after a sync, say), even when the filter is the same."""
        self._total = people_query.count_offenders(self.db, self.actor,
                                                   self.site_filter.currentData())
        self.model.set_filter(self.current_filter())
        if self.model.canFetchMore():
            self.model.fetchMore()
        self._update_buttons()
        self.actions_changed.emit()

    # -- actions on people --------------------------------------------------------------------

    def selected_row(self) -> OffenderRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected_row() is not None
        for button in (self.edit_button, self.transfer_button, self.duplicates_button):
            button.setEnabled(has)
        reason = self.print_reason()
        self.print_button.setEnabled(not reason)
        self.print_button.setToolTip(reason or "Print the list of the chosen site (Ctrl+P)")

    def select_person(self, offender_id: str, pages: int = 5) -> bool:
        """Select someone after a change, loading a few more pages if he is further down."""
        row = self.model.row_of(offender_id)
        while row < 0 and pages > 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(offender_id)
            pages -= 1
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _after_change(self, offender_id: str) -> None:
        """After a save: count again, reload from the top, and select the person changed."""
        self._total = people_query.count_offenders(self.db, self.actor,
                                                   self.site_filter.currentData())
        self.model.refresh()
        self.select_person(offender_id)
        self._update_buttons()

    def create(self) -> None:
        if not self.may_edit:
            return
        dialog = PersonDialog(self.db, self.actor, self.site_choices, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._after_change(dialog.saved.id)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            offender = people.get_offender(self.db, self.actor, row.id)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.model.refresh()
            return
        dialog = PersonDialog(self.db, self.actor, self.site_choices, offender,
                              read_only=not self.may_edit, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._after_change(dialog.saved.id)

    def transfer_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.may_edit:
            return
        dialog = TransferDialog(self.db, self.actor, row, self.site_choices, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._after_change(dialog.saved.id)

    def show_duplicates(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        candidates = people_query.possible_duplicates(self.db, self.actor, row.id)
        if not candidates:
            QMessageBox.information(self, "RJ Desk", f"No other record has {row.name}'s date of "
                                    f"birth and a similar name.")
            return
        dialog = DuplicatesDialog(self.db, self.actor, row, candidates, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.merged:
            self._after_change(dialog.merged.id)

    def print_page(self) -> None:
        """Print the chosen site's list into a temporary PDF off the GUI thread, then preview."""
        if self.print_reason():
            QMessageBox.information(self, "RJ Desk", self.print_reason())
            return
        site = next(s for s in self.site_choices if s.id == self.site_filter.currentData())
        handle, name = tempfile.mkstemp(prefix=f"rjdesk-people-{site.code}-", suffix=".pdf")
        os.close(handle)
        out = Path(name)
        db, actor = self.db, self.actor

        def work(progress) -> int:  # noqa: ANN001 - jobs.Progress
            return printouts.print_people_list(db, actor, site.code, out,
                                               progress=progress.callback("Printing the list…"))

        self.print_job = run_job(self, work, label=f"Printing the people list of {site.code}…",
                                 on_done=lambda _pages: self._preview(out, site.code))

    def _preview(self, out: Path, code: str) -> None:
        self.preview = PdfPreviewDialog(out, f"People list {code}", parent=self)
        self.preview.open()
