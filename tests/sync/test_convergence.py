"""The convergence property: workstations making random concurrent inserts, edits, deletes and
transfers, exchanging through one share whose bundles show up late, out of order and twice,
all end with the same records, the same change log and the same conflicts, and no edit is lost
without either a later edit made on top of it or a conflict record.

Seeded and reproducible. ``RJDESK_SYNC_EXAMPLES`` / ``RJDESK_SYNC_STEPS`` run it larger by hand.
"""

from __future__ import annotations

import json
import os
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from rjdesk.domain.base import QUIET_COLUMNS
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core.errors import Refused
from rjdesk.services.people.records import (
    create_offender,
    get_offender,
    transfer_offender,
    update_offender,
)
from rjdesk.services.volunteers.records import (
    TrainingInput,
    VolunteerInput,
    create_volunteer,
    get_volunteer,
    update_volunteer,
)
from rjdesk.store.clock import stamp
from rjdesk.sync.merge import SYNCED_TABLES
from rjdesk.sync.share import Share
from tests.conftest import offender_input
from tests.sync.harness import Deployment
from tests.sync import boards_ops, reparative_ops

EXAMPLES = int(os.environ.get("RJDESK_SYNC_EXAMPLES", "3"))
STEPS = int(os.environ.get("RJDESK_SYNC_STEPS", "45"))
DOCS = [str(1000000 + n * 7) for n in range(10)]
UNITS = ["A-1", "B-2", "C-3", "D-4"]
SITES = ["JCCC", "ERDCC", "PP-EP"]
TRAININGS = ["Orientation", "Boundaries", "Trauma-informed care"]


#: Shared tables this test leaves alone, each converging in a test of its own: ICVC work at three
#: workstations in test_rounds.py, a reviewer's settling of conflicts in
#: tests/services/syncing/test_review.py. Any other new shared table fails the test until it is
#: written here.
NOT_WRITTEN_HERE = frozenset({"icvc_class", "icvc_session", "icvc_day_off", "icvc_enrollment",
                              "icvc_attendance", "icvc_speaker", "conflict_resolution"})


