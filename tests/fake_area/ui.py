"""The test-only area's screen layer: one page and one self-test check, declared the way every
area's ui package declares them, and found by the window and the self-test through
``rjdesk.areas`` alone."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.common.checks import Check, SelfTest, expect, registrar
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost

PAGE_TITLE = "Fake area"
CHECK_NAME = "fake area"


class FakePage(Page):
    """A page with one line on it; the page contract's defaults answer the menus."""

    title = PAGE_TITLE

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        QVBoxLayout(self).addWidget(QLabel(f"The fake area, for {actor.display_name}", self))


def _fake_page(host: PageHost) -> Page:
    return FakePage(host.db, host.actor)


SELF_TEST_CHECKS: list[Check] = []
check = registrar(SELF_TEST_CHECKS)


@check(CHECK_NAME)
def check_fake_area(t: SelfTest) -> str:
    expect(t.folder.is_dir(), "the self-test has no folder")
    return "found through the registry"


#: Shown to administrators only, so a test sees the permission decide.
PAGES = [PageEntry(PAGE_TITLE, (Permission.MANAGE_USERS,), _fake_page)]
