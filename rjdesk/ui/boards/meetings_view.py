"""The meetings page: the meetings of an office's board, newest first; New meeting… plans one
(date, time, place) and opens it; Open… (Enter) opens the meeting window, where its agenda,
attendance, decisions and minutes are kept."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.boards import boards, meetings
from rjdesk.services.boards.boards import BoardView
from rjdesk.services.boards.meetings import MeetingInput, MeetingRow, MeetingView
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import board_common as bc
from rjdesk.ui.boards.meeting_window import MeetingWindow
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon, field_row, fit_width
from rjdesk.ui.common.list_page import ListPage
from rjdesk.ui.common.record_dialog import RecordDialog
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine

COLUMNS = ("Date", "Time", "Place", "Status", "Cases", "Present")


class MeetingsTableModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MeetingRow] = []

    def cell(self, row: MeetingRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (us_date(row.held_on), row.starts_at, row.location, row.status_label,
                    str(row.cases), str(row.present))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.status_label == "Cancelled":
            return QBrush(bc.GREY)
        return None

    def show(self, rows: list[MeetingRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class NewMeetingDialog(RecordDialog):
    """Plan a meeting of ``board``: its day, time and place. ``saved`` holds the MeetingView."""

    discard_question = "Close without planning the meeting?"

    def __init__(self, db: Database, actor: Actor, board: BoardView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.board = db, actor, board
        self.saved: MeetingView | None = None
        self.setWindowTitle("New board meeting — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(f"A meeting of the {board.name} ({board.site_code}).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.held_on = bc.date_edit(bc.today())
        self.starts_at = QLineEdit("18:00")
        self.starts_at.setPlaceholderText("HH:MM, 24-hour clock")
        self.starts_at.setMaxLength(5)
        self.location = QLineEdit()
        self.location.setPlaceholderText("Room, building")
        self.location.setMaxLength(200)
        field_row(form, "&Date", "held_on", self.held_on)
        field_row(form, "&Time", "starts_at", self.starts_at)
        field_row(form, "&Place", "location", self.location)
        layout.addLayout(form)
        form_error = QLabel()
        form_error.setObjectName("form_error")
        form_error.setStyleSheet(ERROR_LABEL_STYLE)
        layout.addWidget(form_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, ["held_on", "starts_at", "location"],
                                  aliases={"board_id": "held_on"})
        self.connect_buttons(buttons)
        self.mark_clean()
        fit_width(self, 440)

    def snapshot(self) -> tuple:
        return (self.held_on.text(), self.starts_at.text(), self.location.text())

    def build_request(self) -> MeetingInput | None:
        bad: dict[str, str] = {}
        day = bc.read_date(self.held_on, "held_on", bad,
                           required="Enter the day of the meeting (MM/DD/YYYY).")
        if bad or day is None:
            assert self.errors is not None
            self.errors.show(bad)
            return None
        return MeetingInput(self.board.id, day, self.starts_at.text(), self.location.text())

    def submit(self, request: MeetingInput) -> MeetingView:
        return meetings.plan_meeting(self.db, self.actor, request, today=bc.today())


class MeetingsPage(ListPage):
    """The meetings of the chosen office's board."""

    title = "Board meetings"
    model: MeetingsTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, MeetingsTableModel(), parent)
        self.site_choices = sites.list_sites(db)
        self.board: BoardView | None = None
        self.window_open: MeetingWindow | None = None
        self.office = bc.office_combo(self, self.site_choices, actor)
        self.heading = QLabel(self)
        self.header.addWidget(bc.office_label(self, self.office))
        self.header.addWidget(self.office)
        self.header.addStretch(1)
        self.layout().insertWidget(1, self.heading)  # the board's name, under the office
        bc.fit_columns(self.table, {0: "00/00/0000", 1: "00:00", 3: "Cancelled",
                                    4: "Cases", 5: "Present"}, stretch=2)
        self.new_button = QPushButton("&New meeting…", self)
        self.new_button.setToolTip("Plan a meeting of the board (Ctrl+N)")
        self.new_button.setVisible(actor.may(Permission.RUN_BOARDS))
        self.new_button.clicked.connect(self.create)
        self.open_button = QPushButton("&Open…", self)
        self.open_button.setToolTip("Open the selected meeting (Enter or double-click)")
        self.open_button.clicked.connect(self.open_selected)
        self.message = MessageLine(self)
        self.add_actions(self.new_button, self.open_button, message=self.message)
        self.office.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()

    def site_code(self) -> str:
        return str(self.office.currentData() or "")

    def new_reason(self) -> str:
        if not self.actor.may(Permission.RUN_BOARDS):
            return f"Your role ({self.actor.role.label}) cannot plan board meetings."
        if not bc.may_run(self.actor, self.site_code()):
            return f"You plan the meetings of your own office ({self.actor.site_code}) only."
        if self.board is None:
            return f"{self.site_code()} has no board yet: open it on the Board page."
        return ""

    def refresh(self) -> None:
        selected = self.selected_row()
        code = self.site_code()
        rows: list[MeetingRow] = []
        try:
            self.board = boards.board_for_site(self.db, self.actor, code,
                                               today=bc.today()) if code else None
            if self.board is not None:
                rows = meetings.list_meetings(self.db, self.actor, self.board.id)
        except Refused as exc:
            self.board = None
            self.message.say(exc.message, "error")
        self.model.show(rows)
        self.heading.setText(f"<b>{self.board.name}</b>" if self.board else
                             f"{code} has no board yet: open it on the Board page." if code
                             else "There is no Probation and Parole office.")
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.table.selectRow(row)
        elif self.model.rows:
            self.table.selectRow(0)
        self._update()
        self.actions_changed.emit()

    def _update(self) -> None:
        n = len(self.model.rows)
        self.count_label.setText(f"{n} meeting{'s' if n != 1 else ''}" if n else "No meetings")
        self.new_button.setEnabled(not self.new_reason())
        self.new_button.setToolTip(self.new_reason() or "Plan a meeting of the board (Ctrl+N)")
        self.open_button.setEnabled(self.selected_row() is not None)

    def selected_row(self) -> MeetingRow | None:
        row = super().selected_row()
        return row if isinstance(row, MeetingRow) else None

    def create(self) -> None:
        if self.new_reason() or self.board is None:
            return
        dialog = NewMeetingDialog(self.db, self.actor, self.board, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self.refresh()
            self.show_meeting(dialog.saved)

    def open_selected(self) -> MeetingWindow | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            meeting = meetings.get_meeting(self.db, self.actor, row.id, today=bc.today())
        except Refused as exc:
            self.message.say(exc.message, "error")
            self.refresh()
            return None
        return self.show_meeting(meeting)

    def show_meeting(self, meeting: MeetingView) -> MeetingWindow:
        if (row := self.model.row_of(meeting.id)) >= 0:
            self.table.selectRow(row)
        window = MeetingWindow(self.db, self.actor, meeting, parent=self)
        self.window_open = window
        window.exec()
        if window.changed:
            self.refresh()
        return window
