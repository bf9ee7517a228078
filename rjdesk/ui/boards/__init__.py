"""Boards on screen, declared by parts: the board, its members and its meetings
(``board_pages``)."""

from __future__ import annotations

from rjdesk.ui.boards import board_pages

PAGES = [*board_pages.PAGES]
SELF_TEST_CHECKS = [*board_pages.SELF_TEST_CHECKS]
