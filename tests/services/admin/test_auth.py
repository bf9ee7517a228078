"""Sign-in, lockout, first run and staff accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent, User
from rjdesk.services.admin import accounts, auth
from rjdesk.services.core import settings
from rjdesk.services.core.errors import (
    AlreadyExists,
    Errors,
    InvalidInput,
    NotAllowed,
    SignInFailed,
)
from rjdesk.store.capture import authored_by
from tests.conftest import PASSWORD


def test_a_new_database_needs_its_first_run(db):
    assert auth.needs_first_run(db)


def test_first_run_sets_the_site_and_creates_the_administrator(db, admin):
    assert not auth.needs_first_run(db)
    assert admin.role is Role.ADMINISTRATOR and admin.site_code == "JCCC"
    assert settings.get(db, settings.WORKSTATION_NAME) == "JCCC-TEST-1"
    assert settings.get(db, settings.SITE_ID) == admin.site_id
    with db.reading() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "admin"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with pytest.raises(AlreadyExists):
        auth.setup_workstation(db, site_code="JCCC", workstation_name="X", admin_username="bob",
                               admin_name="B", admin_password=PASSWORD)


def test_first_run_refuses_bad_input_at_each_field(db):
    with pytest.raises(Errors) as exc:
        auth.setup_workstation(db, site_code="JCCC", workstation_name=" ",
                               admin_username="9x", admin_name="", admin_password="short")
    assert set(exc.value.errors) == {"workstation_name", "username", "display_name", "password"}
    assert auth.needs_first_run(db)


def test_sign_in_is_case_insensitive_on_the_user_name(db, admin):
    actor = auth.sign_in(db, "  ADMIN ", PASSWORD)
    assert actor.username == "admin"


def test_wrong_password_and_unknown_user_read_the_same(db, admin):
    with pytest.raises(SignInFailed) as wrong:
        auth.sign_in(db, "admin", "nope")
    with pytest.raises(SignInFailed) as unknown:
        auth.sign_in(db, "nobody", "nope")
    assert wrong.value.message == unknown.value.message
    assert wrong.value.field == "password"


def test_five_failures_lock_the_account_until_unlocked(db, admin, make_user):
    staff = make_user(Role.INSTITUTION_STAFF, username="sam")
    for _ in range(5):
        with pytest.raises(SignInFailed, match="wrong"):
            auth.sign_in(db, "sam", "bad password")
    with pytest.raises(SignInFailed, match="locked") as exc:
        auth.sign_in(db, "sam", PASSWORD)  # even the right password
    assert exc.value.field == "username"
    assert [u.locked for u in accounts.list_users(db, admin) if u.username == "sam"] == [True]
    with pytest.raises(NotAllowed):
        accounts.unlock_user(db, staff, "sam")
    accounts.unlock_user(db, admin, "sam")
    assert auth.sign_in(db, "sam", PASSWORD).username == "sam"


def test_a_lock_wears_off(db, admin):
    now = utcnow()
    for _ in range(5):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, "admin", "bad", now=now)
    with pytest.raises(SignInFailed, match="15 minutes"):
        auth.sign_in(db, "admin", PASSWORD, now=now + timedelta(seconds=30))
    assert auth.sign_in(db, "admin", PASSWORD, now=now + timedelta(minutes=16))


def test_four_failures_then_success_resets_the_count(db, admin):
    for _ in range(4):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, "admin", "bad")
    auth.sign_in(db, "admin", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, "admin", "bad")
    assert auth.sign_in(db, "admin", PASSWORD)


def test_sign_in_and_lock_are_audited(db, admin):
    auth.sign_in(db, "admin", PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, "admin", "bad")
    with db.reading() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.at))]
    assert actions.count("sign_in") == 1 and actions.count("locked") == 1


def test_only_administrators_create_accounts(db, admin, staff):
    with pytest.raises(NotAllowed):
        auth.create_user(db, staff, username="eve", display_name="Eve", role=Role.ADMINISTRATOR,
                         site_code="JCCC", password=PASSWORD)
    with pytest.raises(AlreadyExists):
        auth.create_user(db, admin, username="ADMIN", display_name="A", role=Role.PP_OFFICER,
                         site_code="PP-27", password=PASSWORD)


def test_unlocking_a_window_counts_failures_like_signing_in(db, admin):
    assert auth.resume_session(db, admin, PASSWORD) == admin
    for _ in range(5):
        with pytest.raises(SignInFailed, match="password is wrong"):
            auth.resume_session(db, admin, "wrong")
    with pytest.raises(SignInFailed, match="locked"):
        auth.resume_session(db, admin, PASSWORD)
    with db.reading() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent))]
    assert actions.count("unlock_window") == 1 and "locked" in actions


def test_change_password(db, admin):
    with pytest.raises(InvalidInput, match="current password"):
        auth.change_password(db, admin, "wrong", "a new long password")
    auth.change_password(db, admin, PASSWORD, "a new long password")
    assert auth.sign_in(db, "admin", "a new long password")


def test_an_unknown_user_costs_a_password_check_like_a_wrong_password(db, admin, monkeypatch):
    checked: list[str] = []
    real = auth._verify

    def spy(stored, password):
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(auth, "_verify", spy)
    for name in ("admin", "nobody"):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, name, "wrong password")
    assert len(checked) == 2  # one Argon2 check each: the time tells nothing
    assert checked[1] != checked[0] and checked[1].startswith("$argon2id$")


def test_every_failed_sign_in_is_audited_without_a_users_name_leaking_controls(db, admin):
    for name in ("admin", "no\x1bbody"):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, name, "wrong password")
    with db.reading() as tx:
        failed = tx.scalars(select(AuditEvent)
                            .where(AuditEvent.action == "sign_in_failed")).all()
    assert {(e.username, e.entity_id) for e in failed} == {("admin", admin.user_id),
                                                         ("nobody", None)}
    assert admin.username and all(e.user_id is None for e in failed)


def test_a_disabled_account_says_so_only_to_someone_who_knows_its_password(db, admin,
                                                                          make_user):
    make_user(Role.INSTITUTION_STAFF, username="gone")
    with authored_by(admin.user_id), db.transaction() as tx:
        tx.scalar(select(User).where(User.username == "gone")).active = False
    with pytest.raises(SignInFailed, match="user name or password is wrong"):
        auth.sign_in(db, "gone", "not the password")
    with pytest.raises(SignInFailed, match="deactivated") as exc:
        auth.sign_in(db, "gone", PASSWORD)
    assert exc.value.field == "username"
    with db.reading() as tx:
        failed = tx.scalars(select(AuditEvent.summary)
                            .where(AuditEvent.action == "sign_in_failed")).all()
    assert failed == ["Wrong password.", "The account is deactivated."]
