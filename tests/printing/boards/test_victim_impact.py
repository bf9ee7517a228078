"""The victim impact section read back as the court reads it: per victim the RSMo 217.762
items and the losses with their total, or why there is no statement and who answered; an
Address Confidentiality Program victim with the substitute address alone; the victims' notice
on every page."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rjdesk.printing.boards.victim_impact import (
    VICTIM_NOTICE,
    VictimImpact,
    VictimLine,
    render_victim_impact,
)

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

PRINTED_AT = datetime(2026, 10, 1, 9, 15)


def flat(text: str) -> str:
    return " ".join(text.split())


def victim(name: str, **kw) -> VictimLine:
    values = dict(name=name, description="owner of the store", address="12 Elm St",
                  acp=False, phone="816-555-0142", email="jane@example.org",
                  notify="By mail", status="Statement given", given=True,
                  taken_on=date(2026, 9, 20),
                  losses=(("Property", 98_500), ("Other: Locksmith", 1_999)),
                  injury="Cuts to the hands, healed.", psychological_harm="Afraid at night.",
                  welfare_change="Works fewer hours.", counseling_requested=True,
                  repair="Repair the window.")
    values.update(kw)
    return VictimLine(**values)


def impact(*victims: VictimLine) -> VictimImpact:
    return VictimImpact("Probation and Parole District 1 - St. Joseph", "1000001",
                        "NGUYỄN, Văn An", "Buchanan County Circuit Court", "24BU-CR01234",
                        "Pat Officer", date(2026, 10, 20), "Draft", victims)


@pytest.mark.pdf_tools
def test_each_victims_statement_with_its_losses_and_total(tmp_path: Path,
                                                          reader: PdfTools) -> None:
    out = tmp_path / "v.pdf"
    render_victim_impact(impact(victim("Jane Nguyễn-Smith")), printed_at=PRINTED_AT,
                         printed_by="Pat Officer", out=out)
    text = flat(" ".join(reader.pages_text(out)))
    assert "Victim impact — case 24BU-CR01234" in text  # the header
    assert "Victims 1 victim" in text
    assert "Victim 1: Jane Nguyễn-Smith, owner of the store" in text
    assert "Address 12 Elm St Phone 816-555-0142 E-mail jane@example.org" in text
    assert "Notification By mail Statement Statement given on 09/20/2026" in text
    assert "Property $985.00 Other: Locksmith $19.99 Total economic loss $1,004.99" in text
    assert "Physical injury: seriousness and permanence Cuts to the hands, healed." in text
    assert "Psychological harm Afraid at night." in text
    assert "Change in welfare or family relationships Works fewer hours." in text
    assert "Counseling requested Yes" in text
    assert "How the offender may repair the harm Repair the window." in text


@pytest.mark.pdf_tools
def test_an_acp_victim_shows_the_substitute_address_alone(tmp_path: Path,
                                                          reader: PdfTools) -> None:
    out = tmp_path / "acp.pdf"
    render_victim_impact(impact(victim("Ruth Hiddenfield", acp=True, address="P.O. Box 257",
                                       phone="816-555-0199", email="ruth@example.org")),
                         printed_at=PRINTED_AT, printed_by="Pat Officer", out=out)
    text = flat(" ".join(reader.pages_text(out)))
    assert "Substitute address (ACP) P.O. Box 257" in text
    assert "Address Confidentiality Program" in text
    assert "816-555-0199" not in text and "ruth@example.org" not in text
    assert "Phone" not in text and "E-mail" not in text


@pytest.mark.pdf_tools
def test_no_statement_says_why_and_who_answered_for_a_victim(tmp_path: Path,
                                                             reader: PdfTools) -> None:
    out = tmp_path / "none.pdf"
    render_victim_impact(impact(
        victim("Carl Farawell", status="Could not be reached", given=False, taken_on=None),
        victim("Mary Lost", status="Statement given", answered_by="Tom Lost",
               answered_relationship="son", losses=(("Funeral", 800_000),))),
        printed_at=PRINTED_AT, printed_by="Pat Officer", out=out)
    text = flat(" ".join(reader.pages_text(out)))
    first, second = text.split("Victim 2: Mary Lost, owner of the store")
    assert "Statement Could not be reached" in first
    assert "Economic loss" not in first and "Counseling requested" not in first
    assert "answered by Tom Lost (son)" in second
    assert "Funeral $8,000.00 Total economic loss $8,000.00" in second


@pytest.mark.pdf_tools
def test_every_page_says_it_names_victims(tmp_path: Path, reader: PdfTools) -> None:
    out = tmp_path / "many.pdf"
    pages = render_victim_impact(impact(*(victim(f"Victim Number{n}") for n in range(8))),
                                 printed_at=PRINTED_AT, printed_by="Pat Officer", out=out)
    texts = [flat(p) for p in reader.pages_text(out)]
    assert pages == len(texts) >= 3
    notice = flat(VICTIM_NOTICE)
    assert all(notice in t for t in texts)
    assert "Victim 8: Victim Number7, owner of the store" in " ".join(texts)
    empty = tmp_path / "empty.pdf"
    render_victim_impact(impact(), printed_at=PRINTED_AT, printed_by="Pat Officer", out=empty)
    assert "No victim is recorded for this report." in flat(reader.pages_text(empty)[0])
