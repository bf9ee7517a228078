"""Reparative work's pages: crews — the projects, the crews' hours grid and the hours waiting
for approval. Each factory imports its view inside, so start-up stays light."""

from __future__ import annotations

from rjdesk.domain.core.permissions import Permission
from rjdesk.ui.common.checks import Check, SelfTest, expect, registrar
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry, PageHost


def _projects_page(host: PageHost) -> Page:
    from rjdesk.ui.reparative.projects_view import ProjectsPage

    return ProjectsPage(host.db, host.actor)


def _hours_page(host: PageHost) -> Page:
    from rjdesk.ui.reparative.hours_view import HoursPage

    return HoursPage(host.db, host.actor)


def _approvals_page(host: PageHost) -> Page:
    from rjdesk.ui.reparative.approvals_view import ApprovalsPage

    return ApprovalsPage(host.db, host.actor)


PAGES = [PageEntry("Reparative projects", (Permission.VIEW_REPARATIVE,), _projects_page,
                   adds_with=(Permission.RUN_REPARATIVE,)),
         PageEntry("Crew hours", (Permission.VIEW_REPARATIVE,), _hours_page),
         PageEntry("Hours to approve", (Permission.APPROVE_HOURS,), _approvals_page)]

SELF_TEST_CHECKS: list[Check] = []
check = registrar(SELF_TEST_CHECKS)


@check("crew hours", needs=("sign-in",))
def check_crew_hours(t: SelfTest) -> str:
    """The hours grid on this week of the home site's first project, and that project's dialog
    opened and closed."""
    from rjdesk.services.core import sites
    from rjdesk.services.reparative import projects
    from rjdesk.ui.common.checks import open_and_close
    from rjdesk.ui.reparative import crew_common as cc
    from rjdesk.ui.reparative.hours_grid import HoursGridModel
    from rjdesk.ui.reparative.hours_view import HoursPage
    from rjdesk.ui.reparative.project_dialog import ProjectDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    found = projects.list_projects(db, actor, actor.default_site_id, active_only=True)
    page = HoursPage(db, actor)  # opens on the first project, or empty when there is none
    try:
        model: HoursGridModel = page.model
        expect(model.columnCount() == 10, f"the grid has {model.columnCount()} columns")
        expect(len(model.days) == 7 and model.days[0] == cc.week_start(cc.today()),
               "the grid does not show this week")
        expect((page.project_id is None) == (not found), "the grid shows no project")
    finally:
        page.deleteLater()
    if not found:
        return "no project in this database: the grid opens empty"
    project = projects.get_project(db, actor, found[0].id)
    title = open_and_close(ProjectDialog(db, actor, sites.list_sites(db), project.site_code,
                                         project))
    n = len(found)
    return f"{n} project{'s' if n != 1 else ''}; {title.split(' — ')[0]} opens"
