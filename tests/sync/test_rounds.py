"""Sync rounds between workstations of one deployment: records, transfers, conflicts."""

from __future__ import annotations

from datetime import date, timedelta

from rjdesk.services.people.records import (
    create_offender,
    find_by_doc_number,
    get_offender,
    transfer_offender,
    update_offender,
)
from rjdesk.services.syncing import review as sync_review
from rjdesk.sync import deployment as sync_deployment
from rjdesk.sync import round as sync_round
from tests.conftest import offender_input
from tests.sync.harness import Deployment


def test_joiners_start_from_the_founders_snapshot(deployment3: Deployment) -> None:
    assert len(deployment3.joined_digests) == 1
    assert len(deployment3.digests()) == 1
    assert all(r.outcome == "synced" for ws in deployment3.stations for r in ws.reports)
    # staff accounts made at the founder sign in everywhere
    assert deployment3[2].actor.username == "admin"


def test_an_offender_added_at_one_site_reaches_every_other(deployment3: Deployment) -> None:
    d = deployment3
    made = create_offender(d[1].db, d[1].actor, offender_input("1234567", site="JCCC"))
    d.sync_all()
    assert len(d.digests()) == 1  # before the lookup below: it is audited, a change of its own
    found = find_by_doc_number(d[2].db, d[2].actor, "1234567")
    assert found is not None and found.id == made.id and found.last_name == "Nguyễn"


def test_concurrent_edits_of_one_field_keep_the_loser_for_review(deployment3: Deployment) -> None:
    d = deployment3
    made = create_offender(d[0].db, d[0].actor, offender_input("7654321", site="JCCC"))
    d.sync_all()
    base = get_offender(d[1].db, d[1].actor, made.id)
    edit = offender_input("7654321", site="JCCC", housing_unit="B-12")
    update_offender(d[1].db, d[1].actor, made.id, edit)
    update_offender(d[2].db, d[2].actor, made.id,
                    offender_input("7654321", site="JCCC", housing_unit="C-3"))
    d.sync_all()
    assert len(d.digests()) == 1
    ids = [ws.conflict_ids() for ws in d.stations]
    assert ids[0] == ids[1] == ids[2] and len(ids[0]) == 1
    (conflict,) = sync_review.list_conflicts(d[0].db, d[0].actor)
    assert conflict.field == "housing_unit"
    assert {conflict.current, conflict.other} == {"B-12", "C-3"}
    assert base.housing_unit != conflict.current
    # keeping the other value is an ordinary edit that reaches everyone, settled everywhere
    sync_review.resolve(d[0].db, d[0].actor, conflict.id, "other")
    d.sync_all()
    assert len(d.digests()) == 1
    for ws in d.stations:
        assert get_offender(ws.db, ws.actor, made.id).housing_unit == conflict.other
        assert sync_review.list_conflicts(ws.db, ws.actor) == []


def test_edits_of_different_fields_merge_without_conflict(deployment3: Deployment) -> None:
    d = deployment3
    made = create_offender(d[0].db, d[0].actor, offender_input("2223334", site="JCCC"))
    d.sync_all()
    update_offender(d[1].db, d[1].actor, made.id,
                    offender_input("2223334", site="JCCC", housing_unit="A-1"))
    update_offender(d[2].db, d[2].actor, made.id,
                    offender_input("2223334", site="JCCC", middle_name="Minh"))
    d.sync_all()
    assert len(d.digests()) == 1
    for ws in d.stations:
        person = get_offender(ws.db, ws.actor, made.id)
        assert (person.housing_unit, person.middle_name) == ("A-1", "Minh")
        assert ws.conflict_ids() == set()
    # the people search knows the merged name everywhere
    assert find_by_doc_number(d[1].db, d[1].actor, "2223334").middle_name == "Minh"


def test_one_doc_number_created_offline_at_two_sites_is_one_person(
        deployment3: Deployment) -> None:
    d = deployment3
    a = create_offender(d[1].db, d[1].actor, offender_input("5550001", site="JCCC"))
    b = create_offender(d[2].db, d[2].actor, offender_input("00-555-0001", site="JCCC",
                                                            first="Van An"))
    assert a.id == b.id
    d.sync_all()
    assert len(d.digests()) == 1
    with d[0].db.reading() as session:
        assert session.connection().exec_driver_sql(
            "SELECT count(*) FROM offender WHERE doc_number = '5550001'").scalar() == 1
    # the two first names differ: one conflict, the same on every workstation
    assert len(d[0].conflict_ids()) == 1 and d[0].conflict_ids() == d[2].conflict_ids()


def test_a_transfer_and_an_edit_at_two_sites_converge(deployment3: Deployment) -> None:
    d = deployment3
    made = create_offender(d[0].db, d[0].actor, offender_input("3334445", site="JCCC"))
    d.sync_all()
    transfer_offender(d[1].db, d[1].actor, made.id, "ERDCC", on=date.today(),
                      reason="classification")
    update_offender(d[2].db, d[2].actor, made.id,
                    offender_input("3334445", site="JCCC", housing_unit="D-4"))
    d.sync_all()
    assert len(d.digests()) == 1
    person = get_offender(d[0].db, d[0].actor, made.id)
    assert person.site_code == "ERDCC" and person.housing_unit == "D-4"


