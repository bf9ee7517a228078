"""Goods on screen: a delivery made and one too many refused at its line, a slip scanned into
the window and its receipt confirmed, a victim withheld from staff, the duplicate warning, the
dashboard's charts, and a shortfall shown as one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.reparative.enums import (DeliveryStatus, ProjectCategory, RecipientType,
                                            Unit)
from rjdesk.services.reparative import deliveries, hours, items, projects, recipients
from rjdesk.services.reparative.deliveries import DeliveryInput, LineInput
from rjdesk.services.reparative.items import StockRow
from rjdesk.services.reparative.recipients import RecipientInput
from rjdesk.services.volunteers import records as volunteers
from rjdesk.ui.reparative.deliveries_view import DeliveriesPage
from rjdesk.ui.reparative.delivery_dialog import NewDeliveryDialog
from rjdesk.ui.reparative.delivery_window import DeliveryWindow
from rjdesk.ui.reparative.recipient_dialog import RecipientDialog
from rjdesk.ui.reparative.recipients_view import RecipientsPage
from rjdesk.ui.reparative.stock_view import StockModel, shortfall_text
from rjdesk.ui.shell.main_window import MainWindow
from tests.ui.keys import type_text, when_modal

WITHHELD = "a victim (name withheld)"
#: Early in this month: never in the future, always in this year.
DAY = date.today().replace(day=1)


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.VOLUNTEER_COORDINATOR)


@pytest.fixture
def quilts(db, coordinator):
    """A quilting project at JCCC with a cleared supervisor, 40 quilts made, and a shelter."""
    volunteer = volunteers.create_volunteer(db, coordinator, volunteers.VolunteerInput(
        last_name="Moreau", first_name="Ann", site_code="JCCC",
        background_check_on=DAY - timedelta(days=300),
        background_check_expires=DAY + timedelta(days=400)))
    project = projects.create_project(db, coordinator, projects.ProjectInput(
        site_code="JCCC", name="Quilts for shelters", category=ProjectCategory.SEWING,
        supervisor_ids=(volunteer.id,)), today=DAY)
    quilt = items.create_item_type(db, coordinator, "Quilt", Unit.EACH)
    items.record_production(db, coordinator, project.id, quilt.id, DAY, 40, today=DAY)
    shelter = recipients.create_recipient(db, coordinator, RecipientInput(
        RecipientType.SHELTER, "Hope House Shelter", city="Jefferson City"))
    return project, quilt, shelter


def deliver(db, actor, quilts, quantity: float):
    project, quilt, shelter = quilts
    return deliveries.create_delivery(db, actor, DeliveryInput(
        "JCCC", shelter.id, DAY, (LineInput(quilt.id, project.id, quantity),)), today=DAY)


def fill_delivery(dialog: NewDeliveryDialog, recipient: str, quantity: str) -> None:
    dialog.recipient.setCurrentIndex(dialog.recipient.findText(recipient))
    dialog._quantity(0).setText(quantity)


def test_a_delivery_is_made_and_twenty_too_many_are_refused_at_their_line(qtbot, db,
                                                                          coordinator, quilts):
    page = DeliveriesPage(db, coordinator)
    qtbot.addWidget(page)

    def thirty(dialog: NewDeliveryDialog) -> None:
        assert dialog._on_hand_label(0).text() == "40 on hand"
        fill_delivery(dialog, "Hope House Shelter", "30")
        dialog.accept()

    done = when_modal(NewDeliveryDialog, thirty)
    page.create()
    assert done and done[0].result() == QDialog.DialogCode.Accepted
    made = done[0].saved
    assert made.slip_number.startswith(f"JCCC-{DAY.year}-")
    assert [r.slip_number for r in page.model.rows] == [made.slip_number]
    assert made.slip_number in page.message.text()

    dialog = NewDeliveryDialog(db, coordinator)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog._on_hand_label(0).text() == "10 on hand"
    fill_delivery(dialog, "Hope House Shelter", "20")
    assert "color" in dialog._on_hand_label(0).styleSheet()  # red before it is even tried
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    assert list(dialog.line_errors) == [0]
    assert "Quilt" in dialog.line_errors[0] and "10" in dialog.line_errors[0]
    assert dialog.lines_error.text() == dialog.line_errors[0]
    assert len(deliveries.list_deliveries(db, coordinator, None)[0]) == 1  # nothing saved


def scan(text: str) -> None:
    """A scanner: the characters and Enter, as fast as events go, to whatever has focus."""
    target = QApplication.focusWidget()
    assert target is not None
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, ch))
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                             Qt.KeyboardModifier.NoModifier, "\r"))


def test_scanning_a_slip_anywhere_opens_its_delivery_to_confirm_receipt(qtbot, db,
                                                                         coordinator, quilts):
    made = deliver(db, coordinator, quilts, 30)
    deliveries.mark_delivered(db, coordinator, made.id, delivered_on=DAY,
                              delivered_by="Officer Lane")
    window = MainWindow(db, coordinator, idle_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    page = window.go_to("People")
    page.focus_search()  # the focus is in another area's search box
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)

    def confirm(w: DeliveryWindow) -> None:
        try:
            seen.append((w.delivery.id, w.receipt_box.isVisible(),
                         w.focusWidget() is w.received_by))
            w.received_by.setText("Sister Mary")
            w.received_on.setText(us_date(DAY))
            w.confirm_receipt()
            seen.append((w.delivery.status, w.message.text()))
        finally:
            w.reject()

    seen: list[tuple] = []
    done = when_modal(DeliveryWindow, confirm)
    scan(made.slip_number.lower())
    qtbot.waitUntil(lambda: bool(done))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert seen[0] == (made.id, True, True)
    assert seen[1] == (DeliveryStatus.RECEIVED, "Receipt confirmed: received by Sister Mary.")
    assert page.search.text() == ""  # the scan left nothing in the search box
    after = deliveries.get_delivery(db, coordinator, made.id)
    assert (after.status, after.received_by, after.received_on) == \
        (DeliveryStatus.RECEIVED, "Sister Mary", DAY)


def test_the_find_slip_field_opens_a_delivery_typed_by_hand(qtbot, db, coordinator, quilts):
    made = deliver(db, coordinator, quilts, 5)
    page = DeliveriesPage(db, coordinator)
    qtbot.addWidget(page)
    seen = when_modal(DeliveryWindow, lambda w: w.reject())
    type_text(page.find_slip, f"  {made.slip_number} ")
    page.find_slip_typed()
    assert seen and seen[0].delivery.id == made.id and not seen[0].delivered_box.isHidden()


def test_a_victim_recipient_is_withheld_from_institution_staff(qtbot, db, make_user, staff,
                                                               admin, quilts):
    victim_services = make_user(Role.VICTIM_SERVICES)
    victim = recipients.create_recipient(db, victim_services, RecipientInput(
        RecipientType.VICTIM, "Jane Roe", address="12 Elm St", city="Fulton",
        contact_name="Jane Roe", phone="573-555-0101"))
    project, quilt, _shelter = quilts
    made = deliveries.create_delivery(db, admin, DeliveryInput(
        "JCCC", victim.id, DAY, (LineInput(quilt.id, project.id, 2),)), today=DAY)
    own = RecipientsPage(db, victim_services)
    qtbot.addWidget(own)
    assert "Jane Roe" in [r.name for r in own.model.rows]

    page = RecipientsPage(db, staff)
    qtbot.addWidget(page)
    at = page.model.row_of(victim.id)
    shown = [page.model.index(at, c).data() for c in range(len(page.model.columns))]
    assert shown == [WITHHELD, "", "Victim", "", "", "", "Yes"]
    page.table.selectRow(at)
    assert not page.merge_button.isEnabled()
    seen = when_modal(RecipientDialog, lambda d: d.reject())
    page.edit_selected()
    assert seen and seen[0].read_only
    assert seen[0].edits["name"].text() == WITHHELD
    assert all(not seen[0].edits[f].text() for f in ("address", "city", "phone",
                                                    "contact_name"))

    listed = DeliveriesPage(db, staff)
    qtbot.addWidget(listed)
    assert [(r.id, r.recipient_display) for r in listed.model.rows] == [(made.id, WITHHELD)]
    window = DeliveryWindow(db, staff, deliveries.get_delivery(db, staff, made.id))
    qtbot.addWidget(window)
    assert WITHHELD in window.facts.text() and "Jane" not in window.facts.text()


def test_a_possible_duplicate_is_shown_before_it_is_saved(qtbot, db, coordinator):
    first = recipients.create_recipient(db, coordinator, RecipientInput(
        RecipientType.NOT_FOR_PROFIT, "The Salvation Army, Inc.", abbreviation="TSA"))
    dialog = RecipientDialog(db, coordinator)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData(RecipientType.SHELTER.value))
    type_text(dialog.edits["name"], "Salvation Army")
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    assert not dialog.duplicates.isHidden() and dialog.matches.count() == 1
    assert "Salvation Army" in dialog.matches.item(0).text()
    assert len(recipients.list_recipients(db, coordinator)) == 1
    dialog.take_existing()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved.id == first.id

    again = RecipientDialog(db, coordinator)
    qtbot.addWidget(again)
    again.show()
    type_text(again.edits["name"], "Salvation Army")
    again.accept()
    assert not again.duplicates.isHidden()
    again.save_despite_duplicate()
    assert again.saved is not None and again.saved.id != first.id
    assert len(recipients.list_recipients(db, coordinator)) == 2


def test_the_dashboard_charts_the_year(qtbot, db, coordinator, quilts, add_offender):
    from rjdesk.ui.reparative.dashboard_view import DashboardPage

    project, _quilt, _shelter = quilts
    one, two = add_offender("1000001", "Adams", "John"), add_offender("1000002", "Baker", "Ed")
    hours.save_grid(db, coordinator, project.id, [hours.HoursCell(one.id, DAY, 6.0),
                                                  hours.HoursCell(two.id, DAY, 10.0)],
                    today=DAY)
    made = deliver(db, coordinator, quilts, 30)
    deliveries.mark_delivered(db, coordinator, made.id, delivered_on=DAY, delivered_by="Lane")
    page = DashboardPage(db, coordinator)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    month = DAY.month - 1
    by_month = page.chart_values("months")
    assert by_month["Approved"][month] == 6 and by_month["Waiting"][month] == 10
    assert sum(by_month["Approved"]) == 6
    assert page.chart_values("projects") == {"Approved": [6.0]}
    assert page.chart_values("items") == {"Made": [40.0], "Delivered": [30.0]}
    assert page.chart_values("recipients") == {"Deliveries": [1.0]}
    assert page.figures["participants"].text() == "2"
    assert page.figures["pending"].text() == "10"
    assert any("approval" in page.attention.item(i).text().lower()
               for i in range(page.attention.count()))

    page.data = None
    page.year.setValue(DAY.year - 1)  # another year: nothing
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert sum(page.chart_values("months")["Approved"]) == 0
    assert page.figures["participants"].text() == "0"


def test_a_shortfall_is_red_and_says_what_to_do():
    model = StockModel()
    row = StockRow("s", "JCCC", "i", "Quilt", Unit.EACH, made=40, committed=50, on_hand=0,
                   shortfall=10)
    model.rows = [row]
    on_hand = model.index(0, 5)
    assert on_hand.data() == "0" and model.index(0, 6).data() == "10"
    assert on_hand.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert shortfall_text(row) in on_hand.data(Qt.ItemDataRole.ToolTipRole)
    assert "delivered 10 more than made" in shortfall_text(row)


def test_the_slip_is_previewed_to_print(qtbot, db, coordinator, quilts):
    made = deliver(db, coordinator, quilts, 12)
    page = DeliveriesPage(db, coordinator)
    qtbot.addWidget(page)
    assert page.print_reason() == "Select a delivery to print its slip."
    page.table.selectRow(0)
    assert page.print_reason() == ""
    page.print_page()
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=10_000)
    preview = page.preview
    assert preview.load_error is None and preview.page_count >= 1
    assert made.slip_number in preview.windowTitle()
    preview.close()


def test_items_made_are_recorded_with_a_new_item_type_and_stock_follows(qtbot, db,
                                                                       coordinator, quilts):
    from rjdesk.ui.reparative.production_dialog import ItemTypeDialog, ProductionDialog
    from rjdesk.ui.reparative.stock_view import StockPage

    deliver(db, coordinator, quilts, 15)
    page = StockPage(db, coordinator)
    qtbot.addWidget(page)
    quilt_row = [page.stock_model.index(0, c).data() for c in range(7)]
    assert quilt_row == ["JCCC", "Quilt", "each", "40", "15", "25", ""]

    def new_type(dialog: ItemTypeDialog) -> None:
        type_text(dialog.name, "Birdhouse")
        dialog.accept()

    def record(dialog: ProductionDialog) -> None:
        dialog.quantity.setText("-3")
        dialog.accept()
        assert "quantity" in dialog.errors.shown and dialog.isVisible()
        when_modal(ItemTypeDialog, new_type)
        dialog.new_item_type()
        assert dialog.item.currentText() == "Birdhouse (each)"
        dialog.quantity.setText("12")
        dialog.accept()

    done = when_modal(ProductionDialog, record)
    page.create()
    assert done and done[0].saved is not None and done[0].saved.item_name == "Birdhouse"
    rows = {page.stock_model.index(r, 1).data(): page.stock_model.index(r, 5).data()
            for r in range(page.stock_model.rowCount())}
    assert rows == {"Quilt": "25", "Birdhouse": "12"}
    assert "Recorded 12 each Birdhouse" in page.message.text()
    assert page.shortfalls.isHidden()


def test_two_records_of_one_organization_are_merged(qtbot, db, coordinator, quilts):
    from rjdesk.ui.reparative.recipient_dialog import MergeDialog

    _project, _quilt, shelter = quilts
    other = recipients.create_recipient(db, coordinator, RecipientInput(
        RecipientType.SHELTER, "Hope House"), allow_duplicate=True)
    made = deliver(db, coordinator, quilts, 3)
    page = RecipientsPage(db, coordinator)
    qtbot.addWidget(page)
    page.table.selectRow(page.model.row_of(other.id))

    def merge(dialog: MergeDialog) -> None:
        dialog.accept()
        assert "merge_id" in dialog.errors.shown  # nothing chosen yet
        dialog.choose(shelter.id)
        dialog.accept()

    done = when_modal(MergeDialog, merge)
    page.merge_selected()
    assert done and done[0].result() == QDialog.DialogCode.Accepted
    assert deliveries.get_delivery(db, coordinator, made.id).recipient.id == other.id
    assert [r.id for r in page.model.rows] == [other.id]  # the merged one is gone
    assert "Merged into Hope House" in page.message.text()


def test_a_delivery_goes_out_in_part_and_the_rest_returns_to_stock(qtbot, db, coordinator,
                                                                   quilts):
    made = deliver(db, coordinator, quilts, 30)
    window = DeliveryWindow(db, coordinator, made)
    qtbot.addWidget(window)
    window.show()
    assert not window.delivered_box.isHidden() and window.receipt_box.isHidden()
    window.delivered_on.setText(us_date(DAY))
    window.mark_delivered()
    assert "delivered_by" in window.errors.shown  # who took it, first
    window.delivered_by.setText("Officer Lane")
    window.lines.item(0, 3).setText("45")
    window.mark_delivered()
    assert "30 ordered" in window.errors.shown["quantities"]  # no more than was ordered
    assert window.delivery.status is DeliveryStatus.PREPARED
    window.lines.item(0, 3).setText("20")
    window.mark_delivered()
    assert window.changed and window.delivery.status is DeliveryStatus.DELIVERED
    line = window.delivery.lines[0]
    assert (line.quantity_ordered, line.quantity_delivered) == (30, 20)
    assert window.delivered_box.isHidden() and not window.receipt_box.isHidden()
    assert window.cancel_button.isHidden()  # once out, it cannot be called back
    on_hand = {r.item_name: r.on_hand for r in items.stock(db, coordinator, None)}
    assert on_hand == {"Quilt": 20}
