"""Court reports' commands: open a report on an offender under supervision, list and show
reports, submit one to the court, and add a victim's statement to one.

A report's victims are shown only to those the services show them to (victim services,
administrators, the report's own officer); everyone else reads how many there are."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from rjdesk.cli.kit import Commands, Kit, LazyChoices

if TYPE_CHECKING:
    from rjdesk.services.boards.court_reports import ReportView
    from rjdesk.services.boards.victims import VictimView

#: The loss options, in the order RSMo 217.762 lists them, with the kind each fills.
LOSS_OPTIONS = (("medical", "medical"), ("counseling", "counseling"), ("property", "property"),
                ("lost-wages", "lost_wages"), ("funeral", "funeral"), ("other", "other"))


def _date(text: str) -> date:
    """A date as officers write it: MM/DD/YYYY or YYYY-MM-DD."""
    for form in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"“{text}” is not a date (MM/DD/YYYY or YYYY-MM-DD)")


def _show_victim(v: VictimView) -> None:
    from rjdesk.domain.boards.rules import money
    from rjdesk.domain.core.formats import us_date

    taken = f", taken {us_date(v.taken_on)}" if v.taken_on else ""
    print(f"  {v.id}\t{v.name}\t{v.status.label}{taken}")
    details = [("who", v.description),
               ("address", v.address + (" (Address Confidentiality Program)" if v.acp else "")),
               ("phone", v.phone), ("email", v.email), ("notify", v.notify.label),
               ("answered by", f"{v.answered_by} ({v.answered_relationship})"
                if v.answered_by else "")]
    losses = [f"{kind.label.lower()} {money(cents)}" for kind, cents in v.losses.items()
              if cents]
    if losses:
        other = f" (other: {v.loss_other_text})" if v.loss_other_text else ""
        details.append(("losses", f"{money(v.total_loss_cents)}: {', '.join(losses)}{other}"))
    details += [("injury", v.injury), ("harm", v.psychological_harm),
                ("welfare", v.welfare_change),
                ("counseling", "requested" if v.counseling_requested else ""),
                ("repair", v.repair)]
    for label, value in details:
        if value:
            print(f"    {label}: {value}")


def _show(r: ReportView) -> None:
    from rjdesk.domain.core.formats import us_date

    submitted = f" {us_date(r.submitted_on)}" if r.submitted_on else ""
    print(f"{r.id}\t{r.site_code}\t{r.doc_number} {r.offender_name}\t{r.court}\t"
          f"{r.case_number}\tdue {us_date(r.due_on)}\t{r.status.label}{submitted}")
    print(f"officer: {r.officer_name}")
    if r.victims is None:
        print(f"{r.victim_count} victim(s): withheld (only victim services, administrators "
              "and the officer of this report see them)")
        return
    print(f"{r.victim_count} victim(s)")
    for v in r.victims:
        _show_victim(v)


def cmd_report(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.boards import court_reports as reports

    args = kit.args
    with kit.signed_in() as (db, actor):
        if args.what == "new":
            officer = reports.officer_named(db, actor, args.officer).id if args.officer else ""
            _show(reports.open_report(db, actor, reports.ReportInput(
                args.doc, args.court, args.case_number, args.due, officer),
                today=date.today()))
        elif args.what == "list":
            for row in reports.list_reports(db, actor, site_code=args.site,
                                            text=args.query or ""):
                print(f"{row.id}\t{row.site_code}\t{row.doc_number} {row.offender_name}\t"
                      f"{row.court}\t{row.case_number}\tdue {us_date(row.due_on)}\t"
                      f"{row.status_label}\t{row.officer_name}\t{row.victims} victim(s)")
        elif args.what == "show":
            _show(reports.get_report(db, actor, args.report))
        elif args.what == "submit":
            _show(reports.submit_report(db, actor, args.report, args.date,
                                        today=date.today()))
    return 0


def cmd_victim(kit: Kit) -> int:
    from rjdesk.domain.boards.enums import Loss, Notify, StatementStatus
    from rjdesk.services.boards import victims

    args = kit.args
    losses = {Loss(kind): getattr(args, option.replace("-", "_"))
              for option, kind in LOSS_OPTIONS if getattr(args, option.replace("-", "_"))}
    data = victims.StatementInput(
        args.last, args.first, description=args.description, address=args.address,
        acp=args.acp, phone=args.phone, email=args.email, notify=Notify(args.notify),
        status=StatementStatus(args.status) if args.status else None, taken_on=args.taken,
        answered_by=args.answered_by, answered_relationship=args.relationship,
        losses=losses, loss_other_text=args.other_text, injury=args.injury,
        psychological_harm=args.harm, welfare_change=args.welfare,
        counseling_requested=args.counseling_requested, repair=args.repair)
    with kit.signed_in() as (db, actor):
        made = victims.save_statement(db, actor, args.report, data, today=date.today())
    print(f"added a victim to the report: {made.id}")
    _show_victim(made)
    return 0


def _notify() -> list[str]:
    from rjdesk.domain.boards.enums import Notify

    return [n.value for n in Notify]


def _statuses() -> list[str]:
    from rjdesk.domain.boards.enums import StatementStatus

    return [s.value for s in StatementStatus]


def register(commands: Commands) -> None:
    commands.group("report", "court reports and their victims' impact")
    p = commands.add("new", cmd_report, "open a court report on an offender under supervision",
                     user=True, into="report")
    p.add_argument("--doc", required=True, metavar="NUMBER", help="the offender's DOC number")
    p.add_argument("--court", required=True)
    p.add_argument("--case-number", required=True, metavar="NUMBER")
    p.add_argument("--due", required=True, type=_date, metavar="DATE")
    p.add_argument("--officer", metavar="USERNAME",
                   help="the P&P officer preparing it (default: you, when you are one)")
    p = commands.add("list", cmd_report, "list court reports by due date: id, office, "
                     "offender, court, case, due, status, officer, how many victims",
                     user=True, into="report")
    p.add_argument("--site", metavar="CODE", help="an office (default: yours)")
    p.add_argument("--query", metavar="TEXT", help="a DOC number, a name, a court or a case")
    p = commands.add("show", cmd_report, "show a court report, and its victims to those who "
                     "may see them", user=True, into="report")
    p.add_argument("--report", required=True, metavar="ID", help="`report list` lists ids")
    p = commands.add("submit", cmd_report, "record that a report went to the court",
                     user=True, into="report")
    p.add_argument("--report", required=True, metavar="ID")
    p.add_argument("--date", required=True, type=_date, metavar="DATE")

    commands.group("victim", "victims' statements of a court report")
    p = commands.add("add", cmd_victim, "add a victim and their statement (RSMo 217.762) to a "
                     "court report, or why there is none", user=True, into="victim")
    p.add_argument("--report", required=True, metavar="ID")
    p.add_argument("--last", required=True, metavar="NAME")
    p.add_argument("--first", default="", metavar="NAME")
    p.add_argument("--description", default="", metavar="TEXT", help="who the victim is")
    p.add_argument("--address", default="")
    p.add_argument("--acp", action="store_true",
                   help="in the Address Confidentiality Program: only the substitute address")
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--notify", default="none", choices=LazyChoices(_notify), metavar="HOW",
                   help="none, mail, phone, email")
    p.add_argument("--status", choices=LazyChoices(_statuses), metavar="STATUS",
                   help="given, declined, unreachable")
    p.add_argument("--taken", type=_date, metavar="DATE", help="when the statement was taken")
    for option, _ in LOSS_OPTIONS:
        p.add_argument(f"--{option}", default="", metavar="AMOUNT",
                       help=f"{option.replace('-', ' ')} loss, such as 1,200.00")
    p.add_argument("--other-text", default="", metavar="TEXT", help="what the other loss is")
    p.add_argument("--injury", default="", metavar="TEXT",
                   help="the seriousness and permanence of physical injury")
    p.add_argument("--harm", default="", metavar="TEXT", help="psychological harm")
    p.add_argument("--welfare", default="", metavar="TEXT",
                   help="change in the victim's welfare or family relationships")
    p.add_argument("--counseling-requested", action="store_true")
    p.add_argument("--repair", default="", metavar="TEXT",
                   help="how the offender may repair the harm")
    p.add_argument("--answered-by", default="", metavar="NAME",
                   help="who answered for the victim (the victim died or cannot answer)")
    p.add_argument("--relationship", default="", metavar="TEXT",
                   help="how the person who answered is related to the victim")
