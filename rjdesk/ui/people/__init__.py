"""The people area on screen: the People page, and what the self-test checks of it."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost
from rjdesk.ui.people import self_test_checks


def _people_page(host: PageHost) -> Page:
    from rjdesk.ui.people.view import PeoplePage

    return PeoplePage(host.db, host.actor)


PAGES = [PageEntry("People", (Permission.VIEW_PEOPLE,), _people_page,
                   adds_with=(Permission.EDIT_OFFENDERS,), prints_with=(Permission.PRINT_PEOPLE,))]
SELF_TEST_CHECKS = self_test_checks.CHECKS
SELF_TEST_DIALOGS = self_test_checks.dialogs
