"""The ICVC completion certificate: one landscape page per person who completed the class.

A parole board, a reentry case manager or an employer is shown this page years later, so it
states plainly who completed what, where and when, and carries the certificate number twice:
printed, and in a QR code that encodes exactly that number for a quick look-up. It is the
person's own document, so it has no confidentiality line and no "page X of Y": each page stands
alone. Names print in their own script (embedded DejaVu), in the order the person writes them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from rjdesk.printing.core.barcodes import qr_code
from rjdesk.printing.core.fonts import (
    FONT_BOLD,
    FONT_ITALIC,
    FONT_MONO,
    FONT_REGULAR,
    register_fonts,
)
from rjdesk.printing.core.template import Progress, us_datetime

DEPARTMENT = "Missouri Department of Corrections"
HEADING = "Certificate of Completion"
PROGRAM = "Impact of Crime on Victims Class"
PAGE = landscape(letter)
INK = Color(0.11, 0.20, 0.36)  # a dark navy: dignified, and black enough on any printer
GREY = Color(0.35, 0.35, 0.35)
QR_SIZE = 1.05 * inch
NAME_SIZE = 30.0
NAME_MIN_SIZE = 22.0  # below this a name goes on two lines


@dataclass(frozen=True)
class Certificate:
    """One completion, as the service gathered it (no ORM objects reach printing)."""

    name: str  # as the person writes it: "Văn An Nguyễn"
    doc_number: str
    class_title: str
    site_name: str
    facilitator: str
    completed_on: date
    certificate_number: str


def long_date(value: date) -> str:
    """``October 30, 2026`` (``%-d`` would not work on Windows)."""
    return f"{value:%B} {value.day}, {value.year}"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_certificates(
    certificates: Sequence[Certificate],
    *,
    printed_at: datetime,
    out: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write one certificate per page to ``out``; return the page count.

    ``progress(done, total)`` may raise to cancel; reportlab writes nothing until the end.
    """
    if not certificates:
        raise ValueError("No certificates to print.")
    register_fonts()
    one = len(certificates) == 1
    title = (f"ICVC certificate \u2014 {_nfc(certificates[0].name)}" if one
             else f"ICVC certificates ({len(certificates)})")
    canv = Canvas(str(out) if isinstance(out, Path) else out, pagesize=PAGE,
                  initialFontName=FONT_REGULAR,  # type: ignore[arg-type]  # reportlab's stub says float; it takes a font name
                  lang="en-US")
    canv.setTitle(title)
    canv.setAuthor("RJ Desk")
    canv.setCreator("RJ Desk")
    canv.setSubject(f"{PROGRAM}, printed {us_datetime(printed_at)}")
    total = len(certificates)
    if progress:
        progress(0, total)
    for done, certificate in enumerate(certificates, start=1):
        _draw(canv, certificate)
        canv.showPage()
        if progress:
            progress(done, total)
    canv.save()
    return total


def _draw(canv: Canvas, c: Certificate) -> None:
    width, height = PAGE
    centre = width / 2
    room = width - 2.2 * inch
    _border(canv, width, height)

    canv.setFillColor(INK)
    _centred(canv, DEPARTMENT.upper(), FONT_BOLD, 15, centre, height - 1.35 * inch, room,
             spacing=2.0)
    canv.setStrokeColor(INK)
    canv.setLineWidth(0.8)
    canv.line(centre - 1.6 * inch, height - 1.55 * inch, centre + 1.6 * inch,
              height - 1.55 * inch)
    _centred(canv, HEADING, FONT_BOLD, 34, centre, height - 2.2 * inch, room)
    _centred(canv, PROGRAM, FONT_REGULAR, 17, centre, height - 2.6 * inch, room)

    canv.setFillColor(GREY)
    _centred(canv, "This certifies that", FONT_ITALIC, 12, centre, height - 3.15 * inch, room)
    canv.setFillColorRGB(0, 0, 0)
    _name(canv, _nfc(c.name), centre, height - 3.9 * inch, room)
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.5)
    canv.line(centre - 3.2 * inch, height - 4.03 * inch, centre + 3.2 * inch,
              height - 4.03 * inch)
    _centred(canv, f"DOC number {_nfc(c.doc_number)}", FONT_REGULAR, 11.5, centre,
             height - 4.3 * inch, room)
    _centred(canv, f"has completed {_nfc(c.class_title)}", FONT_REGULAR, 13, centre,
             height - 4.75 * inch, room)
    _centred(canv, f"at {_nfc(c.site_name)} on {long_date(c.completed_on)}", FONT_REGULAR, 13,
             centre, height - 5.05 * inch, room)
    _signature(canv, _nfc(c.facilitator), 1.3 * inch, 1.35 * inch)
    _number(canv, c.certificate_number, width - 1.1 * inch, 0.95 * inch)


