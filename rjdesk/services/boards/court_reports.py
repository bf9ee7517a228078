"""Court reports: the report a P&P officer prepares on an offender under supervision for a
court case, with the victims' impact (``victims``), then submits to the court.

Roles that look at court reports see the report and how many victims it has; the victims
themselves only victim services, administrators and the report's own officer see
(``common.may_see_victims``), and each time they do it is a read in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import ReportStatus
from rjdesk.domain.boards.models import CourtReport, VictimStatement
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import Site, User
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import text_problem, without_controls
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.domain.people.rules import RuleError, fold, normalize_doc_number
from rjdesk.services.boards.common import may_see_victims
from rjdesk.services.boards.victims import VictimView, report_label, statements_of, victim_view
from rjdesk.services.core.context import (
    Actor,
    acting,
    audit,
    audit_read,
    require,
    require_site,
)
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotFound
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

COURT_MAX = 120
CASE_NUMBER_MAX = 40


@dataclass(frozen=True)
class ReportInput:
    doc_number: str
    court: str
    case_number: str
    due_on: date | None
    #: The P&P officer preparing it: "" is the actor, when a P&P officer.
    officer_id: str = ""


@dataclass(frozen=True)
class OfficerChoice:
    id: str
    username: str
    name: str
    site_code: str


@dataclass(frozen=True)
class ReportRow:
    id: str
    site_code: str
    doc_number: str
    offender_name: str
    court: str
    case_number: str
    officer_name: str
    due_on: date
    status_label: str
    #: How many victims: never who they are.
    victims: int


@dataclass(frozen=True)
class ReportView:
    id: str
    site_code: str
    doc_number: str
    offender_name: str
    officer_id: str
    officer_name: str
    court: str
    case_number: str
    due_on: date
    status: ReportStatus
    submitted_on: date | None
    victim_count: int
    #: None when the actor may not see this report's victims.
    victims: tuple[VictimView, ...] | None
    victims_withheld: bool


def _offender(tx: Session, raw: str, errors: dict[str, str]) -> tuple[Offender, Site] | None:
    """The offender a DOC number names (following merges), under supervision."""
    try:
        number = normalize_doc_number(raw)
    except RuleError as exc:
        errors["doc_number"] = exc.message
        return None
    row = tx.execute(select(Offender, Site).join(Site, Site.id == Offender.site_id)
                     .where(Offender.doc_number == number)).first()
    seen: set[str] = set()
    while row is not None and row[0].merged_into_id and row[0].id not in seen:
        seen.add(row[0].id)
        row = tx.execute(select(Offender, Site).join(Site, Site.id == Offender.site_id)
                         .where(Offender.id == row[0].merged_into_id)).first()
    if row is None:
        errors["doc_number"] = f"No one with DOC number {number} is on file."
        return None
    offender, site = row[0], row[1]
    if offender.status is not OffenderStatus.SUPERVISED:
        errors["doc_number"] = (
            f"{display_name(offender.last_name, offender.first_name)} ({number}) is "
            f"{offender.status.label.lower()}, not under supervision: a court report is "
            "for an offender under supervision.")
        return None
    return offender, site


def _officer(tx: Session, actor: Actor, officer_id: str, site: Site | None,
             errors: dict[str, str]) -> User | None:
    wanted = officer_id.strip() or (actor.user_id if actor.role is Role.PP_OFFICER else "")
    if not wanted:
        errors["officer_id"] = "Choose the P&P officer preparing the report."
        return None
    officer = tx.get(User, wanted)
    if officer is None or not officer.active:
        errors["officer_id"] = "That officer's account is not on file or no longer active."
    elif officer.role is not Role.PP_OFFICER:
        errors["officer_id"] = f"{officer.display_name} is not a P&P officer."
    elif site is not None and officer.site_id != site.id:
        errors["officer_id"] = f"{officer.display_name} is not an officer of {site.code}."
    else:
        return officer
    return None


def _clean(data: ReportInput, today: date) -> tuple[str, str, dict[str, str]]:
    errors: dict[str, str] = {}
    court = " ".join(without_controls(data.court).split())
    case_number = " ".join(without_controls(data.case_number).split())
    if not court:
        errors["court"] = "Enter the court (such as Buchanan County Circuit Court)."
    elif len(court) > COURT_MAX:
        errors["court"] = f"At most {COURT_MAX} characters."
    elif problem := text_problem(court, "court"):
        errors["court"] = problem
    if not case_number:
        errors["case_number"] = "Enter the court's case number."
    elif len(case_number) > CASE_NUMBER_MAX:
        errors["case_number"] = f"At most {CASE_NUMBER_MAX} characters."
    elif problem := text_problem(case_number, "case number"):
        errors["case_number"] = problem
    if data.due_on is None:
        errors["due_on"] = "Enter the day the court expects the report."
    elif data.due_on < today:
        errors["due_on"] = (f"The due date {data.due_on:%m/%d/%Y} is past; enter the day the "
                            "court expects the report.")
    return court, case_number, errors


def _names(tx: Session, user_ids: set[str]) -> dict[str, str]:
    return dict(tx.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all())


def _view(tx: Session, actor: Actor, report: CourtReport, site: Site) -> ReportView:
    offender = tx.get(Offender, report.offender_id)
    assert offender is not None  # a foreign key
    statements = statements_of(tx, report.id)
    shown = may_see_victims(actor, report)
    return ReportView(
        report.id, site.code, offender.doc_number,
        display_name(offender.last_name, offender.first_name, offender.middle_name),
        report.officer_id, _names(tx, {report.officer_id}).get(report.officer_id, ""),
        report.court, report.case_number, report.due_on, report.status, report.submitted_on,
        len(statements), tuple(victim_view(s) for s in statements) if shown else None,
        not shown)


def open_report(db: Database, actor: Actor, data: ReportInput, *, today: date) -> ReportView:
    """A new court report, at the office of the offender it is on."""
    require(actor, Permission.EDIT_COURT_REPORTS)
    court, case_number, errors = _clean(data, today)
    with acting(db, actor) as tx:
        found = _offender(tx, data.doc_number, errors)
        site = found[1] if found else None
        if site is not None:
            require_site(actor, site.id, "court reports")
        officer = _officer(tx, actor, data.officer_id, site, errors)
        if errors:
            raise Errors(errors)
        assert found is not None and officer is not None and data.due_on is not None
        offender, site = found
        key = rules.report_key(offender.id, court, case_number)
        if (same := tx.get(CourtReport, key)) is not None:
            raise AlreadyExists(
                f"A court report on {display_name(offender.last_name, offender.first_name)} "
                f"for {same.court} case {same.case_number} is on file already (due "
                f"{same.due_on:%m/%d/%Y}).", "case_number")
        report = CourtReport(id=key, site_id=site.id, offender_id=offender.id,
                             officer_id=officer.id, court=court, case_number=case_number,
                             due_on=data.due_on, status=ReportStatus.DRAFT)
        tx.add(report)
        tx.flush()
        audit(tx, actor, "create", "court_report", report.id,
              f"{report_label(report)} on {offender.doc_number} at {site.code}, due "
              f"{report.due_on:%m/%d/%Y}, officer {officer.username}")
        return _view(tx, actor, report, site)


def _site_id(tx: Session, actor: Actor, site_code: str | None) -> str | None:
    if site_code is None:
        return actor.default_site_id
    if not site_code.strip():
        return None
    site = tx.scalar(select(Site).where(Site.code == site_code.strip().upper()))
    if site is None:
        raise InvalidInput(f"There is no site with the code “{site_code.strip()}”.",
                           "site_code")
    return site.id


def list_reports(db: Database, actor: Actor, *, site_code: str | None = None,
                 text: str = "") -> list[ReportRow]:
    """Court reports by due date: of the actor's office unless ``site_code`` names another
    ("" is every office). ``text`` finds a DOC number, a name, a court or a case number.
    Each row counts its victims and names none."""
    require(actor, Permission.VIEW_COURT_REPORTS)
    query = " ".join(without_controls(text).split())
    count = (select(func.count()).where(VictimStatement.report_id == CourtReport.id)
             .correlate(CourtReport).scalar_subquery())
    stmt = (select(CourtReport, Offender, Site.code, count)
            .join(Offender, Offender.id == CourtReport.offender_id)
            .join(Site, Site.id == CourtReport.site_id))
    with db.reading() as tx:
        site_id = _site_id(tx, actor, site_code)
        if site_id:
            stmt = stmt.where(CourtReport.site_id == site_id)
        for term in fold(query).split():
            stmt = stmt.where(or_(Offender.search_text.contains(term, autoescape=True),
                                  func.lower(CourtReport.court).contains(term, autoescape=True),
                                  func.lower(CourtReport.case_number).contains(
                                      term, autoescape=True)))
        found = list(tx.execute(stmt.order_by(CourtReport.due_on, CourtReport.id)))
        officers = _names(tx, {r.officer_id for r, *_ in found})
    rows = [ReportRow(r.id, code, o.doc_number, display_name(o.last_name, o.first_name),
                      r.court, r.case_number, officers.get(r.officer_id, ""), r.due_on,
                      r.status.label, victims) for r, o, code, victims in found]
    if query and rows:  # a search that finds people: one event
        audit_read(db, actor, "search", "court_report", None,
                   f"“{query[:60]}” found {len(rows)}")
    return rows


def get_report(db: Database, actor: Actor, report_id: str) -> ReportView:
    """A report, with its victims for those who may see them; every view is audited, and
    says how many victims it showed."""
    require(actor, Permission.VIEW_COURT_REPORTS)
    with db.reading() as tx:
        report, site = with_site(tx, CourtReport, report_id,
                                 "That court report is no longer on file.")
        view = _view(tx, actor, report, site)
        label = report_label(report)
    shown = (f"{len(view.victims)} victim(s) shown" if view.victims is not None
             else f"{view.victim_count} victim(s) withheld")
    audit_read(db, actor, "view", "court_report", view.id,
               f"{label} on {view.doc_number}: {shown}")
    return view


def submit_report(db: Database, actor: Actor, report_id: str, day: date, *,
                  today: date) -> ReportView:
    """The report went to the court on ``day``; its statements no longer change."""
    require(actor, Permission.EDIT_COURT_REPORTS)
    if day > today:
        raise InvalidInput(f"A report cannot be submitted after today ({today:%m/%d/%Y}).",
                           "day")
    with acting(db, actor) as tx:
        report, site = with_site(tx, CourtReport, report_id,
                                 "That court report is no longer on file.")
        require_site(actor, site.id, "court reports")
        if report.status is ReportStatus.SUBMITTED:
            raise InvalidInput(f"This report was submitted to court on "
                               f"{report.submitted_on:%m/%d/%Y} already.", "day")
        report.status, report.submitted_on = ReportStatus.SUBMITTED, day
        report.updated_at = utcnow()
        audit(tx, actor, "submit", "court_report", report.id,
              f"{report_label(report)} submitted to court on {day:%m/%d/%Y}")
        return _view(tx, actor, report, site)


def officers(db: Database, actor: Actor, site_code: str) -> list[OfficerChoice]:
    """The active P&P officers of an office, in name order: whom a report may name."""
    require(actor, Permission.EDIT_COURT_REPORTS)
    with db.reading() as tx:
        rows = tx.execute(select(User, Site.code).join(Site, Site.id == User.site_id).where(
            Site.code == site_code.strip().upper(), User.role == Role.PP_OFFICER,
            User.active.is_(True)))
        found = [OfficerChoice(u.id, u.username, u.display_name, code) for u, code in rows]
    return sorted(found, key=lambda o: (fold(o.name), o.username))


def officer_named(db: Database, actor: Actor, username: str) -> OfficerChoice:
    """The P&P officer with this user name (a command names officers so)."""
    require(actor, Permission.EDIT_COURT_REPORTS)
    with db.reading() as tx:
        row = tx.execute(select(User, Site.code).join(Site, Site.id == User.site_id).where(
            func.lower(User.username) == username.strip().lower())).first()
        if row is None or row[0].role is not Role.PP_OFFICER or not row[0].active:
            raise NotFound(f"There is no active P&P officer “{username.strip()}”.", "officer_id")
        return OfficerChoice(row[0].id, row[0].username, row[0].display_name, row[1])
