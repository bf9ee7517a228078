"""A bundle signed with a workstation's stolen keys does no more than that workstation's users
could through the program: each change names its author, and apply checks it against the
author's account. A forged bundle is refused with its reason, nothing of it applied, and the
other workstations' bundles still go in the same round."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.rules import site_key
from rjdesk.services.admin import accounts, auth
from rjdesk.services.icvc import roster, schedule
from rjdesk.services.core.errors import NotAllowed
from rjdesk.services.people.records import (
    create_offender,
    find_by_doc_number,
    transfer_offender,
    update_offender,
)
from rjdesk.services.syncing import review as sync_review
from rjdesk.store.capture import capture_off
from rjdesk.sync import crypto
from rjdesk.sync.table_rules import RULES
from rjdesk.sync.bundles import REASON_LABELS, UNAPPLICABLE, UNAUTHORIZED
from rjdesk.sync.changes import DELETE, INSERT, UPDATE, Change
from rjdesk.sync.merge import SYNCED_TABLES
from tests.conftest import offender_input
from tests.services.icvc.conftest import class_input
from tests.sync.harness import Deployment
from tests.sync.test_remote_inserts import _identity, _rewrite, signed_by

PAT = auth.user_key("pat")  # a P&P officer at PP-EP, signed in at WS1 (PP-EP)
STRANGER = "4000001"  # an offender of JCCC, made at WS0


@dataclass
class Forged:
    d: Deployment
    bundle: Path  # WS1's bundle of pat's honest work, to be rewritten
    audit_id: str  # an audit event every workstation holds
    other_site_offender: str


@pytest.fixture
def forged(tmp_path: Path) -> Iterator[Forged]:
    d = Deployment(tmp_path, 3)  # WS0 at JCCC (founder), WS1 at PP-EP, WS2 at CO
    try:
        auth.create_user(d[0].db, d[0].actor, username="pat", display_name="Pat Officer",
                         role=Role.PP_OFFICER, site_code="PP-EP", password="longpassword1")
        stranger = create_offender(d[0].db, d[0].actor, offender_input(STRANGER, site="JCCC"))
        d.sync_all()
        d[1].actor = auth.sign_in(d[1].db, "pat", "longpassword1")
        with d[1].db.reading() as session:
            audit_id = session.connection().exec_driver_sql(
                "SELECT id FROM audit_event ORDER BY at LIMIT 1").scalar_one()
        before = {b.path for b in d.share.list_bundles()}
        create_offender(d[1].db, d[1].actor, offender_input("4000002", site="PP-EP"))
        d.sync(1)
        (bundle,) = [b.path for b in d.share.list_bundles() if b.path not in before]
        yield Forged(d, bundle, audit_id, stranger.id)
    finally:
        d.close()


def _added(changes: list[Change], tbl: str, row_id: str, op: str, data: dict,
           author: str | None = PAT) -> list[Change]:
    """One more change at the end of the bundle, in place of its last one (the sequence
    numbers stay those the manifest declares)."""
    last = changes[-1]
    return [*changes[:-1], Change(last.origin, last.seq, last.hlc, tbl, row_id, op, data,
                                  {}, author)]


def _forge_admin(f: Forged, changes: list[Change]) -> list[Change]:
    return _added(changes, "app_user", auth.user_key("mallory"), INSERT, {
        "username": "mallory", "display_name": "Mallory", "role": "administrator",
        "site_id": site_key("PP-EP"), "password_hash": auth.hash_password("longpassword1"),
        "active": 1, "created_at": "2026-12-01 10:00:00.000000"})


FORGERIES: dict[str, tuple[Callable[[Forged, list[Change]], list[Change]], str, str]] = {
    "an administrator": (_forge_admin, UNAUTHORIZED, "does not allow"),
    "a deleted audit event": (
        lambda f, cs: _added(cs, "audit_event", f.audit_id, DELETE, {}),
        UNAUTHORIZED, "never changed or removed"),
    "an edited audit event": (
        lambda f, cs: _added(cs, "audit_event", f.audit_id, UPDATE, {"summary": "nothing"}),
        UNAUTHORIZED, "never changed or removed"),
    "an audit event rewritten as new": (
        lambda f, cs: _added(cs, "audit_event", f.audit_id, INSERT, {"summary": "nothing"}),
        UNAUTHORIZED, "rewrites"),
    "sync_state": (
        lambda f, cs: _added(cs, "sync_state", "workstation_id", INSERT,
                             {"key": "workstation_id", "value": "taken"}),
        UNAPPLICABLE, "sync_state"),
    "local_setting": (
        lambda f, cs: _added(cs, "local_setting", "site_id", INSERT,
                             {"key": "site_id", "value": site_key("PP-EP")}),
        UNAPPLICABLE, "local_setting"),
    "another site's offender": (
        lambda f, cs: _added(cs, "offender", f.other_site_offender, UPDATE,
                             {"housing_unit": "Cell 9"}),
        UNAUTHORIZED, "another site"),
    "an offender moved with no transfer": (
        lambda f, cs: _added(cs, "offender", next(c.row_id for c in cs if c.tbl == "offender"),
                             UPDATE, {"site_id": site_key("JCCC")}),
        UNAUTHORIZED, "no transfer"),
    "no author": (
        lambda f, cs: [replace(c, author=None) for c in cs], UNAUTHORIZED, "names no author"),
    "an unknown author": (
        lambda f, cs: [replace(c, author=str(uuid.uuid4())) for c in cs], UNAUTHORIZED,
        "no staff account"),
    "another site's offender deleted": (
        lambda f, cs: _added(cs, "offender", f.other_site_offender, DELETE, {}),
        UNAUTHORIZED, "another site"),
}


@pytest.mark.parametrize("what", list(FORGERIES))
def test_a_forged_bundle_is_refused_and_the_others_still_apply(forged: Forged,
                                                              what: str) -> None:
    edit, reason, why = FORGERIES[what]
    d = forged.d
    # pat signs it too: what his own key can do is still no more than his role allows
    _rewrite(forged.bundle, _identity(d[1]), lambda cs: edit(forged, cs), signed_by(d[1].actor))
    honest = create_offender(d[2].db, d[2].actor, offender_input("4000003", site="JCCC"))
    d.sync(2)
    with d[0].db.reading() as session:
        c = session.connection()
        before = (c.exec_driver_sql("SELECT count(*) FROM app_user").scalar_one(),
                  c.exec_driver_sql("SELECT count(*) FROM audit_event").scalar_one())
    report = d.sync(0)  # no exception: the round reports
    assert forged.bundle.name in report.rejected and not report.ok
    (row,) = [r for r in sync_review.list_rejected(d[0].db) if r.file == forged.bundle.name]
    assert row.reason == REASON_LABELS[reason] and why in row.message, row.message
    assert (Path(row.kept_as)).exists()
    # nothing of it: not even pat's honest offender beside the forged change
    assert find_by_doc_number(d[0].db, d[0].actor, "4000002") is None
    stranger = find_by_doc_number(d[0].db, d[0].actor, STRANGER)
    assert stranger is not None and stranger.housing_unit == "" and stranger.site_code == "JCCC"
    with d[0].db.reading() as session:
        c = session.connection()
        after = (c.exec_driver_sql("SELECT count(*) FROM app_user").scalar_one(),
                 c.exec_driver_sql("SELECT count(*) FROM audit_event").scalar_one())
        assert c.exec_driver_sql("SELECT 1 FROM audit_event WHERE id = ?",
                                 (forged.audit_id,)).scalar() == 1
    assert after[0] == before[0]  # no account made
    assert after[1] > before[1]  # WS2's bundle went in: its audit events with it
    assert find_by_doc_number(d[0].db, d[0].actor, "4000003").id == honest.id


def test_a_pp_officers_honest_work_applies_everywhere(forged: Forged) -> None:
    d = forged.d
    pat = d[1].actor
    person = find_by_doc_number(d[1].db, pat, "4000002")
    cls = schedule.create_class(d[1].db, pat, class_input(site_code="PP-EP", title="EP ICVC"))
    roster.enroll(d[1].db, pat, cls.id, person.id, today=date(2026, 8, 1))
    auth.change_password(d[1].db, pat, "longpassword1", "longpassword2")
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1
    # a transfer by the site he reaches: his seat at the old site is freed by the hook
    auth.create_user(d[0].db, d[0].actor, username="ivy", display_name="Ivy Staff",
                     role=Role.INSTITUTION_STAFF, site_code="JCCC", password="longpassword1")
    ivy = auth.sign_in(d[0].db, "ivy", "longpassword1")
    transfer_offender(d[0].db, ivy, person.id, "JCCC", on=date(2026, 8, 2))
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1
    assert find_by_doc_number(d[1].db, pat, "4000002").site_code == "JCCC"
    (seat,) = roster.roster(d[1].db, pat, cls.id)
    assert seat.status.value == "transferred"
    # and back, by the site he leaves this time
    transfer_offender(d[0].db, ivy, person.id, "PP-EP", on=date(2026, 8, 3))
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert find_by_doc_number(d[1].db, pat, "4000002").site_code == "PP-EP"
    assert auth.sign_in(d[2].db, "pat", "longpassword2").username == "pat"


def test_every_shared_table_has_its_rule() -> None:
    assert set(RULES) == set(SYNCED_TABLES)


def test_a_change_carries_its_author_and_one_of_the_old_form_reads_with_none() -> None:
    old = ["ws", 1, 5 << 16, "offender", "row", INSERT, {"housing_unit": "A"}, None]
    assert Change.from_wire(old).author is None
    new = Change.from_wire([*old, PAT])
    assert new.author == PAT and Change.from_wire(new.to_wire()) == new
    with pytest.raises(ValueError):
        Change.from_wire([*old, PAT, "more"])


def test_a_reviewer_puts_back_only_what_they_could_write(forged: Forged) -> None:
    d = forged.d
    for i, unit in ((0, "A-1"), (2, "B-2")):  # two sites at once: a conflict
        update_offender(d[i].db, d[i].actor, forged.other_site_offender,
                        offender_input(STRANGER, site="JCCC", housing_unit=unit))
    d.sync_all()
    (conflict,) = sync_review.list_conflicts(d[1].db, d[1].actor)
    for keep in ("other", "current"):  # a JCCC record's conflict is JCCC's to settle
        with pytest.raises(NotAllowed, match="own site only"):
            sync_review.resolve(d[1].db, d[1].actor, conflict.id, keep)
    sync_review.resolve(d[0].db, d[0].actor, conflict.id, "other")
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1
    assert sync_review.list_conflicts(d[0].db, d[0].actor) == []


def test_one_person_entered_offline_at_two_sites_by_their_own_staff_applies(
        forged: Forged) -> None:
    d = forged.d
    auth.create_user(d[0].db, d[0].actor, username="ivy", display_name="Ivy Staff",
                     role=Role.INSTITUTION_STAFF, site_code="JCCC", password="longpassword1")
    d.sync_all()
    ivy = auth.sign_in(d[0].db, "ivy", "longpassword1")
    create_offender(d[0].db, ivy, offender_input("4000009", site="JCCC"))
    create_offender(d[1].db, d[1].actor, offender_input("4000009", site="PP-EP"))
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1
    assert sync_review.list_conflicts(d[0].db, d[0].actor)  # where he is: for a person


# -- each person signs their own changes ---------------------------------------------------

def _admin_account(f: Forged, cs: list[Change]) -> list[Change]:
    """The stolen-keys forgery the signatures are for: the deployment's administrator named
    as the author of a new administrator account."""
    forged = _forge_admin(f, cs)
    return [*forged[:-1], replace(forged[-1], author=f.d[0].actor.user_id)]


def _refused(f: Forged, why: str) -> None:
    d = f.d
    report = d.sync(0)
    assert f.bundle.name in report.rejected and not report.ok
    (row,) = [r for r in sync_review.list_rejected(d[0].db) if r.file == f.bundle.name]
    assert row.reason == REASON_LABELS[UNAUTHORIZED] and why in row.message, row.message
    with d[0].db.reading() as session:
        assert session.connection().exec_driver_sql(
            "SELECT count(*) FROM app_user WHERE username = 'mallory'").scalar_one() == 0
    assert find_by_doc_number(d[0].db, d[0].actor, "4000002") is None


def test_stolen_workstation_keys_cannot_name_the_administrator(forged: Forged) -> None:
    d = forged.d
    # as the thief finds it: pat's signatures kept, so his own group no longer matches
    _rewrite(forged.bundle, _identity(d[1]), lambda cs: _admin_account(forged, cs))
    _refused(forged, "signature does not match")


def test_a_change_its_author_did_not_sign_is_refused(forged: Forged) -> None:
    d = forged.d
    # even with pat's own changes signed again by pat, the administrator signed nothing
    _rewrite(forged.bundle, _identity(d[1]), lambda cs: _admin_account(forged, cs),
             signed_by(d[1].actor))
    _refused(forged, "not signed by its author")


def test_a_signature_made_with_any_key_but_the_authors_is_refused(forged: Forged) -> None:
    d = forged.d
    stranger = replace(d[0].actor, signing_key=crypto.generate_signing_key())
    _rewrite(forged.bundle, _identity(d[1]), lambda cs: _admin_account(forged, cs),
             signed_by(d[1].actor, stranger))
    _refused(forged, "signature does not match")


def test_a_change_altered_after_it_was_signed_is_refused(forged: Forged) -> None:
    def altered(cs: list[Change]) -> list[Change]:
        return [replace(c, data={**c.data, "housing_unit": "Cell 9"}) if c.tbl == "offender"
                else c for c in cs]

    _rewrite(forged.bundle, _identity(forged.d[1]), altered)
    _refused(forged, "signature does not match")


def test_changes_signed_before_a_password_reset_apply_wherever_they_arrive_late(
        forged: Forged) -> None:
    d = forged.d
    d.sync_all()
    pat = d[1].actor
    old_key = pat.signing_key
    create_offender(d[1].db, pat, offender_input("4000011", site="PP-EP"))  # not yet synced
    accounts.reset_password(d[0].db, d[0].actor, "pat", "brandnewpass1")
    d.sync(0)
    d.sync(2)  # WS2 holds pat's new key before his older work arrives
    d.sync(1)
    reports = [d.sync(2), d.sync(0)]
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert find_by_doc_number(d[2].db, d[2].actor, "4000011") is not None
    again = auth.sign_in_changing_password(d[2].db, "pat", "brandnewpass1", "patsownpass1")
    assert again.signing_key not in (None, old_key)
    create_offender(d[2].db, again, offender_input("4000012", site="PP-EP"))
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1


def test_an_account_from_before_signing_keys_gets_its_pair_at_sign_in(forged: Forged) -> None:
    d = forged.d
    d.sync_all()
    for ws in d.stations:  # as a database upgraded from before keys holds him
        with ws.db.transaction() as session, capture_off(session.connection()):
            c = session.connection()
            c.exec_driver_sql("UPDATE app_user SET signing_key = NULL, sealed_signing_key = NULL "
                              "WHERE id = ?", (PAT,))
            c.exec_driver_sql("DELETE FROM user_signing_key WHERE user_id = ?", (PAT,))
    pat = auth.sign_in(d[1].db, "pat", "longpassword1")
    assert pat.signing_key is not None
    create_offender(d[1].db, pat, offender_input("4000013", site="PP-EP"))
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert find_by_doc_number(d[0].db, d[0].actor, "4000013") is not None
    assert auth.sign_in(d[0].db, "pat", "longpassword1").signing_key == pat.signing_key


def test_the_private_key_is_held_in_memory_only(forged: Forged) -> None:
    d = forged.d
    pat = d[1].actor
    assert pat.signing_key is not None and crypto.b64(pat.signing_key) not in repr(pat)
    assert replace(pat, signing_key=None) == pat
    for path in d[1].path.parent.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert pat.signing_key not in raw and crypto.b64(pat.signing_key).encode() not in raw
