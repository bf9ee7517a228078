"""The Items and stock page: what a site's projects made, and what of it is on hand.

A shortfall (more went out than was made, which two workstations delivering from one stock
offline can cause) is shown in red with what to do about it, never as a negative stock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.reparative import items, projects
from rjdesk.services.reparative.items import ProductionView, StockRow
from rjdesk.ui.common.list_page import list_table, site_filter, size_columns
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.reparative.goods_common import RED, qty

STOCK_COLUMNS = ("Site", "Item", "Unit", "Made", "Committed", "On hand", "Shortfall")
PRODUCTION_COLUMNS = ("Date", "Site", "Project", "Item", "Quantity")


def shortfall_text(row: StockRow) -> str:
    """What a shortfall means and what to do, in the coordinator's words."""
    return (f"{row.item_name} at {row.site_code}: delivered {qty(row.shortfall)} more than made "
            f"— two workstations delivered from the same stock offline; record what was made "
            f"or cancel a delivery.")


class StockModel(RowsTableModel):
    columns = STOCK_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[StockRow] = []

    def cell(self, row: StockRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.site_code, row.item_name, row.unit.label, qty(row.made),
                    qty(row.committed), qty(row.on_hand),
                    qty(row.shortfall) if row.shortfall > 0 else "")[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.shortfall > 0:
            if role == Qt.ItemDataRole.ForegroundRole and column in (5, 6):
                return QBrush(QColor(RED))
            if role == Qt.ItemDataRole.ToolTipRole:
                return shortfall_text(row)
        return None


class ProductionModel(RowsTableModel):
    columns = PRODUCTION_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ProductionView] = []
        self.site_codes: dict[str, str] = {}

    def cell(self, row: ProductionView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (us_date(row.day), self.site_codes.get(row.project_id, ""), row.project_name,
                    row.item_name, f"{qty(row.quantity)} {row.unit.label}")[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class StockPage(Page):
    """The stock per item of the chosen site, shortfalls explained, and the latest items
    made; a coordinator records more (New)."""

    title = "Items and stock"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.may_record = actor.may(Permission.RUN_REPARATIVE)
        self.site_choices = sites.list_sites(db)
        self.site_filter = site_filter(self, self.site_choices, actor)
        self.stock_model = StockModel(self)
        self.production_model = ProductionModel(self)
        self.stock_table = list_table(self)
        self.stock_table.setModel(self.stock_model)
        size_columns(self.stock_table, {0: 8, 2: 7, 3: 10, 4: 10, 5: 10, 6: 10}, stretch=1)
        self.production_table = list_table(self)
        self.production_table.setModel(self.production_model)
        size_columns(self.production_table, {0: 11, 1: 8, 3: 24, 4: 14}, stretch=2)
        self.shortfalls = MessageLine(self)
        self.shortfalls.setObjectName("shortfalls")
        self.record_button = QPushButton("&Record items made…", self)
        self.record_button.setToolTip("Record what a project made (Ctrl+N)")
        self.record_button.setVisible(self.may_record)
        self.record_button.clicked.connect(self.create)
        self.message = MessageLine(self)

        header = QHBoxLayout()
        caption = QLabel("&Site:", self)
        caption.setBuddy(self.site_filter)
        header.addWidget(caption)
        header.addWidget(self.site_filter, 1)
        header.addStretch(1)
        header.addWidget(self.record_button)
        top, bottom = QWidget(self), QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>Stock on hand</b> — made, set aside for deliveries "
                                    "not yet out, and what is left", top))
        top_layout.addWidget(self.stock_table, 1)
        top_layout.addWidget(self.shortfalls)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("<b>Items made</b> (newest first)", bottom))
        bottom_layout.addWidget(self.production_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.site_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    @property
    def site_id(self) -> str | None:
        return self.site_filter.currentData()

    def refresh(self) -> None:
        stock = items.stock(self.db, self.actor, self.site_id)
        made = items.list_production(self.db, self.actor, self.site_id)
        self.stock_model.beginResetModel()
        self.stock_model.rows = list(stock)
        self.stock_model.endResetModel()
        self.production_model.beginResetModel()
        self.production_model.rows = list(made)
        self.production_model.site_codes = {
            p.id: p.site_code for p in projects.list_projects(self.db, self.actor, self.site_id)}
        self.production_model.endResetModel()
        short = [shortfall_text(r) for r in stock if r.shortfall > 0]
        if short:
            self.shortfalls.say("Stock shortfall: " + "\n".join(short), "error")
        else:
            self.shortfalls.clear_message()

    def new_reason(self) -> str:
        return "" if self.may_record else (f"Your role ({self.actor.role.label}) cannot record "
                                           f"items made.")

    def create(self) -> None:
        if not self.may_record:
            return
        from rjdesk.ui.reparative.production_dialog import ProductionDialog

        dialog = ProductionDialog(self.db, self.actor, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            made = dialog.saved
            self.refresh()
            self.message.say(f"Recorded {qty(made.quantity)} {made.unit.label} "
                             f"{made.item_name} made by {made.project_name} on "
                             f"{us_date(made.day)}.", "ok")
