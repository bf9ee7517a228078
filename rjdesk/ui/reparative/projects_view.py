"""The reparative projects page: a site's projects with their supervisors, and in red the ones
whose supervisor's background check has expired; New project…, Open… (Enter) and a
supervisor's own hours.

A site has tens of projects, so the service hands over a site's whole list in one read; the
model holds those rows and the dialog reads the project itself when it opens.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QMessageBox, QPushButton, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import projects
from rjdesk.services.reparative.projects import ProjectRow
from rjdesk.ui.common.list_page import ListPage, site_filter, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.reparative import crew_common as cc
from rjdesk.ui.reparative.project_dialog import ProjectDialog
from rjdesk.ui.reparative.supervisor_hours_dialog import SupervisorHoursDialog

COLUMNS = ("Site", "Project", "Category", "State", "Supervisors", "Attention")


class ProjectsTableModel(RowsTableModel):
    """The projects of one site (or every site), as the service lists them."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[ProjectRow] = []

    def cell(self, row: ProjectRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.site_code, row.name, row.category_label,
                    "Active" if row.active else "Closed", row.supervisors or "none",
                    row.flag)[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 5 and row.flag:
                return QBrush(cc.FLAG_TEXT)
            if not row.active or (column == 4 and not row.supervisors):
                return QBrush(cc.GREY)
        if role == Qt.ItemDataRole.ToolTipRole and column in (4, 5):
            return row.flag or row.supervisors or "No supervisor is named for this project."
        return None

    def load(self, site_id: str | None, *, active_only: bool) -> None:
        rows = projects.list_projects(self.db, self.actor, site_id, active_only=active_only,
                                      today=cc.today())
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class ProjectsPage(ListPage):
    """Projects of the chosen site; New project… and Open… (Enter) for the selected one."""

    title = "Reparative projects"
    model: ProjectsTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, ProjectsTableModel(db, actor), parent,
                         intro="A project whose supervisor's background check has expired is "
                               "flagged in red until the check is renewed or he is replaced.")
        self.may_run = actor.may(Permission.RUN_REPARATIVE)
        self.site_choices = sites.list_sites(db)
        self.dialog: ProjectDialog | None = None
        self.site_filter = site_filter(self, self.site_choices, actor, 30)
        site_label = QLabel("&Site", self)
        site_label.setBuddy(self.site_filter)
        self.show_closed = QCheckBox("Show &closed projects", self)
        size_columns(self.table, {0: 6, 1: 24, 2: 24, 3: 6, 4: 22}, stretch=5)
        self.new_button = QPushButton("&New project…", self)
        self.new_button.setToolTip("Open a new project (Ctrl+N)")
        self.new_button.setVisible(self.may_run)
        self.new_button.clicked.connect(self.create)
        self.open_button = QPushButton("&Open…", self)
        self.open_button.setToolTip("Open the selected project (Enter or double-click)")
        self.open_button.clicked.connect(self.open_selected)
        self.hours_button = QPushButton("Supervisor &hours…", self)
        self.hours_button.setToolTip("Log a supervising volunteer's own hours on the selected "
                                     "project")
        self.hours_button.setVisible(self.may_run)
        self.hours_button.clicked.connect(self.log_supervisor_hours)
        self.header.addWidget(site_label)
        self.header.addWidget(self.site_filter)
        self.header.addSpacing(12)
        self.header.addWidget(self.show_closed)
        self.header.addStretch(1)
        self.message = MessageLine(self)
        self.add_actions(self.new_button, self.open_button, self.hours_button,
                         message=self.message)
        self.site_filter.currentIndexChanged.connect(self.refresh)
        self.show_closed.toggled.connect(self.refresh)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()

    # -- what the main window asks ------------------------------------------------------------

    def new_reason(self) -> str:
        return "" if self.may_run else (f"Your role ({self.actor.role.label}) cannot open "
                                        "projects.")

    def refresh(self) -> None:
        selected = self.selected_row()
        try:
            self.model.load(self.site_filter.currentData(),
                            active_only=not self.show_closed.isChecked())
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        if selected is None or not self.select_project(selected.id):
            if self.model.rows:
                self.table.selectRow(0)
        self.actions_changed.emit()

    def _update(self) -> None:
        n = len(self.model.rows)
        flagged = sum(1 for r in self.model.rows if r.flag)
        where = self.site_filter.currentText().split(" — ")[0]
        text = f"{n} project{'s' if n != 1 else ''} ({where})" if n else "No projects"
        if flagged:
            text += f", {flagged} flagged"
        self.count_label.setText(text)
        self.open_button.setEnabled(self.selected_row() is not None)
        self.hours_button.setEnabled(self.selected_row() is not None)

    def selected_row(self) -> ProjectRow | None:
        row = super().selected_row()
        return row if isinstance(row, ProjectRow) else None

    def select_project(self, project_id: str) -> bool:
        row = self.model.row_of(project_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    # -- actions -----------------------------------------------------------------------------

    def home_site_code(self) -> str:
        chosen = self.site_filter.currentData()
        if chosen and (chosen == self.actor.site_id or self.actor.may(Permission.ALL_SITES)):
            return next(s.code for s in self.site_choices if s.id == chosen)
        return self.actor.site_code

    def create(self) -> None:
        if self.may_run:
            self._run(ProjectDialog(self.db, self.actor, self.site_choices,
                                    self.home_site_code(), parent=self))

    def open_selected(self) -> ProjectDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            project = projects.get_project(self.db, self.actor, row.id, today=cc.today())
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.refresh()
            return None
        may_change = self.may_run and (project.site_id == self.actor.site_id or
                                       self.actor.may(Permission.ALL_SITES))
        dialog = ProjectDialog(self.db, self.actor, self.site_choices, project.site_code,
                               project, read_only=not may_change, parent=self)
        self._run(dialog)
        return dialog

    def _run(self, dialog: ProjectDialog) -> None:
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            saved = dialog.saved
            if self.site_filter.currentData() not in (None, saved.site_id):
                self.site_filter.setCurrentIndex(self.site_filter.findData(saved.site_id))
            if not saved.active and not self.show_closed.isChecked():
                self.show_closed.setChecked(True)  # a project just closed stays in sight
            self.refresh()
            self.select_project(saved.id)

    def log_supervisor_hours(self) -> SupervisorHoursDialog | None:
        """A supervising volunteer's own hours on the selected project of this site."""
        row = self.selected_row()
        if row is None or not self.may_run:
            return None
        try:
            project = projects.get_project(self.db, self.actor, row.id, today=cc.today())
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return None
        dialog = SupervisorHoursDialog(self.db, self.actor, project, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            saved = dialog.saved
            self.message.say(f"Logged {cc.hours_text(saved.hours)} h of {saved.name} "
                                    f"on {us_date(saved.day)} on {saved.project_name}.")
        return dialog
