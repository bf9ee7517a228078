"""The sessions tab: the class's schedule, and what is done to one session — move, cancel,
change its topic, book or unbook a victim speaker, print its sign-in sheet."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (QComboBox, QDialog, QGroupBox, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from rjdesk.domain.icvc.enums import CrimeTopic
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import printouts, schedule, speakers
from rjdesk.services.icvc.schedule import ClassView, SessionView
from rjdesk.services.icvc.speakers import SpeakerView
from rjdesk.ui.common.forms import enum_data
from rjdesk.ui.common.list_page import list_table, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine, ReasonDialog, print_to_preview
from rjdesk.ui.icvc.common import GREY, ClassAccess, ClassTab, long_date, time_span
from rjdesk.ui.icvc.session_dialogs import MoveSessionDialog, SpeakerChooser

COLUMNS = ("Session", "Date", "Time", "Topic", "Speakers")


class SessionsModel(RowsTableModel):
    """The sessions of the class; a session's speakers are read the first time its row is
    shown, and kept until the class is read again."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[SessionView] = []
        self._speakers: dict[str, list[SpeakerView]] = {}

    @property
    def sessions(self) -> list[SessionView]:
        return self.rows

    def speakers_of(self, session_id: str) -> list[SpeakerView]:
        if session_id not in self._speakers:
            self._speakers[session_id] = speakers.speakers_of(self.db, self.actor, session_id)
        return self._speakers[session_id]

    def cell(self, s: SessionView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 4:
                return "; ".join(v.name for v in self.speakers_of(s.id))
            first = s.label if not s.cancelled else \
                "Cancelled" + (f": {s.cancel_reason}" if s.cancel_reason else "")
            return (first, long_date(s.held_on), time_span(s.starts_at, s.ends_at),
                    s.topic.label)[column]
        if role == Qt.ItemDataRole.ForegroundRole and s.cancelled:
            return QBrush(GREY)
        if role == Qt.ItemDataRole.ToolTipRole and s.cancelled:
            return f"Cancelled: {s.cancel_reason}" if s.cancel_reason else "Cancelled"
        if role == Qt.ItemDataRole.FontRole and s.cancelled and column in (1, 2):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def set_sessions(self, sessions: list[SessionView]) -> None:
        self.beginResetModel()
        self.rows, self._speakers = sessions, {}
        self.endResetModel()


class SessionsTab(ClassTab):
    def __init__(self, db: Database, actor: Actor, access: ClassAccess,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, access, parent)
        self.model = SessionsModel(db, actor, self)
        self.table = list_table(self)
        self.table.setModel(self.model)
        size_columns(self.table, {0: 22, 1: 16, 2: 20, 3: 30}, stretch=4)
        self.message = MessageLine(self)

        self.topic = QComboBox(self)
        for topic in CrimeTopic:
            self.topic.addItem(topic.label, topic)
        self.topic.activated.connect(lambda _i: self.change_topic())
        topic_label = QLabel("&Topic", self)
        topic_label.setBuddy(self.topic)
        self.speaker_list = QListWidget(self)
        self.speaker_list.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        self.book_button = QPushButton("&Book speaker…", self)
        self.unbook_button = QPushButton("&Unbook", self)
        self.book_button.clicked.connect(self.book_speaker)
        self.unbook_button.clicked.connect(self.unbook_speaker)
        self.move_button = QPushButton("&Move…", self)
        self.cancel_button = QPushButton("Ca&ncel session…", self)
        self.print_button = QPushButton("&Print sign-in sheet…", self)
        self.print_button.setToolTip("The roster of the selected session, with DOC-number "
                                     "barcodes to scan back in")
        self.move_button.clicked.connect(self.move_session)
        self.cancel_button.clicked.connect(self.cancel_session)
        self.print_button.clicked.connect(self.print_sign_in_sheet)
        access.gate(self.move_button, self.cancel_button, self.book_button,
                    self.unbook_button)
        self._tips = {b: b.toolTip() for b in (self.move_button, self.cancel_button,
                                               self.book_button)}
        if not access.may_change:
            self.topic.setEnabled(False)

        self.selected_box = QGroupBox("Selected session", self)
        details = QHBoxLayout(self.selected_box)
        left = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(topic_label)
        row.addWidget(self.topic, 1)
        left.addLayout(row)
        actions = QHBoxLayout()
        for button in (self.move_button, self.cancel_button, self.print_button):
            actions.addWidget(button)
        actions.addStretch(1)
        left.addLayout(actions)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Victim speakers", self))
        right.addWidget(self.speaker_list)
        speaker_buttons = QHBoxLayout()
        speaker_buttons.addWidget(self.book_button)
        speaker_buttons.addWidget(self.unbook_button)
        speaker_buttons.addStretch(1)
        right.addLayout(speaker_buttons)
        details.addLayout(left, 3)
        details.addSpacing(12)
        details.addLayout(right, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.selected_box)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.speaker_list.currentRowChanged.connect(lambda _r: self._update_buttons())

    def show_class(self, cls: ClassView) -> None:
        keep = self.selected_session()
        super().show_class(cls)
        self.model.set_sessions(list(cls.sessions))
        row = self.model.row_of(keep.id) if keep else -1
        if row < 0:
            row = next((i for i, s in enumerate(cls.sessions) if not s.cancelled), 0)
        if self.model.sessions:
            self.table.selectRow(row)
        self._selection_changed()

    def selected_session(self) -> SessionView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.sessions[rows[0].row()] if rows else None

    def select_session(self, session_id: str) -> None:
        self.table.selectRow(self.model.row_of(session_id))

    def _selection_changed(self) -> None:
        s = self.selected_session()
        self.selected_box.setTitle(f"{s.label} — {long_date(s.held_on)}" if s else
                                   "Selected session")
        if s is not None:
            self.topic.setCurrentIndex(self.topic.findData(s.topic))
        self.speaker_list.clear()
        for v in self.model.speakers_of(s.id) if s else []:
            item = QListWidgetItem(v.name)
            item.setData(Qt.ItemDataRole.UserRole, v.volunteer_id)
            self.speaker_list.addItem(item)
        if self.speaker_list.count():
            self.speaker_list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        s = self.selected_session()
        open_session = s is not None and not s.cancelled
        can = self.access.may_change
        state = self.cls.state if self.cls is not None else None
        over = (f"This class is {state.label.lower()}: its sessions stay as they were held."
                if state is not None and state.over else "")
        for button, tip in self._tips.items():  # a finished class is moved and booked no more
            button.setEnabled(can and open_session and not over)
            button.setToolTip(over or tip)
        self.topic.setEnabled(can and s is not None)
        self.unbook_button.setEnabled(can and self.speaker_list.currentItem() is not None)
        self.print_button.setEnabled(open_session)

    # -- actions -----------------------------------------------------------------------------

    def _done(self, text: str, session_id: str) -> None:
        self.changed.emit()  # the window reads the class again and shows it here
        self.select_session(session_id)
        self.message.say(text, "ok")

    def move_session(self) -> None:
        s = self.selected_session()
        if s is None or not self.access.may_change:
            return

        def act(day: date, starts: time, ends: time) -> ClassView:
            return schedule.move_session(self.db, self.actor, s.id, day, starts, ends)

        dialog = MoveSessionDialog(s, act, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.moved is not None:
            moved = next(x for x in dialog.moved.sessions if x.id == s.id)
            self._done(f"Moved to {long_date(moved.held_on)}, "
                       f"{time_span(moved.starts_at, moved.ends_at)}; it is now "
                       f"{moved.label.lower()}.", s.id)

    def cancel_session(self) -> None:
        s = self.selected_session()
        if s is None or not self.access.may_change:
            return
        dialog = ReasonDialog(
            "Cancel a session", f"Cancel {s.label.lower()} on {long_date(s.held_on)}? The "
            "sessions after it are numbered again.",
            lambda reason: schedule.cancel_session(self.db, self.actor, s.id, reason),
            placeholder="for example: lockdown", parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._done(f"The session of {long_date(s.held_on)} is cancelled.", s.id)

    def change_topic(self) -> None:
        s = self.selected_session()
        topic = enum_data(self.topic.currentData(), CrimeTopic)
        if s is None or topic is None or topic is s.topic or not self.access.may_change:
            return
        try:
            schedule.set_topic(self.db, self.actor, s.id, topic)
        except Refused as exc:
            self.topic.setCurrentIndex(self.topic.findData(s.topic))
            self.message.say(exc.message, "error")
            return
        self._done(f"{s.label} is about {topic.label.lower()}.", s.id)

    def book_speaker(self) -> None:
        s = self.selected_session()
        if s is None or self.cls is None or not self.access.may_change:
            return
        dialog = SpeakerChooser(
            self.db, self.actor, self.cls.site_id, s,
            lambda volunteer_id: speakers.book_speaker(self.db, self.actor, s.id, volunteer_id),
            parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.booked is not None:
            self._done(f"{dialog.booked.name} will speak at {s.label.lower()} "
                       f"({long_date(s.held_on)}).", s.id)

    def unbook_speaker(self) -> None:
        s, item = self.selected_session(), self.speaker_list.currentItem()
        if s is None or item is None or not self.access.may_change:
            return
        try:
            speakers.unbook_speaker(self.db, self.actor, s.id,
                                    item.data(Qt.ItemDataRole.UserRole))
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self._done(f"{item.text()} no longer speaks at {s.label.lower()}.", s.id)

    def print_sign_in_sheet(self) -> None:
        s = self.selected_session()
        if s is None or self.cls is None:
            return
        db, actor, session_id = self.db, self.actor, s.id
        print_to_preview(
            self, lambda out, progress: printouts.print_roster(db, actor, session_id, out,
                                                               progress=progress),
            label=f"Printing the sign-in sheet of {s.label.lower()}…",
            title=f"Sign-in sheet — {self.cls.title}, {s.label}", prefix="sign-in")
