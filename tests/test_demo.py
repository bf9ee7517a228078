"""The demo database: realistic, complete, deterministic, and built only into an empty file."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from rjdesk.domain import people_rules as rules
from rjdesk.domain.enums import OffenderStatus, Role, SiteKind, VolunteerRole
from rjdesk.domain.models import (AuditEvent, Offender, OffenderTransfer, Site, User, Volunteer,
                                  VolunteerRoleGrant, VolunteerTraining)
from rjdesk.services import auth, people_query, settings
from rjdesk.services.demo import DemoCancelled, DemoSummary, build_demo
from rjdesk.services.errors import InvalidInput, NotFound
from rjdesk.services.people import create_offender
from rjdesk.store.database import Database
from rjdesk.store.digest import integrity_problems, state_digest
from rjdesk.store.migrate import open_database
from tests.conftest import offender_input

TODAY = date(2026, 6, 15)
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
    assert len(volunteers) == summary.volunteers == 30
    assert roles == set(VolunteerRole)
    assert trainings >= 60
    expired = [v for v in volunteers if v.background_check_expires
               and v.background_check_expires < TODAY]
    current = [v for v in volunteers if v.background_check_expires
               and v.background_check_expires >= TODAY]
    assert expired and current


def test_a_database_with_accounts_is_refused_untouched(demo):
    db, _, digest = demo
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
    assert seen[0] == (0, 490) and len(seen) == 2
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM offender")).scalar_one() == 0
        assert c.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 0
        names = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master "
                                              "WHERE type = 'trigger'"))}
    assert INDEX_TRIGGERS <= names
    assert build_demo(db, today=TODAY).offenders == 460  # and it can be built after all
    db.close()


def test_a_larger_scale_spreads_people_over_the_state(tmp_path):
    db, summary, _ = _built(tmp_path / "s3.sqlite3", scale=3, home_site="PP-10")
    assert summary.offenders == 2460 and summary.volunteers == 90
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
