"""The expiring-credentials list on paper, read back: the span and day in words, soonest first,
what has lapsed counted, and an empty list that says so."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rjdesk.printing.volunteers.expiring import ExpiringHeader, ExpiringLine, render_expiring_list

AS_OF = date(2026, 12, 3)
PRINTED_AT = datetime(2026, 12, 3, 9, 30)
SITE = "Jefferson City Correctional Center"


def flat(text: str) -> str:
    return " ".join(text.split())


def lines() -> list[ExpiringLine]:
    return [
        ExpiringLine("КУЗНЕЦОВА, Оксана", "JCCC", "Speaker consent", None,
                     "Missing (cannot be booked)", True),
        ExpiringLine("ÑÚÑEZ PEÑA, José", "JCCC", "Background check", date(2026, 12, 1),
                     "Expired 2 days ago", True),
        ExpiringLine("O'BRIEN & <SONS>, Pat", "JCCC", "Training: PREA", date(2027, 1, 20),
                     "Expires in 48 days", False),
    ]


@pytest.mark.pdf_tools
def test_the_list_reads_back_in_order_with_its_counts(tmp_path, reader) -> None:
    out = tmp_path / "expiring.pdf"
    pages = render_expiring_list(ExpiringHeader(SITE, "JCCC", 60, AS_OF), lines(),
                                 printed_at=PRINTED_AT, printed_by="Dana Whitfield", out=out)
    assert pages == 1
    text = flat(reader.pages_text(out)[0])
    assert f"Expiring volunteer credentials — {SITE} (JCCC)" in text
    assert "expired or expiring within 60 days of 12/03/2026" in text
    assert "3 items: 2 already expired or missing (in bold)." in text
    names = ["КУЗНЕЦОВА", "ÑÚÑEZ PEÑA", "O'BRIEN & <SONS>"]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert "Background check 12/01/2026 Expired 2 days ago" in text
    assert "Training: PREA 01/20/2027 Expires in 48 days" in text


@pytest.mark.pdf_tools
def test_an_empty_list_says_nothing_expires(tmp_path, reader) -> None:
    out = tmp_path / "empty.pdf"
    render_expiring_list(ExpiringHeader("All sites", "", 30, AS_OF), [],
                         printed_at=PRINTED_AT, printed_by="Central Office", out=out)
    text = flat(reader.pages_text(out)[0])
    assert "Expiring volunteer credentials — All sites" in text
    assert "Nothing expires in that time." in text and "0 items" in text
