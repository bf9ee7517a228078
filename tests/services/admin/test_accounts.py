"""A staff account's life after it is made: a temporary password that must be changed,
deactivation and reactivation, a new role or home site — each audited, each refused whole with
one clear line when it cannot be done."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent, User
from rjdesk.services.admin import accounts, auth
from rjdesk.services.core.errors import (
    Errors,
    InvalidInput,
    NotAllowed,
    NotFound,
    SignInFailed,
)
from rjdesk.services.people.records import create_offender
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD, offender_input

TEMPORARY = "temporary-1"


def _events(db, action: str) -> list[AuditEvent]:  # noqa: ANN001
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent).where(AuditEvent.action == action)
                               .order_by(AuditEvent.at)))


def _row(db, username: str) -> User:  # noqa: ANN001
    with db.reading() as tx:
        return tx.scalar(select(User).where(User.username == username))


@pytest.fixture
def clerk(make_user):
    return make_user(Role.INSTITUTION_STAFF, username="clerk")


def test_a_reset_password_signs_in_only_to_be_changed(db, admin, clerk):
    view = accounts.reset_password(db, admin, "clerk", TEMPORARY)
    assert view.must_change_password
    with pytest.raises(SignInFailed):
        auth.sign_in(db, "clerk", PASSWORD)  # the forgotten password is gone
    with pytest.raises(auth.PasswordChangeDue, match="rjdesk-cli users password") as due:
        auth.sign_in(db, "clerk", TEMPORARY)
    assert due.value.field == "password"
    with pytest.raises(InvalidInput, match="not the one in use now") as same:
        auth.sign_in_changing_password(db, "clerk", TEMPORARY, TEMPORARY)
    assert same.value.field == "new_password"
    with pytest.raises(InvalidInput, match="at least 8") as short:
        auth.sign_in_changing_password(db, "clerk", TEMPORARY, "short")
    assert short.value.field == "new_password"
    with pytest.raises(SignInFailed, match="wrong"):
        auth.sign_in_changing_password(db, "clerk", "not it at all", "a-new-password")
    assert _row(db, "clerk").must_change_password  # every refusal left it as it was

    actor = auth.sign_in_changing_password(db, "clerk", TEMPORARY, "my-own-password")
    assert actor.username == "clerk" and actor.signing_key is not None
    assert not _row(db, "clerk").must_change_password
    assert auth.sign_in(db, "clerk", "my-own-password").signing_key == actor.signing_key
    with pytest.raises(SignInFailed):
        auth.sign_in(db, "clerk", TEMPORARY)
    (reset,) = _events(db, "reset_password")
    assert reset.username == "admin" and "clerk" in reset.summary
    (changed,) = _events(db, "change_password")
    assert changed.user_id == clerk.user_id


def test_a_temporary_password_does_not_unlock_a_locked_window_either(db, admin, clerk):
    accounts.reset_password(db, admin, "clerk", TEMPORARY)
    with pytest.raises(auth.PasswordChangeDue):
        auth.resume_session(db, clerk, TEMPORARY)


def test_a_reset_also_unlocks_a_locked_account(db, admin, clerk):
    for _ in range(5):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, "clerk", "wrong")
    assert [u.locked for u in accounts.list_users(db, admin) if u.username == "clerk"] == [True]
    accounts.reset_password(db, admin, "clerk", TEMPORARY)
    assert auth.sign_in_changing_password(db, "clerk", TEMPORARY, "my-own-password")


def test_resets_refused_with_one_line_and_nothing_changed(db, admin, clerk):
    with pytest.raises(NotAllowed, match="manage staff accounts"):
        accounts.reset_password(db, clerk, "admin", TEMPORARY)
    with pytest.raises(NotFound, match="no user “nobody”"):
        accounts.reset_password(db, admin, "nobody", TEMPORARY)
    with pytest.raises(InvalidInput, match="your own account"):
        accounts.reset_password(db, admin, "admin", TEMPORARY)
    with pytest.raises(InvalidInput, match="at least 8"):
        accounts.reset_password(db, admin, "clerk", "short")
    assert _events(db, "reset_password") == []
    assert auth.sign_in(db, "clerk", PASSWORD) and auth.sign_in(db, "admin", PASSWORD)


def test_a_deactivated_account_cannot_sign_in_and_its_history_stays(db, admin, clerk):
    made = create_offender(db, clerk, offender_input("1234567"))
    view = accounts.deactivate_user(db, admin, "clerk")
    assert not view.active
    with pytest.raises(SignInFailed, match="deactivated"):
        auth.sign_in(db, "clerk", PASSWORD)
    with pytest.raises(NotAllowed, match="disabled"):  # a session still open stops at once
        create_offender(db, clerk, offender_input("7654321"))
    with db.reading() as tx:
        by_clerk = tx.scalars(select(AuditEvent.entity_id)
                              .where(AuditEvent.user_id == clerk.user_id)).all()
    assert made.id in by_clerk
    (event,) = _events(db, "deactivate")
    assert event.entity_id == clerk.user_id and event.username == "admin"

    with pytest.raises(InvalidInput, match="deactivated already"):
        accounts.deactivate_user(db, admin, "clerk")
    with pytest.raises(InvalidInput, match="reactivate the account first"):
        accounts.reset_password(db, admin, "clerk", TEMPORARY)
    assert accounts.reactivate_user(db, admin, "clerk").active
    assert auth.sign_in(db, "clerk", PASSWORD).username == "clerk"
    assert len(_events(db, "reactivate")) == 1
    with pytest.raises(InvalidInput, match="active already"):
        accounts.reactivate_user(db, admin, "clerk")


def test_no_one_switches_off_or_demotes_their_own_account(db, admin, clerk):
    with pytest.raises(InvalidInput, match="your own account"):
        accounts.deactivate_user(db, admin, "admin")
    with pytest.raises(InvalidInput, match="your own account"):
        accounts.edit_user(db, admin, "admin", role=Role.CENTRAL_OFFICE)
    with pytest.raises(NotAllowed):
        accounts.deactivate_user(db, clerk, "admin")
    assert [(u.active, u.role) for u in accounts.list_users(db, admin)
            if u.username == "admin"] == [(True, Role.ADMINISTRATOR)]
    auth.create_user(db, admin, username="second", display_name="Second Admin",
                     role=Role.ADMINISTRATOR, site_code="JCCC", password=PASSWORD)
    accounts.deactivate_user(db, auth.sign_in(db, "second", PASSWORD), "admin")
    assert auth.sign_in(db, "second", PASSWORD)


def test_a_new_role_and_site_are_audited_and_the_old_session_stops(db, admin, clerk):
    view = accounts.edit_user(db, admin, "clerk", role=Role.VOLUNTEER_COORDINATOR,
                              site_code="PP-27")
    assert (view.role, view.site_code) == (Role.VOLUNTEER_COORDINATOR, "PP-27")
    (event,) = _events(db, "edit")
    assert event.summary == ("clerk: role Institution staff / ICVC facilitator → Volunteer "
                             "coordinator; site JCCC → PP-27")
    with pytest.raises(NotAllowed, match="role or site was changed"):
        create_offender(db, clerk, offender_input("1234567"))
    again = auth.sign_in(db, "clerk", PASSWORD)
    assert (again.role, again.site_code) == (Role.VOLUNTEER_COORDINATOR, "PP-27")
    accounts.edit_user(db, admin, "clerk", role=Role.VOLUNTEER_COORDINATOR)  # no change
    assert len(_events(db, "edit")) == 1


def test_role_and_site_changes_refused_whole(db, admin, clerk):
    with pytest.raises(NotFound) as where:
        accounts.edit_user(db, admin, "clerk", role=Role.ADMINISTRATOR, site_code="NOWHERE")
    assert where.value.field == "site"
    with pytest.raises(InvalidInput, match="your own account"):
        accounts.edit_user(db, admin, "admin", site_code="PP-27")
    with pytest.raises(Errors) as blank:
        accounts.edit_user(db, admin, "clerk", display_name="  ")
    assert set(blank.value.errors) == {"display_name"}
    with pytest.raises(NotAllowed):
        accounts.edit_user(db, clerk, "clerk", role=Role.ADMINISTRATOR)
    row = _row(db, "clerk")
    assert (row.role, row.display_name) == (Role.INSTITUTION_STAFF,
                                           f"Test {Role.INSTITUTION_STAFF.label}")
    assert _events(db, "edit") == []


def test_own_password_change_keeps_the_rule_and_wants_a_new_one(db, admin, clerk):
    with pytest.raises(InvalidInput, match="at least 8") as short:
        auth.change_password(db, clerk, PASSWORD, "short")
    assert short.value.field == "new_password"
    with pytest.raises(InvalidInput, match="not the one in use now"):
        auth.change_password(db, clerk, PASSWORD, PASSWORD)
    auth.change_password(db, clerk, PASSWORD, "another-password")
    assert auth.sign_in(db, "clerk", "another-password").signing_key == clerk.signing_key
    assert auth.password_problem("12345678") == ""
    assert str(auth.MIN_PASSWORD) in auth.PASSWORD_RULE


def test_a_read_only_copy_neither_takes_a_temporary_password_nor_a_new_one(db, admin, clerk):
    accounts.reset_password(db, admin, "clerk", TEMPORARY)
    path = db.path
    db.close()
    os.chmod(path, 0o444)
    copy = open_database(path)
    try:
        assert not copy.writable
        with pytest.raises(auth.PasswordChangeDue):
            auth.sign_in(copy, "clerk", TEMPORARY)
        with pytest.raises(SignInFailed, match="takes no changes") as exc:
            auth.sign_in_changing_password(copy, "clerk", TEMPORARY, "my-own-password")
        assert exc.value.field == "new_password"
    finally:
        copy.close()
        os.chmod(path, 0o644)
