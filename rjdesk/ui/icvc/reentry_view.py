"""The reentry list: people due for release soon who have not completed ICVC, soonest first,
so a facilitator fills the next class with those who have least time left.

A row opens the person (Enter or double-click) or his class (Open class…, or the row's menu);
whoever is due out before his class ends is said so in the status, in the urgent colour. The
list prints (with a preview) and exports as the page shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QDialog, QFileDialog, QLabel, QMenu, QMessageBox, QPushButton,
                               QSpinBox, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.domain.icvc.rules import REENTRY_HORIZON_DAYS, REENTRY_MAX_DAYS
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import completion, export, printouts
from rjdesk.services.icvc.completion import ReentryRow
from rjdesk.services.people import records as people
from rjdesk.ui.common.jobs import Job, Progress, report_error, run_job
from rjdesk.ui.common.list_page import ListPage, site_filter, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine, print_to_preview
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.class_window import ClassWindow
from rjdesk.ui.people.person_dialog import PersonDialog

COLUMNS = ("DOC number", "Name", "Release date", "Days left", "Housing unit", "Current class",
           "Status")
STATUS = 6
URGENT_DAYS = 60
URGENT = QColor("#8c1d18")
SPREADSHEETS = "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"


def status_text(r: ReentryRow) -> str:
    """``Enrolled``, ``Waiting`` or ``Not in a class``; with the class's last day when he is
    released before it: ``Enrolled — ends 02/10/2027, after release``."""
    if r.current_status is None:
        return "Not in a class"
    status = "Waiting" if r.current_status is EnrollmentStatus.WAITLISTED else "Enrolled"
    if r.ends_after_release and r.class_last_day:
        return f"{status} — ends {us_date(r.class_last_day)}, after release"
    return status


def class_dates(r: ReentryRow) -> str:
    return icvc_common.date_span(r.class_first_day, r.class_last_day)


class ReentryTableModel(RowsTableModel):
    """The list as the service orders it: soonest release first."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[ReentryRow] = []

    def load(self, site_id: str | None, within_days: int) -> None:
        rows = completion.reentry_list(self.db, self.actor, site_id, within_days=within_days,
                                       today=icvc_common.today())
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, row_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.offender_id == row_id), -1)

    def cell(self, r: ReentryRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.doc_number, r.name, us_date(r.projected_release_date), str(r.days_left),
                    r.housing_unit, r.current_class, status_text(r))[column]
        if role == Qt.ItemDataRole.ForegroundRole and self.urgent(r, column):
            return QBrush(URGENT)
        if role == Qt.ItemDataRole.ToolTipRole and column in (5, STATUS) and r.class_id:
            if r.ends_after_release:
                return (f"Due for release on {us_date(r.projected_release_date)}; "
                        f"{r.current_class} runs {class_dates(r)}. He leaves before it ends: "
                        "find him an earlier class.")
            return f"{r.current_class}: {class_dates(r)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        return None

    @staticmethod
    def urgent(r: ReentryRow, column: int) -> bool:
        """Little time and no seat (days left and status), or a class he leaves before its
        end (status)."""
        if column == STATUS and r.ends_after_release:
            return True
        return column in (3, STATUS) and r.days_left <= URGENT_DAYS and \
            r.current_status is not EnrollmentStatus.ENROLLED


