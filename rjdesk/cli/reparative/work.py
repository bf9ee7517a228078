"""Reparative work's commands: projects, hours logged one by one or imported from a
coordinator's CSV, and the approval of hours above the daily amount."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rjdesk.cli.kit import PROG, CliError, Commands, Kit

if TYPE_CHECKING:
    from datetime import date

    from rjdesk.services.core.context import Actor
    from rjdesk.services.core.database import Database


def _day(text: str) -> date:
    from rjdesk.services.reparative.hours_import import parse_date

    day = parse_date(text.strip())
    if day is None:
        raise CliError(f"“{text}” is not a date; write it as 12/01/2026 or 2026-12-01.")
    return day


def _project_id(db: Database, actor: Actor, name: str) -> tuple[str, str]:
    """The id and name of the project of the user's site named ``name`` (any case)."""
    from rjdesk.domain.people.rules import fold
    from rjdesk.services.reparative.projects import list_projects

    found = [p for p in list_projects(db, actor, actor.site_id) if fold(p.name) == fold(name)]
    if not found:
        raise CliError(f"{actor.site_code} has no project named “{name}”; `{PROG} projects` "
                       "lists them.")
    return found[0].id, found[0].name


def cmd_projects(kit: Kit) -> int:
    from rjdesk.services.reparative.projects import list_projects

    with kit.signed_in() as (db, actor):
        site_id = kit.site_id(db) if kit.args.site else actor.default_site_id
        for p in list_projects(db, actor, site_id, active_only=kit.args.active):
            print("\t".join((p.id, p.site_code, p.name, p.category_label,
                             "active" if p.active else "closed", p.supervisors or "-",
                             p.flag)).rstrip("\t"))
    return 0


