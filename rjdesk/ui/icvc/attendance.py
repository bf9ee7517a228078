"""The attendance tab: a grid of people × sessions filled from the keyboard, and scan mode.

Typing P, A, E or L marks the current cell and stays there, as in a spreadsheet: Enter or ↓
goes on to the next person, so the habit "letter, then ↓" never skips anyone; Delete clears. Each key is one service call; the service decides whether the
session can take attendance, and a refusal is said in the line under the grid while the cell
keeps what it had.
"""

from __future__ import annotations

from PySide6.QtCore import (QAbstractTableModel, QEvent, QModelIndex, QObject,
                            QPersistentModelIndex, Qt, Signal)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QStackedWidget, QTableView, QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.icvc.enums import AttendanceMark
from rjdesk.domain.icvc.rules import Closed, closed_for_attendance
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import attendance
from rjdesk.services.icvc.attendance import GridRow
from rjdesk.services.icvc.schedule import ClassView, SessionView
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.common import GREY, GREY_BACKGROUND, ClassAccess, ClassTab, long_date
from rjdesk.ui.icvc.scan import ScanPanel

AnyIndex = QModelIndex | QPersistentModelIndex
BY_LETTER = {m.short: m for m in AttendanceMark}
MARK_COLOURS = {AttendanceMark.PRESENT: QColor("#d7efdc"), AttendanceMark.LATE: QColor("#fdf0c8"),
                AttendanceMark.EXCUSED: QColor("#dde8f7"), AttendanceMark.ABSENT: QColor("#f8dcda")}
MARK_KEYS = {Qt.Key.Key_P: "P", Qt.Key.Key_A: "A", Qt.Key.Key_E: "E", Qt.Key.Key_L: "L"}


