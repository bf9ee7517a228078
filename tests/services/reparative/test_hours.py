"""Offenders' hours: the grid saved whole or not at all, every refusal at its cell with the
person and the day, approval of hours above the daily amount by someone else, totals by status."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import HoursStatus, ProjectCategory
from rjdesk.domain.reparative.models import HourEntry
from rjdesk.services.core import settings
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound
from rjdesk.services.people.records import transfer_offender
from rjdesk.services.reparative import hours, projects
from rjdesk.services.reparative.hours import HoursCell
from rjdesk.store.capture import authored_by
from tests.services.reparative.conftest import MONDAY, TODAY, WEEK, project_input, volunteer


def entries(db) -> list[tuple[str, date, float, HoursStatus]]:
    with db.reading() as tx:
        return sorted(tx.execute(select(HourEntry.offender_id, HourEntry.worked_on,
                                        HourEntry.hours, HourEntry.status)))


def save(db, actor, project, cells, today=TODAY):
    return hours.save_grid(db, actor, project.id, [HoursCell(*c) for c in cells], today=today)


@pytest.fixture
def garden(db, coordinator, supervisor):
    return projects.create_project(db, coordinator, project_input(
        "Garden", category=ProjectCategory.GARDEN, supervisors=(supervisor.id,)), today=TODAY)


def test_a_crew_week_is_saved_and_read_back_in_name_order(db, coordinator, quilts, crew):
    cells = [(p.id, d, 7.5) for p in reversed(crew) for d in WEEK]
    result = save(db, coordinator, quilts, cells)
    assert result == hours.SaveResult(saved=15, pending=0, removed=0)
    grid = hours.load_grid(db, coordinator, quilts.id, WEEK, today=TODAY)
    assert [m.name for m in grid.crew] == ["GARCIA, Luis", "HILL, Mark", "NGUYỄN, Văn An"]
    assert grid.crew[0].doc_number == "3100001" and grid.days == WEEK
    assert grid.cells[(crew[0].id, MONDAY)] == hours.HoursCellView(7.5, HoursStatus.APPROVED)
    assert len(grid.cells) == 15 and grid.flag == ""
    # an entry's key is the same on every workstation: saving again changes nothing
    assert save(db, coordinator, quilts, cells) == hours.SaveResult(0, 0, 0)
    assert len(entries(db)) == 15


def test_a_row_added_to_the_grid_shows_before_it_has_hours(db, coordinator, quilts, crew):
    grid = hours.load_grid(db, coordinator, quilts.id, WEEK, extra_offender_ids=[crew[1].id])
    assert [m.name for m in grid.crew] == ["HILL, Mark"] and grid.cells == {}


def test_clearing_a_cell_removes_the_entry(db, coordinator, quilts, crew):
    save(db, coordinator, quilts, [(crew[0].id, MONDAY, 6), (crew[1].id, MONDAY, 6)])
    result = save(db, coordinator, quilts, [(crew[0].id, MONDAY, None), (crew[2].id, MONDAY,
                                                                         None)])
    assert result == hours.SaveResult(0, 0, 1)
    assert [(o, h) for o, _, h, _ in entries(db)] == [(crew[1].id, 6.0)]


@pytest.mark.parametrize("value, message", [
    (25, "GARCIA, Luis on 06/02/2025: 25 hours is more than 24 in one day "
         "(already 0 h that day)."),
    (0, "GARCIA, Luis on 06/02/2025: the hours must be more than zero, not 0."),
    (-3, "GARCIA, Luis on 06/02/2025: the hours must be more than zero, not -3."),
    (float("nan"), "GARCIA, Luis on 06/02/2025: “nan” is not a number of hours."),
])
def test_bad_hours_are_refused_at_the_cell(db, coordinator, quilts, crew, value, message):
    with pytest.raises(hours.CellErrors) as exc:
        save(db, coordinator, quilts, [(crew[0].id, MONDAY, value)])
    assert exc.value.cells == [hours.CellError(crew[0].id, MONDAY, message)]
    assert str(exc.value) == message
    assert entries(db) == []


def test_every_bad_cell_is_named_and_no_cell_is_saved(db, coordinator, quilts, crew):
    future = date(2025, 6, 14)
    with pytest.raises(hours.CellErrors) as exc:
        save(db, coordinator, quilts, [(crew[0].id, MONDAY, 8), (crew[1].id, MONDAY, 0),
                                       (crew[2].id, future, 4)])
    assert [(c.offender_id, c.day) for c in exc.value.cells] == [(crew[1].id, MONDAY),
                                                                 (crew[2].id, future)]
    assert exc.value.cells[1].message == ("NGUYỄN, Văn An on 06/14/2025: the date is in the "
                                          "future.")
    assert exc.value.message.startswith("2 cells cannot be saved, so nothing was saved.")
    assert entries(db) == []


def test_a_day_counts_every_project_and_the_cell_replaces_its_own_value(
        db, coordinator, quilts, garden, crew):
    save(db, coordinator, garden, [(crew[0].id, MONDAY, 16)])
    with pytest.raises(hours.CellErrors) as exc:
        save(db, coordinator, quilts, [(crew[0].id, MONDAY, 10)])
    assert exc.value.message == ("GARCIA, Luis on 06/02/2025: 10 hours would make 26 in one "
                                 "day, more than 24 (already 16 h that day).")
    assert save(db, coordinator, quilts, [(crew[0].id, MONDAY, 8)]).saved == 1
    # 16 on the garden replaced by 12: 12 + 8 is fine, where 16 + 12 would not be
    assert save(db, coordinator, garden, [(crew[0].id, MONDAY, 12)]).saved == 1
    assert sorted(h for *_, h, _ in entries(db)) == [8.0, 12.0]


def test_declined_hours_were_not_worked_and_leave_the_day_free(db, coordinator, staff, quilts,
                                                               garden, crew):
    save(db, coordinator, garden, [(crew[0].id, MONDAY, 20)])
    pending, = hours.list_pending(db, staff, staff.site_id)
    hours.decide(db, staff, [pending.entry_id], approve=False, note="Typed 20 for 2")
    assert save(db, coordinator, quilts, [(crew[0].id, MONDAY, 8)]).saved == 1
    # the grid sent again with the declined cell as it was: it stays declined and counts nothing
    assert save(db, coordinator, garden, [(crew[0].id, MONDAY, 20), (crew[1].id, MONDAY, 4)]
                ) == hours.SaveResult(1, 0, 0)
    assert [(h, s) for o, _, h, s in entries(db) if o == crew[0].id] == [
        (8.0, HoursStatus.APPROVED), (20.0, HoursStatus.DECLINED)]


def test_a_date_outside_the_persons_time_at_the_site_is_refused(db, admin, coordinator, quilts,
                                                                 add_offender):
    left = add_offender("3200001", "Reed", "Tom")  # at JCCC, moved to ACC on 06/04
    transfer_offender(db, admin, left.id, "ACC", on=date(2025, 6, 4))
    came = add_offender("3200002", "Diaz", "Raúl", site="ACC")  # came to JCCC on 06/04
    transfer_offender(db, admin, came.id, "JCCC", on=date(2025, 6, 4))
    with pytest.raises(hours.CellErrors) as exc:
        save(db, coordinator, quilts, [(left.id, date(2025, 6, 5), 4),
                                       (came.id, date(2025, 6, 3), 4)])
    assert [c.message for c in exc.value.cells] == [
        "REED, Tom on 06/05/2025: not at JCCC that day (see the transfers on the record).",
        "DIAZ, Raúl on 06/03/2025: not at JCCC that day (see the transfers on the record)."]
    assert entries(db) == []
    # the day of a move belongs to both sites
    assert save(db, coordinator, quilts, [(left.id, date(2025, 6, 4), 4),
                                          (came.id, date(2025, 6, 4), 4)]).saved == 2


def test_a_closed_project_or_another_sites_takes_no_hours(db, make_user, coordinator, quilts,
                                                          supervisor, crew):
    acc = make_user(Role.VOLUNTEER_COORDINATOR, "ACC")
    with pytest.raises(hours.CellErrors, match="is a project of JCCC; you can log hours at "
                                               "your own site \\(ACC\\) only"):
        save(db, acc, quilts, [(crew[0].id, MONDAY, 4)])
    projects.update_project(db, coordinator, quilts.id, project_input(
        active=False, supervisors=(supervisor.id,)), today=TODAY)
    with pytest.raises(hours.CellErrors) as exc:
        save(db, coordinator, quilts, [(crew[0].id, MONDAY, 4), (crew[1].id, MONDAY, None)])
    assert {c.message for c in exc.value.cells} == {
        "GARCIA, Luis on 06/02/2025: the project “Quilts for Kids” is closed; reopen it to log "
        "hours on it.",
        "HILL, Mark on 06/02/2025: the project “Quilts for Kids” is closed; reopen it to log "
        "hours on it."}
    assert entries(db) == []


def test_hours_above_the_daily_amount_wait_for_approval(db, coordinator, quilts, garden, crew):
    result = save(db, coordinator, quilts, [(crew[0].id, MONDAY, 8), (crew[1].id, MONDAY, 9)])
    assert result == hours.SaveResult(2, 1, 0)
    # a day above the amount across projects: the entry that takes it there waits
    save(db, coordinator, garden, [(crew[2].id, MONDAY, 5)])
    assert save(db, coordinator, quilts, [(crew[2].id, MONDAY, 5)]).pending == 1
    with authored_by(coordinator.user_id), db.transaction() as tx:
        settings.write(tx, settings.APPROVAL_ABOVE, 6.0)
    assert save(db, coordinator, quilts, [(crew[0].id, WEEK[1], 7)]).pending == 1
    statuses = {(o, d): s for o, d, _, s in entries(db)}
    assert statuses[(crew[0].id, MONDAY)] is HoursStatus.APPROVED
    assert statuses[(crew[1].id, MONDAY)] is HoursStatus.PENDING


def test_an_approved_entry_changed_above_the_amount_waits_again(db, coordinator, staff, quilts,
                                                                crew):
    save(db, coordinator, quilts, [(crew[0].id, MONDAY, 10)])
    hours.decide(db, staff, [hours.list_pending(db, staff, None)[0].entry_id], approve=True)
    assert entries(db)[0][3] is HoursStatus.APPROVED
    save(db, coordinator, quilts, [(crew[0].id, MONDAY, 10)])  # unchanged: stays approved
    assert entries(db)[0][3] is HoursStatus.APPROVED
    save(db, coordinator, quilts, [(crew[0].id, MONDAY, 11)])
    assert entries(db)[0][2:] == (11.0, HoursStatus.PENDING)
    save(db, coordinator, quilts, [(crew[0].id, MONDAY, 6)])
    assert entries(db)[0][2:] == (6.0, HoursStatus.APPROVED)


def test_approval_is_someone_elses_and_all_or_nothing(db, coordinator, staff, quilts, garden,
                                                      crew):
    save(db, coordinator, quilts, [(crew[0].id, MONDAY, 9), (crew[1].id, MONDAY, 10)])
    save(db, staff, garden, [(crew[0].id, WEEK[1], 12)])
    rows = hours.list_pending(db, staff, staff.site_id)
    assert [(r.name, r.day, r.hours, r.day_total, r.project_name, r.entered_by) for r in rows] == [
        ("GARCIA, Luis", MONDAY, 9.0, 9.0, "Quilts for Kids", "Test Volunteer coordinator"),
        ("HILL, Mark", MONDAY, 10.0, 10.0, "Quilts for Kids", "Test Volunteer coordinator"),
        ("GARCIA, Luis", WEEK[1], 12.0, 12.0, "Garden",
         "Test Institution staff / ICVC facilitator")]
    ids = [r.entry_id for r in rows]
    with pytest.raises(NotAllowed, match="You entered the 12 hours of GARCIA, Luis on "
                                         "06/03/2025; another staff member approves them"):
        hours.decide(db, staff, ids, approve=True)
    assert len(hours.list_pending(db, staff, None)) == 3  # none decided
    assert hours.decide(db, staff, ids[:2], approve=True) == 2
    with pytest.raises(NotAllowed, match="You entered"):
        hours.decide(db, coordinator, ids[:1], approve=False)
    with pytest.raises(InvalidInput, match="are approved already"):
        hours.decide(db, staff, ids[:1], approve=False)
    assert hours.decide(db, coordinator, ids[2:], approve=False, note="Not on the crew") == 1
    assert hours.list_pending(db, staff, None) == []
    with pytest.raises(NotFound):
        hours.decide(db, staff, ["no-such-entry"], approve=True)
    with pytest.raises(NotAllowed, match="approve reparative hours"):
        hours.decide(db, _victim_services(db), ids[:1], approve=True)


def _victim_services(db):
    from rjdesk.services.admin import auth
    from tests.conftest import PASSWORD

    admin = auth.sign_in(db, "admin", PASSWORD)
    auth.create_user(db, admin, username="vs", display_name="Vic Services",
                     role=Role.VICTIM_SERVICES, site_code="JCCC", password=PASSWORD)
    return auth.sign_in(db, "vs", PASSWORD)


def test_the_statement_keeps_totals_apart_by_status(db, coordinator, staff, quilts, garden,
                                                   crew):
    save(db, coordinator, quilts, [(crew[0].id, d, 6) for d in WEEK[:3]])  # approved 18
    save(db, coordinator, garden, [(crew[0].id, WEEK[3], 9), (crew[0].id, WEEK[4], 10)])
    first, second = hours.list_pending(db, staff, None)
    hours.decide(db, staff, [second.entry_id], approve=False)  # declined 10, pending 9
    save(db, coordinator, quilts, [(crew[1].id, MONDAY, 5)])  # someone else's
    data = hours.hours_statement_rows(db, staff, "0031-00001")
    assert data.offender.name == "GARCIA, Luis" and data.offender.site_code == "JCCC"
    assert [(r.day, r.project, r.hours, r.status) for r in data.rows][-2:] == [
        (WEEK[3], "Garden", 9.0, HoursStatus.PENDING),
        (WEEK[4], "Garden", 10.0, HoursStatus.DECLINED)]
    assert data.totals == {HoursStatus.APPROVED: 18.0, HoursStatus.PENDING: 9.0,
                           HoursStatus.DECLINED: 10.0}
    part = hours.hours_statement_rows(db, staff, "3100001", start=WEEK[1], end=WEEK[3])
    assert part.totals[HoursStatus.APPROVED] == 12.0 and len(part.rows) == 3
    with pytest.raises(NotFound, match="No one has the DOC number 999"):
        hours.hours_statement_rows(db, staff, "999")


def test_a_crew_member_is_found_by_doc_number_or_name(db, coordinator, crew):
    assert hours.crew_member(db, coordinator, " 003-100-002 ") == hours.CrewMember(
        crew[1].id, "3100002", "HILL, Mark")
    assert hours.crew_member(db, coordinator, "nguyen van").offender_id == crew[2].id
    with pytest.raises(NotFound, match="No one has the DOC number 4"):
        hours.crew_member(db, coordinator, "4")
    with pytest.raises(InvalidInput, match="More than one person"):
        hours.crew_member(db, coordinator, "a")  # Garcia, Mark, Văn An
    with pytest.raises(InvalidInput, match="digits only"):
        hours.crew_member(db, coordinator, "31000x1")


def test_volunteers_log_their_own_supervising_hours(db, admin, coordinator, quilts,
                                                    supervisor):
    view = hours.log_volunteer_hours(db, coordinator, supervisor.id, quilts.id, MONDAY, 3.5,
                                     today=TODAY)
    assert (view.name, view.project_name, view.hours) == ("SMITH, Ann", "Quilts for Kids", 3.5)
    again = hours.log_volunteer_hours(db, coordinator, supervisor.id, quilts.id, MONDAY, 4,
                                      today=TODAY)
    assert again.id == view.id and again.hours == 4.0
    other = volunteer(db, admin, "Jones", "Bob")
    for who, day, value, why in [
            (other.id, MONDAY, 2, "JONES, Bob does not supervise “Quilts for Kids”"),
            (supervisor.id, MONDAY, 0, "The hours must be more than zero, not 0"),
            (supervisor.id, date(2025, 6, 14), 2, "is in the future")]:
        with pytest.raises(InvalidInput, match=why):
            hours.log_volunteer_hours(db, coordinator, who, quilts.id, day, value, today=TODAY)


def test_the_queries_of_a_save_do_not_grow_with_the_crew(db, coordinator, quilts, add_offender):
    crew = [add_offender(f"{3300000 + i}", "Crew", f"Member {chr(65 + i // 26)}{chr(97 + i % 26)}")
            for i in range(30)]
    selects: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        save(db, coordinator, quilts, [(crew[0].id, MONDAY, 4)])
        one = len(selects)
        selects.clear()
        result = save(db, coordinator, quilts, [(p.id, d, 7) for p in crew[1:] for d in WEEK])
        many = len(selects)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert result.saved == 29 * 5
    assert many == one
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(HourEntry)) == 146


@pytest.mark.parametrize("raw, expected", [(None, 8.0), ("6.5", 6.5), ("0", 8.0), ("25", 8.0),
                                           ("nan", 8.0), ("soon", 8.0)])
def test_the_approval_amount_out_of_range_reads_as_the_default(raw, expected) -> None:
    assert settings.APPROVAL_ABOVE.parse(raw) == expected
