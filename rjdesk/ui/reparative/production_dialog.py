"""Recording items made: the project, the item (or a new kind of item), the day and how many.
Each is one service call; a refusal stays in the dialog at its field."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.reparative.enums import Unit
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import items, projects
from rjdesk.services.reparative.items import ItemTypeView, ProductionView
from rjdesk.ui.common.forms import (DateEntryError, FieldErrors, app_icon, enum_data, field_row,
                                    ok_cancel, parse_us_date)
from rjdesk.ui.reparative.goods_common import parse_quantity, today

FIELDS = ["project_id", "item_type_id", "day", "quantity"]
ALIASES = {"project": "project_id", "item_type": "item_type_id", "made_on": "day",
           "date": "day"}


def item_label(item: ItemTypeView) -> str:
    return f"{item.name} ({item.unit.label})"


class ItemTypeDialog(QDialog):
    """A new kind of item: its name, its unit, and whether it counts as produce."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: ItemTypeView | None = None
        self.setWindowTitle("New item type — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.name.setPlaceholderText("e.g. Quilt, Birdhouse, Tomatoes")
        self.unit = QComboBox()
        for unit in Unit:
            self.unit.addItem(unit.label, unit.value)
        self.produce = QCheckBox("Garden produce (counts in the pounds and tons of produce)")
        field_row(form, "&Name", "name", self.name)
        field_row(form, "&Counted in", "unit", self.unit)
        form.addRow("", self.produce)
        layout.addLayout(form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, ["name", "unit"])
        self.setMinimumWidth(420)

    def accept(self) -> None:
        unit = enum_data(self.unit.currentData(), Unit) or Unit.EACH
        try:
            self.saved = items.create_item_type(self.db, self.actor, self.name.text(), unit,
                                                produce=self.produce.isChecked())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()


class ProductionDialog(QDialog):
    """Items made by one project on one day; ``saved`` is the day's entry afterwards."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: ProductionView | None = None
        self.setWindowTitle("Record items made — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.project = QComboBox()
        for row in projects.list_projects(db, actor, actor.site_id, active_only=True):
            self.project.addItem(row.name, row.id)
        self.item = QComboBox()
        self.item.setMinimumContentsLength(24)
        self.new_item_button = QPushButton("New item &type…")
        self.new_item_button.clicked.connect(self.new_item_type)
        item_row = QWidget()
        row_layout = QHBoxLayout(item_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.item, 1)
        row_layout.addWidget(self.new_item_button)
        self.day = QLineEdit(us_date(today()))
        self.day.setPlaceholderText("MM/DD/YYYY")
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText("How many (or how many pounds)")
        field_row(form, "&Project", "project_id", self.project)
        field_row(form, "&Item", "item_type_id", item_row)
        field_row(form, "&Date made", "day", self.day)
        field_row(form, "&Quantity", "quantity", self.quantity)
        layout.addLayout(form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, FIELDS, ALIASES)
        self._fill_items()
        if not self.project.count():
            self.errors.show({"project_id": "Your site has no open project: open one on the "
                                            "Projects page first."})
        self.setMinimumWidth(520)

    def _fill_items(self, select_id: str | None = None) -> None:
        self.item.clear()
        for item in items.list_item_types(self.db, self.actor):
            self.item.addItem(item_label(item), item.id)
        if select_id is not None:
            self.item.setCurrentIndex(max(0, self.item.findData(select_id)))

    def new_item_type(self) -> ItemTypeView | None:
        dialog = ItemTypeDialog(self.db, self.actor, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._fill_items(dialog.saved.id)
            return dialog.saved
        return None

    def accept(self) -> None:
        bad: dict[str, str] = {}
        try:
            day = parse_us_date(self.day.text())
        except DateEntryError as exc:
            day, bad["day"] = None, str(exc)
        if day is None and "day" not in bad:
            bad["day"] = "Enter the day the items were made (MM/DD/YYYY)."
        quantity = parse_quantity(self.quantity.text())
        if quantity is None:
            bad["quantity"] = "Enter how many were made, as a number."
        if self.project.currentData() is None:
            bad["project_id"] = "Choose the project that made them."
        if self.item.currentData() is None:
            bad["item_type_id"] = "Choose what was made, or add a new item type."
        if bad:
            self.errors.show(bad)
            return
        assert day is not None and quantity is not None
        try:
            self.saved = items.record_production(
                self.db, self.actor, str(self.project.currentData()),
                str(self.item.currentData()), day, quantity, today=today())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
