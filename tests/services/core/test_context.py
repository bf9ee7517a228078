"""The account behind an Actor is checked again in every transaction, and reads are audited
without breaking on a database that cannot take the event."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import OperationalError

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent, User, UserSigningKey
from rjdesk.services.core import context
from rjdesk.services.core.context import audit_read
from rjdesk.services.core.errors import NotAllowed
from rjdesk.services.people.records import get_offender, update_offender
from rjdesk.store.capture import authored_by
from tests.conftest import offender_input


def _set(db, username: str, **values) -> None:
    """An administrator's change to the account, made behind the services' back."""
    with authored_by("setup"), db.transaction() as tx:
        tx.execute(update(User).where(User.username == username).values(**values))


def _count(db) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(AuditEvent))


def test_a_disabled_account_is_refused_and_changes_nothing(db, admin, make_user, add_offender):
    officer = make_user(Role.INSTITUTION_STAFF)
    person = add_offender()
    _set(db, officer.username, active=False)
    with pytest.raises(NotAllowed, match="disabled; sign in again"):
        update_offender(db, officer, person.id, offender_input(housing_unit="B-12"))
    assert get_offender(db, admin, person.id).housing_unit == ""


def test_an_account_whose_role_changed_must_sign_in_again(db, make_user, add_offender):
    officer = make_user(Role.INSTITUTION_STAFF)
    person = add_offender()
    _set(db, officer.username, role=Role.VICTIM_SERVICES)
    with pytest.raises(NotAllowed, match="sign in again"):
        update_offender(db, officer, person.id, offender_input(housing_unit="B-12"))


def test_a_deleted_account_cannot_act(db, make_user, add_offender):
    officer = make_user(Role.INSTITUTION_STAFF)
    person = add_offender()
    with authored_by("setup"), db.transaction() as tx:
        tx.execute(update(User).where(User.username == officer.username)
                   .values(username="gone"))
    with authored_by("setup"), db.transaction() as tx:  # the account and its keys
        tx.execute(delete(UserSigningKey).where(UserSigningKey.user_id == officer.user_id))
        tx.delete(tx.get(User, officer.user_id))
    with pytest.raises(NotAllowed, match="sign in again"):
        update_offender(db, officer, person.id, offender_input(housing_unit="B-12"))


def test_a_read_audit_that_cannot_be_written_does_not_fail_the_read(db, admin, monkeypatch):
    before = _count(db)

    class ReadOnly(sqlite3.OperationalError):
        sqlite_errorcode = sqlite3.SQLITE_READONLY

    def refuse(*_a, **_k):
        raise OperationalError("INSERT", {}, ReadOnly("attempt to write a readonly database"))

    monkeypatch.setattr(context, "audit", refuse)
    audit_read(db, admin, "view", "offender", None, "x")  # no error
    assert _count(db) == before


def test_any_other_database_error_on_a_read_audit_is_not_hidden(db, admin, monkeypatch):
    def broken(*_a, **_k):
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(context, "audit", broken)
    with pytest.raises(OperationalError):
        audit_read(db, admin, "view", "offender", None, "x")
