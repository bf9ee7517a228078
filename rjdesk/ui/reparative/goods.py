"""Reparative work's pages: goods — items made and stock, recipients, deliveries with their
slips, and the dashboard; and the delivery slip's barcode, answered wherever it is scanned.
Each factory imports its view inside, so start-up stays light."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.reparative import rules
from rjdesk.ui.common.checks import Check
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost
from rjdesk.ui.common.scanning import ScanHandler, ScanHost

_VIEW, _RUN = Permission.VIEW_REPARATIVE, Permission.RUN_REPARATIVE


def _stock_page(host: PageHost) -> Page:
    from rjdesk.ui.reparative.stock_view import StockPage

    return StockPage(host.db, host.actor)


def _recipients_page(host: PageHost) -> Page:
    from rjdesk.ui.reparative.recipients_view import RecipientsPage

    return RecipientsPage(host.db, host.actor)


def _deliveries_page(host: PageHost) -> Page:
    from rjdesk.ui.reparative.deliveries_view import DeliveriesPage

    return DeliveriesPage(host.db, host.actor)


def _dashboard_page(host: PageHost) -> Page:
    from rjdesk.ui.reparative.dashboard_view import DashboardPage

    return DashboardPage(host.db, host.actor)


def is_slip(text: str) -> bool:
    return rules.parse_slip(text) is not None


def open_scanned_slip(host: ScanHost, text: str) -> None:
    """A slip scanned anywhere: its delivery opens over the window, ready to confirm receipt;
    the pages read again if it was."""
    from rjdesk.ui.reparative.deliveries_view import open_slip

    parent = host if isinstance(host, QWidget) else None
    if open_slip(parent, host.db, host.actor, text):
        host.refresh_all()


PAGES = [PageEntry("Items and stock", (_VIEW,), _stock_page, adds_with=(_RUN,)),
         PageEntry("Recipients", (_VIEW,), _recipients_page,
                   adds_with=(Permission.EDIT_RECIPIENTS,)),
         PageEntry("Deliveries", (_VIEW,), _deliveries_page, adds_with=(_RUN,),
                   prints_with=(Permission.PRINT_PEOPLE,)),
         PageEntry("Reparative dashboard", (_VIEW,), _dashboard_page)]
SCAN_HANDLERS = [ScanHandler("delivery slip", (_VIEW,), is_slip, open_scanned_slip)]
SELF_TEST_CHECKS: list[Check] = []