def _name(canv: Canvas, name: str, centre: float, y: float, room: float) -> None:
    """The name large on one line; a very long one on two lines rather than in small type."""
    size = min(NAME_SIZE, NAME_SIZE * room / max(stringWidth(name, FONT_BOLD, NAME_SIZE), 1.0))
    words = name.split()
    if size >= NAME_MIN_SIZE or len(words) < 2:
        _centred(canv, name, FONT_BOLD, size, centre, y, room)
        return
    # Break where the two lines come out most even; the second sits on the usual baseline.
    cut = min(range(1, len(words)), key=lambda i: abs(
        stringWidth(" ".join(words[:i]), FONT_BOLD, 10) -
        stringWidth(" ".join(words[i:]), FONT_BOLD, 10)))
    lines = [" ".join(words[:cut]), " ".join(words[cut:])]
    widest = max(stringWidth(line, FONT_BOLD, NAME_MIN_SIZE) for line in lines)
    size = min(NAME_MIN_SIZE, NAME_MIN_SIZE * room / widest)
    _centred(canv, lines[0], FONT_BOLD, size, centre, y + size * 1.15, room)
    _centred(canv, lines[1], FONT_BOLD, size, centre, y, room)


def _border(canv: Canvas, width: float, height: float) -> None:
    """A heavy outer and a fine inner rule, with small corner squares between them."""
    canv.saveState()
    canv.setStrokeColor(INK)
    outer, inner = 0.45 * inch, 0.58 * inch
    canv.setLineWidth(3)
    canv.rect(outer, outer, width - 2 * outer, height - 2 * outer)
    canv.setLineWidth(0.8)
    canv.rect(inner, inner, width - 2 * inner, height - 2 * inner)
    canv.setFillColor(INK)
    mid, side = (outer + inner) / 2, 5.0
    for x in (mid, width - mid):
        for y in (mid, height - mid):
            canv.rect(x - side / 2, y - side / 2, side, side, stroke=0, fill=1)
    canv.restoreState()


def _signature(canv: Canvas, facilitator: str, left: float, y: float) -> None:
    """A line to sign on, the facilitator's name printed under it."""
    length = 3.2 * inch
    canv.setStrokeColorRGB(0, 0, 0)
    canv.setLineWidth(0.7)
    canv.line(left, y, left + length, y)
    canv.setFillColorRGB(0, 0, 0)
    _centred(canv, facilitator, FONT_REGULAR, 11.5, left + length / 2, y - 15, length)
    canv.setFillColor(GREY)
    _centred(canv, "ICVC Facilitator", FONT_ITALIC, 9, left + length / 2, y - 28, length)


def _number(canv: Canvas, number: str, right: float, bottom: float) -> None:
    """The QR code in the lower right corner, the number it encodes printed beneath."""
    qr = qr_code(number, size=QR_SIZE)
    qr.drawOn(canv, right - QR_SIZE, bottom + 14)
    canv.setFillColorRGB(0, 0, 0)
    canv.setFont(FONT_MONO, 8.5)
    canv.drawRightString(right, bottom + 4, number)
    canv.setFillColor(GREY)
    canv.setFont(FONT_ITALIC, 8)
    canv.drawRightString(right - QR_SIZE - 6, bottom + 14 + QR_SIZE / 2 - 3, "Certificate no.")


def _centred(canv: Canvas, text: str, font: str, size: float, x: float, y: float,
             max_width: float, *, spacing: float = 0.0) -> None:
    """One line, shrunk to ``max_width`` if need be: a long name still fits the page whole."""
    def measured(s: float) -> float:
        return stringWidth(text, font, s) + spacing * max(0, len(text) - 1)

    if measured(size) > max_width:
        spacing = 0.0
        size = size * max_width / max(measured(size), 1.0)
    canv.setFont(font, size)
    if spacing:
        start = x - measured(size) / 2
        canv.drawString(start, y, text, charSpace=spacing)
    else:
        canv.drawCentredString(x, y, text)
