"""The crew hours page: a project and a week, the grid of its crew, Add person and Save.

Save is one service call for the whole week, off the GUI thread; when the service refuses
cells, each one turns red with its message, the first gets the focus, and nothing is saved.
What was typed is never lost silently: changing the project or the week, or closing the
window, asks first.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (QComboBox, QDateEdit, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import hours, projects
from rjdesk.services.reparative.hours import CellErrors, SaveResult
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE
from rjdesk.ui.common.jobs import Job, report_error, run_job
from rjdesk.ui.common.list_page import site_filter
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.reparative import crew_common as cc
from rjdesk.ui.reparative.crew_common import hbox
from rjdesk.ui.reparative.hours_grid import FIRST_DAY, HoursGridModel
from rjdesk.ui.reparative.hours_table import HoursTable

LEAVE_QUESTION = "The hours typed on this week are not saved yet. Save them first?"


class HoursPage(Page):
    """A project's crew and one week of their hours."""

    title = "Crew hours"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.may_enter = actor.may(Permission.RUN_REPARATIVE)
        self.monday = cc.week_start(cc.today())
        self.project_id: str | None = None
        self.extra: dict[str, list[str]] = {}  # people added to a project's crew by hand
        self.save_job: Job[SaveResult] | None = None
        self._watched: QWidget | None = None

        self.site_filter = site_filter(self, sites.list_sites(db), actor, 16)
        self.site_id: str | None = self.site_filter.currentData()
        self.project = QComboBox(self)
        self.project.setMinimumContentsLength(20)
        self.project.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.previous_week = QPushButton("◀ &Previous week", self)
        self.next_week = QPushButton("&Next week ▶", self)
        self.this_week = QPushButton("This &week", self)
        self.week_date = QDateEdit(self)
        self.week_date.setCalendarPopup(True)
        self.week_date.setDisplayFormat("MM/dd/yyyy")
        self.week_date.setToolTip("Any day of the week to show")
        self.week_date.setMaximumDate(QDate(cc.today()))
        self.week_label = QLabel(self)
        self.flag = QLabel(self)
        self.flag.setStyleSheet(ERROR_LABEL_STYLE)
        self.flag.setWordWrap(True)
        self.flag.hide()

        self.model = HoursGridModel(self)
        self.table = HoursTable(self)
        self.table.setModel(self.model)
        self.table.pasted.connect(self._pasted)
        self.model.dataChanged.connect(lambda *_: self._update_summary())
        self.model.modelReset.connect(self._update_summary)

        self.person = QLineEdit(self)
        self.person.setPlaceholderText("DOC number or name")
        self.person.setToolTip("Type or scan a DOC number (any way it is written), or type a "
                               "name, then Enter: the person gets a row to type hours in")
        self.person.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.add_button = QPushButton("&Add person", self)
        self.last_crew_button = QPushButton("&Last week's crew", self)
        self.last_crew_button.setToolTip("Add everyone with hours on this project last week")
        self.save_button = QPushButton("&Save", self)
        self.save_button.setToolTip("Save the week's hours (Ctrl+S)")
        self.summary = QLabel(self)
        self.message = MessageLine(self)
        self._lay_out()

        self.person.returnPressed.connect(self.add_person)
        self.add_button.clicked.connect(self.add_person)
        self.last_crew_button.clicked.connect(self.add_last_week_crew)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.previous_week.clicked.connect(lambda: self.go_to_week(self.monday - timedelta(7)))
        self.next_week.clicked.connect(lambda: self.go_to_week(self.monday + timedelta(7)))
        self.this_week.clicked.connect(lambda: self.go_to_week(cc.today()))
        self.week_date.dateChanged.connect(lambda d: self.go_to_week(d.toPython()))
        self.site_filter.currentIndexChanged.connect(self._site_chosen)
        self.project.currentIndexChanged.connect(self._project_chosen)
        for widget in (self.person, self.add_button, self.last_crew_button, self.save_button):
            widget.setVisible(self.may_enter)
        self.load_projects()

    def _lay_out(self) -> None:
        site_label, project_label = QLabel("S&ite", self), QLabel("Pro&ject", self)
        site_label.setBuddy(self.site_filter)
        project_label.setBuddy(self.project)
        layout = QVBoxLayout(self)
        layout.addLayout(hbox(site_label, self.site_filter, project_label, (self.project, 1)))
        layout.addLayout(hbox(self.previous_week, self.week_date, self.next_week,
                              self.this_week, 8, (self.week_label, 1)))
        layout.addWidget(self.flag)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(hbox(self.person, self.add_button, self.last_crew_button, None,
                              self.summary, 12, self.save_button))

    # -- choosing the project and the week ---------------------------------------------------

    def load_projects(self) -> None:
        """The active projects of the chosen site, keeping the one shown if it still is."""
        try:
            rows = projects.list_projects(self.db, self.actor, self.site_filter.currentData(),
                                          active_only=True, today=cc.today())
        except Refused as exc:
            self.message.say(exc.message, "error")
            rows = []
        every_site = self.site_filter.currentData() is None
        self.project.blockSignals(True)
        self.project.clear()
        for row in rows:
            self.project.addItem(f"{row.site_code} — {row.name}" if every_site else row.name,
                                 row.id)
            self.project.setItemData(self.project.count() - 1, row.flag,
                                     Qt.ItemDataRole.UserRole + 1)
        if not rows:
            self.project.addItem("No active projects here", None)
        self.project.setCurrentIndex(max(0, self.project.findData(self.project_id)))
        self.project.blockSignals(False)
        self.project_id = self.project.currentData()
        self.load_grid()

    def _site_chosen(self) -> None:
        if not self.ask_to_leave():
            self.site_filter.blockSignals(True)
            self.site_filter.setCurrentIndex(max(0, self.site_filter.findData(self.site_id)))
            self.site_filter.blockSignals(False)
            return
        self.site_id = self.site_filter.currentData()
        self.load_projects()

    def _project_chosen(self) -> None:
        if self.project.currentData() == self.project_id:
            return
        if not self.ask_to_leave():
            self.project.blockSignals(True)
            self.project.setCurrentIndex(max(0, self.project.findData(self.project_id)))
            self.project.blockSignals(False)
            return
        self.project_id = self.project.currentData()
        self.load_grid()

    def go_to_week(self, day: date) -> None:
        monday = cc.week_start(day)
        if monday == self.monday:
            self._show_week_date()
            return
        if not self.ask_to_leave():
            self._show_week_date()
            return
        self.monday = monday
        self.load_grid()

    def _show_week_date(self) -> None:
        self.week_date.blockSignals(True)
        self.week_date.setDate(QDate(self.monday))
        self.week_date.blockSignals(False)
        self.week_label.setText(cc.week_text(self.monday))
        self.next_week.setEnabled(self.monday + timedelta(7) <= cc.today())

    # -- the grid ------------------------------------------------------------------------------

    def load_grid(self, *, keep_typed: bool = False) -> None:
        """Read the project's week again (``keep_typed``: keep what is not saved yet)."""
        self._show_week_date()
        self.message.clear_message()
        flag = self.project.currentData(Qt.ItemDataRole.UserRole + 1) or ""
        self.flag.setText(flag)
        self.flag.setVisible(bool(flag))
        days = cc.week_days(self.monday)
        if self.project_id is None:
            self.model.show_grid(hours.GridView("", "", "", days, (), {}), editable=False,
                                 today=cc.today())
            self._enable()
            return
        extra = list(self.extra.get(self.project_id, []))
        if keep_typed:
            extra += [m.offender_id for m in self.model.rows if m.offender_id not in extra]
        try:
            grid = hours.load_grid(self.db, self.actor, self.project_id, days,
                                   extra_offender_ids=tuple(extra))
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self.model.show_grid(grid, editable=self.may_enter, today=cc.today(),
                             keep_typed=keep_typed)
        self.table.size_columns()
        self._enable()

    def _enable(self) -> None:
        has_project = self.project_id is not None
        for widget in (self.person, self.add_button, self.last_crew_button, self.save_button):
            widget.setEnabled(has_project and self.save_job is None)

    def _update_summary(self) -> None:
        total, pending = self.model.crew_total()
        people = len(self.model.rows)
        text = f"{people} {'person' if people == 1 else 'people'}, {cc.hours_text(total) or 0} h"
        if pending:
            text += f", {pending} waiting"
        if self.model.has_changes:
            text += " — not saved"
        self.summary.setToolTip(f"{pending} of the entries shown wait for approval"
                                if pending else "")
        self.summary.setText(text)

    def add_person(self) -> None:
        """A DOC number typed or scanned, or a name: his row, to type his hours in."""
        text = self.person.text().strip()
        if not text or self.project_id is None:
            return
        try:
            member = hours.crew_member(self.db, self.actor, text)
        except Refused as exc:
            self.message.say(exc.message, "error")
            self.person.setFocus()
            self.person.selectAll()
            return
        extra = self.extra.setdefault(self.project_id, [])
        if member.offender_id not in extra:
            extra.append(member.offender_id)
        row = self.model.add_member(member)
        self.person.clear()
        self.message.say(f"{member.name} ({member.doc_number}) is on the crew: type his hours.",
                         "ok")
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(row, FIRST_DAY))

    def add_last_week_crew(self) -> None:
        if self.project_id is None:
            return
        try:
            last = hours.load_grid(self.db, self.actor, self.project_id,
                                   cc.week_days(self.monday - timedelta(7)))
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        extra = self.extra.setdefault(self.project_id, [])
        added = [m for m in last.crew if self.model.row_of_offender(m.offender_id) < 0]
        for member in added:
            extra.append(member.offender_id)
            self.model.add_member(member)
        self.message.say(f"{len(added)} of last week's crew added." if added else
                         "Everyone of last week's crew is on this week already.", "info")

    def _pasted(self, taken: int, left_out: int) -> None:
        if left_out:
            self.message.say(f"{taken} values pasted; {left_out} fell outside the grid's open "
                             "days or people and were left out.", "warn")
        else:
            self.message.say(f"{taken} values pasted: Ctrl+S saves them.", "info")

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        """One call of the service for the whole week, off the GUI thread."""
        if self.save_job is not None or self.project_id is None or not self.may_enter:
            return
        self.table.commit_typing()
        if not self.model.has_changes:
            self.message.say("Nothing to save: no hours were changed.", "info")
            return
        unreadable = self.model.unreadable()
        if unreadable:
            self._show_refused(unreadable, "cannot be read")
            return
        cells, project_id, today = self.model.changes(), self.project_id, cc.today()
        self.model.editable = False
        self._enable()
        self.save_job = run_job(
            self, lambda _p: hours.save_grid(self.db, self.actor, project_id, cells,
                                             today=today),
            on_done=self._saved, on_error=self._save_failed, label="Saving the hours…",
            cancellable=False)
        self.save_job.finished.connect(self._save_over)

    def _save_over(self) -> None:
        self.save_job = None
        self.model.editable = self.may_enter
        self._enable()

    def _saved(self, result: SaveResult) -> None:
        self.load_grid()
        parts = [f"Saved {result.saved} {'entry' if result.saved == 1 else 'entries'}"]
        if result.removed:
            parts.append(f"{result.removed} cleared")
        if result.pending:
            parts.append(f"{result.pending} waiting for approval (above the daily amount)")
        self.message.say(", ".join(parts) + ".", "warn" if result.pending else "ok")

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CellErrors):
            self._show_refused({(c.offender_id, c.day): c.message for c in exc.cells},
                               "refused")
        elif isinstance(exc, Refused):
            self.message.say(f"{exc.message} Nothing was saved.", "error")
        else:
            report_error(self, exc)

    def _show_refused(self, errors: dict[tuple[str, date], str], why: str) -> None:
        """Every bad cell red with its message; the first one gets the focus."""
        self.model.set_errors(errors)
        first = min(errors, key=lambda k: (self.model.row_of_offender(k[0]), k[1]))
        n = len(errors)
        self.message.say(f"{n} cell{'s' if n != 1 else ''} {why}, nothing was saved: "
                         f"{errors[first]}", "error")
        self.table.setFocus()
        # the focus frame, not the selection's colour, so the cell's red shows
        self.table.selectionModel().setCurrentIndex(self.model.index_of(*first),
                                                    QItemSelectionModel.SelectionFlag.Clear)

    # -- unsaved changes -----------------------------------------------------------------------

    def ask_to_leave(self) -> bool:
        """True when the week may be left: nothing typed, saved now, or thrown away."""
        self.table.commit_typing()
        if not self.model.has_changes:
            return True
        answer = QMessageBox.question(
            self, "RJ Desk", LEAVE_QUESTION,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard |
            QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Discard:
            self.model.forget_typed()
            return True
        if answer != QMessageBox.StandardButton.Save or self.save_job is not None:
            return False
        unreadable = self.model.unreadable()
        if unreadable:
            self._show_refused(unreadable, "cannot be read")
            return False
        try:
            result = hours.save_grid(self.db, self.actor, self.project_id or "",
                                     self.model.changes(), today=cc.today())
        except Refused as exc:
            self._save_failed(exc)
            return False
        self._saved(result)
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched:
            window.installEventFilter(self)  # closing the window asks about unsaved hours
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Close and \
                not self.ask_to_leave():
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ask_to_leave():
            event.ignore()
            return
        super().closeEvent(event)

    # -- what the main window asks -------------------------------------------------------------

    def print_reason(self) -> str:
        return "An offender's hours statement prints from the command line (print hours-statement)."

    def refresh(self) -> None:
        """Read again, keeping what is typed and not saved yet (a sync may bring hours)."""
        if self.model.has_changes:
            self.load_grid(keep_typed=True)
        else:
            self.load_projects()
