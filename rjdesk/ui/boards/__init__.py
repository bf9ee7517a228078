"""Boards on screen, declared by parts: board cases and court reports with the victim impact
form (``casework``)."""

from __future__ import annotations

from rjdesk.ui.boards import casework

PAGES = [*casework.PAGES]
SELF_TEST_CHECKS = [*casework.SELF_TEST_CHECKS]