class FlakyShare(Share):
    """A share where each round sees only some bundles, shuffled, some of them twice."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        super().__init__(root, retries=1, backoff=0, sleep=lambda s: None)
        self.rng = rng
        self.flaky = True

    def list_bundles(self, *, archived: bool = False, of: str | None = None):  # noqa: ANN201
        found = super().list_bundles(archived=archived, of=of)
        if not self.flaky or of is not None:  # a workstation's own folder it reads as it is
            return found
        seen = [b for b in found if self.rng.random() < 0.6]
        seen += self.rng.sample(seen, k=len(seen) // 3)
        self.rng.shuffle(seen)
        return seen


def _offender_op(rng: random.Random, ws) -> None:  # noqa: ANN001
    doc = rng.choice(DOCS)
    with ws.db.reading() as session:
        row = session.connection().exec_driver_sql(
            "SELECT id FROM offender WHERE doc_number = ?", (doc,)).first()
    if row is None:
        create_offender(ws.db, ws.actor, offender_input(doc, last=rng.choice(["Lee", "Ng"]),
                                                        site=rng.choice(SITES)))
        return
    person = get_offender(ws.db, ws.actor, row[0])
    if rng.random() < 0.3:
        others = [s for s in SITES if s != person.site_code]
        transfer_offender(ws.db, ws.actor, person.id, rng.choice(others), on=date.today(),
                          reason="test")
    else:
        update_offender(ws.db, ws.actor, person.id, offender_input(
            doc, last=person.last_name, first=person.first_name, site=person.site_code,
            housing_unit=rng.choice(UNITS), middle_name=rng.choice(["", "Q", "Minh"])))


def _volunteer_op(rng: random.Random, ws, volunteers: list[str]) -> None:  # noqa: ANN001
    with ws.db.reading() as session:
        have = [r[0] for r in session.connection().exec_driver_sql("SELECT id FROM volunteer")]
    if not have or rng.random() < 0.2:
        made = create_volunteer(ws.db, ws.actor, VolunteerInput(
            last_name=rng.choice(["Ortiz", "Smith"]), first_name="Pat", site_code="JCCC",
            roles=frozenset({VolunteerRole.VICTIM_SPEAKER})))
        volunteers.append(made.id)
        return
    v = get_volunteer(ws.db, ws.actor, rng.choice(have))
    base = date(2026, 1, 5)
    trainings = tuple(TrainingInput(name, base, base + timedelta(days=rng.choice([365, 730])))
                      for name in TRAININGS if rng.random() < 0.5)
    roles = frozenset(r for r in VolunteerRole if rng.random() < 0.4)
    update_volunteer(ws.db, ws.actor, v.id, VolunteerInput(
        last_name=v.last_name, first_name=v.first_name, site_code=v.site_code,
        phone=rng.choice(["", "573-555-0101", "573-555-0199"]), roles=roles,
        trainings=trainings))


def _log(ws) -> list[tuple]:  # noqa: ANN001
    with ws.db.reading() as session:
        return [(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]),
                 json.loads(r[7]) if r[7] else {})
                for r in session.connection().exec_driver_sql(
                    "SELECT origin, seq, hlc, tbl, row_id, op, data, prior FROM sync_change")]


def _conflicts(ws) -> set[tuple]:  # noqa: ANN001
    with ws.db.reading() as session:
        return set(session.connection().exec_driver_sql(
            "SELECT id, field, winner_stamp, loser_stamp FROM sync_conflict").all())


def _lost_silently(log: list[tuple], conflicts: set[tuple]) -> list[str]:
    """Writes whose value is gone with neither a later write made on top of them nor a
    conflict record naming them."""
    in_conflict = {(field, s) for _, field, w, loser in conflicts for s in (w, loser)}
    rows: dict[tuple, list] = {}
    for entry in log:
        rows.setdefault((entry[3], entry[4]), []).append(entry)
    lost = []
    for (tbl, row_id), entries in rows.items():
        writes = [e for e in entries if e[5] != "d"]
        for origin, seq, hlc, _, _, op, data, prior in writes:
            mine = stamp(hlc, origin)
            for name in data:
                if name in QUIET_COLUMNS:
                    continue
                rivals = sorted((stamp(e[2], e[0]), e[6][name]) for e in writes if name in e[6])
                if data[name] == rivals[-1][1]:
                    continue  # the field holds its value
                # writes of the same value stand for one another
                same = {s for s, v in rivals if v == data[name]}
                if any(e[7].get(name) in same for e in writes if name in e[6]):
                    continue  # someone edited on top of it
                if any((name, s) in in_conflict or ("*", s) in in_conflict for s in same):
                    continue
                lost.append(f"{tbl} {row_id} {name} {mine}")
    return lost


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_workstations_converge_whatever_the_delivery(tmp_path_factory, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("converge")
    share = FlakyShare(root / "share", rng)
    share.flaky = False
    d = Deployment(root, 3, share=share)
    for ws in d.stations:
        ws.actor = ws.sign_in()
    volunteers: list[str] = []
    sites = [ws.site for ws in d.stations]
    try:
        _offender_op(rng, d[0])
        reparative_ops.write_every_table_twice(d)
        boards_ops.write_every_table_twice(d)
        share.flaky = True
        for _ in range(STEPS):
            i = rng.randrange(3)
            try:
                what = rng.random()
                if what < 0.45:
                    _offender_op(rng, d[i])
                elif what < 0.6:
                    _volunteer_op(rng, d[i], volunteers)
                elif what < 0.8:
                    reparative_ops.reparative_op(rng, d[i], sites)
                else:
                    boards_ops.boards_op(rng, d[i])
            except Refused:
                pass  # e.g. a DOC number this workstation already holds: the service says no
            if rng.random() < 0.35:
                d.sync(rng.randrange(3))
        share.flaky = False
        d.sync_all(rounds=3)
        assert len(d.digests()) == 1, f"seed {seed}: workstations hold different records"
        logs = [sorted(_log(ws)) for ws in d.stations]
        assert logs[0] == logs[1] == logs[2], f"seed {seed}: change logs differ"
        conflicts = [_conflicts(ws) for ws in d.stations]
        assert conflicts[0] == conflicts[1] == conflicts[2], f"seed {seed}: conflicts differ"
        assert _lost_silently(logs[0], conflicts[0]) == [], f"seed {seed}"
        writers = {t: {e[0] for e in logs[0] if e[3] == t}
                   for t in reparative_ops.TABLES + boards_ops.TABLES}
        assert all(len(w) >= 2 for w in writers.values()), writers
        # a new shared table is written here too, or named below with the test that covers it
        unwritten = set(SYNCED_TABLES) - {e[3] for e in logs[0]}
        assert unwritten <= NOT_WRITTEN_HERE, unwritten - NOT_WRITTEN_HERE
        assert all(not r.rejected for ws in d.stations for r in ws.reports)
    finally:
        d.close()
