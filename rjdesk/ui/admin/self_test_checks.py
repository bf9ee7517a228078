"""What the self-test opens of the administration area: the new staff account form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from rjdesk.ui.common.checks import SelfTest


def dialogs(t: SelfTest) -> list[Callable[[], QDialog]]:
    from rjdesk.services.core import sites
    from rjdesk.ui.admin.users_view import NewAccountDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    choices = sites.list_sites(db)
    return [lambda: NewAccountDialog(db, actor, choices)]
