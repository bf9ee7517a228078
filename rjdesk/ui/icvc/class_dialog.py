"""Scheduling a new ICVC class: the class, its meeting days and the days it skips, with the
resulting sessions shown while the facilitator types, so a holiday left in is seen before
saving. Saving is one service call; a refusal stays in the dialog under its field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialogButtonBox,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QTimeEdit,
                               QWidget)

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.sites import SiteView
from rjdesk.services.icvc import schedule
from rjdesk.services.icvc.schedule import ClassInput, ClassView, DayOff
from rjdesk.ui.common.forms import (READ_ONLY_STYLE, DateEntryError, FieldErrors, app_icon, child,
                                    fit_width, load_form, parse_us_date)
from rjdesk.ui.common.record_dialog import RecordDialog
from rjdesk.ui.icvc.common import GREY, long_date

TEXT_FIELDS = ["title", "facilitator", "location", "first_day"]
NUMBER_FIELDS = ["capacity", "sessions_required", "session_count"]
FIELDS = ["title", "facilitator", "location", "site_code", "capacity", "sessions_required",
          "first_day", "weekdays", "session_count", "ends_at", "days_off"]
ALIASES = {"starts_at": "ends_at"}


class NewClassDialog(RecordDialog):
    """A new class at ``site_code`` (a role that works across sites may pick another);
    ``saved`` holds the class afterwards."""

    discard_question = "Close without saving the new class?"

    def __init__(self, db: Database, actor: Actor, site_choices: list[SiteView],
                 site_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: ClassView | None = None
        self.form = load_form("class_dialog", self)
        self.setWindowTitle("New ICVC class — RJ Desk")
        self.setWindowIcon(app_icon())
        self.edits = {name: child(self.form, QLineEdit, name) for name in TEXT_FIELDS}
        self.numbers = {name: child(self.form, QSpinBox, name) for name in NUMBER_FIELDS}
        self.site = child(self.form, QComboBox, "site_code")
        self.excused = child(self.form, QCheckBox, "excused_counts")
        self.weekdays = [child(self.form, QCheckBox, f"weekday_{i}") for i in range(7)]
        self.starts_at = child(self.form, QTimeEdit, "starts_at")
        self.ends_at = child(self.form, QTimeEdit, "ends_at")
        self.days_off = child(self.form, QTableWidget, "days_off")
        self.preview = child(self.form, QListWidget, "preview")
        self.preview_summary = child(self.form, QLabel, "preview_summary")
        self.buttons = child(self.form, QDialogButtonBox, "buttons")
        for site in site_choices:
            self.site.addItem(site.label, site.code)
        self.site.setCurrentIndex(max(0, self.site.findData(site_code)))
        if not actor.may(Permission.ALL_SITES):
            self.site.setEnabled(False)
            self.site.setStyleSheet(READ_ONLY_STYLE)
            self.site.setToolTip("Classes are scheduled at your own site.")
        if actor.role is Role.INSTITUTION_STAFF:  # a facilitator schedules her own class
            self.edits["facilitator"].setText(actor.display_name)
        self._setup_days_off()
        self.errors = FieldErrors(self.form, FIELDS, ALIASES)
        self.edits["first_day"].textChanged.connect(self._weekday_from_first_day)
        for edit in self.edits.values():
            edit.textChanged.connect(self.update_preview)
        for spin in self.numbers.values():
            spin.valueChanged.connect(self.update_preview)
        for box in self.weekdays:
            box.toggled.connect(self.update_preview)
        self.days_off.itemChanged.connect(self.update_preview)
        self.connect_buttons(self.buttons)
        self.mark_clean()
        self.update_preview()
        fit_width(self, 960)

    def _setup_days_off(self) -> None:
        table = self.days_off
        table.setColumnCount(2)
        table.setHorizontalHeaderLabels(("Date", "Reason"))
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.resizeSection(0, table.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeaderItem(0).setToolTip("MM/DD/YYYY")
        child(self.form, QPushButton, "add_day_off").clicked.connect(lambda: self.add_day_off())
        child(self.form, QPushButton, "remove_day_off").clicked.connect(self.remove_day_off)

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().showEvent(event)
        self.edits["title"].setFocus()

    # -- days off ----------------------------------------------------------------------------

    def add_day_off(self, day: str = "", reason: str = "") -> None:
        row = self.days_off.rowCount()
        self.days_off.blockSignals(True)
        self.days_off.insertRow(row)
        self.days_off.setItem(row, 0, QTableWidgetItem(day))
        self.days_off.setItem(row, 1, QTableWidgetItem(reason))
        self.days_off.blockSignals(False)
        if not day:  # typing goes into the date; no highlighted Reason suggests otherwise
            self.days_off.clearSelection()
            self.days_off.setCurrentCell(row, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.days_off.editItem(self.days_off.item(row, 0))
        self.update_preview()

    def remove_day_off(self) -> None:
        rows = {i.row() for i in self.days_off.selectedIndexes()} or \
            ({self.days_off.currentRow()} if self.days_off.currentRow() >= 0 else set())
        for row in sorted(rows, reverse=True):
            self.days_off.removeRow(row)
        self.update_preview()

    def _cell(self, row: int, column: int) -> str:
        item = self.days_off.item(row, column)
        return item.text().strip() if item else ""

    def _read_days_off(self) -> tuple[tuple[DayOff, ...], str]:
        """The days off typed so far, and what is wrong with them ("" when nothing)."""
        found: list[DayOff] = []
        for row in range(self.days_off.rowCount()):
            text, reason = self._cell(row, 0), self._cell(row, 1)
            if not (text or reason):
                continue
            try:
                day = parse_us_date(text)
            except DateEntryError as exc:
                return tuple(found), f"Day off {row + 1}: {exc}"
            if day is None:
                return tuple(found), f"Day off {row + 1}: enter its date (MM/DD/YYYY)."
            found.append(DayOff(day, reason))
        return tuple(found), ""

    # -- the preview -------------------------------------------------------------------------

    def _chosen_weekdays(self) -> frozenset[int]:
        return frozenset(i for i, box in enumerate(self.weekdays) if box.isChecked())

    def _weekday_from_first_day(self) -> None:
        """A whole first day typed before any weekday is ticked ticks its own weekday."""
        try:
            first = parse_us_date(self.edits["first_day"].text())
        except DateEntryError:
            return
        if first is not None and not self._chosen_weekdays():
            self.weekdays[first.weekday()].setChecked(True)

    def update_preview(self) -> None:
        """Show the sessions the class would have, with the days off that fall on its days
        struck through, computed by the same rule the service schedules with."""
        self.preview.clear()
        try:
            first = parse_us_date(self.edits["first_day"].text())
        except DateEntryError:
            first = None
        days, _problem = self._read_days_off()
        weekdays, count = self._chosen_weekdays(), self.numbers["session_count"].value()
        if first is None or not weekdays or not 1 <= count <= schedule.MAX_SESSIONS:
            self.preview_summary.setText("Enter the first day, tick the weekdays and the "
                                         "number of sessions to see the dates.")
            return
        reasons = {d.day: d.reason for d in days}
        dates = schedule.session_dates(first, weekdays, count, set(reasons))
        skipped = [d for d in reasons if first <= d <= dates[-1] and d.weekday() in weekdays]
        entries = [(d, False) for d in dates] + [(d, True) for d in skipped]
        number = 0
        for day, is_skipped in sorted(entries):
            if is_skipped:
                why = f" ({reasons[day]})" if reasons[day] else ""
                item = QListWidgetItem(f"No session — {long_date(day)}{why}")
                font = QFont(self.preview.font())
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(QBrush(GREY))
                item.setToolTip("A day off: skipped")
            else:
                number += 1
                item = QListWidgetItem(f"Session {number} of {count} — {long_date(day)}")
            self.preview.addItem(item)
        note = f", {len(skipped)} day{'s' if len(skipped) != 1 else ''} off skipped" \
            if skipped else ""
        self.preview_summary.setText(f"{count} sessions from {long_date(dates[0])} to "
                                     f"{long_date(dates[-1])}{note}.")

    def preview_lines(self) -> list[str]:
        return [self.preview.item(i).text() for i in range(self.preview.count())]

    # -- saving ------------------------------------------------------------------------------

    def snapshot(self) -> tuple:
        cells = tuple(self._cell(r, c) for r in range(self.days_off.rowCount())
                      for c in range(2))
        return (tuple(e.text() for e in self.edits.values()),
                tuple(s.value() for s in self.numbers.values()), self._chosen_weekdays(),
                self.excused.isChecked(), self.site.currentData(), cells)

    def build_request(self) -> ClassInput | None:
        """The request from the fields, or None after saying what cannot be read."""
        bad: dict[str, str] = {}
        first: date | None = None
        try:
            first = parse_us_date(self.edits["first_day"].text())
        except DateEntryError as exc:
            bad["first_day"] = str(exc)
        else:
            if first is None:
                bad["first_day"] = "Enter the day of the first session (MM/DD/YYYY)."
        days, problem = self._read_days_off()
        if problem:
            bad["days_off"] = problem
        if bad or first is None:
            self.errors.show(bad)
            return None
        return ClassInput(
            site_code=str(self.site.currentData() or ""), title=self.edits["title"].text(),
            facilitator=self.edits["facilitator"].text(),
            capacity=self.numbers["capacity"].value(),
            sessions_required=self.numbers["sessions_required"].value(), first_day=first,
            weekdays=self._chosen_weekdays(),
            session_count=self.numbers["session_count"].value(),
            starts_at=self.starts_at.time().toPython(), ends_at=self.ends_at.time().toPython(),
            location=self.edits["location"].text(), excused_counts=self.excused.isChecked(),
            days_off=days)

    def submit(self, request: ClassInput) -> ClassView:
        return schedule.create_class(self.db, self.actor, request)
