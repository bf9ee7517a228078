"""The court reports page: an office's reports by due date, with how many victims each has —
never who they are —; search by name, DOC number, court or case number; New report… (Ctrl+N)
and Open… (Enter) into the report editor with its victim impact form."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from rjdesk.domain.core.enums import Role, SiteKind
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.boards import court_reports
from rjdesk.services.boards.court_reports import ReportInput, ReportRow, ReportView
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.boards.cases_view import office_filter
from rjdesk.ui.boards.report_editor import ReportEditor
from rjdesk.ui.common.forms import FieldErrors, app_icon, field_row, ok_cancel
from rjdesk.ui.common.list_page import ListPage, size_columns
from rjdesk.ui.common.record_dialog import RecordDialog
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine

COLUMNS = ("DOC", "Name", "Court", "Case number", "Officer", "Due", "Status", "Victims")


class ReportsTableModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[ReportRow] = []

    def cell(self, row: ReportRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.doc_number, row.offender_name, row.court, row.case_number,
                    row.officer_name, us_date(row.due_on), row.status_label,
                    str(row.victims))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def load(self, site_code: str, text: str) -> None:
        rows = court_reports.list_reports(self.db, self.actor, site_code=site_code, text=text)
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class NewReportDialog(RecordDialog):
    """A court report on an offender under supervision; ``saved`` is its view."""

    FIELDS = ["doc_number", "court", "case_number", "due_on", "officer_id"]

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: ReportView | None = None
        self.setWindowTitle("New court report — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText("Type or scan the DOC number")
        self.court = QLineEdit()
        self.court.setPlaceholderText("Such as Cole County Circuit Court")
        self.case_number = QLineEdit()
        self.due_on = QLineEdit()
        self.due_on.setPlaceholderText("MM/DD/YYYY")
        field_row(form, "&DOC number", "doc_number", self.doc_number)
        field_row(form, "&Court", "court", self.court)
        field_row(form, "Case &number", "case_number", self.case_number)
        field_row(form, "D&ue on", "due_on", self.due_on)
        self.officer = QComboBox()
        self.names_officer = actor.role is not Role.PP_OFFICER
        if self.names_officer:
            self.officer.addItem("Choose the officer preparing it", "")
            for site in sites.list_sites(db):
                if site.kind is SiteKind.PP_OFFICE:
                    for o in court_reports.officers(db, actor, site.code):
                        self.officer.addItem(f"{o.name} ({o.site_code})", o.id)
            field_row(form, "&Officer", "officer_id", self.officer)
        layout.addLayout(form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, self.FIELDS)
        self.mark_clean()
        self.setMinimumWidth(520)

    def snapshot(self) -> tuple:
        return (self.doc_number.text(), self.court.text(), self.case_number.text(),
                self.due_on.text(), self.officer.currentData())

    def build_request(self) -> ReportInput | None:
        bad: dict[str, str] = {}
        due = kc.read_date(self.due_on, "due_on", "day the court expects the report", bad)
        if bad:
            self.errors.show(bad)
            return None
        return ReportInput(self.doc_number.text(), self.court.text(), self.case_number.text(),
                           due, str(self.officer.currentData() or "")
                           if self.names_officer else "")

    def submit(self, request: ReportInput) -> ReportView:
        return court_reports.open_report(self.db, self.actor, request, today=kc.today())


class ReportsPage(ListPage):
    title = "Court reports"
    model: ReportsTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, ReportsTableModel(db, actor), parent,
                         search_hint="Name, DOC number, court or case number")
        self.may_edit = actor.may(Permission.EDIT_COURT_REPORTS)
        self.editor: ReportEditor | None = None
        self.office = office_filter(self, db, actor)
        office_label = QLabel("O&ffice", self)
        office_label.setBuddy(self.office)
        assert self.search is not None
        self.header.addWidget(self.search, 1)
        self.header.addSpacing(12)
        self.header.addWidget(office_label)
        self.header.addWidget(self.office)
        size_columns(self.table, {0: 9, 1: 20, 3: 16, 4: 14, 5: 12, 6: 18, 7: 8}, stretch=2)
        self.new_button = QPushButton("&New report…", self)
        self.new_button.setToolTip("Open a court report on an offender under supervision "
                                   "(Ctrl+N)")
        self.new_button.setVisible(self.may_edit)
        self.new_button.clicked.connect(self.create)
        self.open_button = QPushButton("&Open…", self)
        self.open_button.setToolTip("Open the selected report (Enter or double-click)")
        self.open_button.clicked.connect(self.open_selected)
        self.message = MessageLine(self)
        self.add_actions(self.new_button, self.open_button, message=self.message)
        self.office.currentIndexChanged.connect(self.refresh)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()

    def new_reason(self) -> str:
        return "" if self.may_edit else (f"Your role ({self.actor.role.label}) cannot write "
                                         "court reports.")

    def apply_filter(self) -> None:
        super().apply_filter()
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected_row()
        try:
            self.model.load(str(self.office.currentData() or ""),
                            self.search.text() if self.search is not None else "")
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        if selected is None or not self.select_report(selected.id):
            if self.model.rows:
                self.table.selectRow(0)
        self.actions_changed.emit()

    def _update(self) -> None:
        n = len(self.model.rows)
        self.count_label.setText(f"{n} report{'s' if n != 1 else ''}" if n else "No reports")
        self.open_button.setEnabled(self.selected_row() is not None)

    def selected_row(self) -> ReportRow | None:
        row = super().selected_row()
        return row if isinstance(row, ReportRow) else None

    def select_report(self, report_id: str) -> bool:
        row = self.model.row_of(report_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def create(self) -> None:
        if not self.may_edit:
            return
        dialog = NewReportDialog(self.db, self.actor, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            saved = dialog.saved
            if self.office.currentData() not in ("", saved.site_code):
                self.office.setCurrentIndex(max(0, self.office.findData(saved.site_code)))
            self.refresh()
            self.select_report(saved.id)
            self.message.say(f"Court report on {saved.offender_name} opened; add its "
                             "victims.", "ok")
            self.open_report(saved)

    def open_selected(self) -> ReportEditor | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            view = court_reports.get_report(self.db, self.actor, row.id)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.refresh()
            return None
        return self.open_report(view)

    def open_report(self, view: ReportView) -> ReportEditor:
        editor = ReportEditor(self.db, self.actor, view, parent=self)
        self.editor = editor
        editor.exec()
        if editor.changed:
            self.refresh()
            self.select_report(view.id)
        return editor
