"""Boards' commands: a P&P office's board and its members (``board …``), and its meetings
(``meeting …``): planned, their agenda, who was present, what was decided, the minutes."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from rjdesk.cli.kit import PROG, CliError, Commands, Kit, LazyChoices

if TYPE_CHECKING:
    from rjdesk.services.boards.boards import BoardView, MemberView
    from rjdesk.services.boards.meetings import MeetingView
    from rjdesk.services.core.context import Actor
    from rjdesk.services.core.database import Database


def date_arg(text: str) -> date:
    """A date as staff write it: MM/DD/YYYY or YYYY-MM-DD."""
    for form in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"“{text}” is not a date (MM/DD/YYYY or YYYY-MM-DD)")


def _us(day: date | None) -> str:
    from rjdesk.domain.core.formats import us_date

    return us_date(day)


def _board(db: Database, actor: Actor, site: str | None) -> BoardView:
    """The board of ``--site`` (default: the user's own office)."""
    from rjdesk.services.boards.boards import board_for_site

    code = (site or actor.site_code).upper()
    board = board_for_site(db, actor, code, today=date.today())
    if board is None:
        raise CliError(f"{code} has no board yet; `{PROG} board open --site {code}` opens it.")
    return board


def _member_line(m: MemberView) -> str:
    chair = f"chair {_us(m.chair_from)} to {_us(m.chair_to)}" if m.chair_from else ""
    return "\t".join((m.id, m.name, f"term {_us(m.term_start)} to {_us(m.term_end)}",
                      f"trained {_us(m.trained_on)}" if m.trained_on else "not trained",
                      ("CHAIR " if m.chair else "") + chair or "-",
                      m.problem or "may sit"))


def _show_board(b: BoardView) -> None:
    print(f"{b.id}\t{b.site_code}\t{b.name}\t{'active' if b.active else 'closed'}\t"
          f"{len(b.members)} member(s)")
    for m in b.members:
        print("  " + _member_line(m))


def _show_meeting(m: MeetingView) -> None:
    print(f"{m.id}\t{m.site_code}\t{_us(m.held_on)} {m.starts_at}\t{m.status.label}\t"
          f"{m.location or '-'}")
    quorum = "quorum" if m.quorum else "no quorum: 3 needed"
    print(f"present: {sum(1 for p in m.present if p.can_sit)} ({quorum})")
    for p in m.present:
        print(f"  {p.id}\t{p.name}" + (f"\t{p.problem}" if p.problem else ""))
    for h in m.hearings:
        print(f"case {h.case_id}\t{h.doc_number}\t{h.offender_name}\t{h.case_number}\t"
              f"{h.purpose.label}\t{h.case_status.label}\t{h.decision or '(no decision)'}")
    if m.minutes:
        print(f"minutes: {m.minutes}")


def cmd_board(kit: Kit) -> int:
    from rjdesk.services.boards import boards

    args = kit.args
    with kit.signed_in() as (db, actor):
        if args.what == "open":
            _show_board(boards.open_board(db, actor, args.site, args.name or ""))
        elif args.what == "show" and not args.site and boards.board_for_site(
                db, actor, actor.site_code, today=date.today()) is None:
            for b in boards.list_boards(db, actor, today=date.today()):
                print(f"{b.id}\t{b.site_code}\t{b.name}\t{len(b.members)} member(s)")
        elif args.what == "show":
            _show_board(_board(db, actor, args.site))
        else:
            board = _board(db, actor, args.site)
            m = boards.save_member(db, actor, board.id, boards.MemberInput(
                args.volunteer, args.term_start, args.term_end, args.trained, args.chair_from,
                args.chair_to), today=date.today())
            print(f"{board.site_code} board: " + _member_line(m))
    return 0


def cmd_meeting(kit: Kit) -> int:
    from rjdesk.domain.boards.enums import HearingPurpose
    from rjdesk.services.boards import meetings

    args = kit.args
    today = date.today()
    with kit.signed_in() as (db, actor):
        if args.what == "new":
            board = _board(db, actor, args.site)
            view = meetings.plan_meeting(db, actor, meetings.MeetingInput(
                board.id, args.date, args.time, args.location or ""), today=today)
        elif args.what == "list":
            board = _board(db, actor, args.site)
            for r in meetings.list_meetings(db, actor, board.id):
                print(f"{r.id}\t{_us(r.held_on)}\t{r.starts_at}\t{r.status_label}\t"
                      f"{r.cases} case(s)\t{r.present} present\t{r.location or '-'}")
            return 0
        elif args.what == "show":
            view = meetings.get_meeting(db, actor, args.meeting, today=today)
        elif args.what == "agenda" and args.remove:
            view = meetings.remove_from_agenda(db, actor, args.meeting, args.case, today=today)
        elif args.what == "agenda":
            if not args.purpose:
                raise CliError("say why the case is heard: --purpose first, mid_term or "
                               "closing.")
            view = meetings.add_to_agenda(db, actor, args.meeting, args.case,
                                          HearingPurpose(args.purpose), today=today)
        elif args.what == "attend":
            view = meetings.record_attendance(db, actor, args.meeting, args.member or [],
                                              today=today)
        elif args.what == "decide":
            view = meetings.record_decision(db, actor, args.meeting, args.case, args.decision,
                                            today=today)
        elif args.what == "hold":
            view = meetings.hold_meeting(db, actor, args.meeting, args.minutes, today=today)
        else:
            view = meetings.cancel_meeting(db, actor, args.meeting, today=today)
    _show_meeting(view)
    return 0


def _purposes() -> list[str]:
    from rjdesk.domain.boards.enums import HearingPurpose

    return [p.value for p in HearingPurpose]


def _register_board(commands: Commands) -> None:
    commands.group("board", "a P&P office's Reparation/Accountability Board and its members")
    p = commands.add("open", cmd_board, "open the board of a P&P office (or show it, if open)",
                     user=True, into="board")
    p.add_argument("--site", required=True, metavar="CODE", help="the office, such as PP-01")
    p.add_argument("--name", help="the board's name (default: after the office)")
    p = commands.add("show", cmd_board, "show a board and its members: id, name, term, "
                     "training, chair, whether each may sit today", user=True, into="board")
    p.add_argument("--site", metavar="CODE", help="the office (default: yours; with no board "
                                                  "there, every board is listed)")
    p = commands.add("member", cmd_board, "put a volunteer on the board, or change a member's "
                     "term, training or chair", user=True, into="board")
    p.add_argument("--volunteer", required=True, metavar="ID", help="`volunteers` lists ids")
    p.add_argument("--term-start", required=True, type=date_arg, metavar="DATE")
    p.add_argument("--term-end", required=True, type=date_arg, metavar="DATE")
    p.add_argument("--trained", type=date_arg, metavar="DATE",
                   help="the day the board training was completed")
    p.add_argument("--chair-from", type=date_arg, metavar="DATE")
    p.add_argument("--chair-to", type=date_arg, metavar="DATE",
                   help="a chair is elected for at most a year")
    p.add_argument("--site", metavar="CODE", help="the board's office (default: yours)")


def register(commands: Commands) -> None:
    _register_board(commands)
    commands.group("meeting", "a board's meetings: agenda, attendance, decisions, minutes")
    p = commands.add("new", cmd_meeting, "plan a meeting of a board", user=True, into="meeting")
    p.add_argument("--site", metavar="CODE", help="the board's office (default: yours)")
    p.add_argument("--date", required=True, type=date_arg, metavar="DATE")
    p.add_argument("--time", default="18:00", metavar="HH:MM", help="default: 18:00")
    p.add_argument("--location")
    p = commands.add("list", cmd_meeting, "list a board's meetings, newest first: id, date, "
                     "time, status, cases, members present", user=True, into="meeting")
    p.add_argument("--site", metavar="CODE", help="the board's office (default: yours)")
    for name, help_ in (
            ("show", "show a meeting: who was present, the cases heard and what was decided"),
            ("agenda", "put a case on a meeting's agenda (or take it off with --remove)"),
            ("attend", "record the members present (the list replaces the one on file)"),
            ("decide", "record what the board decided of a case (needs a quorum)"),
            ("hold", "mark a meeting held and keep its minutes"),
            ("cancel", "cancel a meeting not yet held")):
        p = commands.add(name, cmd_meeting, help_, user=True, into="meeting")
        p.add_argument("--meeting", required=True, metavar="ID", help="`meeting list` lists ids")
        if name in ("agenda", "decide"):
            p.add_argument("--case", required=True, metavar="ID")
        if name == "agenda":
            p.add_argument("--purpose", choices=LazyChoices(_purposes), metavar="PURPOSE",
                           help="first, mid_term or closing")
            p.add_argument("--remove", action="store_true", help="take the case off instead")
        if name == "attend":
            p.add_argument("--member", action="extend", nargs="+", metavar="ID",
                           help="board members present (`board show` lists their ids)")
        if name == "decide":
            p.add_argument("--decision", required=True, metavar="TEXT")
        if name == "hold":
            p.add_argument("--minutes", required=True, metavar="TEXT")
