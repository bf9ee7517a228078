"""Each account's signing key through the services: made with the account, opened at sign-in,
sealed again by a password change, renewed by an administrator's reset, and signing every
transaction the person makes."""

from __future__ import annotations

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import accounts, auth
from rjdesk.services.core.errors import InvalidInput, SignInFailed
from rjdesk.services.people.records import create_offender
from rjdesk.store.capture import capture_off
from rjdesk.sync import crypto
from tests.conftest import PASSWORD, offender_input


def _key_rows(db, user_id: str) -> list[str]:  # noqa: ANN001
    with db.reading() as tx:
        return [r[0] for r in tx.connection().exec_driver_sql(
            "SELECT public_key FROM user_signing_key WHERE user_id = ?", (user_id,))]


def _public(actor) -> str:  # noqa: ANN001
    return crypto.b64(crypto.public_signing_key(actor.signing_key))


def test_the_first_administrator_and_every_new_account_have_a_key(db, admin, make_user) -> None:
    assert admin.signing_key is not None
    assert _key_rows(db, admin.user_id) == [_public(admin)]
    clerk = make_user(Role.INSTITUTION_STAFF)
    assert clerk.signing_key not in (None, admin.signing_key)
    assert _key_rows(db, clerk.user_id) == [_public(clerk)]


def test_every_change_a_person_makes_is_signed(db, admin) -> None:
    create_offender(db, admin, offender_input("1234567"))
    with db.reading() as tx:
        c = tx.connection()
        unsigned = c.exec_driver_sql(
            "SELECT count(*) FROM sync_change AS x WHERE NOT EXISTS (SELECT 1 FROM "
            "sync_signature AS s WHERE s.origin = x.origin AND x.seq BETWEEN s.first_seq AND "
            "s.last_seq AND s.author = x.author)").scalar_one()
    assert unsigned == 0


def test_a_password_change_seals_the_same_key_and_a_reset_makes_a_new_one(db, admin,
                                                                          make_user) -> None:
    clerk = make_user(Role.INSTITUTION_STAFF)
    auth.change_password(db, clerk, PASSWORD, "anotherpass1")
    again = auth.sign_in(db, clerk.username, "anotherpass1")
    assert again.signing_key == clerk.signing_key
    accounts.reset_password(db, admin, clerk.username, "resetpass12")
    renewed = auth.sign_in_changing_password(db, clerk.username, "resetpass12", "mypass123")
    assert renewed.signing_key != clerk.signing_key
    assert set(_key_rows(db, clerk.user_id)) == {_public(clerk), _public(renewed)}
    with pytest.raises(InvalidInput, match="sign in again"):  # the old session's key is gone
        auth.change_password(db, again, "mypass123", "thirdpass123")
    with pytest.raises(InvalidInput, match="at least"):
        accounts.reset_password(db, admin, clerk.username, "short")
    # the key the reset made, sealed under the password its owner chose
    assert auth.sign_in(db, clerk.username, "mypass123").signing_key == renewed.signing_key


def test_a_key_that_will_not_open_refuses_sign_in_with_one_clear_line(db, admin) -> None:
    with db.transaction() as tx, capture_off(tx.connection()):
        tx.connection().exec_driver_sql(
            "UPDATE app_user SET sealed_signing_key = 'AAAA' WHERE id = ?", (admin.user_id,))
    with pytest.raises(SignInFailed, match="administrator to reset"):
        auth.sign_in(db, "admin", PASSWORD)


def test_the_key_never_shows_in_the_actor_repr(admin) -> None:
    assert "signing_key" not in repr(admin) and crypto.b64(admin.signing_key) not in repr(admin)
