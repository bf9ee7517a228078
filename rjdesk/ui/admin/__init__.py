"""The administration area on screen: staff accounts and the audit log."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.admin import self_test_checks
from rjdesk.ui.common.checks import Check
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost


def _users_page(host: PageHost) -> Page:
    from rjdesk.ui.admin.users_view import UsersPage

    return UsersPage(host.db, host.actor)


def _audit_page(host: PageHost) -> Page:
    from rjdesk.ui.admin.audit_view import AuditPage

    return AuditPage(host.db, host.actor)


PAGES = [PageEntry("Staff accounts", (Permission.MANAGE_USERS,), _users_page,
                   adds_with=(Permission.MANAGE_USERS,)),
         PageEntry("Audit log", (Permission.VIEW_AUDIT,), _audit_page)]
SELF_TEST_CHECKS: list[Check] = []
SELF_TEST_DIALOGS = self_test_checks.dialogs
