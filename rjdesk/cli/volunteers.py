"""The volunteers area's command: what expires in the next 30, 60 or 90 days, listed or
printed for the coordinator."""

from __future__ import annotations

from rjdesk.cli.kit import Commands, Kit

#: ``services.volunteers.expiring.SPANS``, written again: declaring must not load services.
SPANS = (30, 60, 90)


def cmd_expiring(kit: Kit) -> int:
    from rjdesk.domain.core.formats import us_date
    from rjdesk.services.volunteers.expiring import list_expiring, print_expiring

    within = kit.args.within
    out = kit.pdf_output("list of expiring credentials") if kit.args.output else None
    with kit.signed_in() as (db, actor):
        site_id = kit.site_id(db) if kit.args.site else actor.output_site_id
        where = (kit.args.site.upper() if kit.args.site else
                 actor.site_code if site_id else "every site")
        if out is not None:
            pages = print_expiring(db, actor, site_id, out, within=within)
            print(f"printed the expiring credentials of {where} (within {within} days): "
                  f"{pages} {'page' if pages == 1 else 'pages'} in {out}.")
            return 0
        items = list_expiring(db, actor, site_id, within)
    for i in items:
        print(f"{i.site_code}\t{i.name}\t{i.credential}\t"
              f"{us_date(i.expires_on) if i.expires_on else ''}\t{i.status}")
    print(f"{len(items):,} {'item' if len(items) == 1 else 'items'} expired, missing or "
          f"expiring within {within} days at {where}.")
    return 0


def register(commands: Commands) -> None:
    p = commands.add("expiring", cmd_expiring,
                     "volunteers' background checks, trainings and speaker consent that have "
                     "expired or expire soon (list, or PDF with -o)", user=True)
    p.add_argument("--within", type=int, choices=SPANS, default=SPANS[0], metavar="DAYS",
                   help="30, 60 or 90 days from today (default 30)")
    p.add_argument("--site", metavar="CODE",
                   help="one site (default: your own; every site for roles that read them all)")
    p.add_argument("-o", "--output", metavar="FILE.pdf", help="print the list to a PDF")
