"""Choosing one row of a long list in a dialog: type to narrow it (the list is read again once
typing pauses), Down into the list, Up back to the search, OK (or a double-click) takes the
selected row, and the service's answer shows under the list when it says no."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon, ok_cancel
from rjdesk.ui.common.list_page import debounced, list_table, search_box, size_columns
from rjdesk.ui.common.table_model import PagedRowsModel


class SearchChooser(QDialog):
    """``intro``, a search box, the table of ``model`` and OK/Cancel; the message of the
    ``field`` shows under the table. Subclasses answer :meth:`restart` (read the model again
    for the text typed) and ``accept``."""

    def __init__(self, model: PagedRowsModel, *, title: str, intro: str, placeholder: str,
                 field: str, list_name: str, columns: dict[int, int], stretch: int,
                 aliases: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model.setParent(self)
        self.setWindowTitle(f"{title} — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        label = QLabel(intro, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.search = search_box(self, placeholder)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.table = list_table(self)
        self.table.setObjectName(list_name)  # the message goes under it, no outline
        self.table.setModel(model)
        size_columns(self.table, columns, stretch=stretch)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        error = QLabel(self)
        error.setObjectName(f"{field}_error")
        error.setStyleSheet(ERROR_LABEL_STYLE)
        layout.addWidget(error)
        self.buttons = ok_cancel(self, layout)
        self.errors = FieldErrors(self, [field], aliases)
        self._timer = debounced(self, self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._timer.start())

    def restart(self, query: str) -> None:
        """Read the model again from its first page for ``query``."""
        raise NotImplementedError

    def apply_filter(self) -> None:
        self._timer.stop()
        self.restart(self.search.text().strip())
        if self.model.canFetchMore():
            self.model.fetchMore()
        if self.model.rows:
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search and event.key() == Qt.Key.Key_Down:
                if self._timer.isActive():
                    self.apply_filter()  # what was typed counts before moving on
                self.table.setFocus()
                return True
            if watched is self.table and event.key() == Qt.Key.Key_Up and \
                    self.table.currentIndex().row() <= 0:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    def selected(self) -> object:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def choose(self, row_id: str) -> bool:
        """Select the row of ``row_id`` if it is among the rows loaded."""
        row = self.model.row_of(row_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0
