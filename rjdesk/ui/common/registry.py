"""What each program area declares about itself on screen, and the loops that gather it.

An area's ui package (``rjdesk/ui/<area>/__init__.py``) declares, once:

- ``PAGES``: its pages in the order the navigation shows them (areas in ``rjdesk.areas``
  order; the View menu gives each Ctrl+1, Ctrl+2 … in that order), each with its title, the
  permissions that show it, and a factory that builds it when first opened;
- ``SELF_TEST_CHECKS``: the self-test's checks of the area, in the order they run;
- ``SELF_TEST_DIALOGS`` (optional): the area's dialogs for the self-test to open and close;
- ``SCAN_HANDLERS`` (optional): the codes it answers when scanned anywhere in the window
  (``ui.common.scanning``).

The main window and the self-test read these through :func:`pages`, :func:`self_test_checks`,
:func:`self_test_dialogs` and :func:`scan_handlers`, naming no page, so a new area is a new
package beside the others and no shared file changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from rjdesk import areas
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.common.checks import Check, SelfTest
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.scanning import ScanHandler


class PageHost(Protocol):
    """What a page factory may use of the window that shows the page."""

    @property
    def db(self) -> Database: ...

    @property
    def actor(self) -> Actor: ...

    @property
    def sync(self) -> QObject:
        """The window's sync controller (status and rounds), which the Sync page drives."""
        ...


@dataclass(frozen=True)
class PageEntry:
    """One page of the navigation: shown to whoever has any of ``permissions``. A role with
    none of any page's ``adds_with`` (or ``prints_with``) gets no New (or Print) menu item at
    all, rather than one that is always disabled."""

    title: str
    permissions: tuple[Permission, ...]
    make: Callable[[PageHost], Page]
    adds_with: tuple[Permission, ...] = ()
    prints_with: tuple[Permission, ...] = ()

    def shown_to(self, actor: Actor) -> bool:
        return any(actor.may(p) for p in self.permissions)


def may_add_anywhere(actor: Actor) -> bool:
    return any(actor.may(p) for e in pages() for p in e.adds_with)


def may_print_anywhere(actor: Actor) -> bool:
    return any(actor.may(p) for e in pages() for p in e.prints_with)


def pages(actor: Actor | None = None) -> list[PageEntry]:
    """Every area's pages in navigation order; with ``actor``, only those shown to them."""
    found = [entry for package in areas.packages("ui")
             for entry in getattr(package, "PAGES", ())]
    return found if actor is None else [e for e in found if e.shown_to(actor)]


def self_test_checks() -> list[Check]:
    """Every area's self-test checks, area by area."""
    return [item for package in areas.packages("ui")
            for item in getattr(package, "SELF_TEST_CHECKS", ())]


def self_test_dialogs(t: SelfTest) -> list[Callable[[], QDialog]]:
    """Every area's dialogs for the self-test to open, made from what earlier checks made."""
    makers = [getattr(package, "SELF_TEST_DIALOGS", None) for package in areas.packages("ui")]
    return [make for dialogs in makers if dialogs is not None for make in dialogs(t)]


def scan_handlers(actor: Actor | None = None) -> list[ScanHandler]:
    """Every area's scan handlers; with ``actor``, only those of their permissions."""
    found = [handler for package in areas.packages("ui")
             for handler in getattr(package, "SCAN_HANDLERS", ())]
    return found if actor is None else [h for h in found if h.shown_to(actor)]
