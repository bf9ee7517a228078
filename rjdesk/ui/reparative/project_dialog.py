"""A reparative project: its site, name, category, description, whether it is still open, and
the community volunteers who supervise it.

Only volunteers whose background check is valid today are offered; one already on the project
whose check has since expired stays listed, ticked and flagged in red, so the coordinator sees
it and may keep him while the check is renewed. Saving is one service call; a refusal stays in
the dialog under its field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.reparative.enums import ProjectCategory
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.services.reparative import projects
from rjdesk.services.reparative.projects import ProjectInput, ProjectView, SupervisorView
from rjdesk.ui.common.forms import (ERROR_LABEL_STYLE, READ_ONLY_STYLE, FieldErrors, app_icon,
                                    enum_data, field_row, fit_width)
from rjdesk.ui.common.record_dialog import RecordDialog
from rjdesk.ui.reparative import crew_common as cc

FIELDS = ["site_code", "name", "category", "description", "active", "supervisor_ids"]


def supervisor_text(s: SupervisorView) -> str:
    if not s.cleared:
        expired = us_date(s.background_check_expires) if s.background_check_expires else ""
        return f"{s.name} — background check expired {expired}".rstrip()
    if s.background_check_expires:
        return f"{s.name} — check valid to {us_date(s.background_check_expires)}"
    return f"{s.name} — check valid"


class ProjectDialog(RecordDialog):
    """A new project (``project=None``) or a change to one; ``saved`` holds it afterwards."""

    discard_question = "Close without saving the project?"

    def __init__(self, db: Database, actor: Actor, site_choices: list[SiteView],
                 site_code: str, project: ProjectView | None = None, *,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent, read_only=read_only)
        self.db, self.actor, self.project = db, actor, project
        self.saved: ProjectView | None = None
        self.site_ids = {s.code: s.id for s in site_choices}
        self.setWindowTitle(f"{project.name if project else 'New project'} — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.site = QComboBox()
        for site in site_choices:
            self.site.addItem(site.label, site.code)
        self.site.setCurrentIndex(max(0, self.site.findData(
            project.site_code if project else site_code)))
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.category = QComboBox()
        for category in ProjectCategory:
            self.category.addItem(category.label, category.value)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.active = QCheckBox("Active (untick to close the project)")
        self.supervisors = QListWidget()
        self.supervisors.setMinimumHeight(self.fontMetrics().height() * 6)
        field_row(form, "&Site", "site_code", self.site)
        field_row(form, "&Name", "name", self.name)
        field_row(form, "&Category", "category", self.category)
        field_row(form, "&Description", "description", self.description)
        field_row(form, "State", "active", self.active)
        field_row(form, "S&upervisors", "supervisor_ids", self.supervisors)
        layout.addLayout(form)
        self.supervisors_note = QLabel("Community volunteers of the site whose background check "
                                       "is valid today; tick those who supervise the project.")
        self.supervisors_note.setWordWrap(True)
        layout.addWidget(self.supervisors_note)
        form_error = QLabel()
        form_error.setObjectName("form_error")
        form_error.setStyleSheet(ERROR_LABEL_STYLE)
        layout.addWidget(form_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, FIELDS)
        self.connect_buttons(buttons)

        if project is not None:
            self.name.setText(project.name)
            self.category.setCurrentIndex(self.category.findData(project.category.value))
            self.description.setPlainText(project.description)
            self.active.setChecked(project.active)
        else:
            self.active.setChecked(True)
        self._chosen = {s.volunteer_id for s in project.supervisors} if project else set()
        self.fill_supervisors()
        if project is not None or not actor.may(Permission.ALL_SITES):
            self.site.setEnabled(False)
            self.site.setStyleSheet(READ_ONLY_STYLE)
            self.site.setToolTip("A project stays at its site." if project else
                                 "Projects are opened at your own site.")
        self.site.currentIndexChanged.connect(lambda _i: self.fill_supervisors())
        if read_only:
            for widget in (self.name, self.category, self.description, self.active,
                           self.supervisors):
                widget.setEnabled(False)
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.mark_clean()
        fit_width(self, 560)

    def fill_supervisors(self) -> None:
        """The cleared volunteers of the chosen site, and any on the project who no longer are
        (flagged), each ticked if chosen."""
        if self.offered_ids():
            self._chosen = self.chosen_ids()
        self.supervisors.clear()
        site_id = self.site_ids.get(str(self.site.currentData() or ""))
        try:
            offered = projects.cleared_supervisors(self.db, self.actor, site_id or "",
                                                   today=cc.today()) if site_id else []
        except Refused as exc:
            self.errors.show({"supervisor_ids": exc.message})
            offered = []
        current = [s for s in (self.project.supervisors if self.project else ())
                   if s.volunteer_id not in {o.volunteer_id for o in offered}]
        for supervisor in [*current, *offered]:
            item = QListWidgetItem(supervisor_text(supervisor))
            item.setData(Qt.ItemDataRole.UserRole, supervisor.volunteer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if supervisor.volunteer_id in self._chosen
                               else Qt.CheckState.Unchecked)
            if not supervisor.cleared:
                item.setForeground(QBrush(cc.FLAG_TEXT))
                item.setToolTip("The background check has expired: he may stay on this "
                                "project while it is renewed, but is flagged.")
            self.supervisors.addItem(item)
        if not self.supervisors.count():
            item = QListWidgetItem("No volunteer of this site has a valid background check.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.supervisors.addItem(item)

    def chosen_ids(self) -> set[str]:
        return {str(item.data(Qt.ItemDataRole.UserRole))
                for i in range(self.supervisors.count())
                if (item := self.supervisors.item(i)).checkState() == Qt.CheckState.Checked}

    def choose(self, volunteer_id: str, chosen: bool = True) -> bool:
        """Tick (or untick) a volunteer in the list; False when he is not offered."""
        for i in range(self.supervisors.count()):
            item = self.supervisors.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == volunteer_id:
                item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
                return True
        return False

    def offered_ids(self) -> list[str]:
        return [str(item.data(Qt.ItemDataRole.UserRole)) for i in range(self.supervisors.count())
                if (item := self.supervisors.item(i)).data(Qt.ItemDataRole.UserRole)]

    # -- saving ------------------------------------------------------------------------------

    def snapshot(self) -> tuple:
        return (self.site.currentData(), self.name.text(), self.category.currentData(),
                self.description.toPlainText(), self.active.isChecked(),
                frozenset(self.chosen_ids()))

    def build_request(self) -> ProjectInput:
        category = enum_data(self.category.currentData(), ProjectCategory)
        assert category is not None, "every category is in the list"
        ordered = [v for v in self.offered_ids() if v in self.chosen_ids()]
        return ProjectInput(site_code=str(self.site.currentData() or ""), name=self.name.text(),
                            category=category, description=self.description.toPlainText(),
                            active=self.active.isChecked(), supervisor_ids=tuple(ordered))

    def submit(self, request: ProjectInput) -> ProjectView:
        if self.project is None:
            return projects.create_project(self.db, self.actor, request, today=cc.today())
        return projects.update_project(self.db, self.actor, self.project.id, request,
                                       today=cc.today())
