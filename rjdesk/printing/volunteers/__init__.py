"""The volunteers area's printed documents: the coordinator's list of expiring credentials."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from rjdesk.printing.core.documents import SAMPLE, Document, SampleName
from rjdesk.printing.volunteers import expiring


def _expiring_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    """Every case the list prints: expired, expiring soon, and a speaker's missing consent."""
    header = expiring.ExpiringHeader(SAMPLE.site_name, SAMPLE.site_code, 90, SAMPLE.day)
    kinds = ("Background check", "Training: PREA", "Speaker consent")
    lines = []
    for i, n in enumerate(names):
        days = -5 + 20 * i
        missing = i % 3 == 2
        lines.append(expiring.ExpiringLine(
            f"{n.last_name.upper()}, {n.first_name}", SAMPLE.site_code, kinds[i % 3],
            None if missing else SAMPLE.day + timedelta(days=days),
            "Missing" if missing else (f"Expired {-days} days ago" if days < 0
                                       else f"Expires in {days} days"),
            missing or days < 0))
    return {"header": header, "lines": lines, "printed_at": SAMPLE.printed_at,
            "printed_by": SAMPLE.staff}


DOCUMENTS = (
    Document("volunteers-expiring", expiring.TITLE, expiring.render_expiring_list,
             _expiring_sample),
)

__all__ = ["DOCUMENTS"]
