"""The audit log: who did what to which record, newest first, a page at a time — narrowed by
person, user, site, kind of record, dates and words, in plain words, exported for an
investigator and printed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rjdesk.domain.core.formats import us_date
from rjdesk.services.admin import audit_log
from rjdesk.services.admin.audit_log import AuditFilter, AuditRow
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.common.jobs import Job, Progress, report_error, run_job
from rjdesk.ui.common.list_page import ListPage, size_columns
from rjdesk.ui.common.table_model import PagedRowsModel
from rjdesk.ui.common.widgets import MessageLine, print_to_preview

PAGE = 200
COLUMNS = ("When", "User", "Site", "Action", "Record", "What")
SPREADSHEETS = "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"


def local_time(at: datetime) -> str:
    """Events are stored in UTC; people read them in the workstation's time, to the second."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    local = at.astimezone()
    return f"{us_date(local)} {local:%H:%M:%S}"


class AuditTableModel(PagedRowsModel):
    """Events loaded so far, newest first, and where the next (older) page starts."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, *, page_size: int = PAGE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.page_size = db, actor, page_size
        self.rows: list[AuditRow] = []
        self.where = AuditFilter()

    def cell(self, row: AuditRow, column: int, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (local_time(row.at), row.username, row.site_code, row.action_words,
                    row.entity_words, row.summary)[column]
        return None

    def fetch_page(self, cursor: tuple[datetime, str] | None,
                   ) -> tuple[list, tuple[datetime, str] | None]:
        return audit_log.list_events(self.db, self.actor, where=self.where, before=cursor,
                                     limit=self.page_size)


def _labelled(parent: QWidget, row: QHBoxLayout, text: str, widget: QWidget) -> None:
    label = QLabel(text, parent)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)


class AuditPage(ListPage):
    """Every change, sign-in and view of victim information, newest first."""

    title = "Audit log"
    model: AuditTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, AuditTableModel(db, actor), parent,
                         search_hint="Words in the event: a name, a class…",
                         intro="Every change, sign-in and view of victim information, newest "
                               "first.")
        assert self.search is not None
        self.person = QLineEdit(self)
        self.person.setPlaceholderText("DOC number")
        self.user = QLineEdit(self)
        self.user.setPlaceholderText("user name")
        self.site_filter = QComboBox(self)
        self.site_filter.addItem("All sites", None)
        for site in sites.list_sites(db):
            self.site_filter.addItem(site.code, site.id)
        self.kind = QComboBox(self)
        self.kind.addItem("All kinds", None)
        for kind in audit_log.KINDS:
            self.kind.addItem(audit_log.words(kind), kind)
        self.since, self.until = QLineEdit(self), QLineEdit(self)
        for box in (self.person, self.user, self.since, self.until):
            box.setClearButtonEnabled(True)
            box.editingFinished.connect(self._changed)
        for box in (self.since, self.until):
            box.setPlaceholderText("MM/DD/YYYY")
            box.setMaximumWidth(box.fontMetrics().averageCharWidth() * 14 + 30)
        self.person.setMaximumWidth(self.person.fontMetrics().averageCharWidth() * 14 + 30)
        self.site_filter.currentIndexChanged.connect(self._changed)
        self.kind.currentIndexChanged.connect(self._changed)
        self.header.addWidget(self.search, 1)
        _labelled(self, self.header, "&Person", self.person)
        _labelled(self, self.header, "&User", self.user)
        second = QHBoxLayout()
        _labelled(self, second, "&Site", self.site_filter)
        _labelled(self, second, "&Kind", self.kind)
        _labelled(self, second, "&From", self.since)
        _labelled(self, second, "T&o", self.until)
        second.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, second)  # the second row of filters, under the first
        size_columns(self.table, {0: 20, 1: 12, 2: 7, 3: 20, 4: 16}, stretch=5)
        self.message = MessageLine(self)
        self.export_job: Job[int] | None = None
        refresh = QPushButton("&Refresh", self)
        refresh.setToolTip("Show the newest events (F5)")
        refresh.clicked.connect(self.refresh)
        self.export_button = QPushButton("E&xport…", self)
        self.export_button.setToolTip("Save the events shown to an Excel or CSV file")
        self.export_button.clicked.connect(self.export_log)
        self.print_button = QPushButton("&Print…", self)
        self.print_button.setToolTip("Print the events shown (Ctrl+P)")
        self.print_button.clicked.connect(self.print_page)
        self.add_actions(refresh, message=self.message,
                         trailing=(self.export_button, self.print_button))
        self.model.modelReset.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.refresh()

    def _update(self) -> None:
        more = "" if self.model.canFetchMore() else " (all)"
        self.count_label.setText(f"Showing {len(self.model.rows):,} events{more}")

    def filter_now(self) -> AuditFilter | None:
        """What the filters say, or None (and the reason said at the page) when one is wrong."""
        try:
            doc = self.person.text().strip()
            return AuditFilter(
                person_id=audit_log.person_by_doc(self.db, self.actor, doc) if doc else None,
                username=self.user.text().strip() or None,
                site_id=self.site_filter.currentData(), kind=self.kind.currentData(),
                since=audit_log.parse_day(self.since.text(), "since"),
                until=audit_log.parse_day(self.until.text(), "until"),
                text=self.search.text() if self.search else "")
        except Refused as exc:
            self.message.say(exc.message, "error")
            return None

    def _changed(self) -> None:
        self.apply_filter()

    def apply_filter(self) -> None:
        super().apply_filter()
        where = self.filter_now()
        if where is None:
            return
        try:
            where.check()
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self.message.clear_message()
        self.model.where = where
        self.refresh()

    def refresh(self) -> None:
        self.model.refresh()
        self.model.fetchMore()
        self._update()  # an empty page inserts no rows, yet its count is all there is

    def new_reason(self) -> str:
        return "Audit events are written by the program, not added by hand."

    def print_reason(self) -> str:
        return "" if self.model.rows else "No events match; there is nothing to print."

    def print_page(self) -> None:
        """Print the events the filters select into a PDF off the GUI thread, then preview."""
        if self.print_reason():
            QMessageBox.information(self, "RJ Desk", self.print_reason())
            return
        db, actor, where = self.db, self.actor, self.model.where

        def work(out: Path, _progress: Callable[[int, int], None]) -> int:
            return audit_log.print_events(db, actor, out, where)

        print_to_preview(self, work, label="Printing the audit log…", title="Audit log",
                         prefix="audit", on_error=self._failed)

    def export_log(self) -> Job[int] | None:
        """Ask where, then write the events the filters select off the GUI thread."""
        if not self.model.rows:
            self.message.say("No events match; there is nothing to export.", "error")
            return None
        name = f"audit-log-{datetime.now():%Y-%m-%d}.xlsx"
        target, chosen = QFileDialog.getSaveFileName(self, "Export the audit log",
                                                     str(Path.home() / name), SPREADSHEETS)
        if not target:
            return None
        path = Path(target)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + (".csv" if "*.csv" in chosen else ".xlsx"))
        return self.export_to(path)

    def export_to(self, path: Path) -> Job[int]:
        db, actor, where = self.db, self.actor, self.model.where

        def run(_progress: Progress) -> int:
            return audit_log.export_events(db, actor, path, where)

        def done(count: int) -> None:
            self.message.say(f"Exported {count:,} events to {path}.", "ok")

        self.export_job = run_job(self, run, on_done=done, on_error=self._failed,
                                  label="Exporting the audit log…", cancellable=False)
        return self.export_job

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Refused):
            self.message.say(exc.message, "error")
        elif isinstance(exc, OSError):
            where = f" to {exc.filename}" if exc.filename else ""
            self.message.say(f"The file could not be written{where}: {exc.strerror or exc}.",
                             "error")
        else:
            report_error(self, exc)
