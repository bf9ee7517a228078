"""The page every RJ Desk document is printed on (DESIGN.md §6).

US Letter, half-inch margins, a header with the document's title and the site, a footer with the
site, when it was printed and "Page X of Y", and a confidentiality line on every page of a document
that holds personal data. Documents only supply a story of flowables; this module owns the page.

"Page X of Y" uses the numbered-canvas pattern: each finished page is kept until the build ends,
then all of them are decorated knowing the total. That is one layout pass, not multiBuild's two.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.fonts import (
    FONT_BOLD,
    FONT_FAMILY,
    FONT_ITALIC,
    FONT_REGULAR,
    register_fonts,
)

OFFENDER_NOTICE = (
    "CONFIDENTIAL \u2014 contains personal information of offenders. "
    "Do not leave unattended; shred when no longer needed."
)

MARGIN = 0.5 * inch
HEADER_HEIGHT = 28.0  # title baseline, rule, gap above the frame
FOOTER_HEIGHT = 30.0  # confidentiality line, rule, footer line

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Styles:
    """The paragraph styles documents share, all in the embedded DejaVu family."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    cell_right: ParagraphStyle


def styles() -> Styles:
    """Fresh styles (callers may tweak their copy); registers the fonts if needed."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT_FAMILY, fontSize=10, leading=13)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19,
                             spaceAfter=6),
        heading=ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=11.5,
                               leading=15, spaceBefore=8, spaceAfter=4),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        cell=cell,
        cell_header=ParagraphStyle("cell_header", parent=cell, fontName=FONT_BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: data is never read as markup (a name may hold ``&``, ``<``)."""
    return Paragraph(escape(text), style)


def us_datetime(value: datetime) -> str:
    """``03/14/2026 2:05 PM``, as US staff write it (``%-I`` would not work on Windows)."""
    hour = value.hour % 12 or 12
    return f"{us_date(value)} {hour}:{value:%M} {'AM' if value.hour < 12 else 'PM'}"


@dataclass(frozen=True)
class PageDecor:
    """What is printed around the frame on every page."""

    title: str
    site_name: str
    printed_at: datetime
    printed_by: str
    notice: str | None  # the confidentiality line, or None for a document without personal data


def draw_decor(canv: Canvas, size: tuple[float, float], decor: PageDecor, page: int,
               pages: int) -> None:
    """Header, confidentiality line and footer of one page of ``size`` points."""
    width, height = size
    left, right = MARGIN, width - MARGIN
    canv.saveState()
    canv.setFillColorRGB(0, 0, 0)
    canv.setStrokeColorRGB(0.35, 0.35, 0.35)
    canv.setLineWidth(0.6)

    top = height - MARGIN - 12
    site_width = min(stringWidth(decor.site_name, FONT_REGULAR, 9.5), (right - left) * 0.45)
    _fit_string(canv, left, top, decor.title, FONT_BOLD, 12.5, right - left - site_width - 18)
    _fit_string(canv, right, top, decor.site_name, FONT_REGULAR, 9.5, site_width, anchor="end")
    canv.line(left, top - 6, right, top - 6)

    base = MARGIN
    if decor.notice:
        _draw_notice(canv, (left + right) / 2, base + 17, decor.notice, right - left)
    canv.line(left, base + 10, right, base + 10)
    footer = f"{decor.site_name}  \u00b7  Printed {us_datetime(decor.printed_at)}"
    if decor.printed_by:
        footer += f" by {decor.printed_by}"
    page_of = f"Page {page} of {pages}"
    room = right - left - stringWidth(page_of, FONT_REGULAR, 8) - 18
    _fit_string(canv, left, base, footer, FONT_REGULAR, 8, room)
    canv.setFont(FONT_REGULAR, 8)
    canv.drawRightString(right, base, page_of)
    canv.restoreState()


def _fit_string(canv: Canvas, x: float, y: float, text: str, font: str, size: float,
                max_width: float, anchor: str = "start") -> None:
    """Draw one line, shrunk (down to 70 %) and then cut with an ellipsis, rather than run into
    the other header item."""
    width = stringWidth(text, font, size)
    if width > max_width > 0:
        size = max(size * 0.7, size * max_width / width)
        if stringWidth(text, font, size) > max_width + 0.01:  # not when it merely fits
            while text and stringWidth(text + "\u2026", font, size) > max_width:
                text = text[:-1]
            text = text.rstrip(" ,\u2014") + "\u2026"
    canv.setFont(font, size)
    (canv.drawRightString if anchor == "end" else canv.drawString)(x, y, text)


