"""Reparative work in the demo: every category, recipient type and delivery state, and rows
that keep every rule the reparative services enforce."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from rjdesk import areas
from rjdesk.demo.boards.words import RECRUITED as BOARD_RECRUITED
from rjdesk.demo.builder import build_demo
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import (
    DeliveryStatus,
    HoursStatus,
    ProjectCategory,
    RecipientType,
    Unit,
)
from rjdesk.store.database import Database
from rjdesk.store.digest import integrity_problems, state_digest
from rjdesk.store.migrate import open_database

TODAY = date(2026, 6, 15)
RECRUITED = "Supervises a reparative project."  # the notes of the supervisors it recruits


def _build(path: Path, **kw) -> Database:
    db = open_database(path)
    build_demo(db, today=TODAY, **kw)
    return db


@pytest.fixture(scope="module")
def scale_1(tmp_path_factory: pytest.TempPathFactory):
    db = _build(tmp_path_factory.mktemp("rep1") / "demo.sqlite3")
    yield db
    db.close()


@pytest.fixture(scope="module")
def scale_2(tmp_path_factory: pytest.TempPathFactory):
    db = _build(tmp_path_factory.mktemp("rep2") / "demo.sqlite3", scale=2, seed=3,
                home_site="ACC")
    yield db
    db.close()


@pytest.fixture(params=["scale_1", "scale_2"])
def demo(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue(request.param)


def _all(db: Database, sql: str, **params) -> list:
    with db.engine.connect() as c:
        return list(c.execute(text(sql), params).all())


def _one(db: Database, sql: str, **params):
    return _all(db, sql, **params)[0][0]


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def test_every_institution_has_a_project_of_every_category(demo):
    rows = _all(demo, """SELECT s.code, p.category, p.active FROM reparative_project p
        JOIN site s ON s.id = p.site_id""")
    institutions = {c for c, in _all(demo, "SELECT code FROM site WHERE kind = 'institution'")}
    by_site: dict[str, set[str]] = defaultdict(set)
    for code, category, _ in rows:
        by_site[code].add(category)
    assert set(by_site) == institutions and len(institutions) == 19
    assert all(cats == {c.value for c in ProjectCategory} for cats in by_site.values())
    closed = sum(not active for *_, active in rows)
    assert 0 < closed < len(rows) / 4
    keys = _all(demo, "SELECT id, site_id, name FROM reparative_project")
    assert all(k == rules.project_key(s, n) for k, s, n in keys)


def test_supervisors_are_cleared_volunteers_of_the_site_but_one_flagged(demo):
    rows = _all(demo, """SELECT p.id, p.site_id, p.active, v.id, v.site_id, v.active,
        v.background_check_on, v.background_check_expires, s.id,
        EXISTS (SELECT 1 FROM volunteer_role r WHERE r.volunteer_id = v.id
                AND r.role = 'project_supervisor')
        FROM reparative_supervisor s JOIN reparative_project p ON p.id = s.project_id
        JOIN volunteer v ON v.id = s.volunteer_id""")
    per_project: dict[str, int] = defaultdict(int)
    expired = []
    for pid, site, _, vid, v_site, v_active, checked, expires, key, role in rows:
        per_project[pid] += 1
        assert v_site == site and v_active and role and checked is not None
        assert key == rules.supervisor_key(pid, vid)
        if _day(expires) < TODAY:
            expired.append(pid)
    assert set(per_project.values()) <= {1, 2} and 2 in per_project.values()
    assert len(per_project) == _one(demo, "SELECT count(*) FROM reparative_project")
    # one active project at the home site shows the flag: its supervisor's check lapsed
    assert len(expired) == 1
    home = _one(demo, "SELECT value FROM local_setting WHERE key = 'site_id'")
    assert _all(demo, "SELECT site_id, active FROM reparative_project WHERE id = :p",
                p=expired[0]) == [(home, 1)]


def test_hours_keep_every_rule_the_hours_service_enforces(demo):
    """At most 24 a day, none in the future or out of the year, only while the person was at
    the project's site and the project open; above the approval amount only decided or
    waiting, never decided by the one who entered it."""
    assert _one(demo, """SELECT max(t) FROM (SELECT sum(hours) t FROM reparative_hours
        GROUP BY offender_id, worked_on)""") <= rules.MAX_DAY_HOURS
    first, last, low, high = _all(demo, """SELECT min(worked_on), max(worked_on), min(hours),
        max(hours) FROM reparative_hours""")[0]
    assert TODAY - timedelta(days=365) < _day(first) and _day(last) <= TODAY
    assert low > 0 and high <= 12
    assert _one(demo, """SELECT count(*) FROM reparative_hours h
        JOIN reparative_project p ON p.id = h.project_id JOIN offender o ON o.id = h.offender_id
        WHERE h.site_id != p.site_id OR o.site_id != p.site_id OR o.status != 'incarcerated'
           OR h.worked_on < date(p.created_at)
           OR (NOT p.active AND h.worked_on > date(p.updated_at))""") == 0
    moves: dict[str, list[rules.Move]] = defaultdict(list)
    for oid, on, a, b in _all(demo, "SELECT offender_id, transferred_on, from_site_id, "
                                    "to_site_id FROM offender_transfer"):
        moves[oid].append(rules.Move(_day(on), a, b))
    rows = _all(demo, """SELECT h.id, h.offender_id, h.project_id, h.site_id, h.worked_on,
        o.site_id FROM reparative_hours h JOIN offender o ON o.id = h.offender_id""")
    assert len(rows) > 1000
    for key, oid, pid, site, day, now_at in rows:
        assert key == rules.hours_key(oid, pid, _day(day))
        assert rules.at_site_on(now_at, moves[oid], site, _day(day)), (oid, day)
    above = rules.DEFAULT_APPROVAL_ABOVE
    days = _all(demo, """SELECT h.status, h.decided_by, h.entered_by, h.decided_at,
        (SELECT sum(x.hours) FROM reparative_hours x WHERE x.offender_id = h.offender_id
         AND x.worked_on = h.worked_on) FROM reparative_hours h""")
    seen = defaultdict(int)
    for status, decided_by, entered_by, decided_at, total in days:
        seen[status] += 1
        if total <= above:
            assert status == "approved" and decided_at is None
        elif status == "pending":
            assert decided_at is None
        else:
            assert decided_at is not None and decided_by != entered_by
    assert set(seen) == {s.value for s in HoursStatus}
    assert 0 < seen["pending"] < 40 and seen["declined"] < seen["approved"] / 100
    mostly = _one(demo, "SELECT avg(hours BETWEEN 2 AND 6) FROM reparative_hours")
    weekend = _one(demo, "SELECT count(*) FROM reparative_hours WHERE strftime('%w', "
                         "worked_on) IN ('0', '6')")
    assert mostly > 0.7 and weekend == 0


def test_supervisors_log_hours_only_while_cleared_on_their_projects(demo):
    assert _one(demo, """SELECT count(*) FROM reparative_volunteer_hours h
        JOIN volunteer v ON v.id = h.volunteer_id
        WHERE h.worked_on < v.background_check_on OR h.worked_on > v.background_check_expires
           OR h.worked_on > :t OR NOT EXISTS (SELECT 1 FROM reparative_supervisor s
              WHERE s.project_id = h.project_id AND s.volunteer_id = h.volunteer_id)""",
                t=TODAY) == 0
    rows = _all(demo, "SELECT id, volunteer_id, project_id, worked_on "
                      "FROM reparative_volunteer_hours")
    assert len(rows) > 50
    assert all(k == rules.volunteer_hours_key(v, p, _day(d)) for k, v, p, d in rows)


def test_items_of_every_kind_are_made_by_their_projects(demo):
    items = {n: (u, bool(p)) for n, u, p in _all(
        demo, "SELECT name, unit, produce FROM reparative_item_type")}
    for name in ("Quilt", "Weighted blanket", "Wooden toy", "Refurbished bicycle",
                 "Knitted hat", "Backpack with school supplies"):
        assert items[name] == (Unit.EACH.value, False)
    assert items["Garden produce"] == (Unit.POUND.value, True)
    assert items["Braille pages"] == (Unit.PAGE.value, False)
    made = _all(demo, """SELECT x.id, x.project_id, x.item_type_id, x.made_on, x.quantity,
        i.name, p.category, x.site_id = p.site_id FROM reparative_production x
        JOIN reparative_item_type i ON i.id = x.item_type_id
        JOIN reparative_project p ON p.id = x.project_id""")
    assert {name for *_, name, _, _ in made} >= {"Quilt", "Garden produce", "Braille pages"}
    for key, pid, item, on, quantity, *_, same_site in made:
        assert key == rules.production_key(pid, item, _day(on))
        assert same_site and quantity > 0 and _day(on) <= TODAY
    assert all(k == rules.item_type_key(n, u) for k, n, u in _all(
        demo, "SELECT id, name, unit FROM reparative_item_type"))


def test_recipients_of_every_type_with_a_pair_to_merge(demo):
    rows = _all(demo, "SELECT id, kind, name, match_key, (SELECT count(*) FROM "
                      "reparative_delivery d WHERE d.recipient_id = r.id) "
                      "FROM reparative_recipient r")
    assert {k for _, k, *_ in rows} == {t.value for t in RecipientType}
    assert 1 <= sum(k == "victim" for _, k, *_ in rows) <= 5
    assert all(m == rules.match_key(n) for _, _, n, m, _ in rows)
    pair = [r for r in rows if r[3] == "salvation army"]
    assert {r[2] for r in pair} == {"The Salvation Army", "Salvation Army, Inc."}
    assert pair[0][0] != pair[1][0] and all(n > 0 for *_, n in pair)


def test_deliveries_in_every_state_never_beyond_what_was_made(demo):
    rows = _all(demo, """SELECT d.id, d.slip_number, s.code, d.prepared_on, d.status,
        d.delivered_on, d.received_on, d.received_by FROM reparative_delivery d
        JOIN site s ON s.id = d.site_id""")
    assert {r[4] for r in rows} == {s.value for s in DeliveryStatus}
    counts: dict[tuple[str, int], list[int]] = defaultdict(list)
    for did, slip, code, prepared, status, delivered, received, received_by in rows:
        number = rules.parse_slip(slip)
        assert number is not None and str(number) == slip and did == rules.delivery_key(slip)
        assert (number.site_code, number.year, number.desk) == (code, _day(prepared).year, 1)
        counts[(code, number.year)].append(number.count)
        assert _day(prepared) <= TODAY
        assert (delivered is not None) == (status in ("delivered", "received"))
        assert (received is not None and received_by != "") == (status == "received")
        if received:
            assert _day(prepared) <= _day(delivered) <= _day(received) <= TODAY
    assert len({r[1] for r in rows}) == len(rows)
    assert all(sorted(c) == list(range(1, len(c) + 1)) for c in counts.values())
    lines = _all(demo, """SELECT l.id, l.delivery_id, l.item_type_id, l.project_id,
        l.quantity_ordered, l.quantity_delivered, d.status, d.site_id, p.site_id
        FROM reparative_delivery_line l JOIN reparative_delivery d ON d.id = l.delivery_id
        JOIN reparative_project p ON p.id = l.project_id""")
    committed: dict[tuple[str, str], float] = defaultdict(float)
    partly = 0
    for key, did, item, pid, ordered, sent, status, site, p_site in lines:
        assert key == rules.line_key(did, item, pid) and site == p_site and ordered > 0
        assert (sent is None) == (status in ("prepared", "cancelled"))
        if sent is not None:
            assert 0 <= sent <= ordered
            partly += sent < ordered
        committed[(site, item)] += rules.committed(status, ordered, sent)
    assert partly > 0
    made = {(s, i): q for s, i, q in _all(demo, "SELECT site_id, item_type_id, sum(quantity) "
                                               "FROM reparative_production GROUP BY 1, 2")}
    for place, out in committed.items():
        assert out <= made[place] + 1e-6, place
    assert sum(out == pytest.approx(made[p]) for p, out in committed.items()) >= 1


def test_a_quilting_project_started_on_the_demo_begins_from_an_empty_shelf(scale_1):
    """The walk-through records 40 quilts and is refused a 50th: no quilt of the demo's own
    is left on hand at the home site (the newest delivery, still being prepared, took them)."""
    quilt = rules.item_type_key("Quilt", "each")
    home = _one(scale_1, "SELECT value FROM local_setting WHERE key = 'site_id'")
    made = _one(scale_1, "SELECT sum(quantity) FROM reparative_production WHERE site_id = :s "
                         "AND item_type_id = :i", s=home, i=quilt)
    lines = _all(scale_1, """SELECT d.status, l.quantity_ordered, l.quantity_delivered
        FROM reparative_delivery_line l JOIN reparative_delivery d ON d.id = l.delivery_id
        WHERE d.site_id = :s AND l.item_type_id = :i""", s=home, i=quilt)
    assert made > 10
    assert sum(rules.committed(*line) for line in lines) == made


def test_the_rows_are_whole_and_the_same_seed_builds_them_again(scale_1, tmp_path):
    with scale_1.engine.connect() as c:
        assert integrity_problems(c) == []
        digest = state_digest(c)
    again = _build(tmp_path / "again.sqlite3")
    with again.engine.connect() as c:
        assert state_digest(c) == digest
        hours = c.execute(text("SELECT count(*) FROM reparative_hours")).scalar_one()
    assert hours == _one(scale_1, "SELECT count(*) FROM reparative_hours")
    again.close()


def test_the_other_parts_write_the_same_rows_as_without_it(scale_1, tmp_path, monkeypatch):
    """It draws only after every other part has: their people, volunteers and classes are
    the ones they wrote before it came."""
    monkeypatch.setattr(areas, "AREAS", [a for a in areas.AREAS if a != "reparative"])
    without = _build(tmp_path / "without.sqlite3")
    for sql in ("SELECT * FROM offender ORDER BY id", "SELECT * FROM offender_transfer ORDER BY id",
                "SELECT * FROM icvc_enrollment ORDER BY id",
                "SELECT * FROM icvc_attendance ORDER BY id",
                f"SELECT * FROM volunteer WHERE notes NOT IN ('{RECRUITED}', "
                f"'{BOARD_RECRUITED}') ORDER BY id"):
        assert _all(without, sql) == _all(scale_1, sql), sql
    assert _all(without, "SELECT count(*) FROM reparative_hours") == [(0,)]
    assert _all(without, f"SELECT count(*) FROM volunteer WHERE notes = '{RECRUITED}'") == [(0,)]
    without.close()


def test_the_dashboard_sums_of_the_demo_are_counted(demo: Database) -> None:
    """The load sets the hours' triggers aside: the sums they keep must still be there, equal
    to a recount from the entries."""
    from rjdesk.store import rollups

    kept = _all(demo, f"SELECT * FROM {rollups.MONTHS} ORDER BY 1, 2, 3, 4")
    people = _all(demo, f"SELECT * FROM {rollups.PARTICIPATION} WHERE counted > 0 "
                        "ORDER BY 1, 2, 3")
    assert kept and people
    assert sum(r[5] for r in kept) == _all(demo, "SELECT count(*) FROM reparative_hours")[0][0]
    with demo.transaction() as tx:
        rollups.rebuild(tx.connection())
        counted = [tuple(r) for r in tx.execute(text(
            f"SELECT * FROM {rollups.MONTHS} ORDER BY 1, 2, 3, 4"))]
        tx.rollback()  # the test only compares
    assert counted == [tuple(r) for r in kept]
