"""Boards and their members.

A board sits at one Probation and Parole office; its key derives from the office, so the board
opened at two workstations is one. Its members are volunteers of the office holding the
board-member role, each for a term, with the day their board training was completed. Whether a
member may sit is asked of a day (``rules.sitting_problem``): a term that ended, a training not
done or a background check expired keeps the member on the board but off its meetings. The
chair is elected for at most a year, and a board has one chair at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.models import Board, BoardMember
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import text_problem
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant
from rjdesk.services.boards.common import board_of_site
from rjdesk.services.core.context import (
    Actor,
    acting,
    audit,
    changed,
    require,
    require_site,
    snapshot,
)
from rjdesk.services.core.errors import Errors, InvalidInput, NotFound
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

NAME_MAX = 120


@dataclass(frozen=True)
class MemberView:
    id: str
    volunteer_id: str
    name: str
    term_start: date
    term_end: date
    trained_on: date | None
    chair_from: date | None
    chair_to: date | None
    #: Chair on the day the view was made for.
    chair: bool
    #: Why the member cannot sit on that day ("has a term that ended on …"), or "".
    problem: str

    @property
    def can_sit(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class BoardView:
    id: str
    site_id: str
    site_code: str
    site_name: str
    name: str
    active: bool
    members: tuple[MemberView, ...]

    def chair(self) -> MemberView | None:
        return next((m for m in self.members if m.chair), None)


@dataclass(frozen=True)
class MemberInput:
    volunteer_id: str
    term_start: date
    term_end: date
    trained_on: date | None = None
    chair_from: date | None = None
    chair_to: date | None = None


# -- reading ---------------------------------------------------------------------------------

def member_view(member: BoardMember, volunteer: Volunteer, board_role: bool,
                day: date) -> MemberView:
    """A member as seen on ``day``: chair that day or not, and why he or she cannot sit."""
    problem = rules.sitting_problem(
        day=day, term_start=member.term_start, term_end=member.term_end,
        trained_on=member.trained_on, check_on=volunteer.background_check_on,
        check_expires=volunteer.background_check_expires, active=volunteer.active,
        board_member_role=board_role)
    chair = bool(member.chair_from and member.chair_to
                 and member.chair_from <= day <= member.chair_to)
    return MemberView(member.id, volunteer.id, display_name(volunteer.last_name,
                                                            volunteer.first_name),
                      member.term_start, member.term_end, member.trained_on,
                      member.chair_from, member.chair_to, chair, problem)


def members_of(tx: Session, board_ids: Sequence[str], day: date,
               only: Sequence[str] | None = None) -> dict[str, tuple[MemberView, ...]]:
    """Each board's members in name order, seen on ``day``; ``only`` keeps those member ids."""
    found: dict[str, list[MemberView]] = {bid: [] for bid in board_ids}
    stmt = (select(BoardMember, Volunteer)
            .join(Volunteer, Volunteer.id == BoardMember.volunteer_id)
            .where(BoardMember.board_id.in_(board_ids))
            .order_by(Volunteer.sort_name, Volunteer.last_name, Volunteer.first_name,
                      BoardMember.id))
    if only is not None:
        stmt = stmt.where(BoardMember.id.in_(only))
    rows = list(tx.execute(stmt))
    holders = set(tx.scalars(select(VolunteerRoleGrant.volunteer_id).where(
        VolunteerRoleGrant.volunteer_id.in_([v.id for _, v in rows]),
        VolunteerRoleGrant.role == VolunteerRole.BOARD_MEMBER)))
    for member, volunteer in rows:
        found[member.board_id].append(member_view(member, volunteer, volunteer.id in holders,
                                                  day))
    return {bid: tuple(views) for bid, views in found.items()}


def board_view(tx: Session, board: Board, site: Site, day: date) -> BoardView:
    return BoardView(board.id, site.id, site.code, site.name, board.name, board.active,
                     members_of(tx, [board.id], day)[board.id])


