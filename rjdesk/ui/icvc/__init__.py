"""The ICVC area on screen: the classes and the reentry list, and the self-test's papers."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost
from rjdesk.ui.icvc import self_test_checks


def _classes_page(host: PageHost) -> Page:
    from rjdesk.ui.icvc.classes_view import ClassesPage

    return ClassesPage(host.db, host.actor)


def _reentry_page(host: PageHost) -> Page:
    from rjdesk.ui.icvc.reentry_view import ReentryPage

    return ReentryPage(host.db, host.actor)


PAGES = [PageEntry("ICVC classes", (Permission.VIEW_ICVC,), _classes_page),
         PageEntry("Reentry list", (Permission.VIEW_ICVC,), _reentry_page)]
SELF_TEST_CHECKS = self_test_checks.CHECKS
