"""The Recipients page: the organizations (and victims) the products go to, found by name or
abbreviation and type. A victim seen by a role that may not see victims shows as "a victim
(name withheld)" with every field empty: the service withholds it, the page only shows it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QPushButton, QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.reparative.enums import RecipientType
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import recipients
from rjdesk.services.reparative.recipients import RecipientView
from rjdesk.ui.common.forms import enum_data
from rjdesk.ui.common.list_page import ListPage, size_columns
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.reparative.recipient_dialog import MergeDialog, RecipientDialog

COLUMNS = ("Name", "Abbrev.", "Type", "City", "Contact", "Phone", "Active")


class RecipientsModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RecipientView] = []

    def cell(self, row: RecipientView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.abbreviation, row.kind.label, row.city, row.contact_name,
                    row.phone, "Yes" if row.active else "No")[column]
        if role == Qt.ItemDataRole.ForegroundRole and (row.withheld or not row.active):
            return QBrush(QColor("#5f6368"))
        if role == Qt.ItemDataRole.ToolTipRole and row.withheld:
            return "A victim's name and address are shown only to roles that may see victims."
        return None


class RecipientsPage(ListPage):
    """Find recipients by name and type; those who keep the register add, change and merge."""

    title = "Recipients"
    model: RecipientsModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, RecipientsModel(), parent,
                         search_hint="Find a recipient by name or abbreviation (Ctrl+F)")
        self.may_edit = actor.may(Permission.EDIT_RECIPIENTS)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem("Any type", None)
        for kind in RecipientType:
            self.kind_filter.addItem(kind.label, kind.value)
        size_columns(self.table, {1: 9, 2: 20, 3: 14, 4: 18, 5: 14, 6: 6}, stretch=0)
        self.new_button = QPushButton("&New recipient…", self)
        self.new_button.setToolTip("Add a recipient (Ctrl+N)")
        self.new_button.setVisible(self.may_edit)
        self.new_button.clicked.connect(self.create)
        self.edit_button = QPushButton("&Edit…" if self.may_edit else "&Open…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.merge_button = QPushButton("&Merge…", self)
        self.merge_button.setToolTip("Two records of one organization: keep the selected one "
                                     "and move the other's deliveries to it")
        self.merge_button.setVisible(self.may_edit)
        self.merge_button.clicked.connect(self.merge_selected)
        self.message = MessageLine(self)
        assert self.search is not None
        self.header.addWidget(self.search, 3)
        self.header.addWidget(self.kind_filter, 1)
        self.add_actions(self.new_button, self.edit_button, self.merge_button,
                         message=self.message)
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.apply_filter()

    def apply_filter(self) -> None:
        super().apply_filter()
        assert self.search is not None
        kind = enum_data(self.kind_filter.currentData(), RecipientType)
        found = recipients.list_recipients(self.db, self.actor, query=self.search.text().strip(),
                                           kind=kind)
        self.model.beginResetModel()
        self.model.rows = list(found)
        self.model.endResetModel()
        self._update()

    def _update(self) -> None:
        n = len(self.model.rows)
        self.count_label.setText("No recipients found" if n == 0 else f"{n:,} recipients")
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.merge_button.setEnabled(row is not None and not row.withheld and row.active)

    def refresh(self) -> None:
        self.apply_filter()

    def new_reason(self) -> str:
        return "" if self.may_edit else (f"Your role ({self.actor.role.label}) cannot add "
                                         f"recipients.")

    def selected_row(self) -> RecipientView | None:
        row = super().selected_row()
        return row if isinstance(row, RecipientView) else None

    def open_selected(self) -> None:
        self.edit_selected()

    def _after(self, saved: RecipientView | None, text: str) -> None:
        self.apply_filter()
        if saved is not None:
            index = self.model.row_of(saved.id)
            if index >= 0:
                self.table.selectRow(index)
            self.message.say(text.format(saved.display), "ok")

    def create(self) -> None:
        if not self.may_edit:
            return
        dialog = RecipientDialog(self.db, self.actor, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after(dialog.saved, "Saved {}.")

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            recipient = recipients.get_recipient(self.db, self.actor, row.id)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        dialog = RecipientDialog(self.db, self.actor, recipient, read_only=not self.may_edit,
                                 parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None \
                and not dialog.read_only:
            self._after(dialog.saved, "Saved {}.")

    def merge_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.may_edit:
            return
        dialog = MergeDialog(self.db, self.actor, row, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after(dialog.saved, "Merged into {}: every delivery is now theirs.")