def load_board(tx: Session, board_id: str) -> tuple[Board, Site]:
    return with_site(tx, Board, board_id, "That board is no longer on file.")


def list_boards(db: Database, actor: Actor, *, today: date | None = None) -> list[BoardView]:
    """Every board, by its office's code, with its members as seen on ``today``."""
    require(actor, Permission.VIEW_BOARDS)
    day = today or date.today()
    with db.reading() as tx:
        found = list(tx.execute(select(Board, Site).join(Site, Site.id == Board.site_id)
                                .order_by(Site.code)))
        members = members_of(tx, [b.id for b, _ in found], day)
        return [BoardView(b.id, s.id, s.code, s.name, b.name, b.active, members[b.id])
                for b, s in found]


def get_board(db: Database, actor: Actor, board_id: str, *,
              today: date | None = None) -> BoardView:
    require(actor, Permission.VIEW_BOARDS)
    with db.reading() as tx:
        board, site = load_board(tx, board_id)
        return board_view(tx, board, site, today or date.today())


def board_for_site(db: Database, actor: Actor, site_code: str, *,
                   today: date | None = None) -> BoardView | None:
    """The board of the office ``site_code``, or None while it has none."""
    require(actor, Permission.VIEW_BOARDS)
    with db.reading() as tx:
        site = _site(tx, site_code)
        board = board_of_site(tx, site.id)
        return None if board is None else board_view(tx, board, site, today or date.today())


def members_on(db: Database, actor: Actor, board_id: str, day: date) -> list[MemberView]:
    """Every member of the board as seen on ``day`` (a meeting's): those who may sit have no
    ``problem``; the others say why not."""
    require(actor, Permission.VIEW_BOARDS)
    with db.reading() as tx:
        load_board(tx, board_id)
        return list(members_of(tx, [board_id], day)[board_id])


# -- writing ---------------------------------------------------------------------------------

def _site(tx: Session, code: str) -> Site:
    site = tx.scalar(select(Site).where(Site.code == code.strip().upper()))
    if site is None:
        raise InvalidInput(f"There is no site with the code “{code.strip()}”.", "site_code")
    return site


def open_board(db: Database, actor: Actor, site_code: str, name: str = "", *,
               today: date | None = None) -> BoardView:
    """The board of a P&P office, opened if it has none yet (then returned as it is)."""
    require(actor, Permission.RUN_BOARDS)
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        raise InvalidInput(f"The board's name is longer than {NAME_MAX} characters.", "name")
    if problem := text_problem(name, "board's name"):
        raise InvalidInput(problem, "name")
    with acting(db, actor) as tx:
        site = _site(tx, site_code)
        if site.kind is not SiteKind.PP_OFFICE:
            raise InvalidInput(f"{site.code} is a {site.kind.label.lower()}: boards sit at "
                               "Probation and Parole offices.", "site_code")
        require_site(actor, site.id, "boards")
        board = board_of_site(tx, site.id)
        if board is None:
            board = Board(id=rules.board_key(site.id), site_id=site.id, active=True,
                          name=name or f"Reparation/Accountability Board, {site.name}"[:NAME_MAX])
            tx.add(board)
            tx.flush()
            audit(tx, actor, "create", "board", board.id, f"{site.code} {board.name}")
        return board_view(tx, board, site, today or date.today())


