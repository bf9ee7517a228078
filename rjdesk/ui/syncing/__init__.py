"""The syncing area on screen: the Sync page (for those who settle conflicts or set sync up),
and what the self-test checks of sync."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost
from rjdesk.ui.syncing import self_test_checks

#: The page the status bar's sync indicator opens.
SYNC_PAGE = "Sync"


def _sync_page(host: PageHost) -> Page:
    from rjdesk.ui.syncing.controller import SyncController
    from rjdesk.ui.syncing.view import SyncPage

    assert isinstance(host.sync, SyncController)
    return SyncPage(host.db, host.actor, host.sync)


PAGES = [PageEntry(SYNC_PAGE, (Permission.REVIEW_CONFLICTS, Permission.CONFIGURE_SYNC),
                   _sync_page)]
SELF_TEST_CHECKS = self_test_checks.CHECKS
SELF_TEST_DIALOGS = self_test_checks.dialogs