class AttendanceModel(QAbstractTableModel):
    """Rows are the people who hold a seat, columns the sessions; a cell is one mark.

    ``setData`` with "P"/"A"/"E"/"L" (or "" / None to clear) is one ``attendance.mark`` call;
    a refusal leaves the cell as it was and is emitted as ``refused``."""

    refused = Signal(str)
    marked = Signal(str)

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.class_id = ""
        self.sessions: list[SessionView] = []
        self.rows: list[GridRow] = []
        self.marks: dict[str, dict[str, AttendanceMark]] = {}

    def load(self, class_id: str) -> None:
        grid = attendance.grid(self.db, self.actor, class_id)
        self.beginResetModel()
        self.class_id, self.sessions, self.rows = class_id, list(grid.sessions), list(grid.rows)
        self.marks = {r.enrollment_id: dict(r.marks) for r in grid.rows}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.sessions)

    def closed_reason(self, column: int) -> str:
        """Why a session's column takes no marks ("" when it does), to grey it in advance;
        the service still decides when a key is pressed."""
        s = self.sessions[column]
        why = closed_for_attendance(s, icvc_common.today())
        if why is Closed.CANCELLED:
            return f"Cancelled{': ' + s.cancel_reason if s.cancel_reason else ''}"
        if why is Closed.NOT_HELD_YET:
            return "Not held yet"
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.sessions):
            s = self.sessions[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{'✕' if s.cancelled else s.number}\n{s.held_on:%m/%d}"
            if role == Qt.ItemDataRole.ToolTipRole:
                why = self.closed_reason(section)
                return f"{s.label} — {long_date(s.held_on)} — {s.topic.label}" + \
                    (f" ({why})" if why else "")
            if role == Qt.ItemDataRole.ForegroundRole and self.closed_reason(section):
                return QBrush(GREY)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            r = self.rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                # The name isolated, so a right-to-left name keeps its DOC number after it.
                return f"\u200e\u2068{r.name}\u2069   {r.doc_number}"
        return None

    def mark_at(self, row: int, column: int) -> AttendanceMark | None:
        return self.marks.get(self.rows[row].enrollment_id, {}).get(self.sessions[column].id)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or \
                not 0 <= index.column() < len(self.sessions):
            return None
        mark = self.mark_at(index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return mark.short if mark else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.closed_reason(index.column()):
                return QBrush(GREY_BACKGROUND)
            return QBrush(MARK_COLOURS[mark]) if mark else None
        if role == Qt.ItemDataRole.ToolTipRole:
            why = self.closed_reason(index.column())
            return why or (mark.label if mark else "No mark")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: object,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if isinstance(value, AttendanceMark) or value is None:
            mark = value
        else:
            letter = str(value).strip().upper()[:1]
            if letter and letter not in BY_LETTER:
                self.refused.emit("Type P (present), A (absent), E (excused) or L (late).")
                return False
            mark = BY_LETTER.get(letter)
        row, s = self.rows[index.row()], self.sessions[index.column()]
        try:
            attendance.mark(self.db, self.actor, s.id, row.enrollment_id, mark,
                            today=icvc_common.today())
        except Refused as exc:
            self.refused.emit(exc.message)
            return False
        cells = self.marks.setdefault(row.enrollment_id, {})
        if mark is None:
            cells.pop(s.id, None)
        else:
            cells[s.id] = mark
        self.dataChanged.emit(index, index)
        self.marked.emit(f"{row.name}: {mark.label.lower() if mark else 'no mark'} at "
                         f"{s.label.lower()} ({us_date(s.held_on)}).")
        return True

    def default_column(self) -> int:
        """The latest session that can take attendance today (or the first column)."""
        open_columns = [c for c in range(len(self.sessions)) if not self.closed_reason(c)]
        return open_columns[-1] if open_columns else 0


class AttendanceTab(ClassTab):
    """The grid, and scan mode for the session of the current column."""

    def __init__(self, db: Database, actor: Actor, access: ClassAccess,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, access, parent)
        self.model = AttendanceModel(db, actor, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setDefaultSectionSize(
            self.fontMetrics().horizontalAdvance("00/00") + 22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft |
                                                        Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.installEventFilter(self)
        self.hint = QLabel("Type <b>P</b> present, <b>A</b> absent, <b>E</b> excused, <b>L</b> "
                           "late, then <b>Enter</b> or <b>↓</b> for the next person; "
                           "<b>Delete</b> clears. Grey columns are "
                           "cancelled or not held yet.", self)
        if not access.may_change:  # a grid this person only reads invites no typing
            self.hint.setText((access.why_not or f"{actor.role.label}: you can look at "
                               "attendance here, not mark it.") +
                              " Grey columns are cancelled or not held yet.")
        self.hint.setWordWrap(True)
        self.message = MessageLine(self)
        self.scan_button = QPushButton("&Scan mode…", self)
        self.scan_button.setToolTip("Scan DOC-number barcodes for the session of the selected "
                                    "column")
        self.scan_button.clicked.connect(self.start_scan)
        access.gate(self.scan_button)
        grid_page = QWidget(self)
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.hint)
        grid_layout.addWidget(self.table, 1)
        grid_layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.scan_button)
        row.addStretch(1)
        grid_layout.addLayout(row)
        self.scan = ScanPanel(db, actor, self)
        self.scan.finished.connect(self.end_scan)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(grid_page)
        self.pages.addWidget(self.scan)
        QVBoxLayout(self).addWidget(self.pages)
        self.model.refused.connect(lambda text: self.message.say(text, "error"))
        self.model.marked.connect(lambda text: self.message.say(text, "ok"))
        self.model.marked.connect(lambda _text: self.others_changed.emit())

    def show_class(self, cls: ClassView) -> None:
        super().show_class(cls)
        self._load(cls.id)
        if not self.model.rows:
            self.message.say("No one holds a seat in this class yet: enroll people on the "
                             "Roster tab.", "info")

    def _load(self, class_id: str) -> None:
        """Read the grid again, the cursor staying where it was."""
        current = self.table.currentIndex()
        self.model.load(class_id)
        if self.model.rows and self.model.sessions:
            row = min(max(current.row(), 0), len(self.model.rows) - 1)
            column = min(current.column(), len(self.model.sessions) - 1) \
                if current.isValid() else self.model.default_column()
            self.table.setCurrentIndex(self.model.index(row, column))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and \
                not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            index = self.table.currentIndex()
            key = Qt.Key(event.key())
            if index.isValid() and key in MARK_KEYS:
                self.set_mark(index.row(), index.column(), MARK_KEYS[key])
                return True
            if index.isValid() and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.set_mark(index.row(), index.column(), None)
                return True
            if index.isValid() and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if index.row() + 1 < self.model.rowCount():
                    self.table.setCurrentIndex(self.model.index(index.row() + 1, index.column()))
                return True
        return super().eventFilter(watched, event)

    def set_mark(self, row: int, column: int, letter: str | None) -> bool:
        """Mark one cell; the cursor stays on it (Enter or ↓ goes on), as in a spreadsheet."""
        if not self.access.may_change:
            self.message.say(self.access.why_not or
                             f"Your role ({self.actor.role.label}) does not take attendance.",
                             "error")
            return False
        return self.model.setData(self.model.index(row, column), letter)

    def current_session(self) -> SessionView | None:
        if not self.model.sessions:
            return None
        index = self.table.currentIndex()
        column = index.column() if index.isValid() else self.model.default_column()
        return self.model.sessions[column]

    def start_scan(self) -> ScanPanel | None:
        s = self.current_session()
        if s is None or not self.access.may_change:
            return None
        why = self.model.closed_reason(self.model.sessions.index(s))
        if why:
            self.message.say(f"{s.label} ({us_date(s.held_on)}) takes no attendance: "
                             f"{why.lower()}. Choose the column of a session held.", "error")
            return None
        self.pages.setCurrentWidget(self.scan)
        self.scan.start(s)
        return self.scan

    def end_scan(self) -> None:
        self.pages.setCurrentIndex(0)
        if self.scan.marked_any:
            self._load(self.model.class_id)
            self.others_changed.emit()
        self.table.setFocus()