def _dates_problems(data: MemberInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.term_end <= data.term_start:
        errors["term_end"] = "The term must end after it starts."
    if data.trained_on is not None and data.trained_on > today:
        errors["trained_on"] = (f"The training date {us_date(data.trained_on)} is in the "
                                "future; enter it once the training is completed.")
    if problem := rules.chair_problem(data.chair_from, data.chair_to):
        errors["chair_from" if data.chair_from is None else "chair_to"] = problem
    elif data.chair_from and data.chair_to and not errors.get("term_end") and (
            data.chair_from < data.term_start or data.chair_to > data.term_end):
        errors["chair_from"] = (f"A chair is chosen among the members: the chair's year must "
                                f"fall within the term ({us_date(data.term_start)} to "
                                f"{us_date(data.term_end)}).")
    return errors


def _volunteer_problem(tx: Session, data: MemberInput, site: Site) -> tuple[str, str]:
    """The volunteer's name, and why he or she cannot join the board (or "")."""
    volunteer = tx.get(Volunteer, data.volunteer_id)
    if volunteer is None:
        return "", "That volunteer is no longer on file."
    name = display_name(volunteer.last_name, volunteer.first_name)
    role = tx.scalar(select(VolunteerRoleGrant.id).where(
        VolunteerRoleGrant.volunteer_id == volunteer.id,
        VolunteerRoleGrant.role == VolunteerRole.BOARD_MEMBER))
    if volunteer.site_id != site.id:
        return name, f"{name} is not a volunteer of {site.code}."
    if not volunteer.active:
        return name, f"{name} is not an active volunteer."
    if role is None:
        return name, (f"{name} does not hold the board-member role; give it on the "
                      "volunteer's record first.")
    return name, ""


def _other_chair(tx: Session, board_id: str, data: MemberInput) -> str:
    """The chair of the board whose year overlaps the one asked, as a sentence, or ""."""
    if data.chair_from is None or data.chair_to is None:
        return ""
    for member, volunteer in tx.execute(
            select(BoardMember, Volunteer).join(Volunteer,
                                                Volunteer.id == BoardMember.volunteer_id)
            .where(BoardMember.board_id == board_id,
                   BoardMember.volunteer_id != data.volunteer_id,
                   BoardMember.chair_from.is_not(None), BoardMember.chair_to.is_not(None),
                   BoardMember.chair_from <= data.chair_to,
                   BoardMember.chair_to >= data.chair_from)):
        return (f"The board has one chair at a time: "
                f"{display_name(volunteer.last_name, volunteer.first_name)} chairs it from "
                f"{us_date(member.chair_from)} to {us_date(member.chair_to)}.")
    return ""


def save_member(db: Database, actor: Actor, board_id: str, data: MemberInput, *,
                today: date | None = None) -> MemberView:
    """Put a volunteer on the board, or change his or her term, training or chair (one call
    does both: the member's key derives from the board and the volunteer)."""
    require(actor, Permission.RUN_BOARDS)
    day = today or date.today()
    errors = _dates_problems(data, day)
    with acting(db, actor) as tx:
        board, site = load_board(tx, board_id)
        require_site(actor, site.id, "boards")
        name, problem = _volunteer_problem(tx, data, site)
        if problem:
            errors = {"volunteer_id": problem, **errors}
        if "chair_from" not in errors and "chair_to" not in errors and (
                other := _other_chair(tx, board.id, data)):
            errors["chair_from"] = other
        if errors:
            raise Errors(errors)
        key = rules.member_key(board.id, data.volunteer_id)
        member = tx.get(BoardMember, key)
        if member is None:
            member = tx.scalar(select(BoardMember).where(
                BoardMember.board_id == board.id,
                BoardMember.volunteer_id == data.volunteer_id))
        before = snapshot(member) if member is not None else None
        if member is None:
            member = BoardMember(id=key, board_id=board.id, volunteer_id=data.volunteer_id)
            tx.add(member)
        member.term_start, member.term_end = data.term_start, data.term_end
        member.trained_on = data.trained_on
        member.chair_from, member.chair_to = data.chair_from, data.chair_to
        tx.flush()
        if before is None:
            audit(tx, actor, "create", "board_member", member.id,
                  f"{site.code} board: {name}, term {us_date(data.term_start)} to "
                  f"{us_date(data.term_end)}")
        else:
            audit(tx, actor, "update", "board_member", member.id, f"{site.code} board: {name}",
                  changed(before, snapshot(member)))
        found = members_of(tx, [board.id], day, only=[member.id])[board.id]
        if not found:
            raise NotFound("That member is no longer on file.")
        return found[0]
