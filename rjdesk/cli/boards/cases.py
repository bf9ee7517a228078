"""Board cases' commands: ``case …`` refers an offender, records the assessment and the
agreement and moves the case a step; ``task …`` logs hours, payments and tasks done, and lists
the tasks overdue. Dates as MM/DD/YYYY or YYYY-MM-DD."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from rjdesk.cli.kit import PROG, CliError, Commands, Kit, LazyChoices

if TYPE_CHECKING:
    from rjdesk.services.boards.agreement import TaskInput
    from rjdesk.services.boards.cases import CaseView

TASK_HELP = (
    "a task of the agreement (repeat for more): KIND[:MEASURE[:DUE[:DESCRIPTION]]], where "
    "KIND is apology_letter, community_service, restitution, class_or_treatment, essay, "
    "dialogue or other; MEASURE the hours of community service or the amount of restitution "
    "($1,200.00, 1200 …), empty for the others; DUE the due date (empty: 90 days after the "
    "agreement); DESCRIPTION the rest of the text. Examples: apology_letter, "
    "community_service:40, restitution:$1,200.00:03/31/2027, essay:::on the harm done. Quote "
    "it when it holds a $ or spaces.")


def _date(text: str) -> date:
    """A date as people write it: MM/DD/YYYY or YYYY-MM-DD."""
    for form in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"“{text}” is not a date (MM/DD/YYYY or YYYY-MM-DD)")


def task_input(spec: str, n: int) -> TaskInput:
    """The ``n``-th ``--task`` (from 1) as the service takes it; CliError naming it when its
    kind, hours or due date cannot be read (amounts are the service's to read)."""
    from rjdesk.domain.boards.enums import TaskKind
    from rjdesk.services.boards.agreement import TaskInput

    kind_text, measure, due_text, description = (spec.split(":", 3) + ["", "", ""])[:4]
    wanted = kind_text.strip().lower().replace("-", "_").replace(" ", "_")
    kinds = {k.value: k for k in TaskKind}
    if wanted not in kinds:
        raise CliError(f"task {n}: “{kind_text}” is not a kind of task; use one of "
                       f"{', '.join(kinds)}.")
    kind = kinds[wanted]
    hours: float | None = None
    amount: str | None = None
    measure = measure.strip()
    if kind.in_hours and measure:
        try:
            hours = float(measure.replace(",", ""))
        except ValueError:
            raise CliError(f"task {n}: “{measure}” is not a number of hours.") from None
    elif kind.in_money and measure:
        amount = measure
    elif measure:
        raise CliError(f"task {n}: only community_service takes hours and restitution an "
                       f"amount; write {kind.value}::DUE:DESCRIPTION.")
    try:
        due = _date(due_text) if due_text.strip() else None
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"task {n}: {exc}.") from None
    return TaskInput(kind, description.strip(), due, hours, amount)


def _show(case: CaseView) -> None:
    from rjdesk.domain.boards.rules import money
    from rjdesk.domain.core.formats import us_date

    print(f"{case.id}\t{case.site_code}\t{case.doc_number}\t{case.offender_name}\t"
          f"{case.status.label} since {us_date(case.status_on)}")
    print(f"{case.court}, case {case.case_number}: {case.offense}; referred "
          f"{us_date(case.referred_on)}" + (f" by {case.officer_name}" if case.officer_name
                                            else ""))
    if case.needs or case.needs_notes:
        print("needs: " + ", ".join(n.label for n in case.needs)
              + (f" ({case.needs_notes})" if case.needs_notes else ""))
    if case.harm:
        print(f"harm: {case.harm}")
    for s in case.steps:
        print(f"  {us_date(s.happened_on)}\t{s.status.label}\t{s.by_name or '-'}"
              + (f"\t{s.note}" if s.note else ""))
    if case.agreement_on:
        print(f"agreement of {us_date(case.agreement_on)}: {case.open_tasks} task(s) open, "
              f"{case.overdue_tasks} overdue")
    for t in case.tasks:
        state = (f"done {us_date(t.done_on)}" if t.done_on else
                 ("OVERDUE " if t.overdue else "") + t.remaining)
        paid = f"\tpaid {money(t.paid_cents)}" if t.amount_cents is not None else ""
        worked = f"\t{t.hours_done:g} hours worked" if t.hours_required is not None else ""
        print(f"  {t.id}\t{t.title}\tdue {us_date(t.due_on)}\t{state}{worked}{paid}")
    if case.return_reason:
        print(f"returned to court: {case.return_reason}")
    if case.outcome:
        print(f"outcome: {case.outcome}")


