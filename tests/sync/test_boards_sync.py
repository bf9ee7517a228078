"""One board case worked at two P&P offices offline: the receiving office records the offender's
transfer (his case follows him) and logs his hours, while the office he left, not yet told,
records a payment and hours of the same day. After sync every workstation holds the same case
at the new office, with both offices' work, and the one field both wrote is a conflict listed
for review — no bundle is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from rjdesk.domain.boards.enums import CaseStatus, TaskKind
from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import auth
from rjdesk.services.boards import agreement, cases
from rjdesk.services.core.errors import Refused
from rjdesk.services.people.records import create_offender, transfer_offender
from rjdesk.services.syncing.review import list_conflicts
from tests.conftest import offender_input
from tests.sync.harness import PASSWORD, Deployment

TODAY = date.today()
AGREED = TODAY - timedelta(days=20)


@pytest.fixture
def offices(tmp_path: Path) -> Iterator[Deployment]:
    """The founder at JCCC holds the accounts; one workstation at PP-01, one at PP-02, each
    with its board coordinator."""
    d = Deployment(tmp_path, 1)
    try:
        for name, site in (("WS-A", "PP-01"), ("WS-B", "PP-02")):
            d.add_approved(name, site)
        for username, site in (("ann", "PP-01"), ("ben", "PP-02")):
            auth.create_user(d[0].db, d[0].actor, username=username,
                             display_name=f"{username.title()} Coordinator",
                             role=Role.BOARD_COORDINATOR, site_code=site, password=PASSWORD)
        d.sync_all(rounds=3)
        d[1].sign_in("ann")
        d[2].sign_in("ben")
        yield d
    finally:
        d.close()


def test_a_case_worked_at_two_offices_offline_converges(offices: Deployment) -> None:
    d = offices
    a, b = d[1], d[2]
    offender = create_offender(a.db, a.actor, offender_input(
        "4200017", "Đặng", "Minh", site="PP-01", status="supervised"))
    case = cases.refer(a.db, a.actor, cases.ReferralInput(
        "4200017", "Buchanan County Circuit Court", "26BU-CR00017", "Stealing",
        AGREED - timedelta(days=10)))
    cases.schedule_case(a.db, a.actor, case.id, AGREED - timedelta(days=3))
    agreed = cases.record_agreement(a.db, a.actor, case.id, AGREED, [
        agreement.TaskInput(TaskKind.COMMUNITY_SERVICE, hours_required=40),
        agreement.TaskInput(TaskKind.RESTITUTION, amount="$1,200.00")])
    hours = next(t.id for t in agreed.tasks if t.kind is TaskKind.COMMUNITY_SERVICE)
    money = next(t.id for t in agreed.tasks if t.kind is TaskKind.RESTITUTION)
    d.sync_all(rounds=3)

    # offline from here: PP-02 takes him in and logs his hours …
    transfer_offender(b.db, b.actor, offender.id, "PP-02", on=TODAY - timedelta(days=2))
    agreement.log_hours(b.db, b.actor, hours, TODAY - timedelta(days=1), 6)
    # … while PP-01, not yet told, records his payment and hours of the same day
    agreement.record_payment(a.db, a.actor, money, TODAY - timedelta(days=1), "250.00")
    agreement.log_hours(a.db, a.actor, hours, TODAY - timedelta(days=1), 4)

    reports = d.sync_all(rounds=3)
    assert all(not r.rejected for r in reports), [(r.lines(), r.rejected) for r in reports]
    assert len(d.digests()) == 1, "the workstations hold different records"
    seen = [cases.get_case(ws.db, d[0].actor, case.id) for ws in d.stations]
    assert {(v.site_code, v.status) for v in seen} == {("PP-02", CaseStatus.IN_PROGRESS)}
    [task] = [t for t in seen[0].tasks if t.kind is TaskKind.RESTITUTION]
    assert (task.paid_cents, task.owed_cents) == (25000, 95000)
    # one row per task and day: both offices wrote its hours, one value stands, the other is
    # listed for review at every workstation
    [worked] = [t for t in seen[0].tasks if t.kind is TaskKind.COMMUNITY_SERVICE]
    assert worked.hours_done in (4, 6)
    listed = [{(c.table, c.field, c.current, c.other) for c in list_conflicts(ws.db, d[0].actor)
               if c.table == "board_task_progress"} for ws in d.stations]
    assert listed[0] == listed[1] == listed[2]
    assert ("hours", frozenset({"4.0", "6.0"})) in {(f, frozenset({cur, oth}))
                                                  for _, f, cur, oth in listed[0]}, listed[0]
    # the case is PP-02's now: PP-01 no longer writes it, PP-02 does
    with pytest.raises(Refused, match="own site"):
        agreement.record_payment(a.db, a.actor, money, TODAY, "10")
    agreement.record_payment(b.db, b.actor, money, TODAY, "10")
