"""Commands of no program area: the site register, setting up a workstation, the demo, and
the command words the areas share (``import``, ``export``, ``print``)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from rjdesk import paths
from rjdesk.cli.kit import Commands, Kit, password


def cmd_sites(kit: Kit) -> int:
    if kit.args.db or kit.db_path.exists():
        from rjdesk.services.core.sites import list_sites

        with kit.database() as db:
            rows = [(s.code, s.name) for s in list_sites(db)]
    else:  # no database yet: the register a new one will be set up from
        from rjdesk.services.core.register import read_register

        rows = sorted((r["code"], r["name"]) for r in read_register())
    for code, name in rows:
        print(f"{code}\t{name}")
    return 0


def cmd_init(kit: Kit) -> int:
    from rjdesk.services.admin import auth

    args = kit.args
    workstation = args.workstation or f"{args.site.upper()}-{socket.gethostname()}"[:40]
    secret = password(f"Password for the administrator {args.admin}: ", twice=True)
    with kit.database(create=True) as db:
        actor = auth.setup_workstation(db, site_code=args.site, workstation_name=workstation,
                                       admin_username=args.admin, admin_name=args.admin_name,
                                       admin_password=secret)
    print(f"{kit.db_path}: workstation {workstation} at {actor.site_code} "
          f"({actor.site_name}); administrator {actor.username}.")
    return 0


def cmd_demo(kit: Kit) -> int:
    from rjdesk.demo.builder import build_demo

    args = kit.args
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\rdemo: {done:,} of {total:,} records ({done * 100 // max(total, 1)} %)",
                  end="", file=sys.stderr, flush=True)

    path = Path(args.db) if args.db else paths.demo_database()
    args.db = path
    try:
        with kit.database(create=True) as db:
            summary = build_demo(db, scale=args.scale, seed=args.seed, home_site=args.site,
                                 progress=progress)
    finally:
        if show:
            print(file=sys.stderr)
    print(f"{path}: demo at {args.site.upper()} with {summary.offenders:,} offenders, "
          f"{summary.volunteers:,} volunteers, {summary.transfers:,} transfers, "
          f"{summary.classes:,} ICVC classes with {summary.enrollments:,} enrollments and "
          f"{summary.users} staff accounts (admin, staff, coordinator, officer, board, victims, "
          "central; password “demo”).")
    return 0


def register(commands: Commands) -> None:
    commands.add("sites", cmd_sites, "list the department's sites: code and name")
    p = commands.add("init", cmd_init, "set up a new workstation database")
    p.add_argument("--site", required=True, metavar="CODE")
    p.add_argument("--workstation", metavar="NAME")
    p.add_argument("--admin", default="admin", metavar="NAME",
                   help="the administrator's user name (password: RJDESK_PASSWORD or a prompt)")
    p.add_argument("--admin-name", default="Administrator", metavar="FULL NAME")
    p = commands.add("demo", cmd_demo, "build a demo database (default: the demo file in the "
                                       "user data folder)")
    p.add_argument("--scale", type=int, default=1, help="1: ~460 people; N: ~N×1000")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--site", default="JCCC", metavar="CODE", help="the home site")
    commands.group("import", "import people or reparative hours from a CSV file")
    commands.group("export", "export people, ICVC lists, reparative work or board cases "
                   "(.csv/.xlsx)")
    commands.group("print", "print people lists, ICVC, reparative or board papers, or the "
                   "victim impact of a court report (PDF)")
