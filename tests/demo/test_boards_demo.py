"""Boards in the demo: the board coordinator's board with members able to sit (and one unable
for each reason), cases at every step, the officer's court reports with victims' statements
in every state, and rows that keep every rule the boards' services enforce."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text

from rjdesk import areas
from rjdesk.demo.boards import build as boards_build
from rjdesk.demo.boards.cases import HOME_STORIES
from rjdesk.demo.boards.members import TRAINING
from rjdesk.demo.boards.words import ACP_ADDRESS, RECRUITED
from rjdesk.demo.builder import build_demo
from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import (
    CaseStatus,
    HearingPurpose,
    Loss,
    MeetingStatus,
    Need,
    StatementStatus,
    TaskKind,
)
from rjdesk.store.database import Database
from rjdesk.store.migrate import open_database

TODAY = date(2026, 6, 15)


def _build(path: Path, **kw) -> Database:
    db = open_database(path)
    build_demo(db, today=TODAY, **kw)
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    db = _build(tmp_path_factory.mktemp("boards") / "demo.sqlite3")
    yield db
    db.close()


def _all(db: Database, sql: str, **params) -> list:
    with db.engine.connect() as c:
        return list(c.execute(text(sql), params).all())


def _one(db: Database, sql: str, **params):
    return _all(db, sql, **params)[0][0]


def _day(value: str | date | None) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def _user(db: Database, username: str) -> tuple[str, str]:
    """(user id, site id) of a demo account."""
    return tuple(_all(db, "SELECT id, site_id FROM app_user WHERE username = :u", u=username)[0])


def _sitting(db: Database, board_id: str) -> dict[str, Callable[[date], str]]:
    """Each member's reason he cannot sit on a day, as the rule gives it."""
    rows = _all(db, """SELECT m.id, m.term_start, m.term_end, m.trained_on,
        v.background_check_on, v.background_check_expires, v.active,
        EXISTS (SELECT 1 FROM volunteer_role r WHERE r.volunteer_id = v.id
                AND r.role = 'board_member')
        FROM board_member m JOIN volunteer v ON v.id = m.volunteer_id
        WHERE m.board_id = :b""", b=board_id)

    def problem(row):
        mid, start, end, trained, checked, expires, active, role = row
        return lambda day: rules.sitting_problem(
            day=day, term_start=_day(start), term_end=_day(end), trained_on=_day(trained),
            check_on=_day(checked), check_expires=_day(expires), active=bool(active),
            board_member_role=bool(role))

    return {row[0]: problem(row) for row in rows}


def test_the_board_coordinators_board_has_members_to_sit_and_one_refused_for_each_reason(demo):
    _, site = _user(demo, "board")
    board = _one(demo, "SELECT id FROM board WHERE site_id = :s", s=site)
    assert board == rules.board_key(site)
    problems = {mid: p(TODAY) for mid, p in _sitting(demo, board).items()}
    able = [m for m, p in problems.items() if not p]
    assert len(able) >= 5
    reasons = [p for p in problems.values() if p]
    for words in ("term that ended", "not completed the board training",
                  "background check that expired"):
        assert any(words in r for r in reasons), words
    # Each member is a volunteer of the office, his board training on file on the day given.
    rows = _all(demo, """SELECT m.id, m.board_id, m.volunteer_id, v.site_id, m.trained_on,
        (SELECT count(*) FROM volunteer_training t WHERE t.volunteer_id = v.id
         AND t.name = :t AND t.completed_on = m.trained_on)
        FROM board_member m JOIN volunteer v ON v.id = m.volunteer_id""", t=TRAINING)
    for mid, bid, vid, vsite, trained, matching in rows:
        assert mid == rules.member_key(bid, vid)
        assert (matching == 1) if trained else matching == 0
    assert all(vsite == site for _, bid, _, vsite, _, _ in rows if bid == board)
    chairs = _all(demo, "SELECT chair_from, chair_to FROM board_member WHERE board_id = :b "
                        "AND chair_from IS NOT NULL", b=board)
    assert len(chairs) == 1
    assert rules.chair_problem(_day(chairs[0][0]), _day(chairs[0][1])) == ""


