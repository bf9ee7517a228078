"""Pieces the boards' papers share: a case's facts as label and value, free text kept in its
paragraphs, a table whose first rows (what the table is, its column names) repeat on each page,
and signature lines that stay together."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from rjdesk.printing.core.fonts import FONT_REGULAR
from rjdesk.printing.core.tables import (
    HEADER_BACKGROUND,
    RULE_COLOR,
    ZEBRA_BACKGROUND,
    Align,
    Cell,
    column_widths,
)
from rjdesk.printing.core.template import Styles, para

#: The line a person signs or writes on.
RULE = "_" * 34
SHORT_RULE = "_" * 14


def nfc(text: str | None) -> str:
    """Text as typed, composed (a name typed with combining accents prints as one glyph)."""
    return unicodedata.normalize("NFC", (text or "").strip())


def facts(pairs: Sequence[tuple[str, str]], st: Styles, width: float,
          label_share: float = 0.24) -> Table:
    """Label and value, one pair a row; a pair with no value prints a dash."""
    label = ParagraphStyle("fact-label", parent=st.cell_header)
    rows = [[para(k, label), para(nfc(v) or "\u2014", st.cell)] for k, v in pairs]
    table = Table(rows, colWidths=[width * label_share, width * (1 - label_share)],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE_COLOR),
    ]))
    return table


def text_block(text: str, st: Styles, empty: str = "None recorded.") -> list[Flowable]:
    """Free text as its writer laid it out: one paragraph for each paragraph typed."""
    parts = [p for p in (nfc(chunk) for chunk in nfc(text).split("\n\n")) if p]
    if not parts:
        return [Paragraph(f"<i>{escape(empty)}</i>", st.body)]
    spaced = ParagraphStyle("text-block", parent=st.body, spaceAfter=4)
    return [Paragraph(escape(p).replace("\n", "<br/>"), spaced) for p in parts]


def labelled_table(label: str, headers: Sequence[str], widths: Sequence[float],
                   rows: Sequence[Sequence[Cell]], st: Styles, width: float,
                   align: Sequence[Align] | None = None) -> LongTable:
    """A table whose label row and header row repeat at the top of every page it spans, so a
    loose page still says what it lists."""
    aligns: Sequence[Align] = align or ["LEFT"] * len(headers)
    right_header = ParagraphStyle("cell-header-right", parent=st.cell_header,
                                  alignment=st.cell_right.alignment)
    data: list[list[Cell]] = [
        [Paragraph(f"<b>{escape(label)}</b>", st.cell), *[""] * (len(headers) - 1)],
        [para(h, right_header if a == "RIGHT" else st.cell_header)
         for h, a in zip(headers, aligns, strict=True)],
    ]
    for row in rows:
        data.append([para(v, st.cell_right if a == "RIGHT" else st.cell)
                     if isinstance(v, str) and v else (v or "")
                     for v, a in zip(row, aligns, strict=True)])
    table = LongTable(data, colWidths=column_widths(widths, width), repeatRows=2,
                      hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("SPAN", (0, 0), (-1, 0)),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 1), (-1, 1), HEADER_BACKGROUND),
        ("LINEBELOW", (0, 1), (-1, 1), 0.8, RULE_COLOR),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE_COLOR),
        ("ROWBACKGROUNDS", (0, 2), (-1, -1), ["white", ZEBRA_BACKGROUND]),
    ]))
    return table


def signatures(lines: Sequence[tuple[str, str]], st: Styles, width: float,
               heading: str = "Signatures") -> KeepTogether:
    """A signature line and a date line for each (role, printed name), kept on one page."""
    rows: list[list[Cell]] = []
    for role, name in lines:
        who = f"{role}: {nfc(name)}" if nfc(name) else f"{role} (print name): {RULE}"
        rows.append([para(RULE, st.body), para(SHORT_RULE, st.body)])
        rows.append([para(who, st.small), para("Date", st.small)])
    table = Table(rows, colWidths=[width * 0.62, width * 0.38], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        *[("TOPPADDING", (0, r), (-1, r), 22) for r in range(0, len(rows), 2)],
        *[("BOTTOMPADDING", (0, r), (-1, r), 0) for r in range(0, len(rows), 2)],
    ]))
    return KeepTogether([para(heading, st.heading), Spacer(0, 2), table])
