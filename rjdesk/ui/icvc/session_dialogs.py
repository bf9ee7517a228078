"""The small forms of the sessions tab: moving a session, and choosing a victim speaker.

Each makes its one service call on OK and keeps the service's refusal under its field, so the
facilitator corrects and tries again without starting over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc.schedule import ClassView, SessionView
from rjdesk.services.icvc.speakers import SpeakerView
from rjdesk.services.volunteers.records import VolunteerRow
from rjdesk.ui.common.forms import (
    ERROR_LABEL_STYLE,
    DateEntryError,
    FieldErrors,
    app_icon,
    parse_us_date,
    us_date,
)
from rjdesk.ui.icvc.common import TimeEntryError, long_date, parse_time, time_text
from rjdesk.ui.people.view import SEARCH_DELAY_MS, list_table, size_columns
from rjdesk.ui.volunteers.view import VolunteersTableModel


def _field(form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
    """A form row with the widget named for the service's field and its message under it."""
    widget.setObjectName(name)
    error = QLabel()
    error.setObjectName(f"{name}_error")
    error.setStyleSheet(ERROR_LABEL_STYLE)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(widget)
    box.addWidget(error)
    caption = QLabel(label)
    caption.setBuddy(widget)
    form.addRow(caption, box)


def _buttons(dialog: QDialog, layout: QVBoxLayout) -> QDialogButtonBox:
    form_error = QLabel()
    form_error.setObjectName("form_error")
    layout.addWidget(form_error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                               QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


class MoveSessionDialog(QDialog):
    """A new date and time for one session; ``act(day, starts, ends)`` makes the change."""

    def __init__(self, session: SessionView, act: Callable[[date, time, time], ClassView],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.act = act
        self.moved: ClassView | None = None
        self.setWindowTitle("Move a session — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(f"{session.label}, now on {long_date(session.held_on)}, "
                       f"{time_text(session.starts_at)}–{time_text(session.ends_at)}.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.held_on = QLineEdit(us_date(session.held_on))
        self.held_on.setPlaceholderText("MM/DD/YYYY")
        self.starts_at = QLineEdit(time_text(session.starts_at))
        self.ends_at = QLineEdit(time_text(session.ends_at))
        _field(form, "&Date", "held_on", self.held_on)
        _field(form, "&Starts", "starts_at", self.starts_at)
        _field(form, "&Ends", "ends_at", self.ends_at)
        layout.addLayout(form)
        _buttons(self, layout)
        self.errors = FieldErrors(self, ["held_on", "starts_at", "ends_at"])
        self.setMinimumWidth(420)

    def accept(self) -> None:
        bad: dict[str, str] = {}
        day = None
        try:
            day = parse_us_date(self.held_on.text())
            if day is None:
                bad["held_on"] = "Enter the new date (MM/DD/YYYY)."
        except DateEntryError as exc:
            bad["held_on"] = str(exc)
        times: dict[str, time] = {}
        for name, edit in (("starts_at", self.starts_at), ("ends_at", self.ends_at)):
            try:
                times[name] = parse_time(edit.text())
            except TimeEntryError as exc:
                bad[name] = str(exc)
        if bad or day is None:
            self.errors.show(bad)
            return
        try:
            self.moved = self.act(day, times["starts_at"], times["ends_at"])
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()


class SpeakerChooser(QDialog):
    """Victim speakers by name, a page at a time; OK books the chosen one through ``act``.

    The list shows each speaker's clearance expiry, and the service decides: an expired
    clearance or a clash with another booking comes back as its message under the list."""

    def __init__(self, db: Database, actor: Actor, site_id: str, session: SessionView,
                 act: Callable[[str], SpeakerView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.act = act
        self.booked: SpeakerView | None = None
        self.setWindowTitle("Book a victim speaker — RJ Desk")
        self.setWindowIcon(app_icon())
        self.model = VolunteersTableModel(db, actor, parent=self)
        self.site_id = site_id
        layout = QVBoxLayout(self)
        intro = QLabel(f"Who speaks at {session.label.lower()}, {long_date(session.held_on)} "
                       f"({time_text(session.starts_at)}–{time_text(session.ends_at)})?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a speaker by name")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.table = list_table(self)
        self.table.setModel(self.model)
        self.table.setObjectName("speaker_list")  # the message goes under it, no outline
        size_columns(self.table, {1: 8, 2: 18, 3: 27, 4: 7}, stretch=0)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        layout.addWidget(self.table, 1)
        error = QLabel()
        error.setObjectName("speaker_error")
        error.setStyleSheet(ERROR_LABEL_STYLE)
        layout.addWidget(error)
        _buttons(self, layout)
        self.errors = FieldErrors(self, ["speaker"])
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.apply_filter()
        self.resize(760, 420)

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.site_id, self.search.text().strip(),
                              VolunteerRole.VICTIM_SPEAKER)
        if self.model.canFetchMore():
            self.model.fetchMore()
        if self.model.rows:
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down:
            self.table.setFocus()
            return True
        return super().eventFilter(watched, event)

    def selected_row(self) -> VolunteerRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def choose(self, volunteer_id: str) -> bool:
        row = next((i for i, r in enumerate(self.model.rows) if r.id == volunteer_id), -1)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def accept(self) -> None:
        row = self.selected_row()
        if row is None:
            self.errors.show({"speaker": "Choose a speaker in the list."})
            return
        try:
            self.booked = self.act(row.id)
        except Refused as exc:
            self.errors.show({"speaker": exc.message})
            return
        super().accept()
