"""Barcodes staff scan back into RJ Desk: Code 128 for DOC and slip numbers, QR for longer data.

Both are ordinary flowables with a fixed size, so they sit in a table cell like a paragraph.
The Code 128 module (narrowest bar) is 0.9 pt, 12.5 mil, 2.5 pixels in a 200 dpi render or
scan: at 0.8 pt one barcode in a thousand failed to decode at exactly 200 dpi, at 0.65 pt most
did. A 7-digit DOC number is then 99 pt wide with its quiet zones.
"""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import getAscent, getDescent, stringWidth
from reportlab.platypus import Flowable

from rjdesk.printing.core.fonts import FONT_MONO, register_fonts

MODULE = 0.9  # points per Code 128 module
BAR_HEIGHT = 0.25 * inch  # the usual minimum for a handheld scanner's line
QUIET_MODULES = 10  # Code 128's required quiet zone on either side
TEXT_GAP = 2.0


class BarcodeValueError(ValueError):
    """The value cannot be carried by this symbology (e.g. a non-ASCII character in Code 128)."""


def _check_code128(value: str) -> str:
    if not value:
        raise BarcodeValueError("A barcode needs a value.")
    bad = [ch for ch in value if not " " <= ch <= "~"]
    if bad:
        # reportlab would silently drop these, printing a barcode that scans as something else.
        raise BarcodeValueError(f"Code 128 cannot carry {''.join(bad)!r} in {value!r}.")
    return value


class Code128Barcode(Flowable):
    """Code 128 bars with the value printed under them, for eyes and for text search.

    The flowable's width includes the quiet zones, so neighbouring cell content never touches
    the bars; its size is fixed, so place it in a column at least :attr:`width` wide.
    """

    def __init__(self, value: str, *, module: float = MODULE, bar_height: float = BAR_HEIGHT,
                 font_size: float = 7.5, human_readable: bool = True) -> None:
        super().__init__()
        register_fonts()
        self.value = _check_code128(value)
        quiet = QUIET_MODULES * module
        self._bars = Code128(self.value, barWidth=module, barHeight=bar_height,
                             quiet=1, lquiet=quiet, rquiet=quiet)
        self._bars_width = float(self._bars.width)  # property: computes the symbol once
        self.bar_height = bar_height
        self.font_size = font_size
        self.human_readable = human_readable
        self._text_depth = 0.0
        if human_readable:
            ascent = getAscent(FONT_MONO, font_size)
            self._text_depth = ascent - getDescent(FONT_MONO, font_size) + TEXT_GAP
        self.width = self._bars_width
        self.height = bar_height + self._text_depth

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self._bars.drawOn(self.canv, 0, self._text_depth)
        if self.human_readable:
            size = self.font_size
            # Keep long values inside the quiet zones rather than over the next cell.
            text_width = stringWidth(self.value, FONT_MONO, size)
            if text_width > self.width:
                size *= self.width / text_width
            self.canv.setFont(FONT_MONO, size)
            self.canv.drawCentredString(self.width / 2, -getDescent(FONT_MONO, size), self.value)

    def __repr__(self) -> str:
        return f"Code128Barcode({self.value!r})"


def code128(value: str, **options: float | bool) -> Code128Barcode:
    """A Code 128 barcode flowable for a DOC number, slip number or other ASCII value."""
    return Code128Barcode(value, **options)  # type: ignore[arg-type]  # reportlab: untyped kwargs


def code128_width(value: str, module: float = MODULE) -> float:
    """Width of the symbol with its quiet zones, for sizing a table column before building it."""
    quiet = QUIET_MODULES * module
    bars = Code128(_check_code128(value), barWidth=module, quiet=1, lquiet=quiet, rquiet=quiet)
    return float(bars.width)


def qr_code(value: str, size: float = 0.9 * inch, level: str = "M") -> Flowable:
    """A square QR code (with its 4-module quiet zone) for a value too long for Code 128.

    Text is encoded as UTF-8, so it may hold any script. Level M survives a smudge or a fold.
    """
    if not value:
        raise BarcodeValueError("A QR code needs a value.")
    if level not in {"L", "M", "Q", "H"}:
        raise BarcodeValueError(f"Unknown QR error-correction level {level!r}.")
    return QrCode(value, width=size, height=size, qrLevel=level, qrBorder=4)
