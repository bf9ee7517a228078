"""Reparative work on screen, declared by two parts: projects, the hours grid and approvals
(``crews``); production and stock, recipients, deliveries and the dashboard (``goods``)."""

from __future__ import annotations

from rjdesk.ui.reparative import crews, goods

PAGES = [*crews.PAGES, *goods.PAGES]
SELF_TEST_CHECKS = [*crews.SELF_TEST_CHECKS, *goods.SELF_TEST_CHECKS]
SCAN_HANDLERS = [*goods.SCAN_HANDLERS]
