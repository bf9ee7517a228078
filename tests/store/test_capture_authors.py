"""Every logged change names its author: a service's transaction names it, and a write of a
shared record with no one named fails and leaves nothing."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor
from rjdesk.services.core.errors import SignInFailed
from rjdesk.services.people.records import create_offender
from rjdesk.store.capture import authored_by
from rjdesk.store.database import Database
from tests.conftest import offender_input


def _authors(db: Database) -> list[tuple[str, str | None]]:
    with db.reading() as session:
        return [tuple(r) for r in session.execute(text(
            "SELECT tbl, author FROM sync_change ORDER BY rowid"))]


def test_a_services_changes_name_its_actor(db: Database, admin: Actor) -> None:
    before = len(_authors(db))
    create_offender(db, admin, offender_input("5550001"))
    made = _authors(db)[before:]
    assert {t for t, _ in made} >= {"offender", "audit_event"}
    assert {a for _, a in made} == {admin.user_id}


def test_founding_and_sign_in_name_the_account(db: Database) -> None:
    auth.setup_workstation(db, site_code="JCCC", workstation_name="WS", admin_username="boss",
                           admin_name="The Boss", admin_password="longpassword1")
    auth.sign_in(db, "boss", "longpassword1")
    assert {a for _, a in _authors(db)} == {auth.user_key("boss")}


def test_a_shared_write_with_no_author_fails_and_leaves_nothing(db: Database,
                                                               admin: Actor) -> None:
    before = _authors(db)
    with pytest.raises(sqlalchemy.exc.IntegrityError, match="needs its author"), \
            db.transaction() as tx:
        tx.execute(text("UPDATE app_user SET display_name = 'Someone else'"))
    assert _authors(db) == before
    with authored_by(admin.user_id), db.transaction() as tx:
        tx.execute(text("UPDATE app_user SET display_name = 'Someone else'"))
    assert {a for _, a in _authors(db)[len(before):]} == {admin.user_id}


def test_sign_in_bookkeeping_alone_needs_no_author(db: Database, admin: Actor) -> None:
    before = _authors(db)
    with pytest.raises(SignInFailed, match="wrong"):
        auth.sign_in(db, admin.username, "not the password")
    assert _authors(db) == before  # the failed count is this workstation's own
