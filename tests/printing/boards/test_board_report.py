"""The board's report to the court read back as the court reads it: each task's progress in
its own measure, the totals, the meetings, the outcome; a long agreement spans pages with its
table's label and header on each."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rjdesk.printing.boards.board_report import (
    BoardReport,
    HearingLine,
    TaskLine,
    progress_text,
    render_board_report,
    state,
)

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

PRINTED_AT = datetime(2026, 10, 1, 9, 15)
DAY = date(2026, 7, 6)


def flat(text: str) -> str:
    return " ".join(text.split())


TASKS = (
    TaskLine("Apology letter", "Screened first", date(2026, 8, 5), date(2026, 7, 27), False),
    TaskLine("Community service", "Food pantry", date(2026, 10, 4), None, False,
             hours_required=40, hours_done=12.5),
    TaskLine("Restitution", "Window", date(2026, 9, 4), None, True, amount_cents=120_000,
             paid_cents=30_000),
)


def report(**kw) -> BoardReport:
    values = dict(site_name="Probation and Parole District 1 - St. Joseph",
                  board_name="St. Joseph Reparation Board", doc_number="1000001",
                  offender="NGUYỄN, Văn An", court="Buchanan County Circuit Court",
                  case_number="24BU-CR01234", offense="Burglary", officer="Pat Officer",
                  referred_on=date(2026, 6, 1), status="In progress", status_on=DAY,
                  needs=("Employment",), needs_notes="", harm="A window broken.",
                  agreement_on=DAY, tasks=TASKS,
                  hearings=(HearingLine(DAY, "First meeting", "Agreement signed.",
                                        ("REYES, Marisol", "СМИРНОВ, Дмитрий")),),
                  outcome="")
    values.update(kw)
    return BoardReport(**values)


def test_progress_reads_in_each_tasks_own_measure() -> None:
    letter, service, restitution = TASKS
    assert (progress_text(letter), state(letter)) == ("Done 07/27/2026", "Done")
    assert (progress_text(service), state(service)) == ("12.5 of 40 hours", "Open")
    assert progress_text(restitution) == "$300.00 of $1,200.00 paid; $900.00 owed"
    assert state(restitution) == "Overdue"
    overpaid = replace(restitution, paid_cents=130_000, done_on=date(2026, 9, 1))
    assert progress_text(overpaid) == ("$1,300.00 of $1,200.00 paid; $0.00 owed; "
                                       "done 09/01/2026")


def test_the_report_has_no_place_for_a_victim() -> None:
    for kind in (BoardReport, TaskLine, HearingLine):
        assert not [f.name for f in fields(kind) if "victim" in f.name], kind


@pytest.mark.pdf_tools
def test_the_report_reads_back_with_totals_meetings_and_outcome(tmp_path: Path,
                                                                reader: PdfTools) -> None:
    out = tmp_path / "r.pdf"
    assert render_board_report(report(), printed_at=PRINTED_AT, printed_by="Ada",
                               out=out) == 1
    assert reader.page_size(out) == (612, 792)  # US Letter
    text = flat(reader.pages_text(out)[0])
    assert "NGUYỄN, Văn An · DOC 1000001 · Buchanan County Circuit Court, case 24BU-CR01234" \
        in text
    assert "Status In progress since 07/06/2026" in text
    assert "1 of 3 tasks done, 1 overdue. Community service: 12.5 of 40 hours. Restitution: " \
           "$300.00 of $1,200.00 paid, $900.00 owed." in text
    assert "07/06/2026 First meeting Agreement signed. REYES, Marisol; СМИРНОВ, Дмитрий" in text
    assert "The case is still open." in text
    back = tmp_path / "back.pdf"
    render_board_report(report(status="Returned to court", closed=True, tasks=(), hearings=(),
                               return_reason="Stopped paying."),
                        printed_at=PRINTED_AT, printed_by="Ada", out=back)
    returned = flat(reader.pages_text(back)[0])
    assert "Returned to court on 07/06/2026: Stopped paying." in returned
    assert "The agreement holds no task." in returned
    assert "The board has not heard the case yet." in returned


@pytest.mark.pdf_tools
def test_a_long_agreement_repeats_its_tables_label_and_header_on_each_page(
        tmp_path: Path, reader: PdfTools) -> None:
    many = tuple(replace(TASKS[1], description=f"Site {n:02d}") for n in range(70))
    out = tmp_path / "long.pdf"
    pages = render_board_report(report(tasks=many), printed_at=PRINTED_AT, printed_by="Ada",
                                out=out)
    assert pages >= 3
    texts = [flat(p) for p in reader.pages_text(out)]
    for text in texts[:-1]:
        assert "Tasks of NGUYỄN, Văn An's agreement Task Description Due Progress Status" in text
        assert "CONFIDENTIAL" in text
    assert "Site 69" in " ".join(texts)
