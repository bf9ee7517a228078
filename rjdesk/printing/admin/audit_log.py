"""The audit log on paper, for an investigation: the events a filter selected, newest first,
each with who, where, what kind of record and what changed (before → after), and the filter
itself at the top so the paper says what it is a part of. Landscape, so a change reads on one
or two lines."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer

from rjdesk.domain.core.formats import us_date_time
from rjdesk.printing.core.tables import Align, Cell, data_table
from rjdesk.printing.core.template import Progress, build_document, frame_width, para, styles

TITLE = "Audit log"
LANDSCAPE = True
HEADERS = ["When", "User", "Site", "Action", "Record", "What"]
WIDTHS = [0.13, 0.1, 0.06, 0.14, 0.12, 0.45]
ALIGN: list[Align] = ["LEFT"] * 6


@dataclass(frozen=True)
class AuditLine:
    """One event as the service gathered it, in plain words and the workstation's time."""

    at: datetime
    username: str
    site_code: str
    action: str
    record: str
    summary: str


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_audit_log(lines: Iterable[AuditLine], *, scope: str, site_name: str,
                     printed_at: datetime, printed_by: str, out: str | Path | BinaryIO,
                     progress: Progress | None = None) -> int:
    """Write the audit log PDF to ``out`` and return its page count."""
    st = styles()
    events = list(lines)
    rows: list[list[Cell]] = [
        [us_date_time(e.at), _nfc(e.username), _nfc(e.site_code), _nfc(e.action),
         _nfc(e.record), para(_nfc(e.summary), st.cell)] for e in events]
    count = f"{len(events):,} event{'' if len(events) == 1 else 's'}"
    story: list[Flowable] = [
        para(TITLE, st.title),
        para(f"{count}, newest first: {_nfc(scope)}.", st.body),
        Spacer(0, 8),
    ]
    if events:
        story.append(data_table(HEADERS, WIDTHS, rows, frame_width=frame_width(LANDSCAPE),
                                align=ALIGN, text_styles=st))
    else:
        story.append(para("No events match.", st.body))
    return build_document(out, title=TITLE, site_name=_nfc(site_name), story=story,
                          printed_at=printed_at, printed_by=printed_by, confidential=True,
                          landscape=LANDSCAPE, progress=progress)
