"""The scaffolding every list model of the UI shares: a row list under fixed column titles, and
for lists too long to read whole, the paging the view drives as it scrolls.

A model names its ``columns``, keeps its rows in ``rows`` and answers ``cell`` for one row and
column; row and column counts, the horizontal header and the bounds check of ``data`` are here.
A paged model answers ``fetch_page`` instead of reading everything: the rows of one page after a
cursor, and the cursor of the next page (None at the end).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """A flat table of ``rows`` under the titles ``columns``; subclasses answer ``cell``."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section] if 0 <= section < len(self.columns) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.cell(self.rows[index.row()], index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> object:  # noqa: ARG002 - for subclasses
        """What the view shows for ``role`` at ``column`` of ``row``; None: nothing."""
        return None

    def row_at(self, row: int) -> Any:
        """The row shown at ``row``, or None past the rows loaded."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, row_id: str) -> int:
        """Where the record ``row_id`` is among the rows loaded, or -1."""
        return next((i for i, r in enumerate(self.rows) if getattr(r, "id", None) == row_id), -1)


class PagedRowsModel(RowsTableModel):
    """Rows loaded so far and where the next page starts: a long list (a million people at the
    central office) is never read whole; the view asks for more through ``canFetchMore`` and
    ``fetchMore`` as the user scrolls."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cursor: Any = None
        self._at_end = False

    def fetch_page(self, cursor: Any) -> tuple[list, Any]:
        """The rows of the page after ``cursor`` (None: the first) and the next page's cursor
        (None: that was the last)."""
        raise NotImplementedError

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return not parent.isValid() and not self._at_end

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt signature
        if parent.isValid() or self._at_end:
            return
        rows, self._cursor = self.fetch_page(self._cursor)
        self._at_end = self._cursor is None
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def start_over(self) -> None:
        """Drop the loaded rows and the cursor; call between begin/endResetModel."""
        self.rows, self._cursor, self._at_end = [], None, False

    def refresh(self) -> None:
        """Read from the top again (after a change, or a sync)."""
        self.beginResetModel()
        self.start_over()
        self.endResetModel()

    @property
    def complete(self) -> bool:
        """Every row of the list is loaded."""
        return self._at_end
