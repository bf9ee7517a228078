"""The administrators' printed documents, declared once: the self-test and the tests find them
here through ``rjdesk.printing.core.documents.documents()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from rjdesk.printing.admin.audit_log import TITLE, AuditLine, render_audit_log
from rjdesk.printing.core.documents import SAMPLE, Document, SampleName


def _audit_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    """A person's record changed field by field, viewed and printed."""
    lines = [AuditLine(SAMPLE.printed_at - timedelta(minutes=7 * i), "dwhitfield",
                       SAMPLE.site_code, "Changed", "Person",
                       f"{n.doc_number} {n.last_name}, {n.first_name}: housing unit: "
                       f"HU {i}-A → HU {i + 1}-B; notes: (blank) → Moved for work")
             for i, n in enumerate(names)]
    return {"lines": lines, "scope": f"site {SAMPLE.site_code}", "site_name": SAMPLE.site_name,
            "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


DOCUMENTS = (
    Document("audit-log", TITLE, render_audit_log, _audit_sample),
)

__all__ = ["DOCUMENTS"]
