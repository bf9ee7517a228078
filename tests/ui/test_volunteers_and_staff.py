"""Volunteers, staff accounts and the audit log pages: lazy lists and their forms."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from rjdesk.domain.core.enums import Role
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.admin import auth
from rjdesk.services.core import sites
from rjdesk.services.core.errors import SignInFailed
from rjdesk.services.volunteers import records as volunteers
from rjdesk.ui.admin.audit_view import AuditTableModel
from rjdesk.ui.admin.users_view import NewAccountDialog, UsersPage
from rjdesk.ui.volunteers.dialog import VolunteerDialog
from rjdesk.ui.volunteers.view import VolunteersPage, VolunteersTableModel
from tests.conftest import PASSWORD
from tests.ui.keys import when_modal


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.VOLUNTEER_COORDINATOR)


def test_a_coordinator_adds_a_volunteer_with_roles_and_trainings(qtbot, db, coordinator):
    page = VolunteersPage(db, coordinator)
    qtbot.addWidget(page)
    assert not page.new_button.isHidden() and page.model.rows == []

    def fill(dialog: VolunteerDialog) -> None:
        dialog.edits["last_name"].setText("Okafor")
        dialog.edits["first_name"].setText("Ngozi")
        dialog.edits["email"].setText("not an address")
        dialog.roles[VolunteerRole.VICTIM_SPEAKER].setChecked(True)
        dialog.add_training("Victim impact speaker preparation", "03/02/2024", "")
        dialog.edits["background_check_on"].setText("01/15/2024")
        dialog.accept()
        assert set(dialog.errors.shown) == {"email"} and dialog.isVisible()
        dialog.edits["email"].setText("ngozi@example.org")
        dialog.accept()

    done = when_modal(VolunteerDialog, fill)
    page.create()
    assert done and done[0].result() == QDialog.DialogCode.Accepted
    assert [r.name for r in page.model.rows] == ["OKAFOR, Ngozi"]
    saved = volunteers.get_volunteer(db, coordinator, page.model.rows[0].id)
    assert saved.roles == frozenset({VolunteerRole.VICTIM_SPEAKER})
    assert saved.trainings[0].completed_on == date(2024, 3, 2)
    assert saved.background_check_on == date(2024, 1, 15)


def test_a_training_date_that_cannot_be_read_is_said_under_the_trainings(qtbot, db,
                                                                         coordinator):
    dialog = VolunteerDialog(db, coordinator, sites.list_sites(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edits["last_name"].setText("Okafor")
    dialog.edits["first_name"].setText("Ngozi")
    dialog.add_training("Orientation", "last spring", "")
    dialog.accept()
    assert dialog.errors.shown["trainings"].startswith("Row 1:")
    assert dialog.saved is None


def test_the_volunteer_model_pages_without_a_view(db, coordinator):
    for n in range(5):
        volunteers.create_volunteer(db, coordinator, volunteers.VolunteerInput(
            last_name=f"Volunteer{'abcde'[n]}", first_name="Pat", site_code="JCCC"))
    model = VolunteersTableModel(db, coordinator, page_size=2)
    sizes = []
    while model.canFetchMore():
        model.fetchMore()
        sizes.append(model.rowCount())
    assert sizes == [2, 4, 5]
    assert model.data(model.index(0, 0)) == "VOLUNTEERA, Pat"
    assert model.data(model.index(0, 4)) == "Yes"


def test_an_administrator_adds_an_account_and_unlocks_one(qtbot, db, admin, make_user):
    make_user(Role.PP_OFFICER, "PP-27", username="rpena")
    for _ in range(5):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, "rpena", "wrong")
    page = UsersPage(db, admin)
    qtbot.addWidget(page)
    row = next(i for i, u in enumerate(page.users) if u.username == "rpena")
    assert page.table.item(row, 4).text() == "Locked"
    page.table.selectRow(row)
    assert page.unlock_button.isEnabled()
    page.unlock_selected()
    assert auth.sign_in(db, "rpena", PASSWORD).username == "rpena"

    dialog = NewAccountDialog(db, admin, sites.list_sites(db))
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.display_name.setText("Someone")
    dialog.password.setText("long enough")
    dialog.password_again.setText("long enough")
    dialog.accept()
    assert "taken" in dialog.errors.shown["username"]
    dialog.username.setText("mbell")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved.username == "mbell"


def test_the_audit_log_pages_newest_first(db, admin, add_offender):
    for n in range(4):
        add_offender(f"500000{n}", "Person", f"Number{'abcd'[n]}")
    model = AuditTableModel(db, admin, page_size=2)
    model.fetchMore()
    assert model.rowCount() == 2 and model.canFetchMore()
    assert model.data(model.index(0, 3)) == "Created" and "5000003" in model.data(
        model.index(0, 5))
    while model.canFetchMore():
        model.fetchMore()
    assert model.data(model.index(model.rowCount() - 1, 3)) == "Set up the workstation"


def test_a_speakers_restricted_contact_reads_restricted_and_saves_unchanged(qtbot, db, admin,
                                                                          coordinator):
    speaker = volunteers.create_volunteer(db, admin, volunteers.VolunteerInput(
        last_name="Okafor", first_name="Chidi", site_code="JCCC", email="chidi@example.org",
        roles=frozenset({VolunteerRole.VICTIM_SPEAKER})))
    shown = volunteers.get_volunteer(db, coordinator, speaker.id)
    dialog = VolunteerDialog(db, coordinator, sites.list_sites(db), shown)
    qtbot.addWidget(dialog)
    email = dialog.edits["email"]
    assert email.isReadOnly() and email.text() == "" and email.placeholderText() == "restricted"
    assert dialog.notes.isReadOnly()
    request = dialog.build_request()
    assert request is not None
    dialog.submit(request)
    assert volunteers.get_volunteer(db, admin, speaker.id).email == "chidi@example.org"