def _draw_notice(canv: Canvas, x_centre: float, y: float, notice: str, max_width: float) -> None:
    """The notice centred, its first word (e.g. CONFIDENTIAL) bold so it catches the eye."""
    head, sep, tail = notice.partition(" ")
    size = 8.0

    def width_at(s: float) -> float:
        return stringWidth(head, FONT_BOLD, s) + stringWidth(sep + tail, FONT_ITALIC, s)

    if width_at(size) > max_width:
        size *= max_width / width_at(size)
    x = x_centre - width_at(size) / 2
    canv.setFont(FONT_BOLD, size)
    canv.drawString(x, y, head)
    canv.setFont(FONT_ITALIC, size)
    canv.drawString(x + stringWidth(head, FONT_BOLD, size), y, sep + tail)


class NumberedCanvas(Canvas):
    """Holds pages back until ``save`` so each can say "Page X of Y"."""

    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._size: tuple[float, float] = kwargs.get("pagesize") or letter
        self._held: list[dict[str, Any]] = []
        self.page_count = 0

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's, as in its own recipe

    def save(self) -> None:
        held = self._held
        for number, state in enumerate(held, start=1):
            self.__dict__.update(state)  # also brings back the held list itself; harmless
            draw_decor(self, self._size, self._decor, number, len(held))
            super().showPage()
        self._held = []
        self.page_count = len(held)
        super().save()


class _Document(BaseDocTemplate):
    """Reports progress in story units (table rows count one each) so a long list moves the bar."""

    def __init__(self, out: Any, progress: Progress | None, **kwargs: Any) -> None:
        super().__init__(out, **kwargs)
        self._progress = progress
        # id -> (flowable, units from it to the end); holding the flowable keeps its id unique.
        self._suffix: dict[int, tuple[Flowable, int]] = {}
        self.total = 0
        self._story: list[Flowable] = []

    def build_story(self, story: list[Flowable], canvasmaker: Any) -> None:
        remaining = 0
        for flowable in reversed(story):
            remaining += _units(flowable)
            self._suffix[id(flowable)] = (flowable, remaining)
        self.total = remaining
        self._story = story
        if self._progress:
            self._progress(0, self.total)
        self.build(story, canvasmaker=canvasmaker)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        super().handle_flowable(flowables)
        if self._progress and flowables is self._story:  # not the page-start "hanging" list
            self._progress(self.total - self._remaining(flowables), self.total)

    def _remaining(self, flowables: Sequence[Flowable]) -> int:
        """Pieces split off an original flowable sit in front of the story's untouched tail."""
        pieces = 0
        for flowable in flowables:
            original = self._suffix.get(id(flowable))
            if original is not None and original[0] is flowable:
                return pieces + original[1]
            pieces += _units(flowable)
        return pieces


def _units(flowable: Flowable) -> int:
    if isinstance(flowable, Table):
        rows = len(getattr(flowable, "_cellvalues", ()))
        return max(1, rows - flowable.repeatRows)
    return 1


def page_size(landscape: bool = False) -> tuple[float, float]:
    return to_landscape(letter) if landscape else letter


def frame_width(landscape: bool = False) -> float:
    """The width a story's tables should be laid out to."""
    return page_size(landscape)[0] - 2 * MARGIN


def build_document(
    out: str | Path | BinaryIO,
    *,
    title: str,
    site_name: str,
    story: list[Flowable],
    printed_at: datetime,
    confidential: bool,
    landscape: bool = False,
    progress: Progress | None = None,
    author: str = "RJ Desk",
    printed_by: str = "",
    subject: str | None = None,
    notice: str = OFFENDER_NOTICE,
) -> int:
    """Lay ``story`` out on RJ Desk pages, write the PDF to ``out``; return the page count.

    ``progress(done, total)`` is called as the story is laid out; it may raise to cancel the
    build, in which case nothing is written to a path (reportlab writes only at the end).
    """
    register_fonts()
    size = page_size(landscape)
    decor = PageDecor(title, site_name, printed_at, printed_by, notice if confidential else None)
    doc = _Document(
        str(out) if isinstance(out, Path) else out,
        progress,
        pagesize=size,
        leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT, bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=title,
        author=author,
        subject=subject or f"{title} \u2014 {site_name}, printed {us_datetime(printed_at)}",
        creator="RJ Desk",
        lang="en-US",
        initialFontName=FONT_REGULAR,  # else the canvas preamble drags in Helvetica
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="rjdesk", frames=[frame], pagesize=size)])
    doc.build_story(list(story), functools.partial(NumberedCanvas, decor=decor))
    if progress:
        progress(doc.total, doc.total)
    canv = doc.canv
    assert isinstance(canv, NumberedCanvas)
    return canv.page_count


__all__ = [
    "MARGIN",
    "OFFENDER_NOTICE",
    "NumberedCanvas",
    "PageDecor",
    "Styles",
    "build_document",
    "frame_width",
    "page_size",
    "para",
    "styles",
    "us_datetime",
]
