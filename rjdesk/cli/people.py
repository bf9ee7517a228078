"""The people's commands: import from the department's CSV, export, print a site's list."""

from __future__ import annotations

from pathlib import Path

from rjdesk.cli.kit import CliError, Commands, Kit


def cmd_import(kit: Kit) -> int:
    from rjdesk.services.people.exchange import import_people, sites_summary

    if not Path(kit.args.file).is_file():
        raise CliError(f"{kit.args.file}: there is no such file.", 1)
    with kit.signed_in() as (db, actor):
        report = import_people(db, actor, Path(kit.args.file))
    print(f"imported {report.imported:,} people from {report.file_name} "
          f"({sites_summary(report.by_site)}).")
    return 0


def cmd_export(kit: Kit) -> int:
    from rjdesk.services.people.exchange import export_people

    with kit.signed_in() as (db, actor):
        count = export_people(db, actor, Path(kit.args.output),
                              kit.site_id(db) or actor.output_site_id)
    print(f"exported {count:,} people to {kit.args.output}.")
    return 0


def cmd_print(kit: Kit) -> int:
    from rjdesk.services.people.printouts import print_people_list  # reportlab: a second

    out = kit.pdf_output("people list")
    with kit.signed_in() as (db, actor):
        pages = print_people_list(db, actor, kit.args.site, out)
    print(f"printed the people list of {kit.args.site.upper()}: {pages} pages in "
          f"{kit.args.output}.")
    return 0


def register(commands: Commands) -> None:
    p = commands.add("people", cmd_import, "import people from a CSV file", user=True,
                     into="import")
    p.add_argument("file", metavar="FILE.csv")
    for verb, run, help_ in (("export", cmd_export, "export people to .csv or .xlsx"),
                             ("print", cmd_print, "print a site's people list (PDF)")):
        p = commands.add("people", run, help_, user=True, into=verb)
        p.add_argument("-o", "--output", required=True, metavar="FILE")
        p.add_argument("--site", required=verb == "print", metavar="CODE")
