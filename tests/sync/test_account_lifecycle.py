"""A staff account managed at one workstation is managed everywhere once synced: deactivated, it
is refused at sign-in at every other; reset, it must choose a new password wherever it signs in
next, and the password it chooses there applies back at the first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import accounts, auth
from rjdesk.services.core.errors import NotAllowed, SignInFailed
from rjdesk.services.people.records import create_offender, find_by_doc_number
from tests.conftest import offender_input
from tests.sync.harness import PASSWORD, Deployment


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Deployment]:
    d = Deployment(tmp_path, 2)  # WS0 at JCCC holds the accounts; WS1 at PP-EP
    try:
        auth.create_user(d[0].db, d[0].actor, username="pat", display_name="Pat Officer",
                         role=Role.PP_OFFICER, site_code="PP-EP", password=PASSWORD)
        d.sync_all()
        yield d
    finally:
        d.close()


def test_an_account_deactivated_at_one_workstation_is_refused_at_another(pair: Deployment):
    d = pair
    pat = d[1].sign_in("pat")  # pat works at WS1 today, not yet synced
    made = create_offender(d[1].db, pat, offender_input("4000021", site="PP-EP"))
    accounts.deactivate_user(d[0].db, d[0].actor, "pat")
    reports = d.sync_all()
    # what pat did before he was switched off still applies: WS1's bundle is not stranded
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert find_by_doc_number(d[0].db, d[0].actor, "4000021").id == made.id
    with pytest.raises(SignInFailed, match="deactivated"):
        auth.sign_in(d[1].db, "pat", PASSWORD)
    with pytest.raises(NotAllowed, match="disabled"):  # his open session stops too
        create_offender(d[1].db, pat, offender_input("4000022", site="PP-EP"))
    accounts.reactivate_user(d[0].db, d[0].actor, "pat")
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert auth.sign_in(d[1].db, "pat", PASSWORD).username == "pat"


def test_a_temporary_password_set_at_one_workstation_is_changed_at_another(pair: Deployment):
    d = pair
    accounts.reset_password(d[0].db, d[0].actor, "pat", "temporary-1")
    d.sync_all()
    with pytest.raises(auth.PasswordChangeDue):
        auth.sign_in(d[1].db, "pat", "temporary-1")
    auth.sign_in_changing_password(d[1].db, "pat", "temporary-1", "pats-own-password")
    reports = d.sync_all()  # pat's own change of his own account, applied at WS0
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1
    assert auth.sign_in(d[0].db, "pat", "pats-own-password").username == "pat"
