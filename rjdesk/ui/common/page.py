"""The one contract between the main window and its pages.

The window's menus (New, Print, Find, Refresh) act on whichever page is shown; each page says
whether, and why not, an action can be used there, so a disabled menu item always says why.
A page that offers an action overrides its pair (``new_reason``/``create`` …); the defaults
say the page has none.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database


class Page(QWidget):
    """A page of the main window, built when first opened for the person signed in."""

    title = ""
    #: What a page offers changed (a site chosen, a row selected): the menus ask again.
    actions_changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor

    def new_reason(self) -> str:
        """Why New cannot be used here ("" when it can)."""
        return "Nothing is added on this page."

    def create(self) -> None:  # type: ignore[override]  # the New action, not QWidget.create
        """Add a record (only called when ``new_reason`` is "")."""

    def print_reason(self) -> str:
        """Why Print cannot be used here ("" when it can)."""
        return "There is nothing to print on this page."

    def print_page(self) -> None:
        """Print what the page shows (only called when ``print_reason`` is "")."""

    def find_reason(self) -> str:
        """Why Find cannot be used here ("" when the page has a search box)."""
        return "This page has no search box."

    def focus_search(self) -> None:
        """Put the keyboard in the page's search box."""

    def refresh(self) -> None:
        """Read again what the page lists (F5, or records changed by a sync)."""
