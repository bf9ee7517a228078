"""ICVC's commands: find a class and its people, print its papers, export enrollments, and
print or export the reentry list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rjdesk.cli.kit import PROG, CliError, Commands, Kit

if TYPE_CHECKING:
    import argparse

    from rjdesk.services.core.context import Actor
    from rjdesk.services.core.database import Database
    from rjdesk.services.icvc.schedule import ClassView

#: The reentry list's horizon unless asked: ``domain.icvc.rules.REENTRY_HORIZON_DAYS``, written
#: again here because declaring the commands must not load the domain (a test keeps them equal).
REENTRY_DAYS = 180
PAPERS = {"roster": "sign-in sheet", "certificate": "certificate",
          "certificates": "certificates", "class-summary": "class summary"}


def _class(db: Database, actor: Actor, class_id: str) -> ClassView:
    """The class, or a hint where to find its id: an id is typed or pasted, so typos happen."""
    from rjdesk.services.core.errors import NotFound
    from rjdesk.services.icvc.schedule import get_class

    try:
        return get_class(db, actor, class_id)
    except NotFound:
        raise CliError(f"there is no class “{class_id}”; `{PROG} classes` lists them.") from None


def cmd_classes(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.icvc.schedule import list_classes

    with kit.signed_in() as (db, actor):
        for c in list_classes(db, actor, kit.site_id(db)):
            dates = (f"{us_date(c.first_day)}-{us_date(c.last_day)}"
                     if c.first_day and c.last_day else "no sessions")
            print(f"{c.id}\t{c.site_code}\t{c.title}\t{dates}\t{c.state}\t"
                  f"{c.enrolled}/{c.capacity} seats, {c.waitlisted} waiting")
    return 0


def cmd_roster(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.icvc.roster import roster

    with kit.signed_in() as (db, actor):
        _class(db, actor, kit.args.class_id)
        for e in roster(db, actor, kit.args.class_id):
            status = e.status.value
            if e.waitlist_position:
                status += f" #{e.waitlist_position}"
            elif e.completed_on:
                status += f" {us_date(e.completed_on)} {e.certificate_number or ''}".rstrip()
            print(f"{e.id}\t{e.doc_number}\t{e.name}\t{status}")
    return 0


def cmd_print(kit: Kit) -> int:
    from rjdesk.domain.icvc.enums import EnrollmentStatus
    from rjdesk.services.icvc import printouts  # reportlab: a second, only here
    from rjdesk.services.icvc.roster import roster

    args = kit.args
    what = PAPERS[args.what]
    out = kit.pdf_output(what)
    with kit.signed_in() as (db, actor):
        if args.what == "certificate":
            pages = printouts.print_certificates(db, actor, [args.enrollment], out)
        else:
            cls = _class(db, actor, args.class_id)
            if args.what == "roster":
                held = [s for s in cls.sessions if s.number is not None]
                chosen = [s for s in held if s.number == args.session]
                if not chosen:
                    raise CliError(f"session {args.session}: {cls.title} has sessions 1 to "
                                   f"{len(held)} (cancelled ones are not counted).")
                pages = printouts.print_roster(db, actor, chosen[0].id, out)
                what += f" of {cls.title}, {chosen[0].label}"
            elif args.what == "certificates":
                done = [e.id for e in roster(db, actor, cls.id)
                        if e.status is EnrollmentStatus.COMPLETED]
                if not done:
                    raise CliError(f"no one has completed {cls.title} yet; nothing was printed.")
                pages = printouts.print_certificates(db, actor, done, out)
                what = f"{len(done)} certificates of {cls.title}"
            else:
                pages = printouts.print_class_summary(db, actor, cls.id, out)
                what += f" of {cls.title}"
    print(f"printed the {what}: {pages} {'page' if pages == 1 else 'pages'} in {out}.")
    return 0


def cmd_export(kit: Kit) -> int:
    from pathlib import Path

    from rjdesk.services.icvc.export import export_enrollments

    with kit.signed_in() as (db, actor):
        if kit.args.class_id:
            _class(db, actor, kit.args.class_id)
        site_id = kit.site_id(db) or (None if kit.args.class_id else actor.output_site_id)
        count = export_enrollments(db, actor, Path(kit.args.output), site_id=site_id,
                                   class_id=kit.args.class_id)
    print(f"exported {count:,} enrollments to {kit.args.output}.")
    return 0


def cmd_print_reentry(kit: Kit) -> int:
    from rjdesk.services.icvc.printouts import print_reentry_list  # reportlab: only here

    out = kit.pdf_output("reentry list")
    with kit.signed_in() as (db, actor):
        site_id = kit.site_id(db) if kit.args.site else actor.output_site_id
        pages = print_reentry_list(db, actor, site_id, out, within_days=kit.args.within)
        where = (kit.args.site.upper() if kit.args.site else
                 actor.site_code if site_id else "every site")
    print(f"printed the reentry list of {where} (release within {kit.args.within} days): "
          f"{pages} {'page' if pages == 1 else 'pages'} in {out}.")
    return 0


def cmd_export_reentry(kit: Kit) -> int:
    from pathlib import Path

    from rjdesk.services.icvc.export import export_reentry

    with kit.signed_in() as (db, actor):
        site_id = kit.site_id(db) if kit.args.site else actor.output_site_id
        count = export_reentry(db, actor, Path(kit.args.output), site_id=site_id,
                               within_days=kit.args.within)
    print(f"exported the reentry list, {count:,} {'person' if count == 1 else 'people'}, "
          f"to {kit.args.output}.")
    return 0


def _reentry_options(p: argparse.ArgumentParser, output: str) -> None:
    p.add_argument("--site", metavar="CODE",
                   help="one site (default: your own; every site for roles that read them all)")
    p.add_argument("--within", type=int, default=REENTRY_DAYS, metavar="DAYS",
                   help=f"released within DAYS from today (default {REENTRY_DAYS})")
    p.add_argument("-o", "--output", required=True, metavar=output)


def register(commands: Commands) -> None:
    p = commands.add("classes", cmd_classes,
                     "list ICVC classes: id, site, title, dates, state, seats", user=True)
    p.add_argument("--site", metavar="CODE")
    p = commands.add("roster", cmd_roster,
                     "list a class's enrollments: id, DOC number, name, status", user=True)
    p.add_argument("--class", dest="class_id", required=True, metavar="ID")
    for name, help_ in (("roster", "print the sign-in sheet of one session (PDF)"),
                        ("certificate", "print one person's completion certificate (PDF)"),
                        ("certificates", ("print the certificates of everyone who "
                                          "completed a class (PDF)")),
                        ("class-summary", "print a class's attendance and statuses (PDF)")):
        p = commands.add(name, cmd_print, help_, user=True, into="print")
        if name == "certificate":
            p.add_argument("--enrollment", required=True, metavar="ID")
        else:
            p.add_argument("--class", dest="class_id", required=True, metavar="ID")
        if name == "roster":
            p.add_argument("--session", required=True, type=int, metavar="N",
                           help="N of “Session N of M” (cancelled sessions are not counted)")
        p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = commands.add("enrollments", cmd_export, "export ICVC enrollments to .csv or .xlsx",
                     user=True, into="export")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--class", dest="class_id", metavar="ID")
    _reentry_options(commands.add("reentry-list", cmd_print_reentry,
                                  "print who is due for release without ICVC (PDF)",
                                  user=True, into="print"), "FILE.pdf")
    _reentry_options(commands.add("reentry", cmd_export_reentry,
                                  "export who is due for release without ICVC to .csv or .xlsx",
                                  user=True, into="export"), "FILE")
