"""Boards' pages: casework — the board cases with their agreements and progress, and the
court reports with the victims' impact. Each factory imports its view inside, so start-up
stays light."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.common.checks import Check, SelfTest, expect, registrar
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost


def _cases_page(host: PageHost) -> Page:
    from rjdesk.ui.boards.cases_view import CasesPage

    return CasesPage(host.db, host.actor)


def _reports_page(host: PageHost) -> Page:
    from rjdesk.ui.boards.reports_view import ReportsPage

    return ReportsPage(host.db, host.actor)


PAGES = [PageEntry("Board cases", (Permission.VIEW_BOARDS,), _cases_page,
                   adds_with=(Permission.RUN_BOARDS,), prints_with=(Permission.PRINT_PEOPLE,)),
         PageEntry("Court reports", (Permission.VIEW_COURT_REPORTS,), _reports_page,
                   adds_with=(Permission.EDIT_COURT_REPORTS,))]

SELF_TEST_CHECKS: list[Check] = []
check = registrar(SELF_TEST_CHECKS)


@check("board cases", needs=("sign-in",))
def check_board_cases(t: SelfTest) -> str:
    """The board cases page on the home office, and its first case's window opened and
    closed; the money field reads an amount as people type it."""
    from rjdesk.services.boards import cases
    from rjdesk.ui.boards.case_window import CaseWindow
    from rjdesk.ui.boards.cases_view import COLUMNS, CasesPage
    from rjdesk.ui.common.checks import open_and_close
    from rjdesk.ui.common.money_field import MoneyField

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    field = MoneyField()
    field.setText("1,200.5")
    expect(field.cents() == 120_050, "the money field misreads 1,200.5")
    field.deleteLater()
    page = CasesPage(db, actor)
    try:
        expect(page.model.columnCount() == len(COLUMNS),
               f"the list has {page.model.columnCount()} columns")
        rows = list(page.model.rows)
    finally:
        page.deleteLater()
    if not rows:
        return "no case in this office: the list opens empty"
    view = cases.get_case(db, actor, rows[0].id)
    title = open_and_close(CaseWindow(db, actor, view))
    n = len(rows)
    return f"{n} case{'s' if n != 1 else ''}; {title.split(' — ')[1]} opens"