def test_the_office_has_a_case_at_every_step_and_people_left_to_refer(demo):
    officer, site = _user(demo, "officer")
    statuses = {s for s, in _all(demo, "SELECT status FROM board_case WHERE site_id = :s",
                                 s=site)}
    assert statuses == {s.value for s in CaseStatus}
    assert _one(demo, "SELECT count(*) FROM board_case WHERE site_id = :s AND officer_id = :o",
                s=site, o=officer) >= len(HOME_STORIES)
    free = _one(demo, """SELECT count(*) FROM offender o WHERE o.site_id = :s
        AND o.status = 'supervised'
        AND NOT EXISTS (SELECT 1 FROM board_case c WHERE c.offender_id = o.id)
        AND NOT EXISTS (SELECT 1 FROM court_report r WHERE r.offender_id = o.id)""", s=site)
    assert free >= 3
    # Cases are of people under supervision at the office they are heard at.
    assert _one(demo, """SELECT count(*) FROM board_case c JOIN offender o
        ON o.id = c.offender_id JOIN site s ON s.id = c.site_id
        WHERE o.site_id != c.site_id OR o.status != 'supervised'
           OR s.kind != 'pp_office'""") == 0
    others = _all(demo, "SELECT DISTINCT site_id FROM board_case WHERE site_id != :s", s=site)
    assert others  # other offices have their own, smaller boards


def test_every_case_went_through_its_steps_in_order(demo):
    cases = {cid: row for cid, *row in _all(demo, """SELECT id, offender_id, court, case_number,
        referred_on, status, status_on, return_reason, agreement_on, outcome, needs
        FROM board_case""")}
    steps = defaultdict(list)
    for sid, cid, status, on, by in _all(demo, """SELECT id, case_id, status, happened_on,
            by_user_id FROM board_case_step ORDER BY case_id, happened_on"""):
        steps[cid].append((sid, CaseStatus(status), _day(on), by))
    officer, _ = _user(demo, "officer")
    board_user, _ = _user(demo, "board")
    for cid, (offender, court, number, referred, status, status_on, reason, agreed, outcome,
              needs) in cases.items():
        assert cid == rules.case_key(offender, court, number)
        mine = steps[cid]
        assert [s for _, s, _, _ in mine][0] is CaseStatus.REFERRED
        assert mine[0][2] == _day(referred) and mine[0][3] == officer
        assert all(by == board_user for *_, by in mine[1:])
        for (_, a, day_a, _), (_, b, day_b, _) in pairwise(mine):
            assert rules.step_problem(a, b) == "" and day_a <= day_b
        assert all(sid == rules.step_key(cid, s) for sid, s, _, _ in mine)
        assert (mine[-1][1].value, mine[-1][2]) == (status, _day(status_on))
        assert mine[-1][2] <= TODAY
        assert bool(reason) == (status == CaseStatus.RETURNED.value)
        assert bool(outcome) == (status == CaseStatus.COMPLETED.value)
        reached = {s for _, s, _, _ in mine}
        assert (agreed is not None) == (CaseStatus.AGREEMENT in reached)
        assert all(n in {x.value for x in Need} for n in needs.split(",") if needs)
        assert bool(needs) == (agreed is not None)


