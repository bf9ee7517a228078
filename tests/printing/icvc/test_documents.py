"""ICVC's papers, read back as a person (pdftotext), a printer (pdffonts) and a scanner (zbarimg
at 200 dpi) see them: the sign-in sheet, the completion certificate and the class summary."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rjdesk.printing.core.template import OFFENDER_NOTICE
from rjdesk.printing.icvc.certificate import Certificate, long_date, render_certificates
from rjdesk.printing.icvc.roster import WALK_IN_ROWS, SignInHeader, SignInRow, render_sign_in_sheet
from rjdesk.printing.icvc.summary import (
    SummaryHeader,
    SummaryRow,
    SummarySession,
    marks_string,
    render_class_summary,
)

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

PRINTED_AT = datetime(2026, 9, 14, 8, 5)
SITE = "Jefferson City Correctional Center"
SHIPPED_FONT = r"[A-Z]{6}\+(DejaVuSans|DejaVuSans-Bold|DejaVuSans-Oblique|DejaVuSansMono)"
NAMES = ["NGUYỄN, Văn An", "ÑÚÑEZ, José", "ИВАНОВ, Пётр", "SMITH, Robert", "O'BRIEN & <SONS>, Pat"]
HEADER = SignInHeader("ICVC Fall 2026", SITE, "JCCC", "Dana Whitfield",
                      "Education building, room 4", date(2026, 9, 14), clock(9, 0),
                      clock(11, 30), "Session 2 of 8", "Property crime", ("REYES, Marisol",))


def flat(text: str) -> str:
    return " ".join(text.split())


def sign_in_rows(n: int) -> list[SignInRow]:
    return [SignInRow(str(1_000_003 + i * 8_999), NAMES[i % len(NAMES)], f"HU {1 + i % 6}-A")
            for i in range(n)]


def assert_only_dejavu(reader: PdfTools, pdf: Path) -> None:
    used = reader.fonts(pdf)
    assert used
    for name, embedded in used:
        assert embedded and re.fullmatch(SHIPPED_FONT, name), f"unexpected font {name}"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, list[SignInRow]]:
    rows = sign_in_rows(60)
    out = tmp_path_factory.mktemp("sheet") / "sign-in.pdf"
    pages = render_sign_in_sheet(HEADER, rows, printed_at=PRINTED_AT, printed_by="Dana Whitfield",
                                 out=out)
    return out, pages, rows


# --- the sign-in sheet ------------------------------------------------------------------------

@pytest.mark.pdf_tools
def test_sheet_repeats_its_header_and_says_page_n_of_m_on_every_page(sheet, reader) -> None:
    out, pages, _ = sheet
    texts = reader.pages_text(out)
    assert pages == len(texts) == reader.page_count(out) >= 4
    assert reader.page_size(out) == (612.0, 792.0)
    for number, text in enumerate(texts, start=1):
        text = flat(text)
        assert "# DOC number Name Housing unit Signature" in text
        assert "Sign-in sheet 09/14/2026, Session 2 of 8 — ICVC Fall 2026" in text
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {pages}"]
        assert " ".join(OFFENDER_NOTICE.split()) in text


@pytest.mark.pdf_tools
def test_sheet_names_the_session_and_everyone_on_it(sheet, reader) -> None:
    out, _, rows = sheet
    text = flat("\n".join(reader.pages_text(out)))
    for fact in ("ICVC Fall 2026", "Monday, 09/14/2026, 9:00 AM–11:30 AM", "Dana Whitfield",
                 "Education building, room 4", "Property crime", "REYES, Marisol",
                 "60 people on the roster"):
        assert fact in text
    for row in rows:
        assert text.count(row.doc_number) == 1
    for name in NAMES:
        assert text.count(name) == 12


@pytest.mark.pdf_tools
def test_sheet_ends_with_ten_blank_walk_in_rows(sheet, reader) -> None:
    out, _, rows = sheet
    lines = [line.strip() for line in "\n".join(reader.pages_text(out)).splitlines()]
    walk_ins = [line for line in lines if re.fullmatch(r"W\d+", line)]
    assert walk_ins == [f"W{n}" for n in range(1, WALK_IN_ROWS + 1)]
    numbered = [int(line) for line in lines if re.fullmatch(r"\d{1,2}", line)]
    assert numbered == list(range(1, len(rows) + 1))  # the roster's own rows, in order
    after = lines[lines.index("W1"):]
    assert not any(re.search(r"\d{6,}", line) for line in after[:WALK_IN_ROWS])  # left blank


@pytest.mark.pdf_tools
def test_sheet_barcodes_decode_to_exactly_the_doc_numbers(sheet, reader, tmp_path) -> None:
    out, _, rows = sheet
    assert sorted(reader.barcodes(out, tmp_path)) == sorted(f"CODE-128:{r.doc_number}"
                                                            for r in rows)
    assert_only_dejavu(reader, out)


@pytest.mark.pdf_tools
def test_an_empty_roster_still_prints_the_walk_in_rows(tmp_path, reader) -> None:
    out = tmp_path / "empty.pdf"
    assert render_sign_in_sheet(HEADER, [], printed_at=PRINTED_AT, printed_by="", out=out) == 1
    text = reader.pages_text(out)[0]
    assert "0 people on the roster" in flat(text) and "W10" in text


def test_a_500_name_sheet_builds_completely() -> None:
    # How fast it builds is the machine's as much as the code's: bench/bench_printing.py.
    rows = sign_in_rows(500)
    out = io.BytesIO()
    pages = render_sign_in_sheet(HEADER, rows, printed_at=PRINTED_AT, printed_by="x", out=out)
    assert pages > 25
    assert out.getvalue().startswith(b"%PDF") and out.getvalue().rstrip().endswith(b"%%EOF")


# --- the certificate --------------------------------------------------------------------------

CERTIFICATES = [
    Certificate("Văn An Nguyễn", "3100000", "ICVC Fall 2026", SITE, "Dana Whitfield",
                date(2026, 11, 1), "ICVC-JCCC-2026-7K3M9QX2PA"),
    Certificate("Пётр Иванов", "3100004", "ICVC Fall 2026", SITE, "Dana Whitfield",
                date(2026, 11, 1), "ICVC-JCCC-2026-Q4RZ2MBN7C"),
    Certificate("Christopher Alexander Maximilian Wolfeschlegelsteinhausenbergerdorff", "523842",
                "ICVC Fall 2026", SITE, "Dana Whitfield", date(2026, 7, 4),
                "ICVC-JCCC-2026-ABCDEFGHIJ"),
]


@pytest.mark.pdf_tools
def test_certificates_one_per_landscape_page_with_name_number_and_qr(tmp_path, reader) -> None:
    out = tmp_path / "certificates.pdf"
    assert render_certificates(CERTIFICATES, printed_at=PRINTED_AT, out=out) == 3
    assert reader.page_size(out) == (792.0, 612.0)
    texts = [flat(t) for t in reader.pages_text(out)]
    assert len(texts) == 3
    for text, c in zip(texts, CERTIFICATES):
        assert "MISSOURI DEPARTMENT OF CORRECTIONS" in text.upper()
        for words in ("Certificate of Completion", "Impact of Crime on Victims Class",
                      f"DOC number {c.doc_number}", f"has completed {c.class_title}",
                      f"at {SITE} on {long_date(c.completed_on)}", "Dana Whitfield",
                      "ICVC Facilitator", c.certificate_number):
            assert words in text, words
        assert c.name in text or c.name.split()[-1] in text
    assert "Văn An Nguyễn" in texts[0] and "Пётр Иванов" in texts[1]
    assert "November 1, 2026" in texts[0] and "July 4, 2026" in texts[2]
    assert "CONFIDENTIAL" not in " ".join(texts) and "Page 1" not in " ".join(texts)
    assert sorted(reader.barcodes(out, tmp_path)) == sorted(
        f"QR-Code:{c.certificate_number}" for c in CERTIFICATES)
    assert_only_dejavu(reader, out)
    assert reader.info(out)["Title"] == "ICVC certificates (3)"


def test_no_certificates_is_an_error_not_an_empty_pdf() -> None:
    with pytest.raises(ValueError):
        render_certificates([], printed_at=PRINTED_AT, out=io.BytesIO())


# --- the class summary ------------------------------------------------------------------------

SUMMARY = SummaryHeader("ICVC Fall 2026", SITE, "JCCC", "Dana Whitfield", "Room 4", "finished",
                        6, False, ("10/05/2026 (Lockdown)",))


def summary_rows(n: int) -> list[SummaryRow]:
    full = "PPLPAEPP" * 7
    return [
        SummaryRow("3100000", "NGUYỄN, Văn An", tuple(full[:n]), 6, 0, "completed",
                   date(2026, 11, 1), "ICVC-JCCC-2026-7K3M9QX2PA"),
        SummaryRow("3100001", "ÑÚÑEZ, José", ("P", "P") + ("",) * (n - 2), 2, 4, "enrolled",
                   eligible=True),
        SummaryRow("3100002", "SMITH, Robert", ("P", "A") + ("",) * (n - 2), 1, 0, "withdrawn",
                   reason="Moved to another program"),
        SummaryRow("3100003", "OKAFOR, Emeka", ("P",) + ("",) * (n - 1), 1, 0, "transferred",
                   reason="Transferred to another site"),
        SummaryRow("3100004", "ИВАНОВ, Пётр", ("",) * n, 0, 0, "waitlisted", waitlist_position=1),
    ]


def sessions(n: int) -> list[SummarySession]:
    return [SummarySession(i + 1, date(2026, 8, 31) + timedelta(days=7 * i)) for i in range(n)]


@pytest.mark.pdf_tools
def test_summary_shows_the_rule_marks_counts_and_statuses(tmp_path, reader) -> None:
    out = tmp_path / "summary.pdf"
    assert render_class_summary(SUMMARY, sessions(8), summary_rows(8), printed_at=PRINTED_AT,
                                printed_by="Dana Whitfield", out=out) == 1
    assert reader.page_size(out) == (792.0, 612.0)
    text = flat(reader.pages_text(out)[0])
    assert ("Completes with 6 of 8 sessions attended; late counts as attended, excused absences "
            "do not count.") in text
    assert "Cancelled 10/05/2026 (Lockdown)" in text and "1: 08/31" in text
    assert "DOC number Name 1 2 3 4 5 6 7 8 Attended Status" in text
    assert ("3100000 NGUYỄN, Văn An P P L P A E P P 6 Completed 11/01/2026, certificate "
            "ICVC-JCCC-2026-7K3M9QX2PA") in text
    assert "3100001 ÑÚÑEZ, José P P – – – – – – 6 (4 carried over) Enrolled — eligible" in text
    assert "3100002 SMITH, Robert P A – – – – – – 1 Withdrawn: Moved to another program" in text
    assert "OKAFOR, Emeka P – – – – – – – 1 Transferred to another site" in text
    assert "ИВАНОВ, Пётр – – – – – – – – 0 Waitlisted, #1" in text
    assert ("Totals: 5 on the roster · completed 1 · enrolled 1 (1 eligible to complete) · "
            "waitlisted 1 · withdrawn 1 · transferred 1.") in text
    assert_only_dejavu(reader, out)


@pytest.mark.pdf_tools
def test_a_long_class_prints_marks_as_one_string_per_person(tmp_path, reader) -> None:
    out = tmp_path / "long.pdf"
    render_class_summary(SUMMARY, sessions(30), summary_rows(30), printed_at=PRINTED_AT,
                         printed_by="", out=out)
    text = flat(reader.pages_text(out)[0])
    assert "Attendance, sessions 1–30" in text
    assert "3100000 NGUYỄN, Văn An PPLPA EPPPP LPAEP PPPLP AEPPP PLPAE 6" in text
    assert marks_string(["P", "", "A"]) == "P-A"