def cmd_case(kit: Kit) -> int:
    from rjdesk.domain.boards.enums import Need
    from rjdesk.services.boards import cases

    args, today = kit.args, date.today()
    with kit.signed_in() as (db, actor):
        if args.what == "refer":
            officer = ""
            if args.officer:
                found = [o for o in cases.officers(db, actor)
                         if o.username.casefold() == args.officer.casefold()]
                if not found:
                    raise CliError(f"there is no active P&P officer “{args.officer}”.")
                officer = found[0].id
            case = cases.refer(db, actor, cases.ReferralInput(
                args.doc, args.court, args.case_number, args.offense, args.date, officer),
                today=today)
        elif args.what == "show":
            case = cases.get_case(db, actor, args.case, today=today)
        elif args.what == "assess":
            case = cases.record_assessment(db, actor, args.case, cases.AssessmentInput(
                frozenset(Need(n) for n in args.need or []), args.notes, args.harm),
                today=today)
        elif args.what == "agree":
            tasks = [task_input(spec, n) for n, spec in enumerate(args.task or [], 1)]
            case = cases.record_agreement(db, actor, args.case, args.date, tasks, today=today)
        elif args.what == "schedule":
            case = cases.schedule_case(db, actor, args.case, args.date, today=today)
        elif args.what == "start":
            case = cases.start_case(db, actor, args.case, args.date, today=today)
        elif args.what == "complete":
            case = cases.complete_case(db, actor, args.case, args.date, args.outcome,
                                       today=today)
        else:
            case = cases.return_to_court(db, actor, args.case, args.date, args.reason,
                                         today=today)
    _show(case)
    return 0


def cmd_cases(kit: Kit) -> int:
    from rjdesk.domain.boards.enums import CaseStatus
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.boards.cases import list_cases

    args = kit.args
    with kit.signed_in() as (db, actor):
        site = args.site or (None if actor.default_site_id is None else actor.site_code)
        rows = list_cases(db, actor, site_code=site,
                          status=CaseStatus(args.status) if args.status else None,
                          text=args.text or "")
    for r in rows:
        late = f"\t{r.overdue_tasks} task(s) overdue" if r.overdue_tasks else ""
        print(f"{r.id}\t{r.site_code}\t{r.doc_number}\t{r.offender_name}\t{r.case_number}\t"
              f"{r.status_label}\treferred {us_date(r.referred_on)}{late}")
    return 0


def cmd_task(kit: Kit) -> int:
    from rjdesk.domain.boards.rules import money
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.boards import agreement

    args, today = kit.args, date.today()
    with kit.signed_in() as (db, actor):
        if args.what == "overdue":
            for r in agreement.overdue(db, actor, site_code=args.site, today=today):
                print(f"{r.task_id}\t{r.site_code}\t{r.doc_number}\t{r.offender_name}\t"
                      f"{r.case_number}\t{r.task}\tdue {us_date(r.due_on)}\t"
                      f"{r.days_late} day(s) late\t{r.remaining}")
            return 0
        if args.what == "hours":
            task = agreement.log_hours(db, actor, args.task, args.date, args.hours,
                                       args.note or "", today=today)
        elif args.what == "pay":
            task = agreement.record_payment(db, actor, args.task, args.date, args.amount,
                                            args.note or "", today=today)
        else:
            task = agreement.mark_done(db, actor, args.task, args.date, today=today)
    if task.hours_required is not None:
        print(f"{task.title}: {task.hours_done:g} of {task.hours_required:g} hours worked")
    if task.amount_cents is not None:
        print(f"{task.title}: {money(task.paid_cents)} paid, {money(task.owed_cents)} owed")
    print(f"done on {us_date(task.done_on)}" if task.done_on else f"open, due "
          f"{us_date(task.due_on)}")
    return 0


def _needs() -> list[str]:
    from rjdesk.domain.boards.enums import Need

    return [n.value for n in Need]


