"""The volunteers area on screen: the Volunteers page, and its dialogs for the self-test."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.common.checks import Check
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost
from rjdesk.ui.volunteers import self_test_checks


def _volunteers_page(host: PageHost) -> Page:
    from rjdesk.ui.volunteers.view import VolunteersPage

    return VolunteersPage(host.db, host.actor)


PAGES = [PageEntry("Volunteers", (Permission.VIEW_VOLUNTEERS,), _volunteers_page,
                   adds_with=(Permission.EDIT_VOLUNTEERS,))]
SELF_TEST_CHECKS: list[Check] = []
SELF_TEST_DIALOGS = self_test_checks.dialogs
