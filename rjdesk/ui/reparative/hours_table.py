"""The hours grid's table: it moves like a spreadsheet. Typing starts editing the cell, Tab
goes right (and on to the next person's Monday), Enter goes down, Delete clears, Ctrl+V pastes
a block copied from a spreadsheet from the current cell, Ctrl+C copies one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication,
                               QHeaderView, QLineEdit, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QWidget)

from rjdesk.ui.reparative.hours_grid import (DOC, FIRST_DAY, LAST_DAY, NAME, TOTAL, AnyIndex,
                                             HoursGridModel)


class HoursDelegate(QStyledItemDelegate):
    """A cell's editor: Enter, Up and Down keep what was typed and move, as in a spreadsheet."""

    move = Signal(int)  # rows to move by, after the editor closed

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setMaxLength(20)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()  # typing replaces the cell, as in a spreadsheet

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                isinstance(editor, QWidget):
            step = {Qt.Key.Key_Return: 1, Qt.Key.Key_Enter: 1, Qt.Key.Key_Down: 1,
                    Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None:
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.move.emit(step)
                return True
        return super().eventFilter(editor, event)


class HoursTable(QTableView):
    """The grid's keys; ``pasted`` says how many values of a paste were left out (past Sunday
    or past the last person), so the page can say so."""

    pasted = Signal(int, int)  # values taken, values left out

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = HoursDelegate(self)
        self.setItemDelegate(self.delegate)
        self.delegate.move.connect(self.move_rows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed |
                             QAbstractItemView.EditTrigger.DoubleClicked |
                             QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)

    def grid(self) -> HoursGridModel:
        model = self.model()
        assert isinstance(model, HoursGridModel)
        return model

    def size_columns(self) -> None:
        """Day columns as wide as their header; the name takes what is left."""
        metrics, header = self.fontMetrics(), self.horizontalHeader()
        header.setMinimumSectionSize(metrics.horizontalAdvance("Wed 00/00") // 2)
        header.resizeSection(NAME, metrics.averageCharWidth() * 20 + 16)
        header.resizeSection(DOC, metrics.horizontalAdvance("0000000") + 20)
        for column in range(FIRST_DAY, LAST_DAY + 1):
            header.resizeSection(column, metrics.horizontalAdvance("Wed 00/00") + 12)
        header.resizeSection(TOTAL, metrics.horizontalAdvance("Week") + 28)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)

    # -- moving --------------------------------------------------------------------------------

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab and Shift+Tab walk the day cells only, row after row."""
        current = self.currentIndex()
        next_prev = (QAbstractItemView.CursorAction.MoveNext,
                     QAbstractItemView.CursorAction.MovePrevious)
        if action not in next_prev or not current.isValid():
            return super().moveCursor(action, modifiers)
        row, column = current.row(), max(current.column(), FIRST_DAY - 1)
        if action == QAbstractItemView.CursorAction.MoveNext:
            row, column = (row, column + 1) if column < LAST_DAY else (row + 1, FIRST_DAY)
        else:
            column = min(column, LAST_DAY + 1)
            row, column = (row, column - 1) if column > FIRST_DAY else (row - 1, LAST_DAY)
        if 0 <= row < self.grid().rowCount():
            return self.grid().index(row, column)
        return current

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Tab out of a cell moves on without opening the next one: typing there replaces it."""
        moves = {QAbstractItemDelegate.EndEditHint.EditNextItem:
                 QAbstractItemView.CursorAction.MoveNext,
                 QAbstractItemDelegate.EndEditHint.EditPreviousItem:
                 QAbstractItemView.CursorAction.MovePrevious}
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint
                            if hint in moves else hint)
        if hint in moves:
            self.setCurrentIndex(self.moveCursor(moves[hint], Qt.KeyboardModifier.NoModifier))

    def commit_typing(self) -> None:
        """The cell being typed in counts, as if Enter had been pressed."""
        editor = QApplication.focusWidget()
        if self.state() == QAbstractItemView.State.EditingState and \
                isinstance(editor, QLineEdit) and self.isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def move_rows(self, step: int) -> None:
        current = self.currentIndex()
        if current.isValid():
            row = min(max(current.row() + step, 0), self.grid().rowCount() - 1)
            self.setCurrentIndex(self.grid().index(row, current.column()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QApplication.clipboard().text())
        elif event.matches(QKeySequence.StandardKey.Copy):
            QApplication.clipboard().setText(self.copied())
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.grid().set_texts([(i.row(), i.column(), "") for i in self.selectedIndexes()])
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.move_rows(1)
        else:
            super().keyPressEvent(event)

    # -- the clipboard -------------------------------------------------------------------------

    def paste(self, text: str) -> tuple[int, int]:
        """A block of tab-separated rows, from the current cell right and down."""
        current = self.currentIndex()
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        if not current.isValid() or not text.strip():
            return 0, 0
        top, left = current.row(), max(current.column(), FIRST_DAY)
        entries = [(top + i, left + j, value) for i, line in enumerate(lines)
                   for j, value in enumerate(line.split("\t"))]
        taken = set(self.grid().set_texts(entries))
        left_out = sum(1 for row, column, value in entries
                       if value.strip() and (row, column) not in taken)
        self.pasted.emit(len(taken), left_out)
        return len(taken), left_out

    def copied(self) -> str:
        """The selected block as a spreadsheet takes it: tab-separated rows."""
        indexes = self.selectedIndexes() or [self.currentIndex()]
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        return "\n".join("\t".join(str(self.grid().index(r, c).data() or "") for c in columns)
                         for r in rows)
