"""One delivery, opened from the list or by scanning its slip: what goes where, and the next
step of its way — marked delivered (all of it, or what went out of each line), receipt
confirmed (received by, on a day), or cancelled (its stock returns). The slip prints from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.reparative.enums import DeliveryStatus
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import deliveries
from rjdesk.services.reparative.deliveries import DeliveryView
from rjdesk.ui.common.forms import (DateEntryError, FieldErrors, app_icon, field_row,
                                    parse_us_date)
from rjdesk.ui.common.widgets import MessageLine, ReasonDialog, print_to_preview
from rjdesk.ui.reparative.goods_common import parse_quantity, qty, today

LINE_COLUMNS = ("Item", "Project", "Ordered", "Delivered")
FIELDS = ["delivered_on", "delivered_by", "quantities", "received_by", "received_on"]
STATUS_TONES = {DeliveryStatus.PREPARED: "info", DeliveryStatus.DELIVERED: "warn",
                DeliveryStatus.RECEIVED: "ok", DeliveryStatus.CANCELLED: "error"}


def may_print_slips(actor: Actor) -> bool:
    return actor.may(Permission.VIEW_REPARATIVE) and actor.may(Permission.PRINT_PEOPLE)


def print_slip(parent: QWidget, db: Database, actor: Actor, delivery: DeliveryView) -> None:
    """The slip, written off the GUI thread into a temporary PDF, then previewed to print."""
    from rjdesk.services.reparative import printouts

    def work(out: Path, progress: Callable[[int, int], None]) -> int:
        printouts.print_delivery_slip(db, actor, delivery.id, out, progress=progress)
        return 1

    print_to_preview(parent, work, label="Making the delivery slip…",
                     title=f"Delivery slip {delivery.slip_number}", prefix="slip")


class DeliveryWindow(QDialog):
    """``changed`` once anything was saved here, so the list reads again."""

    def __init__(self, db: Database, actor: Actor, delivery: DeliveryView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.delivery = db, actor, delivery
        self.changed = False
        self.may_run = actor.may(Permission.RUN_REPARATIVE)
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = MessageLine(self)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = QTableWidget(0, len(LINE_COLUMNS), self)
        self.lines.setHorizontalHeaderLabels(LINE_COLUMNS)
        self.lines.verticalHeader().hide()
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3):
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * 14)
        self.message = MessageLine(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.facts)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.message)
        layout.addWidget(self._delivered_box())
        layout.addWidget(self._receipt_box())
        self.errors = FieldErrors(self, FIELDS)
        bar = QHBoxLayout()
        self.print_button = QPushButton("&Print slip…", self)
        self.print_button.setVisible(may_print_slips(actor))
        self.print_button.clicked.connect(lambda: print_slip(self, db, actor, self.delivery))
        self.cancel_button = QPushButton("Ca&ncel delivery…", self)
        self.cancel_button.clicked.connect(self.cancel_delivery)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bar.addWidget(self.print_button)
        bar.addWidget(self.cancel_button)
        bar.addStretch(1)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.show_delivery(delivery)
        self.resize(700, 600)

    def _delivered_box(self) -> QGroupBox:
        self.delivered_box = QGroupBox("Mark delivered", self)
        form = QFormLayout(self.delivered_box)
        self.delivered_on = QLineEdit(us_date(today()))
        self.delivered_on.setPlaceholderText("MM/DD/YYYY")
        self.delivered_by = QLineEdit()
        self.delivered_by.setPlaceholderText("Who took it")
        field_row(form, "Delivered &on", "delivered_on", self.delivered_on)
        field_row(form, "Delivered &by", "delivered_by", self.delivered_by)
        hint = QLabel("Part of a line stayed behind? Change its Delivered quantity above.")
        hint.setWordWrap(True)
        quantities_error = QLabel()
        quantities_error.setObjectName("quantities_error")  # a wrong quantity is said here
        self.deliver_button = QPushButton("Mark &delivered", self.delivered_box)
        self.deliver_button.clicked.connect(self.mark_delivered)
        form.addRow(hint)
        form.addRow(quantities_error)
        form.addRow("", self.deliver_button)
        return self.delivered_box

    def _receipt_box(self) -> QGroupBox:
        self.receipt_box = QGroupBox("Confirm receipt", self)
        form = QFormLayout(self.receipt_box)
        self.received_by = QLineEdit()
        self.received_by.setPlaceholderText("The name signed on the slip")
        self.received_on = QLineEdit(us_date(today()))
        self.received_on.setPlaceholderText("MM/DD/YYYY")
        field_row(form, "Received &by", "received_by", self.received_by)
        field_row(form, "Received o&n", "received_on", self.received_on)
        self.receive_button = QPushButton("&Confirm receipt", self.receipt_box)
        self.receive_button.clicked.connect(self.confirm_receipt)
        self.received_by.returnPressed.connect(self.confirm_receipt)
        self.received_on.returnPressed.connect(self.confirm_receipt)
        form.addRow("", self.receive_button)
        return self.receipt_box

    def show_delivery(self, d: DeliveryView) -> None:
        self.delivery = d
        self.setWindowTitle(f"Delivery {d.slip_number} — RJ Desk")
        self.heading.setText(f"<span style='font-size: 16pt; font-weight: 700'>"
                             f"{d.slip_number}</span>")
        self.status.say(d.status.label, STATUS_TONES[d.status])
        facts = [f"<b>From:</b> {d.site_code} — {d.site_name}",
                 f"<b>To:</b> {d.recipient.display}",
                 f"<b>Prepared:</b> {us_date(d.prepared_on)}"]
        if d.delivered_on is not None:
            facts.append(f"<b>Delivered:</b> {us_date(d.delivered_on)} by {d.delivered_by}")
        if d.received_on is not None:
            facts.append(f"<b>Received:</b> {us_date(d.received_on)} by {d.received_by}")
        if d.notes:
            facts.append(f"<b>Notes:</b> {d.notes}")
        self.facts.setText("<br>".join(facts))
        editable = d.status is DeliveryStatus.PREPARED and self.may_run
        self.lines.setRowCount(len(d.lines))
        for row, line in enumerate(d.lines):
            delivered = line.quantity_delivered if line.quantity_delivered is not None \
                else (line.quantity_ordered if editable else None)
            cells = (line.item_name, line.project_name or "", f"{qty(line.quantity_ordered)} "
                     f"{line.unit.label}", qty(delivered))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = item.flags() & ~Qt.ItemFlag.ItemIsEditable
                if column == 3 and editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                self.lines.setItem(row, column, item)
        self.delivered_box.setVisible(editable)
        receivable = d.status is DeliveryStatus.DELIVERED and self.may_run
        self.receipt_box.setVisible(receivable)
        self.cancel_button.setVisible(editable)  # once out, it cannot be called back
        if receivable:
            self.received_by.setFocus()
        elif editable:
            self.delivered_by.setFocus()

    def _date(self, edit: QLineEdit, field: str, bad: dict[str, str]) -> object:
        try:
            found = parse_us_date(edit.text())
        except DateEntryError as exc:
            bad[field] = str(exc)
            return None
        if found is None:
            bad[field] = "Enter the date (MM/DD/YYYY)."
        return found

    def _quantities(self, bad: dict[str, str]) -> dict[str, float] | None:
        out: dict[str, float] = {}
        for row, line in enumerate(self.delivery.lines):
            item = self.lines.item(row, 3)
            value = parse_quantity(item.text() if item is not None else "")
            if value is None:
                bad["quantities"] = f"{line.item_name}: enter the quantity that went out."
                return None
            out[line.id] = value
        same = all(out[line.id] == line.quantity_ordered for line in self.delivery.lines)
        return None if same else out

    def _saved(self, result: object, text: str) -> None:
        self.changed = True
        view = result if isinstance(result, DeliveryView) else \
            deliveries.get_delivery(self.db, self.actor, self.delivery.id)
        self.errors.clear()
        self.show_delivery(view)
        self.message.say(text, "ok")

    def mark_delivered(self) -> None:
        bad: dict[str, str] = {}
        day = self._date(self.delivered_on, "delivered_on", bad)
        quantities = self._quantities(bad)
        if bad:
            self.errors.show(bad)
            return
        try:
            result = deliveries.mark_delivered(
                self.db, self.actor, self.delivery.id, delivered_on=day,
                delivered_by=self.delivered_by.text(), quantities=quantities, today=today())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        self._saved(result, "Marked delivered.")

    def confirm_receipt(self) -> None:
        bad: dict[str, str] = {}
        day = self._date(self.received_on, "received_on", bad)
        if bad:
            self.errors.show(bad)
            return
        try:
            result = deliveries.confirm_receipt(self.db, self.actor, self.delivery.id,
                                                received_by=self.received_by.text(),
                                                received_on=day, today=today())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        self._saved(result, f"Receipt confirmed: received by {self.received_by.text().strip()}.")

    def cancel_delivery(self) -> None:
        dialog = ReasonDialog(
            "Cancel delivery", f"Cancel delivery {self.delivery.slip_number}? What it set aside "
            f"returns to the stock.",
            lambda reason: deliveries.cancel_delivery(self.db, self.actor, self.delivery.id,
                                                      reason),
            placeholder="Why (optional)", parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._saved(dialog.result_value, "Cancelled; its stock is back on hand.")
