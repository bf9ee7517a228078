"""The test area's printed documents: one notice, declared the way every area declares its
documents, so the tests can show a new area's papers are found and checked with no list kept
elsewhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable

from rjdesk.printing.core.documents import SAMPLE, Document, SampleName
from rjdesk.printing.core.template import build_document, para, styles

TITLE = "Test area notice"


def render_notice(names: Sequence[str], *, site_name: str, printed_at: datetime,
                  out: str | Path | BinaryIO) -> int:
    """One line per name under a title: the least a document prints."""
    st = styles()
    story: list[Flowable] = [para(TITLE, st.title), *(para(name, st.body) for name in names)]
    return build_document(out, title=TITLE, site_name=site_name, story=story,
                          printed_at=printed_at, printed_by="", confidential=True)


def _sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    return {"names": [f"{n.first_name} {n.last_name}" for n in names],
            "site_name": SAMPLE.site_name, "printed_at": SAMPLE.printed_at}


DOCUMENTS = (Document("test-area-notice", TITLE, render_notice, _sample),)