def cmd_log(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.reparative.hours import HoursCell, crew_member, save_grid
    from rjdesk.services.reparative.hours_check import hours_text

    args = kit.args
    day = _day(args.date)
    with kit.signed_in() as (db, actor):
        project_id, project = _project_id(db, actor, args.project)
        member = crew_member(db, actor, args.doc)
        result = save_grid(db, actor, project_id, [HoursCell(member.offender_id, day,
                                                             args.hours)])
    what = (f"{hours_text(args.hours)} h of {member.doc_number} {member.name} on "
            f"{us_date(day)} on {project}")
    if not result.saved:
        print(f"unchanged: {what} were on file already.")
    else:
        print(f"saved {what}" + (" (waiting for approval)." if result.pending else "."))
    return 0


def cmd_supervisor(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.domain.people.rules import fold
    from rjdesk.services.reparative.hours import log_volunteer_hours
    from rjdesk.services.reparative.hours_check import hours_text
    from rjdesk.services.reparative.projects import get_project

    args = kit.args
    day = _day(args.date)
    with kit.signed_in() as (db, actor):
        project_id, project = _project_id(db, actor, args.project)
        wanted = fold(args.volunteer.replace(",", " "))
        found = [s for s in get_project(db, actor, project_id).supervisors
                 if set(wanted.split()) <= set(fold(s.name.replace(",", " ")).split())]
        if len(found) != 1:
            names = "; ".join(s.name for s in get_project(db, actor, project_id).supervisors)
            raise CliError(f"“{args.volunteer}” names {'none' if not found else 'more than one'}"
                           f" of the supervisors of {project}: {names or 'it has none'}.")
        logged = log_volunteer_hours(db, actor, found[0].volunteer_id, project_id, day,
                                     args.hours)
    print(f"saved {hours_text(logged.hours)} h of {logged.name} on {us_date(logged.day)} on "
          f"{logged.project_name}.")
    return 0


def cmd_pending(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.reparative.hours import list_pending
    from rjdesk.services.reparative.hours_check import hours_text

    with kit.signed_in() as (db, actor):
        site_id = kit.site_id(db) if kit.args.site else actor.default_site_id
        for r in list_pending(db, actor, site_id):
            print("\t".join((r.entry_id, r.site_code, us_date(r.day), r.doc_number, r.name,
                             r.project_name, f"{hours_text(r.hours)} h",
                             f"{hours_text(r.day_total)} h that day", r.entered_by)))
    return 0


def cmd_decide(kit: Kit) -> int:
    from rjdesk.services.reparative.hours import decide

    approve = kit.args.verb == "approve"
    with kit.signed_in() as (db, actor):
        count = decide(db, actor, kit.args.entry_ids, approve, kit.args.note)
    print(f"{'approved' if approve else 'declined'} {count} "
          f"{'entry' if count == 1 else 'entries'} of hours.")
    return 0


def cmd_amount(kit: Kit) -> int:
    from rjdesk.services.reparative.hours import approval_amount, set_approval_amount
    from rjdesk.services.reparative.hours_check import hours_text

    with kit.signed_in() as (db, actor):
        if kit.args.set is None:
            amount = approval_amount(db, actor)
        else:
            amount = set_approval_amount(db, actor, kit.args.set)
    print(f"hours above {hours_text(amount)} in one day wait for approval.")
    return 0


def cmd_import(kit: Kit) -> int:
    from rjdesk.services.reparative.hours_import import ImportErrors, import_hours

    path = Path(kit.args.file)
    if not path.is_file():
        raise CliError(f"{kit.args.file}: there is no such file.", 1)
    with kit.signed_in() as (db, actor):  # a refusal lists every bad line, by number
        result = import_hours(db, actor, path)
    print(f"imported {result.saved:,} entries of hours from {path.name}"
          + (f" ({result.pending:,} waiting for approval)." if result.pending else "."))
    return 0


def register(commands: Commands) -> None:
    p = commands.add("projects", cmd_projects, "list reparative projects: id, site, name, "
                     "category, state, supervisors, flag", user=True)
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--active", action="store_true", help="only projects not closed")
    commands.group("hours", "log, list and approve offenders' reparative hours")
    p = commands.add("log", cmd_log, "log an offender's hours on a project of your site",
                     user=True, into="hours")
    p.add_argument("--doc", required=True, metavar="N", help="the DOC number")
    p.add_argument("--project", required=True, metavar="NAME")
    p.add_argument("--date", required=True, metavar="DATE", help="MM/DD/YYYY or YYYY-MM-DD")
    p.add_argument("--hours", required=True, type=float, metavar="H")
    p = commands.add("supervisor", cmd_supervisor, "log a supervising volunteer's own hours "
                     "on a project of your site", user=True, into="hours")
    p.add_argument("--volunteer", required=True, metavar="NAME", help="last name, or more")
    p.add_argument("--project", required=True, metavar="NAME")
    p.add_argument("--date", required=True, metavar="DATE", help="MM/DD/YYYY or YYYY-MM-DD")
    p.add_argument("--hours", required=True, type=float, metavar="H")
    p = commands.add("pending", cmd_pending, "list hours waiting for approval: id, site, "
                     "date, DOC number, name, project, hours, the day's total, entered by",
                     user=True, into="hours")
    p.add_argument("--site", metavar="CODE")
    for verb in ("approve", "decline"):
        p = commands.add(verb, cmd_decide, f"{verb} hours waiting for approval (ids from "
                         "`hours pending`)", user=True, into="hours")
        p.add_argument("entry_ids", nargs="+", metavar="ID")
        p.add_argument("--note", default="", metavar="TEXT")
        p.set_defaults(verb=verb)
    p = commands.add("amount", cmd_amount, "show, or set (administrators), the hours in one "
                     "day above which an entry waits for approval", user=True, into="hours")
    p.add_argument("--set", type=float, metavar="H", help="from 0.5 to 24")
    p = commands.add("hours", cmd_import, "import hours from a CSV file "
                     "(doc_number,project,date,hours)", user=True, into="import")
    p.add_argument("file", metavar="FILE.csv")
