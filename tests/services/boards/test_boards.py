"""Boards and their members: one board per P&P office, members of its volunteers with the
board-member role, who may sit on a day and why not, one chair at a time for at most a year;
every refusal names its field and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.models import Board, BoardMember
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.boards import boards
from rjdesk.services.core.errors import Errors, InvalidInput, NotAllowed
from tests.services.boards.conftest import (
    MEETING_DAY,
    TERM_END,
    TODAY,
    board_volunteer,
    member_input,
    state,
)


def test_a_board_opens_once_per_office_with_its_derived_key(db, coordinator, board) -> None:
    again = boards.open_board(db, coordinator, "pp-01", "Another name")
    assert again.id == board.id == rules.board_key(board.site_id)
    assert (board.site_code, board.active, board.members) == ("PP-01", True, ())
    assert "St. Joseph" in board.name
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(Board)) == 1
        assert tx.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.entity == "board")) == 1
    assert boards.board_for_site(db, coordinator, "PP-01", today=TODAY) == board
    assert boards.board_for_site(db, coordinator, "PP-02", today=TODAY) is None


def test_a_board_sits_only_at_a_pp_office(db, admin) -> None:
    before = state(db)
    with pytest.raises(InvalidInput) as refused:
        boards.open_board(db, admin, "JCCC")
    assert refused.value.field == "site_code"
    assert "Probation and Parole offices" in refused.value.message
    with pytest.raises(InvalidInput) as unknown:
        boards.open_board(db, admin, "PP-99")
    assert unknown.value.field == "site_code"
    assert state(db) == before


def test_members_show_who_may_sit_and_why_not(db, coordinator, board, members) -> None:
    view = boards.get_board(db, coordinator, board.id, today=MEETING_DAY)
    by_id = {m.id: m for m in view.members}
    assert [by_id[i].name for i in members.sitting] == [
        "BROWN, Ruth", "DUBOIS, Marc", "NGUYỄN, Thị Lan", "OKAFOR, Chidi"]
    assert all(by_id[i].problem == "" for i in members.sitting)
    assert by_id[members.expired].problem == "has a background check that expired on 05/31/2025"
    assert by_id[members.untrained].problem == "has not completed the board training"
    # the same members after their term
    after = boards.members_on(db, coordinator, board.id, date(2027, 1, 4))
    assert {m.problem for m in after if m.id in members.sitting} == {
        f"has a term that ended on {TERM_END:%m/%d/%Y}"}


def test_one_call_adds_a_member_then_changes_the_same_record(db, admin, coordinator,
                                                             board) -> None:
    v = board_volunteer(db, admin, "Nguyễn", "Văn Minh")
    made = boards.save_member(db, coordinator, board.id, member_input(v.id, trained_on=None),
                              today=TODAY)
    assert made.id == rules.member_key(board.id, v.id)
    assert made.problem == "has not completed the board training"
    changed = boards.save_member(db, coordinator, board.id,
                                 member_input(v.id, trained_on=date(2025, 6, 1)), today=TODAY)
    assert (changed.id, changed.trained_on, changed.problem) == (made.id, date(2025, 6, 1), "")
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(BoardMember)) == 1
        updated = tx.scalar(select(AuditEvent.summary).where(
            AuditEvent.entity == "board_member", AuditEvent.action == "update"))
    assert "trained on: (blank) → 2025-06-01" in updated


@pytest.mark.parametrize("reason", ["other site", "no role", "inactive"])
def test_only_active_board_member_volunteers_of_the_office_join(db, admin, coordinator, board,
                                                                reason) -> None:
    v = board_volunteer(db, admin, "Hill", "Mark",
                        site="PP-02" if reason == "other site" else "PP-01",
                        roles=frozenset({VolunteerRole.PROJECT_SUPERVISOR})
                        if reason == "no role" else frozenset({VolunteerRole.BOARD_MEMBER}),
                        active=reason != "inactive")
    before = state(db)
    with pytest.raises(InvalidInput) as refused:
        boards.save_member(db, coordinator, board.id, member_input(v.id), today=TODAY)
    assert refused.value.field == "volunteer_id"
    assert {"other site": "is not a volunteer of PP-01",
            "no role": "does not hold the board-member role",
            "inactive": "is not an active volunteer"}[reason] in refused.value.message
    assert "HILL, Mark" in refused.value.message
    assert state(db) == before


def test_every_wrong_field_is_named_at_once(db, admin, coordinator, board) -> None:
    v = board_volunteer(db, admin, "Hill", "Mark", roles=frozenset())
    before = state(db)
    with pytest.raises(Errors) as refused:
        boards.save_member(db, coordinator, board.id, member_input(
            v.id, term_start=date(2025, 6, 1), term_end=date(2025, 5, 1),
            trained_on=date(2025, 7, 1)), today=TODAY)
    assert set(refused.value.errors) == {"volunteer_id", "term_end", "trained_on"}
    assert refused.value.errors["term_end"] == "The term must end after it starts."
    assert state(db) == before


def test_a_chair_is_elected_for_at_most_a_year(db, admin, coordinator, board) -> None:
    v = board_volunteer(db, admin, "Brown", "Ruth")
    before = state(db)
    with pytest.raises(InvalidInput) as refused:
        boards.save_member(db, coordinator, board.id, member_input(
            v.id, chair_from=date(2025, 2, 1), chair_to=date(2026, 2, 1)), today=TODAY)
    assert refused.value.field == "chair_to"
    assert "at most a year" in refused.value.message and "01/31/2026" in refused.value.message
    with pytest.raises(InvalidInput) as half:
        boards.save_member(db, coordinator, board.id, member_input(
            v.id, chair_from=date(2025, 2, 1)), today=TODAY)
    assert half.value.field == "chair_to"
    with pytest.raises(InvalidInput) as outside:
        boards.save_member(db, coordinator, board.id, member_input(
            v.id, chair_from=date(2026, 6, 1), chair_to=date(2027, 5, 31)), today=TODAY)
    assert outside.value.field == "chair_from" and "within the term" in outside.value.message
    assert state(db) == before
    chair = boards.save_member(db, coordinator, board.id, member_input(
        v.id, chair_from=date(2025, 2, 1), chair_to=date(2026, 1, 31)), today=TODAY)
    assert chair.chair
    later = boards.get_board(db, coordinator, board.id, today=date(2026, 2, 1))
    assert later.chair() is None
    assert boards.get_board(db, coordinator, board.id, today=TODAY).chair() == chair


def test_a_board_has_one_chair_at_a_time(db, admin, coordinator, board) -> None:
    ruth = board_volunteer(db, admin, "Brown", "Ruth")
    marc = board_volunteer(db, admin, "Dubois", "Marc")
    boards.save_member(db, coordinator, board.id, member_input(
        ruth.id, chair_from=date(2025, 1, 1), chair_to=date(2025, 12, 31)), today=TODAY)
    before = state(db)
    with pytest.raises(InvalidInput) as refused:
        boards.save_member(db, coordinator, board.id, member_input(
            marc.id, chair_from=date(2025, 12, 31), chair_to=date(2026, 6, 30)), today=TODAY)
    assert refused.value.field == "chair_from"
    assert "BROWN, Ruth chairs it from 01/01/2025 to 12/31/2025" in refused.value.message
    assert state(db) == before
    # the next chair takes over the day after, and Ruth may change her own year
    boards.save_member(db, coordinator, board.id, member_input(
        marc.id, chair_from=date(2026, 1, 1), chair_to=date(2026, 12, 31)), today=TODAY)
    boards.save_member(db, coordinator, board.id, member_input(
        ruth.id, chair_from=date(2025, 1, 2), chair_to=date(2025, 12, 31)), today=TODAY)


def test_another_offices_coordinator_may_look_but_not_change(db, make_user, admin, board,
                                                             members) -> None:
    other = make_user(Role.BOARD_COORDINATOR, "PP-02")
    v = board_volunteer(db, admin, "Hill", "Mark")
    before = state(db)
    with pytest.raises(NotAllowed):
        boards.save_member(db, other, board.id, member_input(v.id), today=TODAY)
    with pytest.raises(NotAllowed):
        boards.open_board(db, other, "PP-01")
    assert state(db) == before
    assert len(boards.get_board(db, other, board.id, today=TODAY).members) == 6
    assert boards.open_board(db, other, "PP-02").site_code == "PP-02"


@pytest.mark.parametrize("role", [Role.INSTITUTION_STAFF, Role.CENTRAL_OFFICE])
def test_staff_who_view_boards_read_them_and_write_nothing(db, make_user, admin, board,
                                                           members, role) -> None:
    reader = make_user(role, "PP-01")
    assert [b.id for b in boards.list_boards(db, reader, today=TODAY)] == [board.id]
    assert len(boards.members_on(db, reader, board.id, MEETING_DAY)) == 6
    v = board_volunteer(db, admin, "Hill", "Mark")
    before = state(db)
    with pytest.raises(NotAllowed) as refused:
        boards.save_member(db, reader, board.id, member_input(v.id), today=TODAY)
    assert "run Reparation/Accountability Boards" in refused.value.message
    with pytest.raises(NotAllowed):
        boards.open_board(db, reader, "PP-02")
    assert state(db) == before
