"""The demo database: realistic, complete, deterministic, and built only into an empty file."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from rjdesk import areas
from rjdesk.demo.boards import estimate as boards_steps
from rjdesk.demo.boards.words import RECRUITED as BOARD_RECRUITED
from rjdesk.demo.builder import DemoCancelled, DemoSummary, build_demo, demo_parts
from rjdesk.demo.icvc import estimate
from rjdesk.demo.reparative import estimate as reparative_steps
from rjdesk.domain.core.enums import Role, SiteKind
from rjdesk.domain.core.models import AuditEvent, Site, User
from rjdesk.domain.icvc.enums import AttendanceMark, EnrollmentStatus
from rjdesk.domain.icvc.models import Enrollment, IcvcClass
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender, OffenderTransfer
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining
from rjdesk.services.admin import auth
from rjdesk.services.core import settings
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.services.icvc import attendance, completion, roster, schedule, speakers
from rjdesk.services.icvc.attendance import attendance_key
from rjdesk.services.icvc.completion import certificate_number
from rjdesk.services.people import query as people_query
from rjdesk.services.people.records import create_offender
from rjdesk.store.database import Database
from rjdesk.store.digest import integrity_problems, state_digest
from rjdesk.store.migrate import open_database
from tests.conftest import offender_input

TODAY = date(2026, 6, 15)
RECRUITED = "Supervises a reparative project."
INDEX_TRIGGERS = {"offender_search_ai", "offender_search_au", "offender_search_ad",
                  "offender_fts_ai", "offender_fts_au", "offender_fts_ad"}


def _digest(db: Database) -> str:
    with db.engine.connect() as connection:
        return state_digest(connection)


def _built(path: Path, **kw) -> tuple[Database, DemoSummary, str]:
    db = open_database(path)
    summary = build_demo(db, today=TODAY, **kw)
    return db, summary, _digest(db)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    """One scale-1 demo shared by the read-only tests, with its digest taken before any test
    signs in (a sign-in is a write)."""
    db, summary, digest = _built(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    yield db, summary, digest
    db.close()


@pytest.fixture(scope="module")
def central(demo):
    return auth.sign_in(demo[0], "central", "demo")


def test_the_same_seed_builds_the_same_state_and_another_seed_does_not(demo, tmp_path):
    _, summary, digest = demo
    again, same_summary, same_digest = _built(tmp_path / "again.sqlite3")
    other, _, other_digest = _built(tmp_path / "other.sqlite3", seed=2)
    assert same_digest == digest and same_summary == summary
    assert other_digest != digest
    again.close()
    other.close()


def test_every_role_has_an_account_that_signs_in_with_demo(demo):
    db = demo[0]
    with db.reading() as s:
        accounts = {u.role: (u.username, s.get(Site, u.site_id).code)
                    for u in s.scalars(select(User))}
    assert set(accounts) == set(Role)
    assert accounts[Role.PP_OFFICER] == ("officer", "PP-27")
    assert accounts[Role.BOARD_COORDINATOR] == ("board", "PP-27")
    assert accounts[Role.CENTRAL_OFFICE] == ("central", "CO")
    assert accounts[Role.ADMINISTRATOR] == ("admin", "JCCC")
    for role, (username, site_code) in accounts.items():
        actor = auth.sign_in(db, username, "demo")
        assert (actor.role, actor.site_code) == (role, site_code)


def test_the_workstation_is_set_up_as_a_demo_at_its_home_site(demo):
    db, summary, _ = demo
    with db.reading() as s:
        assert s.get(Site, settings.read(s, settings.SITE_ID)).code == "JCCC"
        assert settings.read(s, settings.WORKSTATION_NAME) == "DEMO-JCCC-1"
        assert settings.read(s, settings.DEMO) == "1"
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "demo"))
        assert s.scalar(select(func.count()).select_from(Site)) == summary.sites > 70
    assert "460 offenders" in event.summary and "seed 1" in event.summary


def test_a_search_for_nguyen_finds_the_vietnamese_names(demo, central):
    page = people_query.list_offenders(demo[0], central, people_query.PeopleFilter(query="nguyen"))
    names = {r.name for r in page.rows}
    assert {"NGUYỄN, Văn An", "NGUYỄN, Thị Hoa", "NGUYEN, Van An"} <= names
    assert len([n for n in names if n.startswith("NGUYỄN")]) >= 4


def test_names_come_in_many_scripts_and_accents(demo):
    with demo[0].reading() as s:
        last_names = set(s.scalars(select(Offender.last_name)))
    assert {"Ñúñez", "Nunez", "Peña", "Muñoz", "Müller", "Mueller", "O'Brien"} <= last_names
    for script in (r"[\u0400-\u04ff]", r"[\u0370-\u03ff]", r"[\u0600-\u06ff]"):  # Cyr, Gr, Ar
        assert any(re.search(script, n) for n in last_names), script


def test_likely_duplicate_pairs_are_there_to_be_found(demo, central):
    db = demo[0]
    home = next(s for s in _sites(db) if s.code == "JCCC")
    pairs = {frozenset((p.first.name, p.second.name))
             for p in people_query.duplicate_pairs(db, central, home.id)}
    assert frozenset(("ÑÚÑEZ, Carlos Alberto", "NUNEZ, Carlos")) in pairs
    assert frozenset(("NGUYỄN, Văn An", "NGUYEN, Van An")) in pairs
    assert frozenset(("THOMAS, James Earl", "JAMES, Thomas")) in pairs


def _sites(db: Database) -> list[Site]:
    with db.reading() as s:
        return list(s.scalars(select(Site)))


def test_offenders_are_plausible_for_their_site(demo):
    db, summary, _ = demo
    kinds = {s.id: s.kind for s in _sites(db)}
    codes = {s.id: s.code for s in _sites(db)}
    with db.reading() as s:
        people = list(s.scalars(select(Offender)))
    assert len(people) == summary.offenders == 460
    assert sum(codes[p.site_id] == "JCCC" for p in people) >= 400
    assert len({codes[p.site_id] for p in people}) > 8  # a handful elsewhere
    assert {p.status for p in people} == set(OffenderStatus)
    soon = 0
    for p in people:
        assert re.fullmatch(r"[1-9]\d{6}", p.doc_number)
        age_days = (TODAY - p.date_of_birth).days
        assert 18 * 365.25 < age_days < 75 * 365.25
        if p.status is OffenderStatus.INCARCERATED:
            assert kinds[p.site_id] is SiteKind.INSTITUTION
            assert re.fullmatch(r"HU [1-8]-[A-D]-\d{1,2}", p.housing_unit)
            soon += bool(p.projected_release_date and
                         p.projected_release_date <= TODAY + timedelta(days=180))
        else:
            assert kinds[p.site_id] is not SiteKind.INSTITUTION and p.housing_unit == ""
        if p.status is OffenderStatus.SUPERVISED:
            assert p.projected_release_date < TODAY
        if p.status is OffenderStatus.DISCHARGED:
            assert p.projected_release_date is None
    assert len({p.doc_number for p in people}) == len(people)
    assert soon >= 20  # the reentry view has people to show


def test_derived_columns_are_exactly_what_the_people_service_writes(demo):
    with demo[0].reading() as s:
        people = list(s.scalars(select(Offender)))
    for p in people:
        assert p.id == rules.offender_key(p.doc_number)
        assert p.search_text == rules.search_text(p.doc_number, p.last_name, p.first_name,
                                                  p.middle_name)
        assert p.sort_name == rules.sort_name(p.last_name, p.first_name, p.middle_name)


def test_the_search_index_is_whole_and_its_triggers_are_back(demo, tmp_path):
    db = demo[0]
    with db.engine.connect() as c:
        assert integrity_problems(c) == []
        names = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master "
                                              "WHERE type = 'trigger'"))}
        indexed = c.execute(text("SELECT count(*) FROM offender_search")).scalar_one()
    assert INDEX_TRIGGERS <= names
    assert indexed == 460
    # The triggers work: a person added after the demo is found by the search.
    fresh, _, _ = _built(tmp_path / "fresh.sqlite3")
    admin = auth.sign_in(fresh, "admin", "demo")
    create_offender(fresh, admin, offender_input("1000001", "Zwiebelmeyer", "Ottokar"))
    page = people_query.list_offenders(fresh, admin, people_query.PeopleFilter(query="zwiebel"))
    assert [r.doc_number for r in page.rows] == ["1000001"]
    fresh.close()


def test_transfers_lead_each_person_to_where_he_is(demo):
    db, summary, _ = demo
    with db.reading() as s:
        moves = list(s.scalars(select(OffenderTransfer)
                               .order_by(OffenderTransfer.offender_id,
                                         OffenderTransfer.transferred_on)))
        where = {i: site for i, site in s.execute(select(Offender.id, Offender.site_id))}
    assert len(moves) == summary.transfers > 20
    last: dict[str, OffenderTransfer] = {}
    for m in moves:
        assert m.from_site_id != m.to_site_id and m.transferred_on <= TODAY
        if m.offender_id in last:
            assert last[m.offender_id].to_site_id == m.from_site_id  # a chain without gaps
        last[m.offender_id] = m
    assert all(where[oid] == m.to_site_id for oid, m in last.items())


def test_volunteers_have_roles_trainings_and_some_expired_checks(demo):
    db, summary, _ = demo
    with db.reading() as s:
        volunteers = list(s.scalars(select(Volunteer)))
        roles = set(s.scalars(select(VolunteerRoleGrant.role)))
        trainings = s.scalar(select(func.count()).select_from(VolunteerTraining))
    # thirty of the volunteers part, and those reparative projects and boards recruited
    assert len(volunteers) == summary.volunteers > 30
    assert sum(v.notes not in (RECRUITED, BOARD_RECRUITED) for v in volunteers) == 30
    assert roles == set(VolunteerRole)
    assert trainings >= 60
    expired = [v for v in volunteers if v.background_check_expires
               and v.background_check_expires < TODAY]
    current = [v for v in volunteers if v.background_check_expires
               and v.background_check_expires >= TODAY]
    assert expired and current


def test_a_database_with_accounts_is_refused_untouched(demo):
    db, _, _ = demo
    with pytest.raises(InvalidInput, match="new, empty database"):
        build_demo(db, today=TODAY, seed=5)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Offender)) == 460
    assert "demo" in {e for e in _actions(db)}


def _actions(db: Database) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(AuditEvent.action)))


def test_cancelling_rolls_everything_back(tmp_path):
    db = open_database(tmp_path / "cancel.sqlite3")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done == 0  # cancel at the first report after the start

    with pytest.raises(DemoCancelled, match="cancelled"):
        build_demo(db, today=TODAY, progress=progress)
    assert seen[0] == (0, 490 + estimate(460) + reparative_steps(460) + boards_steps(460))
    assert len(seen) == 2
    with db.engine.connect() as c:
        for table in ("offender", "app_user", "volunteer", "icvc_class", "icvc_enrollment"):
            assert c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
        names = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master "
                                              "WHERE type = 'trigger'"))}
    assert INDEX_TRIGGERS <= names
    assert build_demo(db, today=TODAY).offenders == 460  # and it can be built after all
    db.close()


def test_a_larger_scale_spreads_people_over_the_state(tmp_path):
    db, summary, _ = _built(tmp_path / "s3.sqlite3", scale=3, home_site="PP-10")
    assert summary.offenders == 2460 and summary.volunteers > 90
    with db.reading() as s:
        per_site = {code: n for code, n in s.execute(select(Site.code, func.count()).join(Offender)
                                  .group_by(Site.code))}
        at_home = set(s.scalars(select(Offender.status).join(Site).where(Site.code == "PP-10")))
        officer_site = s.scalar(select(Site.code).join(User).where(User.username == "officer"))
    assert len(per_site) > 60 and per_site["PP-10"] >= 400
    assert OffenderStatus.INCARCERATED not in at_home
    assert officer_site == "PP-10"
    db.close()


@pytest.mark.parametrize("kw, error, words", [
    ({"scale": 0}, InvalidInput, "scale"),
    ({"home_site": "CO"}, InvalidInput, "central office"),
    ({"home_site": "NOWHERE"}, NotFound, "NOWHERE"),
])
def test_bad_requests_are_refused(db, kw, error, words):
    with pytest.raises(error, match=words):
        build_demo(db, today=TODAY, **kw)
    assert not _actions(db)


# --- ICVC -------------------------------------------------------------------------------------

def test_the_home_site_has_a_class_in_every_state_to_try(tmp_path):
    """What a new user tries first, on a fresh copy (a scan is a write)."""
    db, summary, _ = _built(tmp_path / "try.sqlite3")
    staff = auth.sign_in(db, "staff", "demo")
    classes = schedule.list_classes(db, staff, staff.site_id, today=TODAY)
    by_state: dict[str, list] = {}
    for c in classes:
        by_state.setdefault(c.state, []).append(c)
    assert set(by_state) == {"planned", "running", "finished", "cancelled"}
    assert summary.classes >= len(classes) >= 7 and summary.enrollments > 100

    # A running class meets today; the staff account scans someone on its roster in.
    today_class = next(schedule.get_class(db, staff, c.id, today=TODAY)
                       for c in by_state["running"]
                       if TODAY in [s.held_on for s in schedule.get_class(
                           db, staff, c.id, today=TODAY).sessions if not s.cancelled])
    assert today_class.facilitator == "Marcus Bell"  # the staff account's own name
    assert today_class.enrolled == today_class.capacity and today_class.waitlisted >= 1
    assert any(s.cancelled and "ockdown" in s.cancel_reason for s in today_class.sessions)
    assert today_class.days_off  # a holiday (or a training day) the schedule skips
    session_today = next(s for s in today_class.sessions if s.held_on == TODAY)
    people = [r for r in roster.roster(db, staff, today_class.id)
              if r.status is EnrollmentStatus.ENROLLED]
    first = attendance.scan(db, staff, session_today.id, people[0].doc_number, today=TODAY)
    again = attendance.scan(db, staff, session_today.id, people[0].doc_number, today=TODAY)
    assert (first.outcome, again.outcome) == (attendance.ScanOutcome.MARKED_PRESENT,
                                              attendance.ScanOutcome.ALREADY_MARKED)
    # Every past session of everyone seated from the start is marked; today's is not yet.
    grid = attendance.grid(db, staff, today_class.id)
    past = [s.id for s in grid.sessions if not s.cancelled and s.held_on < TODAY]
    from_start = [r for r in grid.rows if len(r.marks) >= len(past)]
    assert len(from_start) >= len(grid.rows) - 3
    assert sum(m is AttendanceMark.PRESENT for r in grid.rows for m in r.marks.values()) > \
        0.7 * sum(len(r.marks) for r in grid.rows)
    assert speakers.speakers_of(db, staff, next(
        s.id for s in today_class.sessions if speakers.speakers_of(db, staff, s.id)))

    # A planned class with free seats and room to fill it up to a waitlist; one full.
    planned = [schedule.get_class(db, staff, c.id, today=TODAY) for c in by_state["planned"]]
    assert any(0 < c.seats_left <= 6 and not c.waitlisted for c in planned)
    assert any(c.seats_left == 0 and c.waitlisted for c in planned)
    flagged = [r for c in planned for r in roster.roster(db, staff, c.id) if r.completed_before]
    assert flagged  # one who already finished asks again, and the roster says so

    # A finished class with certificates to print, in more than one script.
    done = [r for c in by_state["finished"] for r in roster.roster(db, staff, c.id)
            if r.status is EnrollmentStatus.COMPLETED]
    assert len(done) >= 10
    cert = completion.certificate(db, staff, done[0].id)
    assert cert.certificate_number.startswith(f"ICVC-{staff.site_code}-")
    assert any(re.search(r"[\u0400-\u04ffÑ]", r.name) for r in done)

    # Arrivals whose sessions at the site they left count here.
    carried = [p for c in classes if c.state != "cancelled"
               for p in completion.class_progress(db, staff, c.id) if p.carried_over]
    assert carried

    # Reentry: people due out within 180 days, some in a class, some not.
    due = completion.reentry_list(db, staff, staff.site_id, today=TODAY)
    assert any(r.current_class for r in due) and any(not r.current_class for r in due)
    db.close()


def _one(c, sql: str, **params) -> int:
    return c.execute(text(sql), params).scalar_one()


@pytest.fixture(scope="module")
def scale_2(tmp_path_factory: pytest.TempPathFactory):
    db, summary, _ = _built(tmp_path_factory.mktemp("s2") / "s2.sqlite3", scale=2, seed=3)
    yield db, summary
    db.close()


def test_icvc_grows_with_the_scale_over_many_sites(scale_2):
    db, summary = scale_2
    with db.engine.connect() as c:
        states = c.execute(text(
            "SELECT c.cancelled, min(s.held_on) > :t, max(s.held_on) < :t, count(DISTINCT "
            "c.site_id) FROM icvc_class c JOIN icvc_session s ON s.class_id = c.id "
            "WHERE NOT s.cancelled GROUP BY c.id"), {"t": TODAY}).all()
        sites = _one(c, "SELECT count(DISTINCT site_id) FROM icvc_class")
        transferred = _one(c, "SELECT count(*) FROM icvc_enrollment WHERE status = "
                              "'transferred'")
    assert summary.classes == len(states) > 20 and sites > 8
    assert transferred > 3
    kinds = {("cancelled" if x else "planned" if p else "finished" if f else "running")
             for x, p, f, _ in states}
    assert kinds == {"planned", "running", "finished", "cancelled"}


def test_icvc_rows_obey_every_rule_the_services_enforce(scale_2):
    db, _ = scale_2
    with db.engine.connect() as c:
        # Enrolled only at his current site; a class of a site he left reads "transferred",
        # and he did leave that site.
        assert _one(c, """SELECT count(*) FROM icvc_enrollment e
            JOIN icvc_class k ON k.id = e.class_id JOIN offender o ON o.id = e.offender_id
            WHERE (k.site_id != o.site_id) != (e.status = 'transferred')
               OR (e.status = 'transferred' AND NOT EXISTS (SELECT 1 FROM offender_transfer t
                   WHERE t.offender_id = o.id AND t.from_site_id = k.site_id))""") == 0
        # Seats: enrolled + completed within capacity; a waitlist only behind a full class.
        seats = c.execute(text("""SELECT k.capacity,
            sum(e.status IN ('enrolled', 'completed')), sum(e.status = 'waitlisted')
            FROM icvc_class k JOIN icvc_enrollment e ON e.class_id = k.id
            GROUP BY k.id""")).all()
        assert all(taken <= cap and (not waiting or taken == cap)
                   for cap, taken, waiting in seats)
        assert any(waiting for _, _, waiting in seats)
        # First come, first served: nobody seated on asking after one still waiting.
        assert _one(c, """SELECT count(*) FROM icvc_enrollment w JOIN icvc_enrollment e
            ON e.class_id = w.class_id AND w.status = 'waitlisted' AND e.status = 'enrolled'
            AND e.status_changed_at = e.requested_at AND e.requested_at > w.requested_at""") == 0
        # Marks: past, held sessions of his own class, never for a cancelled class or one
        # he only waited for, and only while he held his seat.
        assert _one(c, """SELECT count(*) FROM icvc_attendance a
            JOIN icvc_session s ON s.id = a.session_id
            JOIN icvc_enrollment e ON e.id = a.enrollment_id
            JOIN icvc_class k ON k.id = e.class_id
            WHERE s.cancelled OR s.held_on > :t OR s.class_id != e.class_id OR k.cancelled
               OR e.status = 'waitlisted' OR s.held_on < date(e.requested_at)
               OR (e.status IN ('withdrawn', 'transferred')
                   AND s.held_on >= date(e.status_changed_at))""", t=TODAY) == 0
        assert _one(c, "SELECT count(*) FROM icvc_enrollment WHERE status IN ('withdrawn', "
                       "'transferred') AND reason = ''") == 0
        # Certificates: unique, the service's number, dated after the last session attended.
        rows = c.execute(text("""SELECT e.id, e.completed_on, e.certificate_number, s.code,
            (SELECT max(x.held_on) FROM icvc_attendance a JOIN icvc_session x
             ON x.id = a.session_id WHERE a.enrollment_id = e.id)
            FROM icvc_enrollment e JOIN icvc_class k ON k.id = e.class_id
            JOIN site s ON s.id = k.site_id WHERE e.status = 'completed'""")).all()
        assert rows and len({r[2] for r in rows}) == len(rows)
        for eid, on, number, code, last in rows:
            on = date.fromisoformat(on)
            assert number == certificate_number(code, on, eid)
            assert date.fromisoformat(last) < on <= TODAY
        assert _one(c, "SELECT count(*) FROM icvc_enrollment WHERE (status = 'completed') != "
                       "(certificate_number IS NOT NULL)") == 0
        # Speakers: cleared, consenting, screened, active, never two places at once.
        assert _one(c, """SELECT count(*) FROM icvc_speaker b
            JOIN icvc_session s ON s.id = b.session_id JOIN volunteer v ON v.id = b.volunteer_id
            WHERE s.cancelled OR NOT v.active OR v.speaker_consent_on IS NULL
               OR v.speaker_screened_on > s.held_on OR v.background_check_on > s.held_on
               OR v.background_check_expires < s.held_on OR NOT EXISTS (SELECT 1 FROM
               volunteer_role r WHERE r.volunteer_id = v.id AND r.role = 'victim_speaker')
            """) == 0
        assert _one(c, """SELECT count(*) FROM icvc_speaker a JOIN icvc_session x
            ON x.id = a.session_id JOIN icvc_speaker b ON b.volunteer_id = a.volunteer_id
            AND b.id != a.id JOIN icvc_session y ON y.id = b.session_id
            WHERE x.held_on = y.held_on AND x.starts_at < y.ends_at
              AND y.starts_at < x.ends_at""") == 0
        assert _one(c, "SELECT count(*) FROM icvc_speaker") > 10
        keys = c.execute(text("SELECT id, session_id, volunteer_id FROM icvc_speaker")).all()
        assert all(k == speakers.booking_key(s, v) for k, s, v in keys)
        marks = c.execute(text("SELECT id, session_id, enrollment_id, mark FROM "
                               "icvc_attendance")).all()
        assert all(k == attendance_key(s, e) for k, s, e, _ in marks)
        assert {m for *_, m in marks} == {m.value for m in AttendanceMark}
        # Each schedule is what the service makes from its first day, weekdays and days off.
        days = c.execute(text("SELECT class_id, held_on FROM icvc_session "
                              "ORDER BY class_id, held_on")).all()
        off = c.execute(text("SELECT class_id, day FROM icvc_day_off")).all()
    dates: dict[str, list[date]] = {}
    for cid, day in days:
        dates.setdefault(cid, []).append(date.fromisoformat(day))
    skipped: dict[str, set[date]] = {}
    for cid, day in off:
        skipped.setdefault(cid, set()).add(date.fromisoformat(day))
    assert len(skipped) > len(dates) / 3
    for cid, ds in dates.items():
        weekdays = frozenset(d.weekday() for d in ds)
        assert schedule.session_dates(ds[0], weekdays, len(ds), skipped.get(cid, set())) == ds
        assert all(ds[0] < d < ds[-1] and d.weekday() in weekdays
                   for d in skipped.get(cid, ()))


def test_completions_are_what_the_class_rule_allows(scale_2):
    """Checked through the completion service itself, carried-over sessions included."""
    db, _ = scale_2
    with db.reading() as s:
        done = list(s.execute(select(Enrollment, IcvcClass).join(
            IcvcClass, IcvcClass.id == Enrollment.class_id)
            .where(Enrollment.status == EnrollmentStatus.COMPLETED)))
        progress = [completion.progress_of(s, e, cls) for e, cls in done]
    assert len(done) > 50
    assert all(p.eligible for p in progress)
    assert any(p.carried_over for p in progress)


def test_every_area_declares_its_demo_part_once_and_the_build_finds_it():
    assert [part.name for part in demo_parts()] == ["people", "volunteers", "icvc", "reparative",
                                                     "boards"]


def test_a_new_area_adds_its_demo_without_a_change_to_the_orchestrator(tmp_path, monkeypatch):
    monkeypatch.setattr(areas, "AREAS", [*areas.AREAS, "tests.demo.extra_area"])
    db = open_database(tmp_path / "extra.sqlite3")
    seen: list[tuple[int, int]] = []
    summary = build_demo(db, today=TODAY, progress=lambda done, total: seen.append((done, total)))
    total = 490 + estimate(460) + reparative_steps(460) + boards_steps(460) + 5
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert all(a <= b for (a, _), (b, _) in pairwise(seen))
    with db.reading() as s:
        said = s.scalar(select(AuditEvent.summary).where(AuditEvent.action == "demo"))
    assert " deliveries; " in said and said.endswith("; Extra: 460 people seen.")
    assert summary.offenders == 460
    db.close()
