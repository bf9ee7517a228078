"""The people list, and the page template, tables, barcodes and fonts under it, read back from
the PDF as a person (pdftotext), a printer (pdffonts) and a scanner (zbarimg at 200 dpi) see it."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from rjdesk import paths
from rjdesk.printing.core import fonts
from rjdesk.printing.core.barcodes import BarcodeValueError, code128, code128_width, qr_code
from rjdesk.printing.core.tables import data_table
from rjdesk.printing.core.template import OFFENDER_NOTICE, build_document, frame_width, para, styles
from rjdesk.printing.people.people_list import PeopleListRow, display_name, render_people_list

if TYPE_CHECKING:
    from tests.printing.conftest import PdfTools

MultiPage = tuple[Path, int, list[PeopleListRow]]

PRINTED_AT = datetime(2026, 3, 14, 14, 5)
SITE = "Algoa Correctional Center"
NOTICE = " ".join(OFFENDER_NOTICE.split())
SHIPPED_FONT = r"[A-Z]{6}\+(DejaVuSans|DejaVuSans-Bold|DejaVuSans-Oblique|DejaVuSansMono)"
HEADER_ROW = "DOC number Name Date of birth Status Projected release Housing unit"

WORLD = [  # (last, first, middle) -> as the list must print it
    (("Nguyễn", "Thị", "Ánh"), "NGUYỄN, Thị Ánh"),
    (("Ñúñez", "José", "Ángel"), "ÑÚÑEZ, José Ángel"),
    (("Иванов", "Сергей", "Петрович"), "ИВАНОВ, Сергей Петрович"),
    (("Παπαδόπουλος", "Γιώργος", "Ελένη"), "ΠΑΠΑΔΌΠΟΥΛΟΣ, Γιώργος Ελένη"),
    (("O'Brien & <Sons>", "Patrick", ""), "O'BRIEN & <SONS>, Patrick"),
]


def person(i: int, last: str = "Smith", first: str = "John", middle: str = "",
           doc: str | None = None) -> PeopleListRow:
    return PeopleListRow(
        doc_number=doc if doc is not None else str(1_000_000 + i * 7919),
        last_name=last, first_name=first, middle_name=middle,
        date_of_birth=date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
        status=("Incarcerated", "Supervised", "Discharged")[i % 3],
        projected_release=date(2027 + i % 5, 6, 30) if i % 4 else None,
        housing_unit=f"HU{1 + i % 6}-{'ABC'[i % 3]}",
    )


def render(tmp_path: Path, rows: list[PeopleListRow], name: str = "people.pdf") -> tuple[Path, int]:
    out = tmp_path / name
    pages = render_people_list(rows, site_name=SITE, site_code="ACC", printed_at=PRINTED_AT,
                               printed_by="jsmith", out=out)
    return out, pages


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def multi_page(tmp_path_factory: pytest.TempPathFactory) -> MultiPage:
    """A list long enough to run over several pages, with names in several scripts."""
    rows = [person(i, *WORLD[i % len(WORLD)][0]) for i in range(70)]
    rows[3] = person(3, doc="523842")  # six-digit DOC numbers still in use
    out, pages = render(tmp_path_factory.mktemp("multi"), rows)
    return out, pages, rows


# --- the people list ------------------------------------------------------------------------

@pytest.mark.pdf_tools
def test_every_page_says_page_n_of_m(multi_page: MultiPage, reader: PdfTools) -> None:
    out, pages, _ = multi_page
    assert pages == reader.page_count(out) >= 3
    texts = reader.pages_text(out)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {pages}"]


@pytest.mark.pdf_tools
def test_header_row_site_date_and_notice_on_every_page(
    multi_page: MultiPage, reader: PdfTools,
) -> None:
    out, _, _ = multi_page
    for text in map(flat, reader.pages_text(out)):
        assert text.count(HEADER_ROW) == 1
        assert NOTICE in text
        assert "Printed 03/14/2026 2:05 PM by jsmith" in text
        assert text.count(SITE) >= 2  # header and footer
        assert "People list — ACC" in text


@pytest.mark.pdf_tools
def test_every_row_is_printed_once_with_its_names_in_their_own_script(
    multi_page: MultiPage, reader: PdfTools,
) -> None:
    out, _, rows = multi_page
    text = flat("\n".join(reader.pages_text(out)))
    for row in rows:
        assert text.count(row.doc_number) == 1
    for _, printed in WORLD:
        assert text.count(printed) == sum(display_name(r) == printed for r in rows) > 0
    assert "Total: 70 people on this list." in text


@pytest.mark.pdf_tools
def test_row_reads_with_us_dates_and_a_dash_for_no_date(tmp_path: Path, reader: PdfTools) -> None:
    row = PeopleListRow("1234567", "Nguyễn", "Thị", "Ánh", date(1985, 7, 4), "Supervised",
                        None, "D&E <3>")
    out, pages = render(tmp_path, [row])
    assert pages == 1
    text = reader.pages_text(out)[0]
    assert "NGUYỄN, Thị Ánh 07/04/1985 Supervised — D&E <3>" in text
    assert "Total: 1 person on this list." in flat(text)


@pytest.mark.pdf_tools
def test_an_empty_list_still_prints_one_page_with_its_header_row(
    tmp_path: Path, reader: PdfTools,
) -> None:
    out, pages = render(tmp_path, [])
    assert pages == 1
    text = flat(reader.pages_text(out)[0])
    assert HEADER_ROW in text and "Total: 0 people on this list." in text


@pytest.mark.pdf_tools
def test_combining_accents_print_as_the_precomposed_name(tmp_path: Path, reader: PdfTools) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert decomposed != "Nguyễn"
    out, _ = render(tmp_path, [person(1, decomposed, "Thị", "")])
    assert "NGUYỄN, Thị" in reader.pages_text(out)[0]


@pytest.mark.pdf_tools
def test_long_names_wrap_in_their_cell_and_are_not_clipped(
    tmp_path: Path, reader: PdfTools,
) -> None:
    last = "Wolfeschlegelsteinhausenbergerdorff-Montgomery"
    first, middle = "Christopher Alexander", "Maximilian Theodore Bartholomew"
    out, _ = render(tmp_path, [person(1, last, first, middle)])
    text = reader.pages_text(out)[0]
    assert re.sub(r"\s", "", text).count(re.sub(r"\s", "", f"{last.upper()},{first}{middle}")) == 1
    assert "\n" in text[text.index("WOLFE"):text.index("Bartholomew")]  # it did wrap


@pytest.mark.pdf_tools
def test_arabic_letters_print_with_dejavu_glyphs(tmp_path: Path, reader: PdfTools) -> None:
    # DejaVu has the glyphs; reportlab without bidi/shaping prints them left to right, unjoined,
    # so only the letters (not their order) are asserted here. See the printing notes.
    last, first = "الحسن", "محمد"
    assert fonts.missing_glyphs(last + first) == set()
    out, _ = render(tmp_path, [person(1, last, first, "")])
    arabic = [ch for ch in reader.pages_text(out)[0] if "\u0600" <= ch <= "\u06ff"]
    assert sorted(arabic) == sorted(last + first)


@pytest.mark.pdf_tools
def test_only_the_shipped_dejavu_fonts_are_embedded(
    multi_page: MultiPage, reader: PdfTools,
) -> None:
    out, _, _ = multi_page
    used = reader.fonts(out)
    assert used, "pdffonts listed no fonts"
    for name, embedded in used:
        assert embedded, f"{name} is not embedded"
        assert re.fullmatch(SHIPPED_FONT, name), f"unexpected font {name}"
    assert {n.split("+")[1] for n, _ in used} >= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"}


@pytest.mark.pdf_tools
def test_barcodes_scan_back_to_the_doc_numbers_at_200_dpi(
    multi_page: MultiPage, reader: PdfTools, tmp_path: Path,
) -> None:
    out, _, rows = multi_page
    decoded = reader.barcodes(out, tmp_path)
    assert sorted(decoded) == sorted(f"CODE-128:{r.doc_number}" for r in rows)


@pytest.mark.pdf_tools
def test_a_doc_number_code128_cannot_carry_prints_as_text_only(
    tmp_path: Path, reader: PdfTools,
) -> None:
    rows = [person(1, doc="12345é7"), person(2, doc="7654321")]
    out, _ = render(tmp_path, rows)
    assert "12345é7" in reader.pages_text(out)[0]
    assert reader.barcodes(out, tmp_path) == ["CODE-128:7654321"]


@pytest.mark.pdf_tools
def test_pdf_metadata_names_the_document(tmp_path: Path, reader: PdfTools) -> None:
    out, _ = render(tmp_path, [person(1)])
    info = reader.info(out)
    assert info["Title"] == "People list — ACC"
    assert info["Author"] == "RJ Desk"
    assert SITE in info["Subject"]
    assert reader.page_size(out) == (612.0, 792.0)


@pytest.mark.pdf_tools
def test_a_thousand_rows_build_completely(tmp_path: Path, reader: PdfTools) -> None:
    # How fast it builds is the machine's as much as the code's: bench/bench_printing.py.
    rows = [person(i, *WORLD[i % len(WORLD)][0]) for i in range(1000)]
    out, pages = render(tmp_path, rows)
    texts = reader.pages_text(out)
    assert len(texts) == pages > 40
    assert f"Page {pages} of {pages}" in texts[-1]
    assert "Total: 1,000 people on this list." in flat(texts[-1])
    assert sum(flat(t).count(HEADER_ROW) for t in texts) == pages


@pytest.mark.slow
@pytest.mark.pdf_tools
def test_every_barcode_of_a_thousand_row_list_scans(tmp_path: Path, reader: PdfTools) -> None:
    # At a 0.8 pt module one barcode in a similar thousand failed at exactly 200 dpi (it depends
    # on where bars fall on the pixel grid), so every position on every page is tried here.
    rows = [person(i, doc=str(1_000_003 + i * 8_999)) for i in range(1000)]
    out, _ = render(tmp_path, rows)
    expected = sorted(f"CODE-128:{r.doc_number}" for r in rows)
    assert sorted(reader.barcodes(out, tmp_path)) == expected


def test_progress_moves_forward_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    render_people_list([person(i) for i in range(200)], site_name=SITE, site_code="ACC",
                       printed_at=PRINTED_AT, printed_by="", out=io.BytesIO(),
                       progress=lambda done, total: calls.append((done, total)))
    totals = {total for _, total in calls}
    assert len(totals) == 1 and totals.pop() >= 200
    done = [d for d, _ in calls]
    assert done[0] == 0 and done[-1] == calls[-1][1]
    assert done == sorted(done)
    assert len(set(done)) > 5  # moves page by page, not only at the start and the end


def test_progress_can_cancel_the_build_without_writing_a_file(tmp_path: Path) -> None:
    class Cancelled(Exception):
        pass

    def cancel_midway(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    out = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        render_people_list([person(i) for i in range(200)], site_name=SITE, site_code="ACC",
                           printed_at=PRINTED_AT, printed_by="", out=out, progress=cancel_midway)
    assert not out.exists()


# --- the building blocks ----------------------------------------------------------------------

@pytest.mark.pdf_tools
def test_landscape_document_without_personal_data_has_no_notice(
    tmp_path: Path, reader: PdfTools,
) -> None:
    out = tmp_path / "plain.pdf"
    pages = build_document(out, title="Class schedule", site_name=SITE,
                           story=[para("Nothing personal here.", styles().body)],
                           printed_at=PRINTED_AT, confidential=False, landscape=True)
    assert pages == 1
    assert reader.page_size(out) == (792.0, 612.0)
    text = flat(reader.pages_text(out)[0])
    assert "Nothing personal here." in text and "Page 1 of 1" in text
    assert "CONFIDENTIAL" not in text


@pytest.mark.pdf_tools
def test_qr_code_and_code128_sit_in_table_cells_and_scan(tmp_path: Path, reader: PdfTools) -> None:
    st = styles()
    slip = "FCC-2026-00042"
    table = data_table(["Slip", "QR", "Note"], [0.35, 0.25, 0.4],
                       [[code128(slip), qr_code("https://example.org/slip/ÀÉ-42"), "Delivered"]],
                       frame_width=frame_width(), text_styles=st)
    out = tmp_path / "cells.pdf"
    build_document(out, title="Delivery slip", site_name=SITE, story=[table],
                   printed_at=PRINTED_AT, confidential=False)
    assert sorted(reader.barcodes(out, tmp_path)) == [
        f"CODE-128:{slip}", "QR-Code:https://example.org/slip/ÀÉ-42"]
    assert code128_width(slip) < frame_width() * 0.35


def test_code128_refuses_values_it_would_silently_mangle() -> None:
    for bad in ["", "12345é7", "line\nbreak"]:
        with pytest.raises(BarcodeValueError):
            code128(bad)


def test_table_checks_its_shape() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        data_table(["A", "B"], [0.5, 0.4], [], frame_width=500)
    with pytest.raises(ValueError, match="Row 2 has 1 cells"):
        data_table(["A", "B"], [0.5, 0.5], [["a", "b"], ["c"]], frame_width=500)


def test_fonts_come_from_the_shipped_files_and_register_once() -> None:
    fonts.register_fonts()
    fonts.register_fonts()
    shipped = paths.fonts_dir().resolve()
    for name, filename in fonts.FONT_FILES.items():
        font = pdfmetrics.getFont(name)
        assert isinstance(font, TTFont)
        assert Path(font.face.filename).resolve() == shipped / filename
    assert fonts.missing_glyphs("Nguyễn Ñúñez Иванов Παπαδόπουλος") == set()
    assert fonts.missing_glyphs("王小明") == {"王", "小", "明"}  # DejaVu has no CJK


def test_a_long_title_never_runs_into_the_site_name(tmp_path, reader):
    from datetime import datetime

    from reportlab.platypus import Paragraph

    from rjdesk.printing.core.template import build_document, styles

    out = tmp_path / "long.pdf"
    title = "Sign-in sheet — ICVC — Reentry Cohort, Fall 2026, Session 1 of 10, 11/12/2026 " * 2
    build_document(out, title=title, site_name="Jefferson City Correctional Center",
                   story=[Paragraph("x", styles().body)], printed_at=datetime(2026, 11, 28),
                   confidential=False)
    text = reader.pages_text(out)[0]
    assert "…" in text and title.strip() not in text  # cut to fit, not run over
    assert "…Jefferson City Correctional Center" in text or \
        "… Jefferson City Correctional Center" in text  # the site name stays whole
