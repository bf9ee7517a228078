"""A supervising volunteer's own hours on a project: who, which day, how many."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import hours
from rjdesk.services.reparative.hours import VolunteerHoursView
from rjdesk.services.reparative.projects import ProjectView
from rjdesk.ui.common.forms import (
    DateEntryError,
    FieldErrors,
    app_icon,
    field_row,
    ok_cancel,
    parse_us_date,
)
from rjdesk.ui.reparative import crew_common as cc


class SupervisorHoursDialog(QDialog):
    """Logs one day of a supervisor's hours on ``project``; ``saved`` afterwards."""

    FIELDS = ("volunteer_id", "day", "hours")

    def __init__(self, db: Database, actor: Actor, project: ProjectView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.project = db, actor, project
        self.saved: VolunteerHoursView | None = None
        self.setWindowTitle(f"Supervisor hours — {project.name} — RJ Desk")
        self.setWindowIcon(app_icon())
        form = QWidget(self)
        rows = QFormLayout(form)
        self.volunteer = QComboBox()
        for s in project.supervisors:
            self.volunteer.addItem(s.name, s.volunteer_id)
        field_row(rows, "&Volunteer", "volunteer_id", self.volunteer)
        self.day = QLineEdit(us_date(cc.today()))
        self.day.setPlaceholderText("MM/DD/YYYY")
        field_row(rows, "&Date", "day", self.day)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("for example 3.5 or 3:30")
        field_row(rows, "&Hours", "hours", self.hours)
        note = QLabel("The volunteers who supervise this project; add one on the project first.")
        note.setWordWrap(True)
        rows.addRow(note)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, self.FIELDS)
        self.setMinimumWidth(420)
        self.hours.setFocus()

    def accept(self) -> None:
        problems: dict[str, str] = {}
        day = None
        try:
            day = parse_us_date(self.day.text())
            if day is None:
                problems["day"] = "Enter the date."
        except DateEntryError as exc:
            problems["day"] = str(exc)
        value: float | None = None
        try:
            value = cc.parse_hours(self.hours.text())
            if value is None:
                problems["hours"] = "Enter the hours, for example 3.5 or 3:30."
        except cc.HoursEntryError as exc:
            problems["hours"] = str(exc)
        if self.volunteer.currentData() is None:
            problems["volunteer_id"] = "This project has no supervising volunteer."
        if problems:
            self.errors.show(problems)
            return
        assert day is not None and value is not None
        try:
            self.saved = hours.log_volunteer_hours(self.db, self.actor,
                                                   str(self.volunteer.currentData()),
                                                   self.project.id, day, value, today=cc.today())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
