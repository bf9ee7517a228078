"""A new delivery: from a site to a recipient, lines of item, project and quantity with what is
on hand beside each. The service checks the stock; a line asking for more than is on hand is
shown at that line, and nothing is saved."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QTableWidget, QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import deliveries, items, projects, recipients
from rjdesk.services.reparative.deliveries import DeliveryInput, DeliveryView, LineInput
from rjdesk.services.reparative.items import ItemTypeView, StockRow
from rjdesk.ui.common.forms import (ERROR_LABEL_STYLE, INVALID_STYLE, DateEntryError,
                                    FieldErrors, app_icon, field_row, ok_cancel,
                                    refusal_messages, parse_us_date)
from rjdesk.ui.reparative.goods_common import RED, parse_quantity, qty, today

LINE_COLUMNS = ("Item", "Project", "Quantity", "On hand")
FIELDS = ["site_code", "recipient_id", "prepared_on", "notes"]  # lines: at each line
_LINE_INDEX = re.compile(r"lines\W*(\d+)")


class NewDeliveryDialog(QDialog):
    """``saved`` is the delivery made, with its slip number."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: DeliveryView | None = None
        self.line_errors: dict[int, str] = {}
        self.stock: dict[str, StockRow] = {}
        self.item_types: list[ItemTypeView] = items.list_item_types(db, actor)
        self.project_choices: list[tuple[str, str]] = []
        self.setWindowTitle("New delivery — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.site = QComboBox()
        for site in sites.list_sites(db):
            self.site.addItem(site.label, site.id)
            self.site.setItemData(self.site.count() - 1, site.code, Qt.ItemDataRole.UserRole + 1)
        self.site.setCurrentIndex(max(0, self.site.findData(actor.site_id)))
        self.site.setEnabled(actor.may(Permission.ALL_SITES))
        self.recipient = QComboBox()
        self.recipient.setEditable(True)
        self.recipient.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.recipient.setMinimumContentsLength(30)
        completer = self.recipient.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        line_edit = self.recipient.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText("Type part of the name")
        self.new_recipient_button = QPushButton("New &recipient…")
        self.new_recipient_button.setVisible(actor.may(Permission.EDIT_RECIPIENTS))
        self.new_recipient_button.clicked.connect(self.new_recipient)
        recipient_row = QWidget()
        row = QHBoxLayout(recipient_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.recipient, 1)
        row.addWidget(self.new_recipient_button)
        self.prepared_on = QLineEdit(us_date(today()))
        self.prepared_on.setPlaceholderText("MM/DD/YYYY")
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(52)
        field_row(form, "&From site", "site_code", self.site)
        field_row(form, "&To", "recipient_id", recipient_row)
        field_row(form, "&Prepared on", "prepared_on", self.prepared_on)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Lines</b> — never more than is on hand", self))
        self.lines = QTableWidget(0, len(LINE_COLUMNS), self)
        self.lines.setObjectName("lines")
        self.lines.setHorizontalHeaderLabels(LINE_COLUMNS)
        self.lines.verticalHeader().hide()
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, self.fontMetrics().averageCharWidth() * 12)
        header.resizeSection(3, self.fontMetrics().horizontalAdvance("99,999.5 on hand") + 16)
        layout.addWidget(self.lines, 1)
        self.lines_error = QLabel(self)
        self.lines_error.setObjectName("lines_error")
        self.lines_error.setStyleSheet(ERROR_LABEL_STYLE)
        self.lines_error.setWordWrap(True)
        layout.addWidget(self.lines_error)
        buttons = QHBoxLayout()
        add = QPushButton("&Add line")
        add.clicked.connect(lambda: self.add_line())
        remove = QPushButton("Re&move line")
        remove.clicked.connect(self.remove_line)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        notes_form = QFormLayout()
        field_row(notes_form, "N&otes", "notes", self.notes)
        layout.addLayout(notes_form)
        self.buttons = ok_cancel(self, layout)
        self.buttons.button(self.buttons.StandardButton.Ok).setText("&Save delivery")
        self.errors = FieldErrors(self, FIELDS, {"recipient": "recipient_id",
                                                 "site": "site_code", "site_id": "site_code"})
        self._fill_recipients()
        self.site.currentIndexChanged.connect(lambda _i: self._site_changed())
        self._site_changed()
        self.add_line()
        self.resize(720, 560)

    # -- choices -----------------------------------------------------------------------------

    def _fill_recipients(self, select_id: str | None = None) -> None:
        self.recipient.clear()
        for r in recipients.list_recipients(self.db, self.actor):
            if r.active:
                self.recipient.addItem(r.display, r.id)
        self.recipient.setCurrentIndex(self.recipient.findData(select_id) if select_id else -1)

    def _site_changed(self) -> None:
        site_id = self.site.currentData()
        self.stock = {row.item_type_id: row for row in items.stock(self.db, self.actor, site_id)}
        self.project_choices = [(p.id, p.name) for p in
                                projects.list_projects(self.db, self.actor, site_id)]
        for line in range(self.lines.rowCount()):
            self._fill_projects(self._combo(line, 1))
            self._show_on_hand(line)

    def _fill_projects(self, combo: QComboBox) -> None:
        current = combo.currentData()
        combo.clear()
        combo.addItem("(any project)", None)
        for project_id, name in self.project_choices:
            combo.addItem(name, project_id)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def new_recipient(self) -> None:
        from rjdesk.ui.reparative.recipient_dialog import RecipientDialog

        dialog = RecipientDialog(self.db, self.actor, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._fill_recipients(dialog.saved.id)

    # -- lines -------------------------------------------------------------------------------

    def _combo(self, line: int, column: int) -> QComboBox:
        widget = self.lines.cellWidget(line, column)
        assert isinstance(widget, QComboBox)
        return widget

    def _quantity(self, line: int) -> QLineEdit:
        widget = self.lines.cellWidget(line, 2)
        assert isinstance(widget, QLineEdit)
        return widget

    def _on_hand_label(self, line: int) -> QLabel:
        widget = self.lines.cellWidget(line, 3)
        assert isinstance(widget, QLabel)
        return widget

    def add_line(self, item_type_id: str | None = None, quantity: str = "",
                 project_id: str | None = None) -> int:
        line = self.lines.rowCount()
        self.lines.insertRow(line)
        item = QComboBox()
        for kind in self.item_types:
            item.addItem(f"{kind.name} ({kind.unit.label})", kind.id)
        item.setCurrentIndex(max(0, item.findData(item_type_id)) if item_type_id else 0)
        project = QComboBox()
        self._fill_projects(project)
        project.setCurrentIndex(max(0, project.findData(project_id)))
        amount = QLineEdit(quantity)
        amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        amount.setPlaceholderText("0")
        on_hand = QLabel()
        on_hand.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        on_hand.setContentsMargins(4, 0, 6, 0)
        on_hand.setAutoFillBackground(True)  # a selected row's colour stays behind it
        for column, widget in enumerate((item, project, amount, on_hand)):
            self.lines.setCellWidget(line, column, widget)
        item.currentIndexChanged.connect(lambda _i, w=item: self._show_on_hand(self._row_of(w)))
        amount.textChanged.connect(lambda _t, w=amount: self._show_on_hand(self._row_of(w)))
        self._show_on_hand(line)
        amount.setFocus()
        return line

    def _row_of(self, widget: QWidget) -> int:
        return next((r for r in range(self.lines.rowCount()) for c in range(4)
                     if self.lines.cellWidget(r, c) is widget), -1)

    def remove_line(self) -> None:
        for line in sorted({i.row() for i in self.lines.selectedIndexes()}, reverse=True):
            self.lines.removeRow(line)

    def _show_on_hand(self, line: int) -> None:
        if line < 0:
            return
        row = self.stock.get(str(self._combo(line, 0).currentData()))
        label = self._on_hand_label(line)
        on_hand = row.on_hand if row is not None else 0.0
        label.setText(f"{qty(on_hand)} on hand")
        wanted = parse_quantity(self._quantity(line).text())
        over = wanted is not None and wanted > on_hand
        label.setStyleSheet(f"color: {RED}; font-weight: 600;" if over else "")
        label.setToolTip("More than is on hand: the delivery will be refused." if over else "")
        self.line_errors.pop(line, None)
        self._quantity(line).setStyleSheet("")

    def _line_inputs(self, bad: dict[str, str]) -> tuple[LineInput, ...]:
        out = []
        for line in range(self.lines.rowCount()):
            text = self._quantity(line).text().strip()
            if not text:
                continue
            quantity = parse_quantity(text)
            if quantity is None:
                bad["lines"] = f"Line {line + 1}: enter the quantity as a number."
                self._mark_line(line, bad["lines"])
                continue
            out.append(LineInput(str(self._combo(line, 0).currentData()),
                                 self._combo(line, 1).currentData(), quantity))
        if not out and "lines" not in bad:
            bad["lines"] = "Add at least one line with an item and a quantity."
        return tuple(out)

    def _mark_line(self, line: int, message: str) -> None:
        self.line_errors[line] = message
        self._quantity(line).setStyleSheet(INVALID_STYLE)
        self._quantity(line).setToolTip(message)

    def _show_line_refusal(self, field: str, message: str) -> None:
        """A line's refusal at its line: by the index in its field, else by the item the
        message names."""
        found = _LINE_INDEX.search(field)
        lines = [int(found.group(1))] if found else [
            line for line in range(self.lines.rowCount())
            if self._combo(line, 0).currentText().split(" (")[0] in message and
            self._quantity(line).text().strip()]
        for line in lines:
            if 0 <= line < self.lines.rowCount():
                self._mark_line(line, message)
        self.lines_error.setText(message)
        self.lines_error.show()

    # -- saving ------------------------------------------------------------------------------

    def accept(self) -> None:
        self.lines_error.clear()
        self.line_errors.clear()
        bad: dict[str, str] = {}
        try:
            prepared = parse_us_date(self.prepared_on.text())
        except DateEntryError as exc:
            prepared, bad["prepared_on"] = None, str(exc)
        if prepared is None and "prepared_on" not in bad:
            bad["prepared_on"] = "Enter the day the delivery was prepared (MM/DD/YYYY)."
        index = self.recipient.findText(self.recipient.currentText())
        recipient_id = self.recipient.itemData(index) if index >= 0 else None
        if recipient_id is None:
            bad["recipient_id"] = "Choose who receives the delivery."
        lines = self._line_inputs(bad)
        if bad:
            self._show(bad)
            return
        assert prepared is not None
        request = DeliveryInput(
            site_code=str(self.site.currentData(Qt.ItemDataRole.UserRole + 1) or ""),
            recipient_id=str(recipient_id), prepared_on=prepared, lines=lines,
            notes=self.notes.toPlainText())
        try:
            self.saved = deliveries.create_delivery(self.db, self.actor, request, today=today())
        except Refused as exc:
            self._show(refusal_messages(exc))
            return
        super().accept()

    def _show(self, messages: dict[str, str]) -> None:
        lines = {f: m for f, m in messages.items() if f.startswith("lines")}
        self.errors.show({f: m for f, m in messages.items() if f not in lines})
        for field, message in lines.items():
            self._show_line_refusal(field, message)
