"""Reparative projects and the community volunteers who supervise them.

A supervisor oversees offenders, so a volunteer joins a project only with a background check
valid on the day. A check that expires later does not take the volunteer off the project (the
crew's work goes on); the project is flagged instead, wherever it is shown, until the check is
renewed or the supervisor replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import text_problem
from rjdesk.domain.people.rules import fold
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import ProjectCategory
from rjdesk.domain.reparative.models import Project, ProjectSupervisor
from rjdesk.domain.volunteers.models import Volunteer
from rjdesk.services.core.context import Actor, acting, audit, require, require_site
from rjdesk.services.core.errors import Errors, InvalidInput
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

NAME_MAX = 120
DESCRIPTION_MAX = 2000


@dataclass(frozen=True)
class ProjectInput:
    site_code: str
    name: str
    category: ProjectCategory
    description: str = ""
    active: bool = True
    supervisor_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupervisorView:
    volunteer_id: str
    name: str
    background_check_expires: date | None
    #: The background check is valid on the day the view was made.
    cleared: bool


def expired_flag(supervisors: Iterable[SupervisorView]) -> str:
    """"" when every supervisor is cleared, else the line that says who is not."""
    names = [s.name for s in supervisors if not s.cleared]
    return f"Background check expired: {'; '.join(names)}" if names else ""


@dataclass(frozen=True)
class ProjectView:
    id: str
    site_id: str
    site_code: str
    name: str
    category: ProjectCategory
    description: str
    active: bool
    supervisors: tuple[SupervisorView, ...]
    updated_at: datetime | None

    @property
    def flag(self) -> str:
        return expired_flag(self.supervisors)


@dataclass(frozen=True)
class ProjectRow:
    id: str
    site_code: str
    name: str
    category_label: str
    active: bool
    supervisors: str
    flag: str


def cleared_on(v: Volunteer, day: date) -> bool:
    """The volunteer's background check is valid on ``day`` (no expiry: valid from its date)."""
    return bool(v.background_check_on and v.background_check_on <= day and
                (v.background_check_expires is None or day <= v.background_check_expires))


def _supervisor(v: Volunteer, day: date) -> SupervisorView:
    return SupervisorView(v.id, display_name(v.last_name, v.first_name),
                          v.background_check_expires, cleared_on(v, day))


def supervisors_of(tx: Session, project_ids: Sequence[str],
                   day: date) -> dict[str, tuple[SupervisorView, ...]]:
    """Each project's supervisors in name order, read in one query."""
    found: dict[str, list[SupervisorView]] = {pid: [] for pid in project_ids}
    for project_id, v in tx.execute(
            select(ProjectSupervisor.project_id, Volunteer)
            .join(Volunteer, Volunteer.id == ProjectSupervisor.volunteer_id)
            .where(ProjectSupervisor.project_id.in_(project_ids))
            .order_by(Volunteer.sort_name, Volunteer.id)):
        found[project_id].append(_supervisor(v, day))
    return {pid: tuple(views) for pid, views in found.items()}


def _view(tx: Session, project: Project, site: Site, day: date) -> ProjectView:
    return ProjectView(project.id, site.id, site.code, project.name, project.category,
                       project.description, project.active,
                       supervisors_of(tx, [project.id], day)[project.id], project.updated_at)


def _clean(data: ProjectInput) -> tuple[str, str, dict[str, str]]:
    """The name and description as stored, and what is wrong with the input."""
    errors: dict[str, str] = {}
    name = " ".join(data.name.split())
    description = data.description.strip()
    if not name:
        errors["name"] = "Enter the project's name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"The project's name is longer than {NAME_MAX} characters."
    elif problem := text_problem(name, "project's name"):
        errors["name"] = problem
    if not isinstance(data.category, ProjectCategory):
        errors["category"] = "Choose the project's category."
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"The description is longer than {DESCRIPTION_MAX} characters."
    elif any(ch in description for ch in "\x00\x1b"):
        errors["description"] = "The description contains a control character; type it again."
    return name, description, errors


def _site(tx: Session, code: str) -> Site:
    site = tx.scalar(select(Site).where(Site.code == code.strip().upper()))
    if site is None:
        raise InvalidInput(f"There is no site with the code “{code.strip()}”.", "site_code")
    return site


def _name_taken(tx: Session, site: Site, name: str, project_id: str | None) -> bool:
    wanted = fold(name)
    return any(fold(other) == wanted for pid, other in tx.execute(
        select(Project.id, Project.name).where(Project.site_id == site.id))
        if pid != project_id)


def _new_key(tx: Session, site: Site, name: str) -> str:
    """The project's key from its site and name, so one project opened at two workstations is
    one record; if a project renamed since holds that key, the next free derived one."""
    key, n = rules.project_key(site.id, name), 1
    while tx.get(Project, key) is not None:
        n += 1
        key = rules.project_key(site.id, f"{name}#{n}")
    return key


