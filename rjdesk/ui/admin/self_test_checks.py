"""What the self-test opens of the administration area: the staff account forms."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from rjdesk.ui.common.checks import SelfTest


def dialogs(t: SelfTest) -> list[Callable[[], QDialog]]:
    from rjdesk.services.admin import accounts
    from rjdesk.services.core import sites
    from rjdesk.ui.admin.account_dialogs import EditAccountDialog, ResetPasswordDialog
    from rjdesk.ui.admin.passwords import ChangePasswordDialog
    from rjdesk.ui.admin.users_view import NewAccountDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    choices = sites.list_sites(db)
    (me,) = [u for u in accounts.list_users(db, actor) if u.id == actor.user_id]
    return [lambda: NewAccountDialog(db, actor, choices),
            lambda: EditAccountDialog(db, actor, me, choices),
            lambda: ResetPasswordDialog(db, actor, me),
            lambda: ChangePasswordDialog(db, actor)]
