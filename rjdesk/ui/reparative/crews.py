"""Reparative work's pages: crews. Each factory imports its view inside, so start-up stays light."""

from __future__ import annotations

from rjdesk.ui.common.checks import Check
from rjdesk.ui.common.registry import PageEntry

PAGES: list[PageEntry] = []
SELF_TEST_CHECKS: list[Check] = []
