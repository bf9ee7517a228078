"""Offenders' hours on reparative projects: the crew × days grid, a crew member found by DOC
number, the approval of hours above the daily amount, volunteers' own supervising hours, and
the statement of one person's hours for his file.

Every rule about what hours may be saved lives in ``hours_check``, shared with the import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site, User
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.domain.people import rules as people_rules
from rjdesk.domain.people.models import Offender
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import HoursStatus
from rjdesk.domain.reparative.models import HourEntry, Project, ProjectSupervisor, VolunteerHours
from rjdesk.domain.volunteers.models import Volunteer
from rjdesk.services.core import settings
from rjdesk.services.core.context import (
    Actor,
    acting,
    audit,
    audit_read,
    require,
    require_site,
)
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name
from rjdesk.services.reparative.hours_check import (
    Claim,
    SaveResult,
    check,
    clean_hours,
    follow_merges,
    hours_text,
    project_problem,
    write,
)
from rjdesk.services.reparative.projects import expired_flag, supervisors_of
from rjdesk.services.reparative.statement import (  # noqa: F401 - this module's API too
    StatementData,
    StatementOffender,
    StatementRow,
    hours_statement_rows,
)
from rjdesk.store.database import Database

NOTE_MAX = 200


@dataclass(frozen=True)
class HoursCell:
    offender_id: str
    day: date
    hours: float | None  # None clears the cell (the entry is deleted)


@dataclass(frozen=True)
class CellError:
    offender_id: str
    day: date
    message: str


class CellErrors(InvalidInput):
    """Some cells cannot be saved; ``cells`` names each with its reason. Nothing was saved."""

    def __init__(self, cells: list[CellError]) -> None:
        first = cells[0].message
        super().__init__(first if len(cells) == 1 else
                         f"{len(cells)} cells cannot be saved, so nothing was saved. {first}",
                         "cells")
        self.cells = cells

    def lines(self) -> list[str]:
        """Every refusal, one a line (the command line prints them so)."""
        return [self.message, *(c.message for c in self.cells[1:])]


@dataclass(frozen=True)
class CrewMember:
    offender_id: str
    doc_number: str
    name: str


@dataclass(frozen=True)
class HoursCellView:
    hours: float
    status: HoursStatus


@dataclass(frozen=True)
class GridView:
    project_id: str
    project_name: str
    site_code: str
    days: tuple[date, ...]
    crew: tuple[CrewMember, ...]
    cells: dict[tuple[str, date], HoursCellView]
    #: "Background check expired: …" when a supervisor of the project is no longer cleared.
    flag: str = ""


def _crew(offenders: Sequence[Offender]) -> tuple[CrewMember, ...]:
    ordered = sorted(offenders, key=lambda o: (o.sort_name, o.id))
    return tuple(CrewMember(o.id, o.doc_number, display_name(o.last_name, o.first_name))
                 for o in ordered)


def load_grid(db: Database, actor: Actor, project_id: str, days: Sequence[date], *,
              extra_offender_ids: Sequence[str] = (), today: date | None = None) -> GridView:
    """The crew (everyone with hours on the project on those days, and ``extra``) × days."""
    require(actor, Permission.VIEW_REPARATIVE)
    wanted = tuple(sorted(set(days)))
    with db.reading() as tx:
        project, site = with_site(tx, Project, project_id, "That project no longer exists.")
        cells: dict[tuple[str, date], HoursCellView] = {}
        for oid, day, hours, status in tx.execute(
                select(HourEntry.offender_id, HourEntry.worked_on, HourEntry.hours,
                       HourEntry.status)
                .where(HourEntry.project_id == project.id,
                       HourEntry.worked_on.in_(wanted))):
            cells[(oid, day)] = HoursCellView(hours, status)
        ids = sorted({oid for oid, _ in cells} | set(extra_offender_ids))
        offenders = list(tx.scalars(select(Offender).where(Offender.id.in_(ids))))
        flag = expired_flag(supervisors_of(tx, [project.id], today or date.today())[project.id])
    return GridView(project.id, project.name, site.code, wanted, _crew(offenders), cells, flag)


def save_grid(db: Database, actor: Actor, project_id: str, cells: Sequence[HoursCell], *,
              today: date | None = None) -> SaveResult:
    """Save a grid's cells in one transaction: all of them, or none with every bad cell
    named (``CellErrors``). A cell given twice counts as its last value."""
    require(actor, Permission.RUN_REPARATIVE)
    latest = {(c.offender_id, c.day): c for c in cells}
    claims = [Claim(c.offender_id, project_id, c.day, c.hours) for c in latest.values()]
    if not claims:
        return SaveResult(0, 0, 0)
    with acting(db, actor) as tx:
        checked = check(tx, actor, claims, today or date.today())
        if checked.problems:
            raise CellErrors([CellError(claims[i].offender_id, claims[i].day, message)
                              for i, message in sorted(checked.problems.items())])
        result = write(tx, actor, claims, checked)
        if result.saved or result.removed:
            project = tx.get(Project, project_id)
            audit(tx, actor, "hours", "reparative_project", project_id,
                  f"{project.name if project else ''}: {result.saved} saved "
                  f"({result.pending} waiting for approval), {result.removed} removed")
        return result


def crew_member(db: Database, actor: Actor, doc_or_name: str) -> CrewMember:
    """The person to add as a row of the grid: by DOC number, typed or scanned in any form
    the department writes it, or by a name that fits one person only."""
    require(actor, Permission.VIEW_PEOPLE)
    text = " ".join(without_controls(doc_or_name).split())
    if not text:
        raise InvalidInput("Type or scan a DOC number, or type a name.", "doc_number")
    with db.reading() as tx:
        try:
            number = people_rules.normalize_doc_number(text)
        except people_rules.RuleError as exc:
            if any(ch.isdigit() for ch in text):
                raise InvalidInput(exc.message, "doc_number") from None
            number = ""
        if number:
            found = follow_merges(tx, tx.scalar(select(Offender)
                                                 .where(Offender.doc_number == number)))
            if found is None:
                raise NotFound(f"No one has the DOC number {number}.")
        else:
            stmt = select(Offender).where(Offender.merged_into_id.is_(None))
            for term in people_rules.fold(text).replace(",", " ").split():
                stmt = stmt.where(Offender.search_text.contains(term, autoescape=True))
            matches = list(tx.scalars(stmt.limit(2)))
            if not matches:
                raise NotFound(f"No one is named “{text}”.")
            if len(matches) > 1:
                raise InvalidInput(f"More than one person fits “{text}”; type the DOC number.",
                                   "doc_number")
            found = matches[0]
        member = _crew([found])[0]
    audit_read(db, actor, "search", "offender", member.offender_id,
               f"Crew member {member.doc_number}: found")
    return member


@dataclass(frozen=True)
class PendingRow:
    entry_id: str
    site_code: str
    project_name: str
    doc_number: str
    name: str
    day: date
    hours: float
    day_total: float  # the person's hours that day on every project, declined ones aside
    entered_by: str


def list_pending(db: Database, actor: Actor, site_id: str | None) -> list[PendingRow]:
    """Hours waiting for approval, by site, day and name."""
    require(actor, Permission.VIEW_REPARATIVE)
    stmt = (select(HourEntry, Site.code, Project.name, Offender, User.display_name)
            .join(Site, Site.id == HourEntry.site_id)
            .join(Project, Project.id == HourEntry.project_id)
            .join(Offender, Offender.id == HourEntry.offender_id)
            .outerjoin(User, User.id == HourEntry.entered_by)
            .where(HourEntry.status == HoursStatus.PENDING))
    if site_id:
        stmt = stmt.where(HourEntry.site_id == site_id)
    with db.reading() as tx:
        found = list(tx.execute(stmt))
        totals: dict[tuple[str, date], float] = defaultdict(float)
        ids = sorted({e.offender_id for e, *_ in found})
        days = sorted({e.worked_on for e, *_ in found})
        for start in range(0, len(ids), 500):
            for oid, day, hours in tx.execute(
                    select(HourEntry.offender_id, HourEntry.worked_on, func.sum(HourEntry.hours))
                    .where(HourEntry.offender_id.in_(ids[start:start + 500]),
                           HourEntry.worked_on.in_(days),
                           HourEntry.status != HoursStatus.DECLINED)
                    .group_by(HourEntry.offender_id, HourEntry.worked_on)):
                totals[(oid, day)] = hours
    rows = [PendingRow(e.id, code, project_name, o.doc_number,
                       display_name(o.last_name, o.first_name), e.worked_on, e.hours,
                       rules.round2(totals[(e.offender_id, e.worked_on)]), who or "")
            for e, code, project_name, o, who in found]
    rows.sort(key=lambda r: (r.site_code, r.day, people_rules.fold(r.name), r.entry_id))
    return rows


def decide(db: Database, actor: Actor, entry_ids: Sequence[str], approve: bool,
           note: str = "") -> int:
    """Approve or decline hours waiting for approval, all or none; nobody decides on hours
    they entered themselves. Returns how many were decided."""
    require(actor, Permission.APPROVE_HOURS)
    text = " ".join(without_controls(note).split())
    if len(text) > NOTE_MAX:
        raise InvalidInput(f"The note is longer than {NOTE_MAX} characters.", "note")
    wanted = list(dict.fromkeys(entry_ids))
    if not wanted:
        raise InvalidInput("Choose the hours to approve or decline.", "entry_ids")
    with acting(db, actor) as tx:
        found = {e.id: (e, o) for e, o in tx.execute(
            select(HourEntry, Offender).join(Offender, Offender.id == HourEntry.offender_id)
            .where(HourEntry.id.in_(wanted)))}
        for entry_id in wanted:
            if entry_id not in found:
                raise NotFound("Some of those hours are no longer on file; refresh the list.")
            e, o = found[entry_id]
            what = (f"the {hours_text(e.hours)} hours of "
                    f"{display_name(o.last_name, o.first_name)} on {us_date(e.worked_on)}")
            require_site(actor, e.site_id, "hours")
            if actor.user_id and e.entered_by == actor.user_id:
                raise NotAllowed(f"You entered {what}; another staff member approves them.")
            if e.status is not HoursStatus.PENDING:
                raise InvalidInput(f"{what[0].upper()}{what[1:]} are "
                                   f"{e.status.label.lower()} already.", "entry_ids")
        status = HoursStatus.APPROVED if approve else HoursStatus.DECLINED
        now = utcnow()
        for e, _ in found.values():
            e.status, e.decided_by, e.decided_at, e.note = status, actor.user_id, now, text
            e.updated_at = now
        tx.flush()
        audit(tx, actor, "approve" if approve else "decline", "reparative_hours",
              wanted[0] if len(wanted) == 1 else None,
              f"{len(wanted)} {'entry' if len(wanted) == 1 else 'entries'} "
              f"{status.label.lower()}" + (f": {text}" if text else ""))
        return len(wanted)


@dataclass(frozen=True)
class VolunteerHoursView:
    id: str
    volunteer_id: str
    name: str
    project_id: str
    project_name: str
    day: date
    hours: float


def log_volunteer_hours(db: Database, actor: Actor, volunteer_id: str, project_id: str,
                        day: date, hours: float, *,
                        today: date | None = None) -> VolunteerHoursView:
    """A supervising volunteer's own hours on a project on a day (a second entry for the same
    day replaces the first)."""
    require(actor, Permission.RUN_REPARATIVE)
    value, problem = clean_hours(hours)
    if problem or value is None:
        text = problem or "enter the hours"
        raise InvalidInput(f"{text[0].upper()}{text[1:]}.", "hours")
    if day > (today or date.today()):
        raise InvalidInput(f"{us_date(day)} is in the future.", "day")
    with acting(db, actor) as tx:
        project, site = with_site(tx, Project, project_id, "That project no longer exists.")
        require_site(actor, site.id, "hours")
        if why := project_problem(actor, project, site):
            raise InvalidInput(why, "project_id")
        volunteer = tx.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise NotFound("That volunteer no longer exists.")
        name = display_name(volunteer.last_name, volunteer.first_name)
        if tx.get(ProjectSupervisor, rules.supervisor_key(project.id, volunteer.id)) is None:
            raise InvalidInput(f"{name} does not supervise “{project.name}”; add "
                               "the volunteer to the project's supervisors first.",
                               "volunteer_id")
        key = rules.volunteer_hours_key(volunteer.id, project.id, day)
        others = tx.scalar(select(func.coalesce(func.sum(VolunteerHours.hours), 0.0)).where(
            VolunteerHours.volunteer_id == volunteer.id, VolunteerHours.worked_on == day,
            VolunteerHours.id != key)) or 0.0
        if others + value > rules.MAX_DAY_HOURS:
            raise InvalidInput(f"{name} on {us_date(day)}: {hours_text(value)} hours would make "
                               f"{hours_text(others + value)} in one day, more than 24.",
                               "hours")
        row = tx.get(VolunteerHours, key)
        if row is None:
            row = VolunteerHours(id=key, volunteer_id=volunteer.id, project_id=project.id,
                                 worked_on=day, hours=value)
            tx.add(row)
        else:
            row.hours = value
        tx.flush()
        audit(tx, actor, "volunteer_hours", "reparative_project", project.id,
              f"{name} {us_date(day)}: {hours_text(value)} h")
        return VolunteerHoursView(row.id, volunteer.id, name, project.id, project.name, day,
                                  value)


def approval_amount(db: Database, actor: Actor) -> float:
    """The hours in one day above which an entry waits for approval at this workstation."""
    require(actor, Permission.VIEW_REPARATIVE)
    return settings.get(db, settings.APPROVAL_ABOVE)


def set_approval_amount(db: Database, actor: Actor, amount: float) -> float:
    """An administrator's choice of that amount (not the coordinators' or staff's: it decides
    whose hours a second person looks at)."""
    require(actor, Permission.MANAGE_USERS)
    low, high = settings.APPROVAL_ABOVE.minimum, settings.APPROVAL_ABOVE.maximum
    if amount != amount or not (low or 0) <= amount <= (high or rules.MAX_DAY_HOURS):
        raise InvalidInput(f"Choose an amount from {low:g} to {high:g} hours.", "amount")
    with acting(db, actor) as tx:
        before = settings.read(tx, settings.APPROVAL_ABOVE)
        settings.write(tx, settings.APPROVAL_ABOVE, float(amount))
        audit(tx, actor, "update", "setting", None,
              f"Hours above which an entry waits for approval: {before:g} → {amount:g}")
    return float(amount)