class ReentryPage(ListPage):
    """Site and horizon (days) filters over the reentry list; a row opens the person or his
    class; the list prints and exports."""

    title = "Reentry list"
    model: ReentryTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, ReentryTableModel(db, actor), parent,
                         intro="People due for release who have not completed ICVC, soonest "
                               "first, with the class they are in or waiting for.")
        self.site_choices = sites.list_sites(db)
        self.site_filter = site_filter(self, self.site_choices, actor, 34)
        self.days = QSpinBox(self)
        self.days.setRange(1, REENTRY_MAX_DAYS)
        self.days.setValue(REENTRY_HORIZON_DAYS)
        self.days.setSuffix(" days")
        self.days.setKeyboardTracking(False)  # typing 365 reads once, not for 3, 36 and 365
        site_label = QLabel("&Site", self)
        site_label.setBuddy(self.site_filter)
        days_label = QLabel("Release &within", self)
        days_label.setBuddy(self.days)
        # the status takes the rest: "Enrolled — ends 02/10/2027, after release"
        size_columns(self.table, {0: 11, 1: 17, 2: 11, 3: 8, 4: 11, 5: 15}, stretch=STATUS)
        self.message = MessageLine(self)
        self.window_open: ClassWindow | None = None
        self.export_job: Job[int] | None = None

        self.person_button = QPushButton("&Open person…", self)
        self.person_button.setToolTip("Open the selected person (Enter or double-click)")
        self.class_button = QPushButton("Open &class…", self)
        self.class_button.setToolTip("Open the class the selected person is in or waiting for")
        self.export_button = QPushButton("E&xport…", self)
        self.print_button = QPushButton("&Print…", self)
        self.person_button.clicked.connect(self.open_selected)
        self.class_button.clicked.connect(self.open_class_of_selected)
        self.export_button.clicked.connect(self.export_list)
        self.print_button.clicked.connect(self.print_page)
        self.export_button.setVisible(actor.may(Permission.EXPORT_PEOPLE))
        self.print_button.setVisible(actor.may(Permission.PRINT_PEOPLE))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)

        self.header.addWidget(site_label)
        self.header.addWidget(self.site_filter)
        self.header.addSpacing(18)
        self.header.addWidget(days_label)
        self.header.addWidget(self.days)
        self.header.addStretch(1)
        self.add_actions(self.person_button, self.class_button, message=self.message,
                         trailing=(self.export_button, self.print_button))
        self.site_filter.currentIndexChanged.connect(self.refresh)
        self.days.valueChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected_row()
        try:
            self.model.load(self.site_filter.currentData(), self.days.value())
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self.message.clear_message()
        if selected is not None and self.model.row_of(selected.offender_id) >= 0:
            self.table.selectRow(self.model.row_of(selected.offender_id))
        elif self.model.rows:
            self.table.selectRow(0)  # Enter opens the soonest without a click first
        rows = self.model.rows
        n = len(rows)
        not_in = sum(1 for r in rows if r.current_status is None)
        leaving = sum(1 for r in rows if r.ends_after_release)
        after = f", {leaving:,} whose class ends after release" if leaving else ""
        self.count_label.setText(f"{n:,} {'person' if n == 1 else 'people'}, {not_in:,} not in "
                                 f"a class{after}" if n else
                                 "No one is due for release without ICVC")
        self._update_buttons()
        self.actions_changed.emit()

    # -- the selected row --------------------------------------------------------------------

    def selected_row(self) -> ReentryRow | None:
        row = super().selected_row()
        return row if isinstance(row, ReentryRow) else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.person_button.setEnabled(row is not None)
        self.class_button.setEnabled(row is not None and row.class_id is not None)
        for button, reason, done in (
                (self.print_button, self.print_reason(), "Print the list as shown (Ctrl+P)"),
                (self.export_button, self.export_reason(),
                 "Save the list as shown to an Excel or CSV file")):
            button.setEnabled(not reason)
            button.setToolTip(reason or done)

    def row_menu(self) -> QMenu:
        """The selected row's menu: the person, or the class he is in."""
        menu = QMenu(self)
        row = self.selected_row()
        person = menu.addAction("Open person…", self.open_selected)
        person.setEnabled(row is not None)
        cls = menu.addAction("Open class…", self.open_class_of_selected)
        cls.setEnabled(row is not None and row.class_id is not None)
        return menu

    def _show_menu(self, at: QPoint) -> None:
        index = self.table.indexAt(at)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        self.row_menu().exec(self.table.viewport().mapToGlobal(at))

    def open_selected(self) -> PersonDialog | None:
        """The person's record, as the People page opens it (read-only without the right to
        change it); the list is read again afterwards: his release date may have changed."""
        row = self.selected_row()
        if row is None:
            return None
        try:
            offender = people.get_offender(self.db, self.actor, row.offender_id)
        except Refused as exc:
            self.message.say(exc.message, "error")
            return None
        dialog = PersonDialog(self.db, self.actor, self.site_choices, offender,
                              read_only=not self.actor.may(Permission.EDIT_OFFENDERS),
                              parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self.refresh()
        return dialog

    def open_class_of_selected(self) -> ClassWindow | None:
        """The class window of the class he is in or waiting for; the list is read again when
        it closes (he may have been enrolled elsewhere, or withdrawn)."""
        row = self.selected_row()
        if row is None or row.class_id is None:
            return None
        shown = self.window_open
        if shown is not None and shown.isVisible() and shown.class_id == row.class_id:
            shown.bring_forward()
            return shown
        try:
            window = ClassWindow(self.db, self.actor, row.class_id, parent=self)
        except Refused as exc:
            self.message.say(exc.message, "error")
            return None
        window.finished.connect(lambda _result: self.refresh())
        self.window_open = window
        window.bring_forward()  # not modal: the main window's menus stay in reach
        return window

    # -- printing and exporting --------------------------------------------------------------

    def new_reason(self) -> str:
        return "Nothing is added on this page; enroll people from a class's roster."

    def _output_reason(self, permission: Permission, verb: str) -> str:
        if not self.actor.may(permission):
            return f"Your role ({self.actor.role.label}) cannot {verb} people lists."
        # only roles that read every site take another site's, or every site's, list away
        if self.actor.output_site_id is not None and \
                self.site_filter.currentData() != self.actor.site_id:
            return (f"Choose your own site ({self.actor.site_code}) in the site list to {verb} "
                    "its reentry list.")
        if not self.model.rows:
            return f"No one is on the list; there is nothing to {verb}."
        return ""

    def print_reason(self) -> str:
        return self._output_reason(Permission.PRINT_PEOPLE, "print")

    def export_reason(self) -> str:
        return self._output_reason(Permission.EXPORT_PEOPLE, "export")

    def _scope(self) -> tuple[str | None, str]:
        """The chosen site's id and the code a file or title names it by."""
        site_id = self.site_filter.currentData()
        code = next((s.code for s in self.site_choices if s.id == site_id), "all-sites")
        return site_id, code

    def print_page(self) -> None:
        """Print the list as shown into a temporary PDF off the GUI thread, then preview it."""
        if self.print_reason():
            QMessageBox.information(self, "RJ Desk", self.print_reason())
            return
        site_id, code = self._scope()
        db, actor, days, today = self.db, self.actor, self.days.value(), icvc_common.today()

        def work(out: Path, progress: Callable[[int, int], None]) -> int:
            return printouts.print_reentry_list(db, actor, site_id, out, within_days=days,
                                                today=today, progress=progress)

        print_to_preview(self, work, label=f"Printing the reentry list of {code}…",
                         title=f"Reentry list {code}", prefix=f"reentry-{code}",
                         on_error=self._failed)

    def export_list(self) -> Job[int] | None:
        """Ask where, then write the list as shown off the GUI thread."""
        if self.export_reason():
            QMessageBox.information(self, "RJ Desk", self.export_reason())
            return None
        _, code = self._scope()
        name = f"reentry-{code}-{icvc_common.today():%Y-%m-%d}.xlsx"
        target, chosen = QFileDialog.getSaveFileName(self, "Export the reentry list",
                                                     str(Path.home() / name), SPREADSHEETS)
        if not target:
            return None
        path = Path(target)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + (".csv" if "*.csv" in chosen else ".xlsx"))
        return self.export_to(path)

    def export_to(self, path: Path) -> Job[int]:
        site_id, _ = self._scope()
        db, actor, days, today = self.db, self.actor, self.days.value(), icvc_common.today()

        def run(_progress: Progress) -> int:
            return export.export_reentry(db, actor, path, site_id=site_id, within_days=days,
                                         today=today)

        def done(count: int) -> None:
            self.message.say(f"Exported {count:,} {'person' if count == 1 else 'people'} to "
                             f"{path}.", "ok")

        self.export_job = run_job(self, run, on_done=done, on_error=self._failed,
                                  label="Exporting the reentry list…", cancellable=False)
        return self.export_job

    def _failed(self, exc: BaseException) -> None:
        """A refusal or a file that cannot be written: said on the page's message line."""
        if isinstance(exc, Refused):
            self.message.say(exc.message, "error")
        elif isinstance(exc, OSError):
            where = f" to {exc.filename}" if exc.filename else ""
            self.message.say(f"The list could not be written{where}: {exc.strerror or exc}.",
                             "error")
        else:
            report_error(self, exc)
