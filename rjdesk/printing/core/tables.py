"""Data tables for rosters and lists: the header row on every page, zebra rows, wrapping cells.

A cell is text (wrapped in its column, never clipped, so a long name in any script stays whole)
or a flowable — a barcode, a QR code, a list of flowables stacked — placed as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, TypeAlias

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, LongTable, Table, TableStyle

from rjdesk.printing.core.fonts import FONT_REGULAR
from rjdesk.printing.core.template import Styles, para
from rjdesk.printing.core.template import styles as default_styles

Cell: TypeAlias = str | Flowable | Sequence[Flowable] | None
Align = Literal["LEFT", "CENTER", "RIGHT"]

HEADER_BACKGROUND = colors.Color(0.82, 0.85, 0.89)
ZEBRA_BACKGROUND = colors.Color(0.94, 0.95, 0.96)  # light enough for barcodes on it to scan
RULE_COLOR = colors.Color(0.55, 0.58, 0.62)

_TEXT_ALIGN: dict[str, Literal[0, 1, 2]] = {
    "LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT,
}


def column_widths(fractions: Sequence[float], frame_width: float) -> list[float]:
    """Points from fractions of the frame; fractions must add up to 1 (a typo shows up here)."""
    total = sum(fractions)
    if not 0.999 <= total <= 1.001 or any(f <= 0 for f in fractions):
        raise ValueError(f"Column fractions must be positive and add up to 1, not {total:.4f}.")
    return [frame_width * f for f in fractions]


def data_table(
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence[Cell]],
    *,
    frame_width: float,
    align: Sequence[Align] | None = None,
    text_styles: Styles | None = None,
    zebra: bool = True,
) -> Table:
    """A table that splits across pages with ``headers`` repeated at the top of each.

    ``widths`` are fractions of ``frame_width`` (see :func:`column_widths`). ``align`` sets each
    column's horizontal alignment, for text and flowables alike.
    """
    if len(widths) != len(headers):
        raise ValueError(f"{len(headers)} headers but {len(widths)} column widths.")
    aligns: Sequence[Align] = align or ["LEFT"] * len(headers)
    if len(aligns) != len(headers):
        raise ValueError(f"{len(headers)} headers but {len(aligns)} alignments.")
    st = text_styles or default_styles()
    header_styles = [_aligned(st.cell_header, a) for a in aligns]
    cell_styles = [_aligned(st.cell, a) for a in aligns]

    data: list[list[Cell]] = [[para(h, s) for h, s in zip(headers, header_styles, strict=True)]]
    for number, row in enumerate(rows, start=1):
        if len(row) != len(headers):
            raise ValueError(f"Row {number} has {len(row)} cells, expected {len(headers)}.")
        data.append([_cell(value, s) for value, s in zip(row, cell_styles, strict=True)])

    # LongTable stops measuring rows once a page is full: splitting stays linear in the rows.
    table = LongTable(data, colWidths=column_widths(widths, frame_width), repeatRows=1,
                      hAlign="LEFT")
    table.setStyle(_table_style(aligns, zebra))
    return table


def _cell(value: Cell, style: ParagraphStyle) -> Cell:
    if value is None:
        return ""
    if isinstance(value, str):
        return para(value, style) if value else ""
    return value


def _aligned(style: ParagraphStyle, align: Align) -> ParagraphStyle:
    if _TEXT_ALIGN[align] == style.alignment:
        return style
    return ParagraphStyle(f"{style.name}-{align.lower()}", parent=style,
                          alignment=_TEXT_ALIGN[align])


def _table_style(aligns: Sequence[Align], zebra: bool) -> TableStyle:
    commands: list[Any] = [
        # Plain-string cells (even empty ones) would otherwise pull in unembedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE_COLOR),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE_COLOR),
    ]
    for column, align in enumerate(aligns):
        commands.append(("ALIGN", (column, 0), (column, -1), align))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_BACKGROUND]))
    return TableStyle(commands)
