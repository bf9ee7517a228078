"""Printing speed: run by hand, never in the test suite.

    .venv/bin/python bench/bench_printing.py [--repeat 3]

How long the big papers take to build depends on the machine as much as on the code, so the
figures are printed beside a baseline measured in the same run: a bare reportlab Table of the
same size (same rows, same columns, the same text, DejaVu Sans, header repeated on each page)
built into the same kind of document. The ratio to the baseline is what to compare between
machines; the targets in seconds hold on the reference machine (bench/README.md).

Targets: a 500-name ICVC sign-in sheet ≤ 1.0 s; a 1,000-row people list < 6.0 s (best of
``--repeat`` runs: the machine, not the code, makes the others slower).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from datetime import time as clock
from functools import partial

from reportlab.lib.pagesizes import letter
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.documents import SAMPLE, SAMPLE_NAMES
from rjdesk.printing.core.fonts import FONT_REGULAR, register_fonts
from rjdesk.printing.icvc.roster import SignInHeader, SignInRow, render_sign_in_sheet
from rjdesk.printing.people.people_list import NO_DATE, PeopleListRow, render_people_list

SIGN_IN_NAMES = 500
SIGN_IN_TARGET = 1.0   # seconds
PEOPLE_ROWS = 1000
PEOPLE_TARGET = 6.0    # seconds


def day(value: date | None) -> str:
    """A date as the people list prints it."""
    return us_date(value) or NO_DATE


def best_of(repeat: int, build: Callable[[], object]) -> float:
    """The fastest of ``repeat`` builds, in seconds."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        build()
        timings.append(time.perf_counter() - started)
    return min(timings)


def bare_table(rows: Sequence[Sequence[str]]) -> None:
    """The baseline: reportlab's own Table with the same cells as plain text in DejaVu Sans."""
    register_fonts()
    table = Table(list(rows), repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT_REGULAR, 9),
                               ("GRID", (0, 0), (-1, -1), 0.25, (0, 0, 0))]))
    SimpleDocTemplate(io.BytesIO(), pagesize=letter).build([table])


def sign_in_sheet() -> tuple[Callable[[], object], list[list[str]]]:
    header = SignInHeader("ICVC Fall 2026", SAMPLE.site_name, SAMPLE.site_code, SAMPLE.staff,
                          "Education building, room 4", SAMPLE.day, clock(9), clock(11, 30),
                          "Session 2 of 8", "Property crime")
    rows = []
    for i in range(SIGN_IN_NAMES):
        person = SAMPLE_NAMES[i % len(SAMPLE_NAMES)]
        name = f"{person.last_name.upper()}, {person.first_name}"
        rows.append(SignInRow(str(1_000_003 + i * 8_999), name, f"HU {1 + i % 6}-A"))
    cells = [["#", "DOC number", "Name", "Housing unit", "Signature"]]
    cells += [[str(i + 1), r.doc_number, r.name, r.housing_unit, ""] for i, r in enumerate(rows)]
    return (lambda: render_sign_in_sheet(header, rows, printed_at=SAMPLE.printed_at,
                                         printed_by=SAMPLE.staff, out=io.BytesIO())), cells


def people_list() -> tuple[Callable[[], object], list[list[str]]]:
    rows = []
    for i in range(PEOPLE_ROWS):
        person = SAMPLE_NAMES[i % len(SAMPLE_NAMES)]
        rows.append(PeopleListRow(str(1_000_000 + i * 7919), person.last_name, person.first_name,
                                  "", SAMPLE.day.replace(year=1970 + i % 30), "Incarcerated",
                                  SAMPLE.day.replace(year=2027 + i % 5) if i % 4 else None,
                                  f"HU{1 + i % 6}-{'ABC'[i % 3]}"))
    cells = [["DOC number", "Name", "Date of birth", "Status", "Projected release",
              "Housing unit"]]
    cells += [[r.doc_number, f"{r.last_name.upper()}, {r.first_name}", day(r.date_of_birth),
               r.status, day(r.projected_release), r.housing_unit] for r in rows]
    return (lambda: render_people_list(rows, site_name=SAMPLE.site_name,
                                       site_code=SAMPLE.site_code,
                                       printed_at=SAMPLE.printed_at, printed_by=SAMPLE.staff,
                                       out=io.BytesIO())), cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register_fonts()  # once, outside every measurement
    print(f"best of {args.repeat}; baseline: a bare reportlab Table of the same size, DejaVu Sans")
    for label, (build, cells), target in (
            (f"sign-in sheet, {SIGN_IN_NAMES} names", sign_in_sheet(), SIGN_IN_TARGET),
            (f"people list, {PEOPLE_ROWS:,} rows", people_list(), PEOPLE_TARGET)):
        ours = best_of(args.repeat, build)
        baseline = best_of(args.repeat, partial(bare_table, cells))
        verdict = "ok" if ours <= target else "OVER TARGET"
        print(f"{label}: {ours:.2f} s, baseline {baseline:.2f} s ({ours / baseline:.1f}x), "
              f"target {target:.1f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
