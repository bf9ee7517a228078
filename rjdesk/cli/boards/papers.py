"""The boards' commands: papers and files — the board's report to the court, the reparative
agreement (both copies), a meeting's agenda and minutes, the victim impact section of a court
report, each to a PDF; the board cases to a spreadsheet."""

from __future__ import annotations

from datetime import date

from rjdesk.cli.kit import Commands, Kit

#: command → (what it prints, the option naming the record, the service's function name)
PAPERS: dict[str, tuple[str, str, str]] = {
    "board-report": ("board report to the court", "case", "print_board_report"),
    "agreement": ("reparative agreement (offender's and board's copies)", "case",
                  "print_agreement"),
    "board-agenda": ("board meeting agenda", "meeting", "print_agenda"),
    "board-minutes": ("board meeting minutes", "meeting", "print_minutes"),
    "victim-impact": ("victim impact section of the court report", "report",
                      "print_victim_impact"),
}


def cmd_paper(kit: Kit) -> int:
    from rjdesk.services.boards import printouts  # reportlab: only here

    what, option, function = PAPERS[kit.args.what]
    out = kit.pdf_output(what.split(" (")[0])
    record_id = getattr(kit.args, option).strip()
    paper = getattr(printouts, function)
    with kit.signed_in() as (db, actor):
        paper(db, actor, record_id, out, today=date.today())
    print(f"printed the {what} in {out}.")
    return 0


def cmd_export(kit: Kit) -> int:
    from pathlib import Path

    from rjdesk.services.boards.export import export_board_cases

    with kit.signed_in() as (db, actor):
        count = export_board_cases(db, actor, Path(kit.args.output), site_code=kit.args.site,
                                   today=date.today())
    print(f"exported {count:,} board cases to {kit.args.output}.")
    return 0


def register(commands: Commands) -> None:
    """Declares this part's commands."""
    for name, (what, option, _) in PAPERS.items():
        p = commands.add(name, cmd_paper, f"print the {what} (PDF)", user=True, into="print")
        p.add_argument(f"--{option}", required=True, metavar="ID",
                       help=f"the {'court report' if option == 'report' else option}'s id")
        p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = commands.add("board-cases", cmd_export,
                     "export board cases with their tasks, hours and restitution "
                     "(.csv or .xlsx)", user=True, into="export")
    p.add_argument("--site", metavar="CODE",
                   help="one office's cases (default: every site you may take away, else "
                        "your own)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