def test_icvc_work_at_three_workstations_converges_with_unique_certificates(
        deployment3: Deployment) -> None:
    from rjdesk.domain.icvc.enums import AttendanceMark
    from rjdesk.services.icvc import attendance, completion, roster, schedule
    from tests.services.icvc.conftest import class_input

    d = deployment3
    today = date.today()
    monday = today - timedelta(days=today.weekday() + 28)
    cls = schedule.create_class(d[0].db, d[0].actor, class_input(
        first_day=monday, session_count=2, sessions_required=2, capacity=5, days_off=()))
    people = [create_offender(d[0].db, d[0].actor, offender_input(f"600000{i}", site="JCCC"))
              for i in range(3)]
    seats = [roster.enroll(d[0].db, d[0].actor, cls.id, p.id, today=monday - timedelta(days=1))
             for p in people]
    d.sync_all()
    sessions = [s.id for s in cls.sessions]
    for i, ws in ((1, d[1]), (2, d[2])):  # each site takes one session's attendance
        for seat in seats:
            attendance.mark(ws.db, ws.actor, sessions[i - 1], seat.id, AttendanceMark.PRESENT,
                            today=today)
    # and both mark the third person at the first session, differently
    attendance.mark(d[2].db, d[2].actor, sessions[0], seats[2].id, AttendanceMark.ABSENT,
                    today=today)
    d.sync_all()
    numbers = {completion.complete(d[1].db, d[1].actor, seats[0].id, today=today),
               completion.complete(d[2].db, d[2].actor, seats[1].id, today=today)}
    d.sync_all()
    assert len(d.digests()) == 1 and len(numbers) == 2
    with d[0].db.reading() as session:
        held = {r[0] for r in session.connection().exec_driver_sql(
            "SELECT certificate_number FROM icvc_enrollment WHERE certificate_number IS NOT "
            "NULL")}
    assert held == numbers
    (mark,) = sync_review.list_conflicts(d[0].db, d[0].actor)
    assert mark.table == "icvc_attendance" and {mark.current, mark.other} == {"present",
                                                                             "absent"}


def test_a_workstation_that_diverged_is_named(deployment3: Deployment) -> None:
    from rjdesk.store.capture import capture_off

    d = deployment3
    made = create_offender(d[0].db, d[0].actor, offender_input("9090909", site="JCCC"))
    d.sync_all()
    with d[2].db.transaction() as session:  # a write that escaped the change log
        c = session.connection()
        with capture_off(c):
            c.exec_driver_sql("UPDATE offender SET housing_unit = 'X' WHERE id = ?", (made.id,))
    create_offender(d[1].db, d[1].actor, offender_input("9090910", site="JCCC"))
    d.sync_all(rounds=3)
    warnings = [w for r in d[0].reports[-1:] for w in r.warnings]
    assert any("WS2" in w and "hold different records" in w for w in warnings), warnings
    assert not any("WS1 (" in w and "WS0 (" in w for w in warnings)


def test_bundles_every_site_holds_and_a_snapshot_covers_are_archived(
        deployment3: Deployment, monkeypatch) -> None:
    d = deployment3
    monkeypatch.setattr(sync_round, "SNAPSHOT_EVERY_CHANGES", 1)
    create_offender(d[1].db, d[1].actor, offender_input("1313131", site="JCCC"))
    d.sync_all(rounds=3)
    archived = d.share.list_bundles(archived=True)
    assert archived, "nothing was archived"
    live = {b.path.name for b in d.share.list_bundles()}
    assert not live & {b.path.name for b in archived}
    # a workstation that joins now starts from the newer snapshot and needs no archived bundle
    late = d.add_approved("WS3", "ERDCC")
    assert d.sync(3).ok
    late.sign_in()
    d.sync_all()
    assert len(d.digests()) == 1


def test_newcomers_take_only_the_founders_snapshot(deployment3: Deployment) -> None:
    """A member's keys (taken from its database file) cannot hand newcomers a copy of the
    records of their making: only the founding workstation's snapshots are taken, and a file
    named for the founder but signed by another member is refused."""
    from rjdesk import paths
    from rjdesk.sync import snapshot
    from rjdesk.sync.publish import Identity

    d = deployment3
    founders = {ref.path.name for ref in d.share.list_snapshots()}
    create_offender(d[1].db, d[1].actor, offender_input("2323232", site="JCCC"))  # only at WS1
    with d[1].db.reading() as session:
        who = Identity.load(session.connection())
    assert who is not None
    made = snapshot.make(d[1].db, d.share, who, paths.sync_work_dir(d[1].path))
    (theirs,) = [r for r in d.share.list_snapshots() if r.path.name == made]
    roster = sync_deployment.load_roster(d.share, who.admin_key, who.deployment)
    members = roster["members"]
    newest = snapshot.newest(d.share, members)
    assert newest is not None and newest.path.name in founders
    assert theirs.stamp > newest.stamp  # the newer one by far, and passed over

    forged = d.share.snapshot_path(d[0].me(), theirs.stamp + 1)
    forged.write_bytes(theirs.path.read_bytes())  # named for the founder, signed by WS1
    assert snapshot.newest(d.share, members).path == forged
    late = d.add_approved("WS3", "ERDCC")
    report = d.sync(3)
    assert not report.ok and "the snapshot was refused" in report.message
    forged.unlink()
    assert d.sync(3).ok
    late.sign_in()
    d.sync_all()
    assert len(d.digests()) == 1
