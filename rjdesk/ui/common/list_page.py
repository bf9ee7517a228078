"""The list page every program area shows the same way: filters on top, an optional line of
explanation, the table, and the actions under it with the count at the right.

Typing in a page's search box restarts the list after a short pause, so a fast typist costs one
query, not one per key; the keys work alike on every page: Escape clears the search, Down goes
into the list, Up from its first row back to the search, Enter opens the selected row. Enter in
the search box opens the one row found (a DOC number scanned ends in Enter: the person opens),
or goes into the list when it found more.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QTableView, QVBoxLayout, QWidget)

from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.sites import SiteView
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.table_model import RowsTableModel

SEARCH_DELAY_MS = 150


def debounced(parent: QObject, slot: Callable[[], None],
              delay_ms: int = SEARCH_DELAY_MS) -> QTimer:
    """A single-shot timer that runs ``slot`` once typing has paused for ``delay_ms``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer


def search_box(parent: QWidget, placeholder: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    return box


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
    """Column widths in average character widths; the ``stretch`` column takes the rest."""
    width = table.fontMetrics().averageCharWidth()
    header = table.horizontalHeader()
    for column, n in chars.items():
        header.resizeSection(column, n * width + 16)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ListPage(Page):
    """Filters (``header``), an optional ``intro``, the table of ``model``, and the actions
    (``footer``, laid out by :meth:`add_actions`). With a ``search_hint`` the page has a search
    box that calls :meth:`apply_filter` once typing pauses."""

    def __init__(self, db: Database, actor: Actor, model: RowsTableModel,
                 parent: QWidget | None = None, *, search_hint: str = "", intro: str = "",
                 search_delay_ms: int = SEARCH_DELAY_MS) -> None:
        super().__init__(db, actor, parent)
        self.model = model
        model.setParent(self)
        self.header = QHBoxLayout()
        self.footer = QHBoxLayout()
        self.search: QLineEdit | None = None
        self._search_timer = debounced(self, self.apply_filter, search_delay_ms)
        if search_hint:
            self.search = search_box(self, search_hint)
            self.search.installEventFilter(self)
            self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.table = list_table(self)
        self.table.setModel(model)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.footer)

    def add_actions(self, *actions: QWidget, message: QWidget | None = None,
                    trailing: tuple[QWidget, ...] = ()) -> None:
        """The row under the table: the actions, room (or a ``message`` taking it), the count,
        and any ``trailing`` buttons after it."""
        for widget in actions:
            self.footer.addWidget(widget)
        if message is not None:
            self.footer.addWidget(message, 1)
            self.footer.addStretch(0)
        else:
            self.footer.addStretch(1)
        self.footer.addWidget(self.count_label)
        if trailing:
            self.footer.addSpacing(12)
            for widget in trailing:
                self.footer.addWidget(widget)

    # -- what a page with a search box or an open action overrides ---------------------------

    def apply_filter(self) -> None:
        """Read the list again for what the filters now say."""
        self._search_timer.stop()

    def open_selected(self) -> object:
        """Open the selected row (Enter or double-click)."""
        return None

    def selected_row(self) -> object:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # -- keys and focus ----------------------------------------------------------------------

    def find_reason(self) -> str:
        return "" if self.search is not None else super().find_reason()

    def focus_search(self) -> None:
        if self.search is None:
            self.focus_table()
            return
        self.search.setFocus()
        self.search.selectAll()

    def focus_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _search_entered(self) -> None:
        """Enter in the search box: what was typed counts now; one match opens, several are
        gone into."""
        if self._search_timer.isActive():
            self.apply_filter()
        if self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        complete = getattr(self.model, "complete", True)
        if self.model.rowCount() == 1 and complete:
            self.table.selectRow(0)
            self.open_selected()
        elif self.model.rowCount():
            self.focus_table()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if self.search is not None and watched is self.search:
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    self.apply_filter()
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._search_entered()
                    return True
                if key == Qt.Key.Key_Down:
                    if self._search_timer.isActive():
                        self.apply_filter()  # what was typed counts before moving on
                    self.focus_table()
                    return True
            elif watched is self.table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.open_selected()
                    return True
                if key == Qt.Key.Key_Up and self.search is not None and \
                        self.table.currentIndex().row() <= 0:
                    self.search.setFocus()
                    return True
        return super().eventFilter(watched, event)