def _check_supervisors(tx: Session, site: Site, wanted: tuple[str, ...], already: set[str],
                       day: date) -> str:
    """Why the supervisors chosen cannot be saved, or ""; volunteers already on the project
    may stay even once their check has expired (the project is flagged instead)."""
    volunteers = {v.id: v for v in tx.scalars(select(Volunteer)
                                              .where(Volunteer.id.in_(wanted)))}
    problems = []
    for vid in dict.fromkeys(wanted):
        v = volunteers.get(vid)
        if v is None:
            problems.append("One of the supervisors chosen is no longer on file.")
            continue
        name = display_name(v.last_name, v.first_name)
        if v.site_id != site.id:
            problems.append(f"{name} is not a volunteer of {site.code}.")
        elif vid in already:
            continue
        elif not v.active:
            problems.append(f"{name} is not an active volunteer.")
        elif not cleared_on(v, day):
            problems.append(
                f"{name} has no background check valid on {us_date(day)}"
                + (f" (it expired on {us_date(v.background_check_expires)})"
                   if v.background_check_expires and v.background_check_expires < day else "")
                + "; a new supervisor needs a valid one.")
    return " ".join(problems)


def _write(tx: Session, project: Project, data: ProjectInput, site: Site, name: str,
           description: str, day: date) -> None:
    already = set(tx.scalars(select(ProjectSupervisor.volunteer_id)
                             .where(ProjectSupervisor.project_id == project.id)))
    problem = _check_supervisors(tx, site, data.supervisor_ids, already, day)
    if problem:
        raise InvalidInput(problem, "supervisor_ids")
    project.name, project.category, project.description = name, data.category, description
    project.active = data.active
    project.updated_at = utcnow()
    tx.flush()
    wanted = set(data.supervisor_ids)
    tx.execute(delete(ProjectSupervisor).where(ProjectSupervisor.project_id == project.id,
                                               ProjectSupervisor.volunteer_id.not_in(wanted)))
    for vid in sorted(wanted - already):
        tx.add(ProjectSupervisor(id=rules.supervisor_key(project.id, vid),
                                 project_id=project.id, volunteer_id=vid))
    tx.flush()


def create_project(db: Database, actor: Actor, data: ProjectInput, *,
                   today: date | None = None) -> ProjectView:
    require(actor, Permission.RUN_REPARATIVE)
    day = today or date.today()
    name, description, errors = _clean(data)
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        site = _site(tx, data.site_code)
        require_site(actor, site.id, "projects")
        if _name_taken(tx, site, name, None):
            raise InvalidInput(f"{site.code} already has a project named “{name}”.", "name")
        project = Project(id=_new_key(tx, site, name), site_id=site.id, name=name,
                          category=data.category)
        tx.add(project)
        _write(tx, project, data, site, name, description, day)
        audit(tx, actor, "create", "reparative_project", project.id, f"{site.code} {name}")
        return _view(tx, project, site, day)


def update_project(db: Database, actor: Actor, project_id: str, data: ProjectInput, *,
                   today: date | None = None) -> ProjectView:
    """Change a project, its supervisors, or close it (``active=False``)."""
    require(actor, Permission.RUN_REPARATIVE)
    day = today or date.today()
    name, description, errors = _clean(data)
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        project, site = with_site(tx, Project, project_id, "That project no longer exists.")
        require_site(actor, site.id, "projects")
        if data.site_code.strip().upper() != site.code:
            raise InvalidInput(f"A project stays at its site ({site.code}); open a new one "
                               "at the other site.", "site_code")
        if _name_taken(tx, site, name, project.id):
            raise InvalidInput(f"{site.code} already has a project named “{name}”.", "name")
        was_active = project.active
        _write(tx, project, data, site, name, description, day)
        action = ("close" if was_active and not data.active else
                  "reopen" if data.active and not was_active else "update")
        audit(tx, actor, action, "reparative_project", project.id, f"{site.code} {name}")
        return _view(tx, project, site, day)


def get_project(db: Database, actor: Actor, project_id: str, *,
                today: date | None = None) -> ProjectView:
    require(actor, Permission.VIEW_REPARATIVE)
    with db.reading() as tx:
        project, site = with_site(tx, Project, project_id, "That project no longer exists.")
        return _view(tx, project, site, today or date.today())


def list_projects(db: Database, actor: Actor, site_id: str | None, *, active_only: bool = False,
                  today: date | None = None) -> list[ProjectRow]:
    """Projects of a site (None: every site) by site and name, each with its supervisors."""
    require(actor, Permission.VIEW_REPARATIVE)
    day = today or date.today()
    stmt = select(Project, Site.code).join(Site, Site.id == Project.site_id)
    if site_id:
        stmt = stmt.where(Project.site_id == site_id)
    if active_only:
        stmt = stmt.where(Project.active.is_(True))
    with db.reading() as tx:
        found = list(tx.execute(stmt))
        supervisors = supervisors_of(tx, [p.id for p, _ in found], day)
    found.sort(key=lambda row: (row[1], fold(row[0].name), row[0].id))
    return [ProjectRow(p.id, code, p.name, p.category.label, p.active,
                       ", ".join(s.name for s in supervisors[p.id]),
                       expired_flag(supervisors[p.id])) for p, code in found]


def cleared_supervisors(db: Database, actor: Actor, site_id: str, *,
                        today: date | None = None) -> list[SupervisorView]:
    """The site's active volunteers whose background check is valid on the day: whom the
    supervisor picker offers."""
    require(actor, Permission.VIEW_REPARATIVE)
    day = today or date.today()
    with db.reading() as tx:
        found = tx.scalars(select(Volunteer).where(
            Volunteer.site_id == site_id, Volunteer.active.is_(True),
            Volunteer.background_check_on.is_not(None), Volunteer.background_check_on <= day)
            .order_by(Volunteer.sort_name, Volunteer.id))
        return [_supervisor(v, day) for v in found if cleared_on(v, day)]

