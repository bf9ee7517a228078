"""Expiring credentials: what lapses in the next 30, 60 or 90 days — background checks,
trainings, and victim speakers with no consent or screening on file — red when already expired
or missing, amber within 30 days, with Print for the coordinator's desk and Enter to open the
volunteer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission, reads_all_sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.services.volunteers import expiring
from rjdesk.services.volunteers.expiring import ExpiringItem
from rjdesk.ui.common.forms import app_icon
from rjdesk.ui.common.list_page import list_table, site_filter, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import print_to_preview
from rjdesk.ui.volunteers.marks import BACKGROUND, TEXT

COLUMNS = ("Volunteer", "Site", "Credential", "Expires", "Status")


class ExpiringModel(RowsTableModel):
    columns = COLUMNS

    def cell(self, row: ExpiringItem, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.site_code, row.credential,
                    us_date(row.expires_on) if row.expires_on else "", row.status)[column]
        if row.state in TEXT and column in (3, 4):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(TEXT[row.state])
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(BACKGROUND[row.state])
        return None


class ExpiringDialog(QDialog):
    """The coordinator's list of what expires; ``open_volunteer(id)`` opens a row's record."""

    def __init__(self, db: Database, actor: Actor, site_choices: list[SiteView], *,
                 open_volunteer: Callable[[str], None] | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.today = db, actor, today or date.today()
        self.open_volunteer = open_volunteer
        self.setWindowTitle("Expiring credentials — RJ Desk")
        self.setWindowIcon(app_icon())
        self.site = site_filter(self, site_choices, actor, min_chars=20)
        self.span = QComboBox(self)
        for days in expiring.SPANS:
            self.span.addItem(f"Next {days} days", days)
        self.model = ExpiringModel(self)
        self.table = list_table(self)
        self.table.setModel(self.model)
        size_columns(self.table, {0: 26, 1: 8, 3: 11, 4: 27}, stretch=2)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.count = QLabel(self)
        self.print_button = QPushButton("&Print…", self)
        self.print_button.clicked.connect(self.print_list)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_list)
        self.open_button = QPushButton("&Open volunteer", self)
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setVisible(open_volunteer is not None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        for text, widget in (("&Site:", self.site), ("&Expiring:", self.span)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget, 1)
        legend = QLabel("Red: expired, or a victim speaker's consent or screening missing "
                        "(cannot be booked). Amber: expires within 30 days.", self)
        legend.setWordWrap(True)
        bottom = QHBoxLayout()
        for widget in (self.open_button, self.print_button):
            bottom.addWidget(widget)
        bottom.addWidget(self.count, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(900, 520)
        self.site.currentIndexChanged.connect(self.reload)
        self.span.currentIndexChanged.connect(self.reload)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.reload()

    def reload(self) -> None:
        self.model.beginResetModel()
        try:
            self.model.rows = expiring.list_expiring(self.db, self.actor,
                                                     self.site.currentData(),
                                                     int(self.span.currentData()),
                                                     today=self.today)
        except Refused as exc:
            self.model.rows = []
            QMessageBox.warning(self, "RJ Desk", exc.message)
        self.model.endResetModel()
        rows = self.model.rows
        lapsed = sum(1 for r in rows if r.state in ("expired", "missing"))
        self.count.setText("Nothing expires in that time" if not rows else
                           f"{len(rows):,} {'item' if len(rows) == 1 else 'items'}, "
                           f"{lapsed:,} expired or missing")
        reason = self.print_reason()
        self.print_button.setEnabled(not reason)
        self.print_button.setToolTip(reason or "Print this list (Ctrl+P)")

    def print_reason(self) -> str:
        if not self.actor.may(Permission.PRINT_PEOPLE):
            return f"Your role ({self.actor.role.label}) cannot print volunteer lists."
        site_id = self.site.currentData()
        if site_id != self.actor.site_id and not reads_all_sites(self.actor.role):
            return "You can print the list of your own site only: choose it in Site."
        return ""

    def print_list(self) -> None:
        if self.print_reason():
            return
        db, actor, site_id = self.db, self.actor, self.site.currentData()
        within, today = int(self.span.currentData()), self.today

        def work(out: Path, _progress: Callable[[int, int], None]) -> int:
            return expiring.print_expiring(db, actor, site_id, out, within=within, today=today)

        print_to_preview(self, work, label="Printing the expiring credentials…",
                         title="Expiring credentials", prefix="expiring",
                         on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "RJ Desk", exc.message if isinstance(exc, Refused)
                            else f"The list could not be printed: {exc}")

    def selected(self) -> ExpiringItem | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, ExpiringItem) else None

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None and self.open_volunteer is not None:
            self.open_volunteer(row.volunteer_id)
            self.reload()


