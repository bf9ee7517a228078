"""The boards' pages: the board of an office with its members, and its meetings (each opened
in the meeting window: agenda, attendance, decisions, minutes). Each factory imports its view
inside, so start-up stays light."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.common.checks import Check, SelfTest, expect, registrar
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost

_VIEW, _RUN = Permission.VIEW_BOARDS, Permission.RUN_BOARDS


def _board_page(host: PageHost) -> Page:
    from rjdesk.ui.boards.board_view import BoardPage

    return BoardPage(host.db, host.actor)


def _meetings_page(host: PageHost) -> Page:
    from rjdesk.ui.boards.meetings_view import MeetingsPage

    return MeetingsPage(host.db, host.actor)


PAGES = [PageEntry("Board", (_VIEW,), _board_page, adds_with=(_RUN,)),
         PageEntry("Board meetings", (_VIEW,), _meetings_page, adds_with=(_RUN,))]

SELF_TEST_CHECKS: list[Check] = []
check = registrar(SELF_TEST_CHECKS)


@check("boards", needs=("sign-in",))
def check_boards(t: SelfTest) -> str:
    """The board page and the meetings page on the first office with a board (or the first
    office), and that board's newest meeting opened and closed in the meeting window."""
    from rjdesk.services.boards import boards, meetings
    from rjdesk.ui.boards import board_common as bc
    from rjdesk.ui.boards.board_view import BoardPage
    from rjdesk.ui.boards.meeting_window import MeetingWindow
    from rjdesk.ui.boards.meetings_view import MeetingsPage
    from rjdesk.ui.common.checks import open_and_close

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    found = boards.list_boards(db, actor, today=bc.today())
    board_page, meetings_page = BoardPage(db, actor), MeetingsPage(db, actor)
    try:
        expect(board_page.model.columnCount() == 6, "the members table lost a column")
        if not found:
            return "no board in this database: the pages open empty"
        board = found[0]
        for page in (board_page, meetings_page):
            page.office.setCurrentIndex(page.office.findData(board.site_code))
        expect(len(board_page.model.rows) == len(board.members),
               f"the board page shows {len(board_page.model.rows)} of "
               f"{len(board.members)} members")
        rows = meetings.list_meetings(db, actor, board.id)
        expect(len(meetings_page.model.rows) == len(rows), "the meetings page lost a meeting")
        if not rows:
            return f"{board.site_code}: {len(board.members)} members, no meeting"
        meeting = meetings.get_meeting(db, actor, rows[0].id, today=bc.today())
        title = open_and_close(MeetingWindow(db, actor, meeting))
        return f"{board.site_code}: {len(board.members)} members; {title.split(' — ')[0]} opens"
    finally:
        board_page.deleteLater()
        meetings_page.deleteLater()
