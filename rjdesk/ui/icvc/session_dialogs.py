"""The small forms of the sessions tab: moving a session, and choosing a victim speaker.

Each makes its one service call on OK and keeps the service's refusal under its field, so the
facilitator corrects and tries again without starting over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc.schedule import ClassView, SessionView
from rjdesk.services.icvc.speakers import SpeakerView
from rjdesk.services.volunteers.records import VolunteerRow
from rjdesk.ui.common.chooser import SearchChooser
from rjdesk.ui.common.forms import (DateEntryError, FieldErrors, app_icon, field_row, ok_cancel,
                                    parse_us_date)
from rjdesk.ui.icvc.common import TimeEntryError, long_date, parse_time, time_text
from rjdesk.ui.volunteers.view import VolunteersTableModel


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
        field_row(form, "&Date", "held_on", self.held_on)
        field_row(form, "&Starts", "starts_at", self.starts_at)
        field_row(form, "&Ends", "ends_at", self.ends_at)
        layout.addLayout(form)
        ok_cancel(self, layout)
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


class SpeakerChooser(SearchChooser):
    """Victim speakers by name, a page at a time; OK books the chosen one through ``act``.

    The list shows each speaker's clearance expiry, and the service decides: an expired
    clearance or a clash with another booking comes back as its message under the list."""

    model: VolunteersTableModel

    def __init__(self, db: Database, actor: Actor, site_id: str, session: SessionView,
                 act: Callable[[str], SpeakerView], parent: QWidget | None = None) -> None:
        super().__init__(VolunteersTableModel(db, actor), title="Book a victim speaker",
                         intro=f"Who speaks at {session.label.lower()}, "
                               f"{long_date(session.held_on)} ({time_text(session.starts_at)}"
                               f"–{time_text(session.ends_at)})?",
                         placeholder="Find a speaker by name", field="speaker",
                         list_name="speaker_list", columns={1: 8, 2: 18, 3: 27, 4: 7},
                         stretch=0, parent=parent)
        self.act = act
        self.booked: SpeakerView | None = None
        self.site_id = site_id
        self.apply_filter()
        self.resize(760, 420)

    def restart(self, query: str) -> None:
        self.model.set_filter(self.site_id, query, VolunteerRole.VICTIM_SPEAKER)

    def selected_row(self) -> VolunteerRow | None:
        row = self.selected()
        return row if isinstance(row, VolunteerRow) else None

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
