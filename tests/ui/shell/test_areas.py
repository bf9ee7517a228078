"""A program area is found through the registries alone: a test-only area, added to
``rjdesk.areas.AREAS`` and nowhere else, shows its page in the window and its check in the
self-test."""

from __future__ import annotations

import pytest

from rjdesk import areas
from rjdesk.ui.common import registry
from rjdesk.ui.shell import self_test
from rjdesk.ui.shell.main_window import MainWindow
from rjdesk.ui.shell.self_test_checks import AFTER_AREAS
from tests.fake_area import ui as fake_ui
from tests.ui.shell.pages import REPARATIVE, WITHOUT_COURT_REPORTS


@pytest.fixture
def with_fake_area(monkeypatch):
    monkeypatch.setattr(areas, "AREAS", [*areas.AREAS, "tests.fake_area"])


def open_window(qtbot, db, actor) -> MainWindow:
    window = MainWindow(db, actor, idle_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_fake_area_page_is_in_the_navigation_and_the_view_menu(qtbot, db, admin,
                                                                   with_fake_area):
    window = open_window(qtbot, db, admin)
    assert window.page_titles() == ["People", "Volunteers", "ICVC classes", "Reentry list",
                                    *REPARATIVE, "Staff accounts", "Audit log", "Sync",
                                    fake_ui.PAGE_TITLE]
    assert [a.text() for a in window.view_actions][-1] == fake_ui.PAGE_TITLE
    page = window.go_to(fake_ui.PAGE_TITLE)
    assert isinstance(page, fake_ui.FakePage) and page.isVisible()
    # The menus ask the page contract: the defaults say why nothing can be done here.
    assert not window.new_action.isEnabled() and window.new_action.toolTip()
    assert not window.find_action.isEnabled()
    assert window.find_action.toolTip() == "This page has no search box."


def test_the_permission_it_declares_decides_who_sees_it(qtbot, db, staff, with_fake_area):
    window = open_window(qtbot, db, staff)
    assert fake_ui.PAGE_TITLE not in window.page_titles()
    assert window.page_titles() == ["People", "Volunteers", "ICVC classes", "Reentry list",
                                    *WITHOUT_COURT_REPORTS, "Sync"]


def test_the_fake_area_check_runs_in_the_self_test(qapp, capsys, with_fake_area):
    names = [c.name for c in self_test.all_checks()]
    assert fake_ui.CHECK_NAME in names
    # Between the areas' checks and the checks over what they printed.
    assert names.index(fake_ui.CHECK_NAME) == len(names) - len(AFTER_AREAS) - 1
    area_checks = [c for c in registry.self_test_checks() if c.name == fake_ui.CHECK_NAME]
    assert self_test.run_checks(area_checks) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"ok   {fake_ui.CHECK_NAME} (found through the registry)"]
