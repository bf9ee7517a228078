"""The people list: keyset pages in name order, accent-free partial search, duplicates."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.people import query as pq
from rjdesk.services.people import records as people


@pytest.fixture
def crowd(add_offender):
    add_offender("1000001", "Nguyễn", "Văn An")
    add_offender("1000002", "Nguyễn", "Thị Hoa", date_of_birth=date(1990, 5, 5))
    add_offender("1000003", "Ñúñez", "José", date_of_birth=date(1979, 3, 3))
    add_offender("1000004", "Nunez", "Jose", date_of_birth=date(1979, 3, 3))
    add_offender("2000005", "Smith", "Robert", site="ACC")
    add_offender("2000006", "Иванов", "Пётр", status=OffenderStatus.SUPERVISED, site="PP-27")
    add_offender("3000007", "Papadopoulos", "Γιώργος")


def _search(db, actor, query, site_id=None):
    return [r.doc_number for r in pq.list_offenders(db, actor, pq.PeopleFilter(
        site_id=site_id, query=query)).rows]


@pytest.mark.parametrize("query, expected", [
    ("nguyen", ["1000002", "1000001"]),
    ("NGUYỄN", ["1000002", "1000001"]),
    ("nguy hoa", ["1000002"]),
    ("nunez", ["1000004", "1000003"]),
    ("Ñúñez josé", ["1000004", "1000003"]),
    ("ivanov", []),  # Cyrillic is not transliterated...
    ("иван", ["2000006"]),  # ...but is found in its own script
    ("γιωργ", ["3000007"]),
    ("1000", ["1000002", "1000001", "1000004", "1000003"]),
    ("100-0001", ["1000001"]),
    ("00-100 0001", ["1000001"]),  # a DOC number as people type or scan it
    ("01000001", ["1000001"]),
    ("0000", ["1000002", "1000001", "1000004", "1000003", "3000007", "2000005", "2000006"]),
    ("9999", []),
    ("sm", ["2000005"]),
    ("zzz", []),
    ('"; drop', []),
])
def test_search_is_partial_and_ignores_case_and_accents(db, admin, crowd, query, expected):
    assert _search(db, admin, query) == expected


def test_site_filter_and_status_filter(db, admin, crowd):
    jccc = admin.site_id
    assert len(pq.list_offenders(db, admin, pq.PeopleFilter(site_id=jccc)).rows) == 5
    sup = pq.list_offenders(db, admin, pq.PeopleFilter(status=OffenderStatus.SUPERVISED)).rows
    assert [r.doc_number for r in sup] == ["2000006"]


def test_pages_follow_each_other_without_gaps_or_repeats(db, admin, add_offender):
    for i in range(45):
        add_offender(f"{5000000 + i}", f"Lastname{chr(65 + i % 26)}", "First" + "x" * (i % 3))
    seen, after = [], None
    while True:
        page = pq.list_offenders(db, admin, pq.PeopleFilter(), after=after, limit=10)
        seen += [r.doc_number for r in page.rows]
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == len(set(seen)) == 45
    names = [r.sort_key for r in pq.list_offenders(db, admin, pq.PeopleFilter(), limit=50).rows]
    assert names == sorted(names)


def test_possible_duplicates_same_birth_date_similar_name(db, admin, crowd):
    me = people.find_by_doc_number(db, admin, "1000003")
    found = pq.possible_duplicates(db, admin, me.id)
    assert [c.row.doc_number for c in found] == ["1000004"]
    pairs = pq.duplicate_pairs(db, admin, None)
    assert [{p.first.doc_number, p.second.doc_number} for p in pairs] == [{"1000003", "1000004"}]


def test_victim_services_can_look_up_but_not_edit(db, make_user, crowd):
    victims = make_user(Role.VICTIM_SERVICES)
    assert _search(db, victims, "nguyen") == ["1000002", "1000001"]


def test_central_office_lists_open_on_every_site(make_user, admin):
    assert make_user(Role.CENTRAL_OFFICE, "CO").default_site_id is None
    assert admin.default_site_id == admin.site_id


def test_search_with_a_status_filter_pages_through_all_matches(db, admin, add_offender,
                                                               monkeypatch):
    monkeypatch.setattr(pq, "STATUS_CHUNK", 3)  # force several candidate chunks per page
    for i in range(12):
        status = OffenderStatus.SUPERVISED if i % 4 == 0 else OffenderStatus.INCARCERATED
        add_offender(f"{6000000 + i}", "Robinson", f"Pat{chr(97 + i)}", status=status,
                     site="PP-27" if status is OffenderStatus.SUPERVISED else "JCCC")
    flt = pq.PeopleFilter(query="robinson", status=OffenderStatus.SUPERVISED)
    first = pq.list_offenders(db, admin, flt, limit=2)
    assert [r.name for r in first.rows] == ["ROBINSON, Pata", "ROBINSON, Pate"]
    second = pq.list_offenders(db, admin, flt, after=first.next_after, limit=2)
    assert [r.name for r in second.rows] == ["ROBINSON, Pati"] and second.next_after is None


def test_short_terms_narrow_a_search(db, admin, crowd):
    assert _search(db, admin, "nguyen t") == ["1000002"]
    # short terms only: the first one starts the last name, the others any other word
    assert _search(db, admin, "nu jo") == ["1000004", "1000003"]
    assert _search(db, admin, "jo nu") == []
    assert _search(db, admin, "10") == ["1000002", "1000001", "1000004", "1000003"]


@pytest.mark.parametrize("window", [2, 5, 100])
def test_common_fragments_walk_the_name_order_with_the_same_result(db, admin, add_offender,
                                                                   monkeypatch, window):
    for i in range(30):
        add_offender(f"{7000000 + i}", ["Howard", "Ward", "Edwards", "Smith"][i % 4],
                     f"Kim{chr(97 + i % 26)}", site="ACC" if i % 3 else "JCCC")
    queries = ["war", "ward k", "edw", "smith"]
    plain = {q: _all_pages(db, admin, q) for q in queries}
    monkeypatch.setattr(pq, "COMMON_MATCHES", 1)
    monkeypatch.setattr(pq, "WALK_WINDOW", window)
    for q in queries:
        assert _all_pages(db, admin, q) == plain[q], q
    assert len(plain["war"]) == 23 and len(plain["smith"]) == 7


def _all_pages(db, actor, query):
    seen, after = [], None
    while True:
        page = pq.list_offenders(db, actor, pq.PeopleFilter(query=query), after=after, limit=4)
        seen += [r.doc_number for r in page.rows]
        if page.next_after is None:
            return seen
        after = page.next_after


@pytest.mark.parametrize("query", ["\x00", "ngu\x00", "\x1b[2J", "%", "_"])
def test_a_search_with_control_characters_or_wildcards_answers_without_error(
        db, admin, add_offender, query):
    add_offender("1234567")
    rows = pq.list_offenders(db, admin, pq.PeopleFilter(query=query)).rows
    # a NUL alone is no search at all: everyone, as an empty box lists them
    found = query in ("ngu\x00", "\x00")
    assert [r.doc_number for r in rows] == (["1234567"] if found else [])


def _audited(db, action: str) -> list:
    from sqlalchemy import select

    from rjdesk.domain.core.models import AuditEvent
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_search_that_finds_people_is_one_audit_event_with_its_text_cut_short(db, admin,
                                                                               add_offender):
    for i, first in enumerate(["An", "Binh", "Cuong", "Dung", "Hoa"]):
        add_offender(f"{4000000 + i}", "Nguyễn", first)
    page = pq.list_offenders(db, admin, pq.PeopleFilter(query="nguyen"), limit=2)
    assert len(page.rows) == 2 and page.next_after
    pq.list_offenders(db, admin, pq.PeopleFilter(query="nguyen"), after=page.next_after,
                      limit=2)  # the next page is the same search
    pq.list_offenders(db, admin, pq.PeopleFilter())  # a list, not a search
    pq.list_offenders(db, admin, pq.PeopleFilter(query="zzz"))  # found no one
    pq.list_offenders(db, admin, pq.PeopleFilter(query="nguyen " + "x" * 200))
    events = _audited(db, "search")
    assert [(e.username, e.entity) for e in events] == [(admin.username, "offender")]
    assert events[0].summary == "“nguyen” found 2+"


def test_a_long_search_text_is_kept_cut_short(db, admin, add_offender):
    add_offender("4000001", "Nguyễn", "An")
    long = " ".join(["nguyen", "an"] * 40)  # every term matches, so it finds him
    assert len(pq.list_offenders(db, admin, pq.PeopleFilter(query=long)).rows) == 1
    (event,) = _audited(db, "search")
    assert event.summary == f"“{long[:pq.SEARCH_TEXT_KEPT]}” found 1"


def test_opening_a_record_and_finding_by_doc_number_are_audited(db, make_user, add_offender):
    person = add_offender()
    officer = make_user(Role.INSTITUTION_STAFF)
    people.get_offender(db, officer, person.id)
    assert people.find_by_doc_number(db, officer, person.doc_number).id == person.id
    assert people.find_by_doc_number(db, officer, "7777777") is None
    assert [(e.username, e.entity_id) for e in _audited(db, "view")] == [
        (officer.username, person.id)]
    assert [(e.username, e.entity_id) for e in _audited(db, "search")] == [
        (officer.username, person.id)]
