"""Boards on screen, declared by parts: the board, its members and its meetings
(``board_pages``); board cases and court reports with the victim impact form (``casework``)."""

from __future__ import annotations

from rjdesk.ui.boards import board_pages, casework

PAGES = [*board_pages.PAGES, *casework.PAGES]
SELF_TEST_CHECKS = [*board_pages.SELF_TEST_CHECKS, *casework.SELF_TEST_CHECKS]
