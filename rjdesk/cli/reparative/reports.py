"""Reparative work's commands: reports — the delivery slip, the reparative summary and an
offender's hours statement on paper, hours and deliveries to a spreadsheet, and the list of
what needs the coordinator's attention."""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import TYPE_CHECKING

from rjdesk.cli.kit import CliError, Commands, Kit

if TYPE_CHECKING:
    from rjdesk.services.core.context import Actor
    from rjdesk.services.core.database import Database


def day(text: str) -> date:
    """A date as US staff type it (MM/DD/YYYY) or as a spreadsheet writes it (YYYY-MM-DD)."""
    us = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text)
    try:
        if us:
            return date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"“{text}” is not a date: write MM/DD/YYYY or YYYY-MM-DD")


def _range(kit: Kit) -> tuple[date, date]:
    start, end = kit.args.start, kit.args.end
    if end < start:
        raise CliError(f"--to ({end:%m/%d/%Y}) is before --from ({start:%m/%d/%Y}); nothing "
                       "was written.")
    return start, end


def _site(kit: Kit, db: Database, actor: Actor) -> str | None:
    """``--site``, else every site for a role that takes every site away, else the home site."""
    return kit.site_id(db) or actor.output_site_id


def cmd_slip(kit: Kit) -> int:
    from rjdesk.services.reparative import printouts  # reportlab: only here

    out = kit.pdf_output("delivery slip")
    with kit.signed_in() as (db, actor):
        printouts.print_delivery_slip(db, actor, kit.args.delivery, out)
    print(f"printed the delivery slip {kit.args.delivery.strip()} (recipient's and site's "
          f"copies) in {out}.")
    return 0


def cmd_summary(kit: Kit) -> int:
    from rjdesk.services.reparative import printouts

    out = kit.pdf_output("reparative summary")
    start, end = _range(kit)
    with kit.signed_in() as (db, actor):
        site_id = _site(kit, db, actor)
        printouts.print_reparative_summary(db, actor, site_id, start, end, out)
    scope = kit.args.site.upper() if kit.args.site else ("every site" if site_id is None
                                                         else "your site")
    print(f"printed the reparative summary of {scope}, {start:%m/%d/%Y} to {end:%m/%d/%Y}, "
          f"in {out}.")
    return 0


def cmd_statement(kit: Kit) -> int:
    from rjdesk.services.reparative import printouts

    out = kit.pdf_output("hours statement")
    args = kit.args
    if args.start and args.end and args.end < args.start:
        raise CliError("--to is before --from; nothing was written.")
    with kit.signed_in() as (db, actor):
        printouts.print_hours_statement(db, actor, args.doc, out, start=args.start,
                                        end=args.end)
    print(f"printed the hours statement of DOC {args.doc.strip()} in {out}.")
    return 0


def cmd_export(kit: Kit) -> int:
    from pathlib import Path

    from rjdesk.services.reparative import export

    start, end = _range(kit)
    run = export.export_hours if kit.args.what == "hours" else export.export_deliveries
    with kit.signed_in() as (db, actor):
        count = run(db, actor, _site(kit, db, actor), start, end, Path(kit.args.output))
    rows = "hour entries" if kit.args.what == "hours" else "delivery lines"
    print(f"exported {count:,} {rows} to {kit.args.output}.")
    return 0


def cmd_attention(kit: Kit) -> int:
    from rjdesk.services.reparative.attention import needs_attention

    with kit.signed_in() as (db, actor):
        site_id = kit.site_id(db) or actor.default_site_id
        items = needs_attention(db, actor, site_id)
    for item in items:
        print(f"{item.kind}\t{item.site_code}\t{item.text}")
    if not items:
        print("nothing needs attention.")
    return 0


def _dated(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--from", dest="start", type=day, required=required, metavar="DATE")
    p.add_argument("--to", dest="end", type=day, required=required, metavar="DATE")


def register(commands: Commands) -> None:
    """Declares this part's commands."""
    p = commands.add("delivery-slip", cmd_slip, "print a delivery slip, both copies (PDF)",
                     user=True, into="print")
    p.add_argument("--delivery", required=True, metavar="ID|SLIP",
                   help="the delivery's id or its slip number (typed or scanned)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = commands.add("reparative-summary", cmd_summary,
                     "print the reparative summary of a site and date range (PDF)",
                     user=True, into="print")
    p.add_argument("--site", metavar="CODE")
    _dated(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = commands.add("hours-statement", cmd_statement,
                     "print an offender's reparative hours statement (PDF)",
                     user=True, into="print")
    p.add_argument("--doc", required=True, metavar="N")
    _dated(p, required=False)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    for name, help_ in (("hours", "export reparative hour entries to .csv or .xlsx"),
                        ("deliveries", "export delivery lines to .csv or .xlsx")):
        p = commands.add(name, cmd_export, help_, user=True, into="export")
        p.add_argument("--site", metavar="CODE")
        _dated(p)
        p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = commands.add("attention", cmd_attention,
                     "list what needs attention in reparative work: kind, site, what",
                     user=True)
    p.add_argument("--site", metavar="CODE")