def test_tasks_are_due_within_ninety_days_and_never_paid_or_worked_beyond_them(demo):
    _, site = _user(demo, "board")
    tasks = _all(demo, """SELECT t.id, t.case_id, t.kind, t.description, t.due_on,
        t.hours_required, t.amount_cents, t.done_on, c.agreement_on, c.status, c.site_id,
        (SELECT sum(p.hours) FROM board_task_progress p WHERE p.task_id = t.id),
        (SELECT sum(p.amount_cents) FROM board_task_progress p WHERE p.task_id = t.id),
        (SELECT max(p.happened_on) FROM board_task_progress p WHERE p.task_id = t.id)
        FROM board_task t JOIN board_case c ON c.id = t.case_id""")
    assert tasks
    kinds_home, overdue_home = set(), 0
    for (tid, cid, kind, desc, due, hours, cents, done, agreed, status, tsite,
         worked, paid, last) in tasks:
        kind, due, done, agreed = TaskKind(kind), _day(due), _day(done), _day(agreed)
        assert tid == rules.task_key(cid, kind.value, desc)
        assert agreed is not None and agreed < due <= rules.default_due(agreed)
        assert (hours is not None) == kind.in_hours and (cents is not None) == kind.in_money
        if kind.in_hours:
            assert (worked or 0) <= hours and ((worked == hours) == (done is not None))
        if kind.in_money:
            assert isinstance(cents, int) and cents > 0
            assert (paid or 0) <= cents and ((paid == cents) == (done is not None))
            assert paid is None or isinstance(paid, int)
        if last is not None and done is not None and (kind.in_hours or kind.in_money):
            assert _day(last) == done  # done on the day the last of it came in
        if status == CaseStatus.COMPLETED.value:
            assert done is not None
        if tsite == site:
            kinds_home.add(kind)
            overdue_home += rules.overdue(due, done is not None, TODAY)
    assert kinds_home == set(TaskKind)
    assert overdue_home >= 1
    progress = _all(demo, """SELECT p.id, p.task_id, p.happened_on, p.hours, p.amount_cents,
        c.agreement_on FROM board_task_progress p JOIN board_task t ON t.id = p.task_id
        JOIN board_case c ON c.id = t.case_id""")
    assert any(h for _, _, _, h, _, _ in progress) and any(a for *_, a, _ in progress)
    for pid, tid, on, hours, cents, agreed in progress:
        assert pid == rules.progress_key(tid, _day(on))
        assert _day(agreed) < _day(on) <= TODAY
        assert (hours is None) != (cents is None)
        assert (hours or 0) <= 24 and (cents is None or cents > 0)


def test_meetings_decide_only_with_three_members_able_to_sit(demo):
    _, site = _user(demo, "board")
    board = rules.board_key(site)
    meetings = _all(demo, """SELECT m.id, m.board_id, m.held_on, m.starts_at, m.status,
        m.minutes, (SELECT count(*) FROM board_hearing h WHERE h.meeting_id = m.id),
        (SELECT count(*) FROM board_hearing h WHERE h.meeting_id = m.id AND h.decision != '')
        FROM board_meeting m""")
    present = defaultdict(list)
    for mid, member in _all(demo, "SELECT meeting_id, member_id FROM board_meeting_member"):
        present[mid].append(member)
    able: dict[str, dict] = {}
    for mid, bid, held, starts, status, minutes, heard, decided in meetings:
        held = _day(held)
        assert mid == rules.meeting_key(bid, held, starts) and re.fullmatch(r"\d\d:\d\d", starts)
        if status == MeetingStatus.HELD.value:
            assert held < TODAY and minutes and heard == decided >= 1
            rule = able.setdefault(bid, _sitting(demo, bid))
            assert len(present[mid]) >= rules.QUORUM
            assert all(rule[m](held) == "" for m in present[mid])
        else:
            assert decided == 0 and not present[mid]
        if status == MeetingStatus.PLANNED.value:
            assert held > TODAY and heard >= 1
    mine = [(_day(h), s) for _, bid, h, _, s, *_ in meetings if bid == board]
    assert {s for _, s in mine} == {m.value for m in MeetingStatus}
    coming = [h for h, s in mine if s == MeetingStatus.PLANNED.value]
    assert len(coming) == 1 and TODAY < coming[0] <= TODAY + timedelta(days=7)
    purposes = {p for p, in _all(demo, """SELECT h.purpose FROM board_hearing h
        JOIN board_meeting m ON m.id = h.meeting_id WHERE m.board_id = :b""", b=board)}
    assert purposes == {p.value for p in HearingPurpose}
    keys = _all(demo, "SELECT id, meeting_id, case_id FROM board_hearing")
    assert all(k == rules.hearing_key(m, c) for k, m, c in keys)


