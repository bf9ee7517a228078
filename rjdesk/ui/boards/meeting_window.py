"""One board meeting: its day, time and place; the agenda (the cases heard and why, added from
the office's open cases, or taken off while nothing is decided); the members present, ticked
from the board's members as seen on the meeting's day (one who cannot sit shows why, in red: he
or she can be ticked, but saving says why not, at the list); the quorum; what was decided of
each case (refused without a quorum, at the field); the minutes, and Hold meeting. Print agenda
and Print minutes preview the papers.

Each button is one service call; a refusal shows at its field and nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from rjdesk.domain.boards.enums import CaseStatus, HearingPurpose, MeetingStatus
from rjdesk.domain.boards.rules import QUORUM
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.boards import boards, cases, meetings
from rjdesk.services.boards.boards import MemberView
from rjdesk.services.boards.case_views import CaseRow
from rjdesk.services.boards.meetings import HearingView, MeetingView
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import board_common as bc
from rjdesk.ui.boards.board_common import error_label, print_meeting_paper, quorum_text
from rjdesk.ui.common.forms import FieldErrors, app_icon
from rjdesk.ui.common.widgets import MessageLine

AGENDA_COLUMNS = ("Offender", "DOC", "Case", "Purpose", "Case status", "Decision")
FIELDS = ["case_id", "purpose", "present", "decision", "minutes"]
STATUS_TONES = {MeetingStatus.PLANNED: "info", MeetingStatus.HELD: "ok",
                MeetingStatus.CANCELLED: "error"}
CLOSED_LABELS = {s.label for s in CaseStatus if s.closed}


class MeetingWindow(QDialog):
    """``changed`` once anything was saved here, so the list reads again."""

    def __init__(self, db: Database, actor: Actor, meeting: MeetingView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.meeting = db, actor, meeting
        self.changed = False
        self.may_run = bc.may_run(actor, meeting.site_code)
        self.open_cases: list[CaseRow] = []
        self.members: list[MemberView] = []
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = MessageLine(self)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.status)
        layout.addLayout(top)
        middle = QHBoxLayout()
        middle.addWidget(self._agenda_box(), 3)
        middle.addWidget(self._present_box(), 2)
        layout.addLayout(middle, 1)
        layout.addWidget(self._minutes_box())
        self.message = MessageLine(self)
        layout.addWidget(self.message)
        form_error = error_label("form")
        layout.addWidget(form_error)
        self.errors = FieldErrors(self, FIELDS, aliases={"held_on": "minutes",
                                                         "status": "minutes"})
        bar = QHBoxLayout()
        self.print_agenda_button = QPushButton("Print &agenda…", self)
        self.print_agenda_button.clicked.connect(lambda: self.print_paper("agenda"))
        self.print_minutes_button = QPushButton("Print mi&nutes…", self)
        self.print_minutes_button.clicked.connect(lambda: self.print_paper("minutes"))
        for button in (self.print_agenda_button, self.print_minutes_button):
            button.setVisible(actor.may(Permission.PRINT_PEOPLE))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bar.addWidget(self.print_agenda_button)
        bar.addWidget(self.print_minutes_button)
        bar.addStretch(1)
        bar.addWidget(close)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Print, self, lambda: self.print_paper("agenda"))
        for button in self.findChildren(QPushButton):  # Enter acts in its field, never twice
            button.setAutoDefault(False)
        self.load_members()
        self.show_meeting(meeting)
        self.resize(980, 700)

    # -- the parts ---------------------------------------------------------------------------

    def _agenda_box(self) -> QGroupBox:
        box = QGroupBox("A&genda", self)
        column = QVBoxLayout(box)
        self.agenda = QTableWidget(0, len(AGENDA_COLUMNS), box)
        self.agenda.setHorizontalHeaderLabels(AGENDA_COLUMNS)
        self.agenda.verticalHeader().hide()
        self.agenda.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agenda.setWordWrap(False)
        self.agenda.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        bc.fit_columns(self.agenda, {0: "NGUYỄN, Văn An", 1: "0000000", 2: "25BU-CR00000",
                                     3: "Mid-term review", 4: "In progress"}, stretch=5)
        self.agenda.itemSelectionChanged.connect(self._hearing_chosen)
        column.addWidget(self.agenda, 1)
        add_row = QHBoxLayout()
        self.case_choice = QComboBox(box)
        self.case_choice.setObjectName("case_id")
        self.case_choice.setMinimumContentsLength(26)
        self.case_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.case_choice.currentIndexChanged.connect(self._case_chosen)
        self.purpose = QComboBox(box)
        self.purpose.setObjectName("purpose")
        for purpose in HearingPurpose:
            self.purpose.addItem(purpose.label, purpose.value)
        self.add_button = QPushButton("Add &case", box)
        self.add_button.clicked.connect(self.add_case)
        self.remove_button = QPushButton("&Remove", box)
        self.remove_button.setToolTip("Take the selected case off the agenda (while nothing "
                                      "is decided of it)")
        self.remove_button.clicked.connect(self.remove_case)
        case_label = QLabel("Ca&se", box)
        case_label.setBuddy(self.case_choice)
        add_row.addWidget(case_label)
        add_row.addWidget(self.case_choice, 1)
        add_row.addWidget(self.purpose)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        column.addLayout(add_row)
        column.addWidget(error_label("case_id"))
        column.addWidget(error_label("purpose"))
        decide_row = QHBoxLayout()
        self.decision = QLineEdit(box)
        self.decision.setObjectName("decision")
        self.decision.setMaxLength(4000)
        self.decision.setPlaceholderText("What the board decided of the selected case")
        self.decision.returnPressed.connect(self.record_decision)
        self.decide_button = QPushButton("Record &decision", box)
        self.decide_button.clicked.connect(self.record_decision)
        decision_label = QLabel("D&ecision", box)
        decision_label.setBuddy(self.decision)
        decide_row.addWidget(decision_label)
        decide_row.addWidget(self.decision, 1)
        decide_row.addWidget(self.decide_button)
        column.addLayout(decide_row)
        column.addWidget(error_label("decision"))
        return box

    def _present_box(self) -> QGroupBox:
        box = QGroupBox("&Members present", self)
        column = QVBoxLayout(box)
        self.present = QListWidget(box)
        self.present.setObjectName("present")
        self.present.setWordWrap(True)  # why a member cannot sit, read whole
        self.present.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.present.itemChanged.connect(lambda _item: self._show_quorum())
        column.addWidget(self.present, 1)
        column.addWidget(error_label("present"))
        self.quorum = QLabel(box)
        self.quorum.setWordWrap(True)
        column.addWidget(self.quorum)
        self.attend_button = QPushButton("&Save attendance", box)
        self.attend_button.clicked.connect(self.save_attendance)
        column.addWidget(self.attend_button)
        return box

    def _minutes_box(self) -> QGroupBox:
        box = QGroupBox("Min&utes", self)
        column = QVBoxLayout(box)
        self.minutes = QPlainTextEdit(box)
        self.minutes.setObjectName("minutes")
        self.minutes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.minutes.setTabChangesFocus(True)
        column.addWidget(self.minutes)
        column.addWidget(error_label("minutes"))
        row = QHBoxLayout()
        self.hold_button = QPushButton("&Hold meeting", box)
        self.hold_button.setToolTip("Mark the meeting held and keep its minutes")
        self.hold_button.clicked.connect(self.hold)
        row.addStretch(1)
        row.addWidget(self.hold_button)
        column.addLayout(row)
        return box

    # -- showing -----------------------------------------------------------------------------

    def load_members(self) -> None:
        """The board's members as seen on the meeting's day, and the office's open cases."""
        m = self.meeting
        try:
            self.members = boards.members_on(self.db, self.actor, m.board_id, m.held_on)
            self.open_cases = [c for c in cases.list_cases(self.db, self.actor,
                                                           site_code=m.site_code,
                                                           today=bc.today())
                               if c.status_label not in CLOSED_LABELS] if self.may_run else []
        except Refused as exc:
            self.message.say(exc.message, "error")

    def show_meeting(self, m: MeetingView) -> None:
        self.meeting = m
        self.setWindowTitle(f"Board meeting {us_date(m.held_on)} — RJ Desk")
        place = f", {m.location}" if m.location else ""
        self.heading.setText(f"<span style='font-size: 14pt; font-weight: 700'>"
                             f"{us_date(m.held_on)} at {m.starts_at}{place}</span><br>"
                             f"{m.site_code} — {m.site_name}")
        self.status.say(m.status.label, STATUS_TONES[m.status])
        selected = self.selected_hearing()
        self.agenda.setRowCount(len(m.hearings))
        for row, h in enumerate(m.hearings):
            cells = (h.offender_name, h.doc_number, h.case_number, h.purpose.label,
                     h.case_status.label, h.decision)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, h.case_id)
                if column == 5:
                    item.setToolTip(h.decision)
                self.agenda.setItem(row, column, item)
            if selected is not None and h.case_id == selected.case_id:
                self.agenda.selectRow(row)
        if self.agenda.rowCount() and not self.agenda.selectedItems():
            self.agenda.selectRow(0)
        self._fill_cases()
        self._fill_present()
        self.minutes.setPlainText(m.minutes)
        live = m.status is not MeetingStatus.CANCELLED and self.may_run
        for widget in (self.case_choice, self.purpose, self.add_button):
            widget.setEnabled(live and m.status is MeetingStatus.PLANNED)
        for widget in (self.remove_button, self.decision, self.decide_button,
                       self.attend_button, self.present, self.minutes, self.hold_button):
            widget.setEnabled(live)
        self.hold_button.setText("Save &minutes" if m.status is MeetingStatus.HELD
                                 else "&Hold meeting")
        self.print_minutes_button.setEnabled(m.status is MeetingStatus.HELD)
        self.print_minutes_button.setToolTip(
            "" if m.status is MeetingStatus.HELD else "The minutes print once it is held.")
        self._hearing_chosen()
        self._show_quorum()

    def _fill_cases(self) -> None:
        on_agenda = {h.case_id for h in self.meeting.hearings}
        self.case_choice.blockSignals(True)
        self.case_choice.clear()
        offered = [c for c in self.open_cases if c.id not in on_agenda]
        self.case_choice.addItem("Choose an open case of the office…" if offered else
                                 "No open case of the office is left to add", "")
        for c in offered:
            self.case_choice.addItem(f"{c.offender_name} ({c.doc_number}) — {c.case_number}, "
                                     f"{c.status_label.lower()}", c.id)
        self.case_choice.blockSignals(False)

    def _fill_present(self) -> None:
        here = {p.id for p in self.meeting.present}
        self.present.blockSignals(True)
        self.present.clear()
        for member in self.members:
            text = member.name if member.can_sit else f"{member.name} — {member.problem}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member.id in here
                               else Qt.CheckState.Unchecked)
            if not member.can_sit:
                item.setForeground(QBrush(bc.FLAG_TEXT))
                item.setToolTip(f"{member.name} {member.problem} on "
                                f"{us_date(self.meeting.held_on)}, and cannot sit.")
            self.present.addItem(item)
        if not self.members:
            item = QListWidgetItem("The board has no members yet.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.present.addItem(item)
        self.present.blockSignals(False)

    def ticked(self) -> list[str]:
        return [str(item.data(Qt.ItemDataRole.UserRole)) for i in range(self.present.count())
                if (item := self.present.item(i)).checkState() == Qt.CheckState.Checked]

    def tick(self, member_id: str, present: bool = True) -> bool:
        for i in range(self.present.count()):
            item = self.present.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == member_id:
                item.setCheckState(Qt.CheckState.Checked if present else
                                   Qt.CheckState.Unchecked)
                return True
        return False

    def _show_quorum(self) -> None:
        saved = self.meeting.eligible_present
        text = quorum_text(saved)
        if set(self.ticked()) != {p.id for p in self.meeting.present}:
            text += " (ticks changed: save the attendance)"
        self.quorum.setText(text)
        self.quorum.setStyleSheet("color: #1b5e20;" if self.meeting.quorum else
                                  "color: #7a4f00;")

    def selected_hearing(self) -> HearingView | None:
        rows = self.agenda.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.meeting.hearings):
            return None
        return self.meeting.hearings[rows[0].row()]

    def select_case(self, case_id: str) -> bool:
        for row, h in enumerate(self.meeting.hearings):
            if h.case_id == case_id:
                self.agenda.selectRow(row)
                return True
        return False

    def _hearing_chosen(self) -> None:
        hearing = self.selected_hearing()
        self.decision.setText(hearing.decision if hearing else "")
        self.remove_button.setEnabled(self.may_run and hearing is not None and
                                      not hearing.decision and
                                      self.meeting.status is MeetingStatus.PLANNED)

    def _case_chosen(self) -> None:
        chosen = next((c for c in self.open_cases
                       if c.id == self.case_choice.currentData()), None)
        if chosen is not None:
            purpose = HearingPurpose.FIRST if chosen.status_label in (
                CaseStatus.REFERRED.label, CaseStatus.SCHEDULED.label) \
                else HearingPurpose.MID_TERM
            self.purpose.setCurrentIndex(self.purpose.findData(purpose.value))

    # -- actions -----------------------------------------------------------------------------

    def _act(self, call: Callable[[], MeetingView], done: str) -> bool:
        try:
            view = call()
        except Refused as exc:
            self.message.clear_message()
            self.errors.show_refusal(exc)
            return False
        self.changed = True
        self.errors.clear()
        self.show_meeting(view)
        self.message.say(done, "ok")
        return True

    def add_case(self) -> None:
        case_id = str(self.case_choice.currentData() or "")
        if not case_id:
            self.errors.show({"case_id": "Choose the case to put on the agenda."})
            return
        purpose = HearingPurpose(self.purpose.currentData())
        name = self.case_choice.currentText().split(" — ")[0]
        if self._act(lambda: meetings.add_to_agenda(self.db, self.actor, self.meeting.id,
                                                    case_id, purpose, today=bc.today()),
                     f"{name} is on the agenda ({purpose.label.lower()})."):
            self.load_members()
            self._fill_cases()
            self.select_case(case_id)

    def remove_case(self) -> None:
        hearing = self.selected_hearing()
        if hearing is None:
            return
        self._act(lambda: meetings.remove_from_agenda(self.db, self.actor, self.meeting.id,
                                                      hearing.case_id, today=bc.today()),
                  f"{hearing.offender_name} is off the agenda.")

    def save_attendance(self) -> None:
        ticked = self.ticked()
        self._act(lambda: meetings.record_attendance(self.db, self.actor, self.meeting.id,
                                                     ticked, today=bc.today()),
                  f"Attendance saved: {len(ticked)} present.")

    def record_decision(self) -> None:
        hearing = self.selected_hearing()
        if hearing is None:
            self.errors.show({"decision": "Select the case on the agenda first."})
            return
        text = self.decision.text()
        if self._act(lambda: meetings.record_decision(self.db, self.actor, self.meeting.id,
                                                      hearing.case_id, text, today=bc.today()),
                     f"Decision recorded for {hearing.offender_name}."):
            self.select_case(hearing.case_id)

    def hold(self) -> None:
        held = self.meeting.status is MeetingStatus.HELD
        text = self.minutes.toPlainText()
        self._act(lambda: meetings.hold_meeting(self.db, self.actor, self.meeting.id, text,
                                                today=bc.today()),
                  "Minutes saved." if held else "The meeting is held; its minutes are kept.")

    def print_paper(self, which: str) -> None:
        """The agenda or the minutes, previewed to print; a refusal on the message line."""
        if self.actor.may(Permission.PRINT_PEOPLE):
            print_meeting_paper(self, self.db, self.actor, self.meeting, which,
                                lambda text: self.message.say(text, "error"))
