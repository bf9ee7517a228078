"""The hours grid: a crew's week as a spreadsheet, the crew in rows and the days in columns.

The model keeps what the service read (``stored``) and what was typed over it (``typed``), so
nothing reaches the database until Save, and a refresh after a sync keeps what is being typed.
The table that shows it moves like a spreadsheet (``hours_table``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from rjdesk.domain.reparative.enums import HoursStatus
from rjdesk.services.reparative.hours import CrewMember, GridView, HoursCell, HoursCellView
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.reparative import crew_common as cc
from rjdesk.ui.reparative.crew_common import HoursEntryError, day_header, hours_text, parse_hours

NAME, DOC, FIRST_DAY = 0, 1, 2
LAST_DAY = FIRST_DAY + 6
TOTAL = LAST_DAY + 1
AnyIndex = QModelIndex | QPersistentModelIndex
Key = tuple[str, date]

PENDING_TIP = "Waiting for approval: above the daily amount, a second staff member approves it."
FUTURE_TIP = "A day still to come: hours are entered once they are worked."


class HoursGridModel(RowsTableModel):
    """One project's crew × one week; ``rows`` are the crew members."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CrewMember] = []
        self.days: tuple[date, ...] = ()
        self.stored: dict[Key, HoursCellView] = {}
        self.typed: dict[Key, str] = {}
        self.errors: dict[Key, str] = {}
        self.editable = False
        self.today = cc.today()
        self.columns = ("Name", "DOC no.", *([""] * 7), "Week")

    # -- loading and what was typed -----------------------------------------------------------

    def show_grid(self, grid: GridView, *, editable: bool, today: date,
                  keep_typed: bool = False) -> None:
        """Show what the service read; ``keep_typed`` keeps the typing not yet saved (a
        refresh), and the people it was typed for."""
        self.beginResetModel()
        crew = list(grid.crew)
        if keep_typed and grid.days == self.days:
            ids = {m.offender_id for m in crew}
            typed_for = {k[0] for k in self.typed}
            crew += [m for m in self.rows if m.offender_id in typed_for - ids]
        else:
            self.typed, self.errors = {}, {}
        self.rows, self.days, self.stored = crew, tuple(grid.days), dict(grid.cells)
        self.editable, self.today = editable, today
        self.columns = ("Name", "DOC no.", *(day_header(d) for d in self.days), "Week")
        for key in [k for k, text in self.typed.items() if self._same_as_stored(k, text)]:
            del self.typed[key]
            self.errors.pop(key, None)
        self.endResetModel()

    def add_member(self, member: CrewMember) -> int:
        """The row of ``member``, added at the end if the crew does not have him yet."""
        found = self.row_of_offender(member.offender_id)
        if found >= 0:
            return found
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(member)
        self.endInsertRows()
        return len(self.rows) - 1

    def row_of_offender(self, offender_id: str) -> int:
        return next((i for i, m in enumerate(self.rows) if m.offender_id == offender_id), -1)

    def key(self, row: int, column: int) -> Key | None:
        """The (offender, day) of a day cell; None for the name, DOC and total columns."""
        if not (0 <= row < len(self.rows) and FIRST_DAY <= column <= LAST_DAY and self.days):
            return None
        return self.rows[row].offender_id, self.days[column - FIRST_DAY]

    def index_of(self, offender_id: str, day: date) -> QModelIndex:
        row = self.row_of_offender(offender_id)
        if row < 0 or day not in self.days:
            return QModelIndex()
        return self.index(row, FIRST_DAY + self.days.index(day))

    def _same_as_stored(self, key: Key, text: str) -> bool:
        stored = self.stored.get(key)
        try:
            value = parse_hours(text)
        except HoursEntryError:
            return False
        return value == (stored.hours if stored else None)

    def open_for_entry(self, key: Key) -> bool:
        return self.editable and key[1] <= self.today

    def set_texts(self, entries: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """Put what was typed, pasted or deleted in the cells; returns the cells that took it
        (name, total and future cells, and cells past the grid, take nothing)."""
        taken: list[tuple[int, int]] = []
        for row, column, text in entries:
            key = self.key(row, column)
            if key is None or not self.open_for_entry(key):
                continue
            self.errors.pop(key, None)
            if self._same_as_stored(key, text):
                self.typed.pop(key, None)
            else:
                self.typed[key] = text.strip()
                try:
                    parse_hours(text)
                except HoursEntryError as exc:
                    self.errors[key] = str(exc)
            taken.append((row, column))
        if taken:
            top, bottom = min(r for r, _ in taken), max(r for r, _ in taken)
            left = min(c for _, c in taken)
            self.dataChanged.emit(self.index(top, left), self.index(bottom, TOTAL))
        return taken

    def set_errors(self, errors: dict[Key, str]) -> None:
        """Show the service's refusals at their cells (the earlier ones are cleared)."""
        self.errors = {k: m for k, m in self.errors.items() if k in self.typed and
                       self._unreadable(k)}
        self.errors.update(errors)
        if self.rows:
            self.dataChanged.emit(self.index(0, FIRST_DAY), self.index(len(self.rows) - 1, TOTAL))

    def _unreadable(self, key: Key) -> bool:
        try:
            parse_hours(self.typed[key])
        except HoursEntryError:
            return True
        return False

    def forget_typed(self) -> None:
        """Throw away what was typed: the cells show what is saved again."""
        self.beginResetModel()
        self.typed, self.errors = {}, {}
        self.endResetModel()

    @property
    def has_changes(self) -> bool:
        return bool(self.typed)

    def unreadable(self) -> dict[Key, str]:
        """Cells whose text is not a number of hours: said at the cell, never sent."""
        return {k: self.errors[k] for k in self.typed if k in self.errors and self._unreadable(k)}

    def changes(self) -> list[HoursCell]:
        """What Save sends: each typed cell, None where it was cleared."""
        return [HoursCell(oid, day, parse_hours(text)) for (oid, day), text in self.typed.items()
                if not self._unreadable((oid, day))]

    def value(self, key: Key) -> float | None:
        if key in self.typed:
            try:
                return parse_hours(self.typed[key])
            except HoursEntryError:
                return None
        stored = self.stored.get(key)
        return stored.hours if stored else None

    def week_total(self, row: int) -> float:
        member = self.rows[row].offender_id
        return sum(self.value((member, d)) or 0.0 for d in self.days)

    def crew_total(self) -> tuple[float, int]:
        """The week's hours of the whole crew as shown, and how many wait for approval."""
        total = sum(self.week_total(r) for r in range(len(self.rows)))
        pending = sum(1 for k, v in self.stored.items()
                      if v.status == HoursStatus.PENDING and k not in self.typed)
        return total, pending

    # -- what the view shows ------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        key = self.key(index.row(), index.column())
        if key is not None and self.open_for_entry(key):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        return bool(self.set_texts([(index.row(), index.column(), str(value or ""))]))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = index.row(), index.column()
        if column in (NAME, DOC):
            member = self.rows[row]
            if role == Qt.ItemDataRole.DisplayRole:
                return member.name if column == NAME else member.doc_number
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        if column == TOTAL:
            if role == Qt.ItemDataRole.DisplayRole:
                return hours_text(self.week_total(row)) or "0"
            return QBrush(cc.GREY) if role == Qt.ItemDataRole.ForegroundRole else None
        key = self.key(row, column)
        return None if key is None else self._day_cell(key, role)

    def _day_cell(self, key: Key, role: int) -> object:
        typed, error, stored = self.typed.get(key), self.errors.get(key), self.stored.get(key)
        pending = typed is None and stored is not None and stored.status == HoursStatus.PENDING
        declined = typed is None and stored is not None and stored.status == HoursStatus.DECLINED
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if typed is not None:
                return typed if key in self.errors and self._unreadable(key) else \
                    hours_text(parse_hours(typed))
            return hours_text(stored.hours) if stored else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if error:
                return error
            if typed is not None:
                return "Not saved yet (Ctrl+S saves the week)."
            if pending:
                return PENDING_TIP
            if declined:
                return "Declined: these hours do not count."
            return FUTURE_TIP if key[1] > self.today else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if error:
                return QBrush(cc.ERROR_BACKGROUND)
            if typed is not None:
                return QBrush(cc.CHANGED_BACKGROUND)
            if pending:
                return QBrush(cc.PENDING_BACKGROUND)
            return QBrush(cc.FUTURE_BACKGROUND) if key[1] > self.today else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if error:
                return QBrush(cc.ERROR_TEXT)
            if pending:
                return QBrush(cc.PENDING_TEXT)
            return QBrush(cc.GREY) if declined else None
        if role == Qt.ItemDataRole.FontRole and (pending or declined or typed is not None):
            font = QFont()
            font.setItalic(pending)
            font.setStrikeOut(declined)
            font.setBold(typed is not None)
            return font
        return None
