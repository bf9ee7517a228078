"""The reparative agreement read back as the offender and the board hold it: two copies, each
from a new page, with tasks, due dates, hours and amounts, and lines to sign; no victim."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rjdesk.printing.boards.agreement import Agreement, AgreementTask, render_agreements

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

PRINTED_AT = datetime(2026, 7, 6, 19, 40)
SITE = "Probation and Parole District 1 - St. Joseph"
TASKS = (AgreementTask("Apology letter", "Screened first", date(2026, 8, 5)),
         AgreementTask("Community service", "Food pantry", date(2026, 10, 4), hours=40),
         AgreementTask("Restitution", "Window", date(2026, 9, 4), amount_cents=120_000))


def flat(text: str) -> str:
    return " ".join(text.split())


def agreement(**kw) -> Agreement:
    values = dict(board_name="St. Joseph Reparation Board", doc_number="1000001",
                  offender="NGUYỄN, Văn An", court="Buchanan County Circuit Court",
                  case_number="24BU-CR01234", offense="Burglary", agreement_on=date(2026, 7, 6),
                  tasks=TASKS, chair="REYES, Marisol")
    values.update(kw)
    return Agreement(**values)


def test_the_agreement_has_no_place_for_a_victim() -> None:
    for kind in (Agreement, AgreementTask):
        assert not [f.name for f in fields(kind) if "victim" in f.name], kind


def test_an_empty_print_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_agreements([], site_name=SITE, printed_at=PRINTED_AT, printed_by="",
                          out=Path("never.pdf"))


@pytest.mark.pdf_tools
def test_two_copies_with_tasks_totals_and_signature_lines(tmp_path: Path,
                                                          reader: PdfTools) -> None:
    out = tmp_path / "a.pdf"
    assert render_agreements([agreement()], site_name=SITE, printed_at=PRINTED_AT,
                             printed_by="Ada", out=out) == 2
    first, second = (flat(p) for p in reader.pages_text(out))
    assert "Reparative agreement — NGUYỄN, Văn An" in first  # the header
    assert "Offender's copy" in first and "Board's copy" in second
    for page in (first, second):
        assert "Offender NGUYỄN, Văn An (DOC 1000001)" in page
        assert "On 07/06/2026, before the St. Joseph Reparation Board, I agree" in page
        assert "Task Description Due Hours Amount" in page
        assert "Community service Food pantry 10/04/2026 40" in page
        assert "Restitution Window 09/04/2026 $1,200.00" in page
        assert ("Total: 3 tasks; 40 hours of community service; $1,200.00 restitution."
                in page)
        assert "Offender: NGUYỄN, Văn An Date" in page
        assert "Board chair: REYES, Marisol Date" in page


@pytest.mark.pdf_tools
def test_unsigned_and_without_a_chair_the_lines_are_left_to_fill_in(
        tmp_path: Path, reader: PdfTools) -> None:
    out = tmp_path / "blank.pdf"
    render_agreements([agreement(agreement_on=None, chair="")], site_name=SITE,
                      printed_at=PRINTED_AT, printed_by="Ada", out=out)
    page = flat(reader.pages_text(out)[0])
    assert "On the date signed below, before the" in page
    assert "Board chair (print name): ____" in page


@pytest.mark.pdf_tools
def test_a_long_agreement_keeps_each_copys_label_on_every_page_and_signs_at_the_end(
        tmp_path: Path, reader: PdfTools) -> None:
    many = tuple(AgreementTask("Community service", f"Site {n:02d}", date(2026, 10, 4),
                               hours=2) for n in range(60))
    out = tmp_path / "long.pdf"
    pages = render_agreements([agreement(tasks=many), agreement(offender="OKAFOR, Cyril",
                                                                doc_number="1000003")],
                              site_name=SITE, printed_at=PRINTED_AT, printed_by="Ada",
                              out=out)
    texts = [flat(p) for p in reader.pages_text(out)]
    assert len(texts) == pages >= 6
    offender_pages = [t for t in texts if "Offender's copy · tasks of NGUYỄN" in t]
    board_pages = [t for t in texts if "Board's copy · tasks of NGUYỄN" in t]
    assert len(offender_pages) >= 2 and len(board_pages) >= 2
    assert all("Task Description Due Hours Amount" in t for t in offender_pages + board_pages)
    signed = [t for t in texts if "Signatures" in t]
    assert len(signed) == 4  # each copy of each agreement, heading and lines on one page
    assert all("Board chair: REYES, Marisol Date" in t for t in signed)
    assert "Total: 60 tasks; 120 hours of community service." in " ".join(texts)
    assert "Reparative agreements " in texts[0]  # the header of a print of several
