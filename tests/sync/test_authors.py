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
from rjdesk.services.admin import auth
from rjdesk.services.icvc import roster, schedule
from rjdesk.services.core.errors import NotAllowed
from rjdesk.services.people.records import (
    create_offender,
    find_by_doc_number,
    transfer_offender,
    update_offender,
)
from rjdesk.services.syncing import review as sync_review
from rjdesk.sync.authority import RULES
from rjdesk.sync.bundles import REASON_LABELS, UNAPPLICABLE, UNAUTHORIZED
from rjdesk.sync.changes import DELETE, INSERT, UPDATE, Change
from rjdesk.sync.merge import SYNCED_TABLES
from tests.conftest import offender_input
from tests.services.icvc.conftest import class_input
from tests.sync.harness import Deployment
from tests.sync.test_remote_inserts import _identity, _rewrite

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
    _rewrite(forged.bundle, _identity(d[1]), lambda cs: edit(forged, cs))
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