def _statuses() -> list[str]:
    from rjdesk.domain.boards.enums import CaseStatus

    return [s.value for s in CaseStatus]


def register(commands: Commands) -> None:
    commands.group("case", "refer an offender to his office's board, record the board's "
                           "assessment and agreement, and move the case a step")
    p = commands.add("refer", cmd_case, "refer an offender under supervision to the board of "
                     "his P&P office", user=True, into="case")
    p.add_argument("--doc", required=True, metavar="DOC", help="his DOC number")
    p.add_argument("--court", required=True)
    p.add_argument("--case-number", required=True, metavar="NUMBER")
    p.add_argument("--offense", required=True)
    p.add_argument("--date", required=True, type=_date, metavar="DATE", help="referred on")
    p.add_argument("--officer", metavar="USER", help="the referring P&P officer's user name "
                   "(default: you, when you are one)")
    p = commands.add("list", cmd_cases, "list cases, newest referral first: id, site, DOC "
                     "number, name, case number, step, referral, tasks overdue",
                     user=True, into="case")
    p.add_argument("--site", metavar="CODE", help="default: yours, or every site for a role "
                   "that sees every site")
    p.add_argument("--status", choices=LazyChoices(_statuses), metavar="STEP",
                   help="referred, scheduled, agreement, in_progress, completed, returned")
    p.add_argument("--text", metavar="TEXT", help="a name, DOC number or case number")
    p = commands.add("show", cmd_case, "show a case: its steps, needs, tasks and progress",
                     user=True, into="case")
    p.add_argument("--case", required=True, metavar="ID", help=f"`{PROG} case list` lists ids")
    p = commands.add("assess", cmd_case, "record the needs the board found and the harm done "
                     "(replaces what was recorded)", user=True, into="case")
    p.add_argument("--case", required=True, metavar="ID")
    p.add_argument("--need", action="append", choices=LazyChoices(_needs), metavar="NEED",
                   help="employment, education, substance_use, mental_health, housing, "
                        "family, peers or other (repeat for more)")
    p.add_argument("--notes", default="", metavar="TEXT", help="on the needs (other needs one)")
    p.add_argument("--harm", default="", metavar="TEXT", help="the harm done")
    p = commands.add("agree", cmd_case, "record the agreement the offender signed, with all its "
                     "tasks, for a scheduled case", user=True, into="case")
    p.add_argument("--case", required=True, metavar="ID")
    p.add_argument("--date", required=True, type=_date, metavar="DATE", help="signed on")
    p.add_argument("--task", action="append", metavar="TASK", help=TASK_HELP)
    for name, help_ in (("schedule", "put a referred case before the board"),
                        ("start", "a case whose agreement is signed is in progress (the first "
                                  "progress logged does it too)"),
                        ("complete", "complete a case whose tasks are all done"),
                        ("return", "return a case to court, with the reason")):
        p = commands.add(name, cmd_case, help_, user=True, into="case")
        p.add_argument("--case", required=True, metavar="ID")
        p.add_argument("--date", required=True, type=_date, metavar="DATE")
        if name == "complete":
            p.add_argument("--outcome", required=True, metavar="TEXT")
        if name == "return":
            p.add_argument("--reason", required=True, metavar="TEXT")

    commands.group("task", "log the progress of an agreement's tasks, and list those overdue")
    for name, help_ in (("hours", "log hours of community service worked on a day"),
                        ("pay", "record a restitution payment made on a day"),
                        ("done", "mark a task of no hours or amount done (a letter, an "
                                 "essay …)")):
        p = commands.add(name, cmd_task, help_, user=True, into="task")
        p.add_argument("--task", required=True, metavar="ID", help=f"`{PROG} case show` "
                       "lists a case's task ids")
        p.add_argument("--date", required=True, type=_date, metavar="DATE")
        if name == "hours":
            p.add_argument("--hours", required=True, type=float, metavar="H")
        if name == "pay":
            p.add_argument("--amount", required=True, metavar="AMOUNT",
                           help="as written: $1,200.00, 1200, 45.5 (quote a $)")
        if name != "done":
            p.add_argument("--note", metavar="TEXT")
    p = commands.add("overdue", cmd_task, "list the tasks past their due date of open cases, "
                     "most late first", user=True, into="task")
    p.add_argument("--site", metavar="CODE")
