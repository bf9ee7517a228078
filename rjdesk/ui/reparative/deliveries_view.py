"""The Deliveries page: a site's deliveries newest first, a page at a time, found by recipient
or slip number and status; a slip number typed (or scanned) in "Find slip" opens its delivery.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.reparative.enums import DeliveryStatus
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import deliveries
from rjdesk.services.reparative.deliveries import DeliveryRow, DeliveryView
from rjdesk.ui.common.forms import enum_data
from rjdesk.ui.common.list_page import ListPage, site_filter, size_columns
from rjdesk.ui.common.table_model import PagedRowsModel
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.reparative.delivery_window import DeliveryWindow, may_print_slips, print_slip

PAGE = 200
COLUMNS = ("Slip", "Site", "To", "Status", "Prepared", "Lines")
STATUS_COLOURS = {DeliveryStatus.CANCELLED: "#5f6368", DeliveryStatus.PREPARED: "#1f3a5f"}


def open_delivery(parent: QWidget | None, db: Database, actor: Actor,
                  delivery: DeliveryView) -> bool:
    """Show one delivery for its next step; True when something was saved there."""
    window = DeliveryWindow(db, actor, delivery, parent=parent)
    window.exec()
    return window.changed


def open_slip(parent: QWidget | None, db: Database, actor: Actor, text: str) -> bool | None:
    """Open the delivery of the slip number ``text`` (typed or scanned); None when no
    delivery has it (said in a box), else whether anything was saved."""
    try:
        found = deliveries.find_by_slip(db, actor, text)
    except Refused as exc:
        QMessageBox.warning(parent, "RJ Desk", exc.message)
        return None
    if found is None:
        QMessageBox.information(parent, "RJ Desk",
                                f"No delivery has the slip number {text.strip().upper()}.")
        return None
    return open_delivery(parent, db, actor, found)


class DeliveriesModel(PagedRowsModel):
    """Deliveries loaded so far and the keyset cursor of the next page."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, *, page_size: int = PAGE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.page_size = db, actor, page_size
        self.site_id: str | None = actor.default_site_id
        self.status: DeliveryStatus | None = None
        self.query = ""
        self.rows: list[DeliveryRow] = []

    def cell(self, row: DeliveryRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.slip_number, row.site_code, row.recipient_display, row.status.label,
                    us_date(row.prepared_on), str(row.lines))[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and \
                row.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[row.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def fetch_page(self, cursor: object) -> tuple[list, object]:
        return deliveries.list_deliveries(self.db, self.actor, self.site_id, status=self.status,
                                          query=self.query, after=cursor, limit=self.page_size)

    def set_filter(self, site_id: str | None, status: DeliveryStatus | None, query: str) -> None:
        self.beginResetModel()
        self.site_id, self.status, self.query = site_id, status, query
        self.start_over()
        self.endResetModel()


class DeliveriesPage(ListPage):
    """Deliveries by site and status; a coordinator makes new ones and moves them on."""

    title = "Deliveries"
    model: DeliveriesModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 page_size: int = PAGE) -> None:
        super().__init__(db, actor, DeliveriesModel(db, actor, page_size=page_size), parent,
                         search_hint="Find by recipient or slip number (Ctrl+F)")
        self.may_run = actor.may(Permission.RUN_REPARATIVE)
        self.site_filter = site_filter(self, sites.list_sites(db), actor, min_chars=18)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem("Any status", None)
        for status in DeliveryStatus:
            self.status_filter.addItem(status.label, status.value)
        self.find_slip = QLineEdit(self)
        self.find_slip.setObjectName("find_slip")
        self.find_slip.setPlaceholderText("Find slip… (type or scan)")
        self.find_slip.setClearButtonEnabled(True)
        self.find_slip.returnPressed.connect(self.find_slip_typed)
        size_columns(self.table, {0: 18, 1: 8, 3: 18, 4: 11, 5: 6}, stretch=2)
        self.new_button = QPushButton("&New delivery…", self)
        self.new_button.setToolTip("Prepare a delivery (Ctrl+N)")
        self.new_button.setVisible(self.may_run)
        self.new_button.clicked.connect(self.create)
        self.open_button = QPushButton("&Open…", self)
        self.open_button.clicked.connect(self.open_selected)
        self.slip_button = QPushButton("&Slip…", self)
        self.slip_button.setToolTip("Preview and print the delivery slip")
        self.slip_button.setVisible(may_print_slips(actor))
        self.slip_button.clicked.connect(self.print_page)
        self.message = MessageLine(self)
        assert self.search is not None
        self.header.addWidget(self.search, 3)
        self.header.addWidget(self.site_filter, 2)
        self.header.addWidget(self.status_filter, 1)
        self.header.addWidget(self.find_slip, 2)
        self.add_actions(self.new_button, self.open_button, self.slip_button,
                         message=self.message)
        self.site_filter.currentIndexChanged.connect(self.apply_filter)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.model.modelReset.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.apply_filter()

    def apply_filter(self) -> None:
        super().apply_filter()
        assert self.search is not None
        self.model.set_filter(self.site_filter.currentData(),
                              enum_data(self.status_filter.currentData(), DeliveryStatus),
                              self.search.text().strip())
        if self.model.canFetchMore():
            self.model.fetchMore()

    def _update(self) -> None:
        n = len(self.model.rows)
        more = "" if self.model.complete else " — scroll for more"
        self.count_label.setText(("No deliveries found" if n == 0 else f"Showing {n:,}") + more)
        selected = self.selected_row() is not None
        self.open_button.setEnabled(selected)
        self.slip_button.setEnabled(selected)
        self.actions_changed.emit()

    def refresh(self) -> None:
        self.apply_filter()

    def selected_row(self) -> DeliveryRow | None:
        row = super().selected_row()
        return row if isinstance(row, DeliveryRow) else None

    def new_reason(self) -> str:
        return "" if self.may_run else (f"Your role ({self.actor.role.label}) cannot prepare "
                                        f"deliveries.")

    def print_reason(self) -> str:
        if not may_print_slips(self.actor):
            return f"Your role ({self.actor.role.label}) cannot print delivery slips."
        return "" if self.selected_row() is not None else "Select a delivery to print its slip."

    def create(self) -> None:
        if not self.may_run:
            return
        from rjdesk.ui.reparative.delivery_dialog import NewDeliveryDialog

        dialog = NewDeliveryDialog(self.db, self.actor, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.apply_filter()
            self.select(dialog.saved.id)
            self.message.say(f"Delivery {dialog.saved.slip_number} prepared for "
                             f"{dialog.saved.recipient.display}.", "ok")

    def select(self, delivery_id: str) -> bool:
        index = self.model.row_of(delivery_id)
        if index >= 0:
            self.table.selectRow(index)
        return index >= 0

    def _delivery(self) -> DeliveryView | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            return deliveries.get_delivery(self.db, self.actor, row.id)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return None

    def open_selected(self) -> None:
        delivery = self._delivery()
        if delivery is not None and open_delivery(self, self.db, self.actor, delivery):
            self.apply_filter()
            self.select(delivery.id)

    def print_page(self) -> None:
        delivery = self._delivery()
        if delivery is not None and may_print_slips(self.actor):
            print_slip(self, self.db, self.actor, delivery)

    def find_slip_typed(self) -> None:
        text = self.find_slip.text().strip()
        if not text:
            return
        self.find_slip.clear()
        if open_slip(self, self.db, self.actor, text):
            self.apply_filter()
