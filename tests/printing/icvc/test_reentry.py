"""The reentry list on paper, read back as a person sees it: soonest release first, what to act
on said in words (no class; a class ending after release), a Site column only when it lists
every site, and page numbers on a long list."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from rjdesk.printing.icvc.reentry import (
    ReentryHeader,
    ReentryLine,
    render_reentry_list,
    status_text,
)

PRINTED_AT = datetime(2026, 12, 1, 8, 5)
AS_OF = date(2026, 12, 1)
SITE = "Jefferson City Correctional Center"


def flat(text: str) -> str:
    return " ".join(text.split())


def lines() -> list[ReentryLine]:
    return [
        ReentryLine("1000002", "EVANS, Ed", date(2026, 12, 3), 2, "HU 1-A", "JCCC",
                    "ICVC Winter 2027", False, date(2027, 1, 6), date(2027, 2, 10), True),
        ReentryLine("1000004", "ÑÚÑEZ PEÑA, José", date(2027, 1, 20), 50, "HU 2-B", "ACC",
                    "ICVC Winter 2027", True, date(2027, 1, 6), date(2027, 2, 10), True),
        ReentryLine("1000010", "СМИРНОВ, Дмитрий", date(2027, 3, 1), 90, "HU 3-C", "JCCC",
                    "ICVC Winter 2027", False, date(2027, 1, 6), date(2027, 2, 10), False),
        ReentryLine("1000013", "O'BRIEN & <SONS>, Pat", date(2027, 4, 1), 121, "HU 4-D",
                    "JCCC"),
    ]


def test_the_status_says_who_leaves_before_his_class_ends() -> None:
    evans, nunez, smirnov, obrien = lines()
    assert status_text(evans) == "Enrolled — ends 02/10/2027, after release"
    assert status_text(nunez) == "Waiting — ends 02/10/2027, after release"
    assert status_text(smirnov) == "Enrolled"
    assert status_text(obrien) == "Not in a class"


@pytest.mark.pdf_tools
def test_one_site_s_list_reads_back_soonest_first_with_its_flags(tmp_path, reader) -> None:
    out = tmp_path / "reentry.pdf"
    pages = render_reentry_list(ReentryHeader(SITE, "JCCC", 180, AS_OF), lines(),
                                printed_at=PRINTED_AT, printed_by="Dana Whitfield", out=out)
    assert pages == 1 and reader.page_size(out) == (792.0, 612.0)  # landscape
    text = flat(reader.pages_text(out)[0])
    assert f"ICVC reentry list — {SITE} (JCCC)" in text
    assert "Due for release within 180 days of 12/01/2026" in text
    assert "4 people: 1 not in a class, 2 whose class ends after release" in text
    assert "DOC number Name Release date Days left Housing unit Class Class dates Status" in text
    assert "Site" not in text.split("Status")[0].split("Release date")[0]
    names = ["EVANS", "ÑÚÑEZ PEÑA", "СМИРНОВ", "O'BRIEN & <SONS>"]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert "01/06/2027 – 02/10/2027" in text
    assert "Enrolled — ends 02/10/2027, after release" in text
    assert "Waiting — ends 02/10/2027, after release" in text


@pytest.mark.pdf_tools
def test_every_site_s_list_names_each_person_s_site(tmp_path, reader) -> None:
    out = tmp_path / "every.pdf"
    render_reentry_list(ReentryHeader("All sites", "", 180, AS_OF), lines(),
                        printed_at=PRINTED_AT, printed_by="Central Office", out=out)
    text = flat(reader.pages_text(out)[0])
    assert "ICVC reentry list — All sites" in text
    assert "DOC number Site Name" in text
    assert re.search(r"1000004 ACC ÑÚÑEZ PEÑA", text)


@pytest.mark.pdf_tools
def test_a_long_list_numbers_its_pages_and_an_empty_one_says_so(tmp_path, reader) -> None:
    many = [ReentryLine(f"{2_000_000 + i}", f"PERSON{i:03d}, Pat",
                        AS_OF + timedelta(days=i), i, "HU 1-A") for i in range(120)]
    out = tmp_path / "long.pdf"
    pages = render_reentry_list(ReentryHeader(SITE, "JCCC", 180, AS_OF), many,
                                printed_at=PRINTED_AT, printed_by="", out=out)
    texts = reader.pages_text(out)
    assert pages == len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text and "DOC number Name" in flat(text)
    empty = tmp_path / "empty.pdf"
    render_reentry_list(ReentryHeader(SITE, "JCCC", 30, AS_OF), [], printed_at=PRINTED_AT,
                        printed_by="", out=empty)
    assert "No one is due for release in that time without ICVC" in \
        flat(reader.pages_text(empty)[0])
