"""What the self-test opens of the volunteers area: the volunteer form, new and filled in, and
the list of expiring credentials."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from rjdesk.ui.common.checks import SelfTest


def dialogs(t: SelfTest) -> list[Callable[[], QDialog]]:
    from rjdesk.services.core import sites
    from rjdesk.services.volunteers import records as volunteers
    from rjdesk.ui.volunteers.dialog import VolunteerDialog
    from rjdesk.ui.volunteers.expiring_view import ExpiringDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    choices = sites.list_sites(db)
    helper = volunteers.list_volunteers(db, actor, None, limit=1)[0][0]
    volunteer = volunteers.get_volunteer(db, actor, helper.id)
    return [lambda: VolunteerDialog(db, actor, choices),
            lambda: VolunteerDialog(db, actor, choices, volunteer),
            lambda: ExpiringDialog(db, actor, choices)]
