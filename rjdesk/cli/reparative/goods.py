"""Reparative work's commands: goods. Items and what projects made, the stock, the register of
recipients, and deliveries by their slip number."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from rjdesk.cli.kit import PROG, CliError, Commands, Kit, LazyChoices

if TYPE_CHECKING:
    from rjdesk.services.core.context import Actor
    from rjdesk.services.core.database import Database
    from rjdesk.services.reparative.deliveries import DeliveryView


def _date(text: str) -> date:
    """A date as coordinators write it: MM/DD/YYYY or YYYY-MM-DD."""
    for form in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"“{text}” is not a date (MM/DD/YYYY or YYYY-MM-DD)")


def _amount(text: str) -> tuple[str, float]:
    """NAME=QUANTITY."""
    name, _, quantity = text.rpartition("=")
    try:
        return name.strip(), float(quantity.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not NAME=QUANTITY") from None


def _site_id(kit: Kit, db: Database, actor: Actor) -> str:
    return kit.site_id(db) or actor.site_id


def _delivery(db: Database, actor: Actor, slip: str) -> DeliveryView:
    from rjdesk.services.reparative.deliveries import find_by_slip

    found = find_by_slip(db, actor, slip)
    if found is None:
        raise CliError(f"there is no delivery “{slip}”; `{PROG} deliveries` lists them.")
    return found


def _show(d: DeliveryView) -> None:
    from rjdesk.domain.core.formats import us_date

    print(f"{d.slip_number}\t{d.site_code}\t{d.recipient.display}\t{d.status.label}\t"
          f"prepared {us_date(d.prepared_on)}")
    if d.delivered_on:
        print(f"delivered {us_date(d.delivered_on)} by {d.delivered_by}")
    if d.received_on:
        print(f"received {us_date(d.received_on)} by {d.received_by}")
    for line in d.lines:
        out = "" if line.quantity_delivered is None else f"\t{line.quantity_delivered:g} went out"
        print(f"  {line.quantity_ordered:g} {line.unit.label}\t{line.item_name}\t"
              f"{line.project_name or '-'}{out}")


def cmd_items(kit: Kit) -> int:
    from rjdesk.services.reparative.items import list_item_types

    with kit.signed_in() as (db, actor):
        for t in list_item_types(db, actor):
            print(f"{t.name}\t{t.unit.label}" + ("\tproduce" if t.produce else ""))
    return 0


def cmd_production(kit: Kit) -> int:
    from rjdesk.services.reparative import items

    args = kit.args
    with kit.signed_in() as (db, actor):
        project = items.find_project(db, actor, args.project, _site_id(kit, db, actor))
        item = items.find_item_type(db, actor, args.item)
        made = items.record_production(db, actor, project.id, item.id, args.date, args.quantity)
    print(f"{project.name} ({project.site_code}): {made.quantity:g} {made.unit.label} "
          f"{made.item_name} made on {args.date:%m/%d/%Y}.")
    return 0


def cmd_stock(kit: Kit) -> int:
    from rjdesk.services.reparative.items import stock

    with kit.signed_in() as (db, actor):
        rows = stock(db, actor, kit.site_id(db))
    for r in rows:
        short = f"\tSHORT {r.shortfall:g}" if r.shortfall else ""
        print(f"{r.site_code}\t{r.item_name}\t{r.on_hand:g} {r.unit.label} on hand\t"
              f"made {r.made:g}, delivered or set aside {r.committed:g}{short}")
    return 0


def cmd_recipients(kit: Kit) -> int:
    from rjdesk.domain.reparative.enums import RecipientType
    from rjdesk.services.reparative import recipients

    args = kit.args
    kind = RecipientType(args.kind) if args.kind else None
    with kit.signed_in() as (db, actor):
        if args.action == "add":
            if kind is None or not args.name:
                raise CliError("a new recipient needs --kind and --name.")
            made = recipients.create_recipient(db, actor, recipients.RecipientInput(
                kind, args.name, args.abbreviation, args.address, args.city, args.contact,
                args.phone, args.email), allow_duplicate=args.even_if_duplicate)
            print(f"added {made.display} ({made.kind.label}): {made.id}")
            return 0
        for r in recipients.list_recipients(db, actor, query=args.query or "", kind=kind):
            print(f"{r.id}\t{r.kind.label}\t{r.display}\t{r.city}")
    return 0


def cmd_deliveries(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.domain.reparative.enums import DeliveryStatus
    from rjdesk.services.reparative.deliveries import list_deliveries

    args = kit.args
    with kit.signed_in() as (db, actor):
        rows, _ = list_deliveries(db, actor, kit.site_id(db),
                                  status=DeliveryStatus(args.status) if args.status else None,
                                  query=args.query or "", limit=args.limit)
    for r in rows:
        print(f"{r.slip_number}\t{r.site_code}\t{us_date(r.prepared_on)}\t{r.status.label}\t"
              f"{r.recipient_display}\t{r.lines} line(s)")
    return 0


def cmd_delivery(kit: Kit) -> int:
    from rjdesk.services.reparative import deliveries, items

    args = kit.args
    with kit.signed_in() as (db, actor):
        if args.what == "new":
            site = kit.site_id(db) or actor.site_id
            project = (items.find_project(db, actor, args.project, site).id
                       if args.project else None)
            lines = tuple(deliveries.LineInput(items.find_item_type(db, actor, name).id,
                                               project, quantity)
                          for name, quantity in args.item)
            code = args.site.upper() if args.site else actor.site_code
            made = deliveries.create_delivery(db, actor, deliveries.DeliveryInput(
                code, args.recipient, args.date or date.today(), lines, args.notes or ""))
            _show(made)
            return 0
        d = _delivery(db, actor, args.slip)
        if args.what == "delivered":
            by_name = {line.item_name.casefold(): line.id for line in d.lines}
            unknown = [n for n, _ in args.quantity or [] if n.casefold() not in by_name]
            if unknown:
                raise CliError(f"{d.slip_number} has no line of {', '.join(unknown)}.")
            quantities = ({by_name[n.casefold()]: q for n, q in args.quantity}
                          if args.quantity else None)
            d = deliveries.mark_delivered(db, actor, d.id, delivered_on=args.on or date.today(),
                                          delivered_by=args.by, quantities=quantities)
        elif args.what == "received":
            d = deliveries.confirm_receipt(db, actor, d.id, received_by=args.by,
                                           received_on=args.on)
        elif args.what == "cancel":
            d = deliveries.cancel_delivery(db, actor, d.id, args.reason or "")
        _show(d)
    return 0


def _recipient_kinds() -> list[str]:
    from rjdesk.domain.reparative.enums import RecipientType

    return [k.value for k in RecipientType]


def _statuses() -> list[str]:
    from rjdesk.domain.reparative.enums import DeliveryStatus

    return [s.value for s in DeliveryStatus]


def register(commands: Commands) -> None:
    commands.add("items", cmd_items, "list the kinds of items projects make", user=True)
    commands.group("production", "record what a project made")
    p = commands.add("add", cmd_production, "record items a project made on a day",
                     user=True, into="production")
    p.add_argument("--project", required=True, metavar="NAME")
    p.add_argument("--item", required=True, metavar="NAME")
    p.add_argument("--date", required=True, type=_date, metavar="DATE")
    p.add_argument("--quantity", required=True, type=float, metavar="Q")
    p.add_argument("--site", metavar="CODE", help="the project's site (default: yours)")
    p = commands.add("stock", cmd_stock, "list what each site has on hand, and any shortfall",
                     user=True)
    p.add_argument("--site", metavar="CODE")
    p = commands.add("recipients", cmd_recipients,
                     "list the recipients (id, kind, name, city), or add one", user=True)
    p.add_argument("action", nargs="?", choices=["add"], help="add a recipient")
    p.add_argument("--kind", choices=LazyChoices(_recipient_kinds), metavar="KIND",
                   help="shelter, daycare, nursing_home, meals_on_wheels, hospital, victim, "
                        "school, not_for_profit, other")
    p.add_argument("--query", metavar="TEXT", help="list: a name or abbreviation")
    p.add_argument("--name")
    for option in ("abbreviation", "address", "city", "contact", "phone", "email"):
        p.add_argument(f"--{option}", default="")
    p.add_argument("--even-if-duplicate", action="store_true",
                   help="add it although its name matches one on file")
    p = commands.add("deliveries", cmd_deliveries,
                     "list deliveries, newest first: slip, site, date, status, recipient",
                     user=True)
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--status", choices=LazyChoices(_statuses), metavar="STATUS")
    p.add_argument("--query", metavar="TEXT", help="a slip number or a recipient's name")
    p.add_argument("--limit", type=int, default=200, metavar="N")
    commands.group("delivery", "prepare a delivery, and follow it by its slip number")
    p = commands.add("new", cmd_delivery, "prepare a delivery from what is on hand",
                     user=True, into="delivery")
    p.add_argument("--recipient", required=True, metavar="ID", help="`recipients` lists ids")
    p.add_argument("--item", required=True, action="append", type=_amount,
                   metavar="NAME=QTY", help="an item and its quantity (repeat for more)")
    p.add_argument("--project", metavar="NAME", help="the project that made them")
    p.add_argument("--date", type=_date, metavar="DATE", help="prepared on (default: today)")
    p.add_argument("--site", metavar="CODE", help="the delivering site (default: yours)")
    p.add_argument("--notes")
    for name, help_ in (("show", "show a delivery and its lines"),
                        ("delivered", "record that a delivery went out (all or part)"),
                        ("received", "confirm that the recipient received a delivery"),
                        ("cancel", "cancel a delivery that has not gone out")):
        p = commands.add(name, cmd_delivery, help_, user=True, into="delivery")
        p.add_argument("slip", metavar="SLIP")
        if name in ("delivered", "received"):
            p.add_argument("--by", required=True, metavar="NAME")
            p.add_argument("--on", type=_date, required=name == "received", metavar="DATE")
        if name == "delivered":
            p.add_argument("--quantity", action="append", type=_amount, metavar="ITEM=QTY",
                           help="what went out of a line, when not all of it")
        if name == "cancel":
            p.add_argument("--reason")