def test_the_officers_court_reports_hold_victims_in_every_state_and_one_has_none(demo):
    officer, site = _user(demo, "officer")
    reports = _all(demo, """SELECT r.id, r.offender_id, r.court, r.case_number, r.officer_id,
        r.site_id, r.status, r.submitted_on, r.due_on,
        (SELECT count(*) FROM victim_statement v WHERE v.report_id = r.id)
        FROM court_report r""")
    assert len(reports) >= 6
    for rid, offender, court, number, by, rsite, status, submitted, due, _ in reports:
        assert rid == rules.report_key(offender, court, number)
        assert (by, rsite) == (officer, site)
        assert (status == "submitted") == (submitted is not None)
    assert sum(n == 0 for *_, n in reports) == 1
    victims = _all(demo, "SELECT * FROM victim_statement")
    cols = _all(demo, "SELECT name FROM pragma_table_info('victim_statement')")
    rows = [dict(zip([c for c, in cols], v)) for v in victims]
    assert {r["status"] for r in rows} == {s.value for s in StatementStatus}
    for r in rows:
        assert r["id"] == rules.statement_key(r["report_id"], r["last_name"], r["first_name"])
        losses = [r[loss.column] for loss in Loss]
        assert all(isinstance(x, int) and x >= 0 for x in losses)
        content = any(losses) or r["injury"] or r["psychological_harm"] or r["repair"]
        assert bool(content) == (r["status"] == StatementStatus.GIVEN.value)
        assert _day(r["taken_on"]) <= TODAY
        assert r["acp"] == (r["address"] == ACP_ADDRESS)
    assert sum(r["acp"] for r in rows) >= 1
    itemized = [r for r in rows if sum(bool(r[loss.column]) for loss in Loss) >= 4]
    assert itemized and any(r["loss_other_text"] for r in itemized)
    away = [r for r in rows if r["status"] == StatementStatus.UNREACHABLE.value]
    assert away and all(r["answered_by"] and r["answered_relationship"] for r in away)


def test_the_summary_names_what_the_boards_part_wrote(demo):
    said = _one(demo, "SELECT summary FROM audit_event WHERE action = 'demo'")
    counts = {t: _one(demo, f"SELECT count(*) FROM {t}")
              for t in ("board", "board_member", "board_case", "board_meeting", "court_report",
                        "victim_statement")}
    assert (f"boards: {counts['board']} boards with {counts['board_member']} members"
            in said)
    for table, words in (("board_case", "cases"), ("board_meeting", "meetings"),
                         ("court_report", "court reports"),
                         ("victim_statement", "victims' statements")):
        assert f"{counts[table]} {words}" in said


def test_the_boards_stay_small_at_the_largest_scales():
    offices = 47
    for scale in (1, 100, 1000, 5000):
        at_most = (len(HOME_STORIES) + boards_build._home_extra(scale)
                   + (offices - 1) * boards_build._other_cases(scale))
        assert at_most <= 3000, scale


def test_the_other_parts_write_the_same_rows_as_without_it(demo, tmp_path, monkeypatch):
    """It draws only after every other part has: their rows are the ones they wrote before."""
    monkeypatch.setattr(areas, "AREAS", [a for a in areas.AREAS if a != "boards"])
    without = _build(tmp_path / "without.sqlite3")
    for sql in ("SELECT * FROM offender ORDER BY id", "SELECT * FROM offender_transfer ORDER BY id",
                "SELECT * FROM icvc_enrollment ORDER BY id",
                "SELECT * FROM icvc_attendance ORDER BY id",
                "SELECT * FROM reparative_hours ORDER BY id",
                "SELECT * FROM reparative_delivery ORDER BY id",
                f"SELECT * FROM volunteer WHERE notes != '{RECRUITED}' ORDER BY id"):
        assert _all(without, sql) == _all(demo, sql), sql
    assert _all(without, "SELECT count(*) FROM board_case") == [(0,)]
    recruited = {v for v, in _all(demo, "SELECT id FROM volunteer WHERE notes = :n",
                                  n=RECRUITED)}
    assert recruited
    sql = "SELECT * FROM volunteer_training ORDER BY id"
    assert _all(without, sql) == [r for r in _all(demo, sql) if r[1] not in recruited]
    without.close()
