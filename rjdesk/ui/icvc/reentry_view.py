"""The reentry list: people due for release soon who have not completed ICVC, soonest first,
so a facilitator fills the next class with those who have least time left."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.domain.icvc.rules import REENTRY_HORIZON_DAYS, REENTRY_MAX_DAYS
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import completion
from rjdesk.services.icvc.completion import ReentryRow
from rjdesk.ui.common.list_page import ListPage, site_filter, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.icvc import common as icvc_common

COLUMNS = ("DOC number", "Name", "Release date", "Days left", "Housing unit", "Current class",
           "Status")
URGENT_DAYS = 60
URGENT = QColor("#8c1d18")


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

    def cell(self, r: ReentryRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            status = r.current_status.label if r.current_status else "Not in a class"
            if r.current_status is EnrollmentStatus.WAITLISTED:
                status = "Waiting"
            return (r.doc_number, r.name, us_date(r.projected_release_date), str(r.days_left),
                    r.housing_unit, r.current_class, status)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column in (3, 6) and \
                r.days_left <= URGENT_DAYS and r.current_status is not EnrollmentStatus.ENROLLED:
            return QBrush(URGENT)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        return None


class ReentryPage(ListPage):
    """Site and horizon (days) filters over the reentry list."""

    title = "Reentry list"
    model: ReentryTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, ReentryTableModel(db, actor), parent,
                         intro="People due for release who have not completed ICVC, soonest "
                               "first, with the class they are in or waiting for.")
        self.site_filter = site_filter(self, sites.list_sites(db), actor, 34)
        self.days = QSpinBox(self)
        self.days.setRange(1, REENTRY_MAX_DAYS)
        self.days.setValue(REENTRY_HORIZON_DAYS)
        self.days.setSuffix(" days")
        self.days.setKeyboardTracking(False)  # typing 365 reads once, not for 3, 36 and 365
        site_label = QLabel("&Site", self)
        site_label.setBuddy(self.site_filter)
        days_label = QLabel("Release &within", self)
        days_label.setBuddy(self.days)
        size_columns(self.table, {0: 11, 1: 30, 2: 12, 3: 9, 4: 13, 6: 14}, stretch=5)
        self.message = MessageLine(self)
        self.header.addWidget(site_label)
        self.header.addWidget(self.site_filter)
        self.header.addSpacing(18)
        self.header.addWidget(days_label)
        self.header.addWidget(self.days)
        self.header.addStretch(1)
        self.add_actions(message=self.message)
        self.site_filter.currentIndexChanged.connect(self.refresh)
        self.days.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.model.load(self.site_filter.currentData(), self.days.value())
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self.message.clear_message()
        n = len(self.model.rows)
        not_in = sum(1 for r in self.model.rows if r.current_status is None)
        self.count_label.setText(f"{n:,} {'person' if n == 1 else 'people'}, {not_in:,} not in "
                                 "a class" if n else "No one is due for release without ICVC")

    # -- what the main window asks ------------------------------------------------------------

    def new_reason(self) -> str:
        return "Nothing is added on this page; enroll people from a class's roster."

    def print_reason(self) -> str:
        return "There is no printout of the reentry list yet."
