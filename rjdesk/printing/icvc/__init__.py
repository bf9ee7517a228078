"""ICVC's printed documents, declared once: the sign-in sheet, the completion certificates,
the class summary and the reentry list. The self-test and the tests find them here through
``rjdesk.printing.core.documents.documents()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import time, timedelta

from rjdesk.printing.core.documents import SAMPLE, Document, SampleName
from rjdesk.printing.icvc import certificate, reentry, roster, summary

CLASS_TITLE = "ICVC Fall 2026"
LOCATION = "Education building, room 4"


def _listed(n: SampleName) -> str:
    """"LAST, First", as ICVC's lists print a name."""
    return f"{n.last_name.upper()}, {n.first_name}"


def _sign_in_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    header = roster.SignInHeader(CLASS_TITLE, SAMPLE.site_name, SAMPLE.site_code, SAMPLE.staff,
                                 LOCATION, SAMPLE.day, time(9), time(11, 30), "Session 2 of 8",
                                 "Property crime")
    rows = [roster.SignInRow(n.doc_number, _listed(n), f"HU {1 + i}-A")
            for i, n in enumerate(names)]
    return {"header": header, "rows": rows, "printed_at": SAMPLE.printed_at,
            "printed_by": SAMPLE.staff}


def _certificates_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    certificates = [certificate.Certificate(f"{n.first_name} {n.last_name}", n.doc_number,
                                            CLASS_TITLE, SAMPLE.site_name, SAMPLE.staff,
                                            SAMPLE.day, f"ICVC-JCCC-2026-SAMPLE{i:04d}")
                    for i, n in enumerate(names)]
    return {"certificates": certificates, "printed_at": SAMPLE.printed_at}


def _summary_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    header = summary.SummaryHeader(CLASS_TITLE, SAMPLE.site_name, SAMPLE.site_code,
                                   SAMPLE.staff, LOCATION, "running", 6, False)
    sessions = [summary.SummarySession(i + 1, SAMPLE.day + timedelta(weeks=i))
                for i in range(8)]
    rows = [summary.SummaryRow(n.doc_number, _listed(n), ("P", "L", "A") + ("",) * 5, 2, 0,
                               "enrolled") for n in names]
    return {"header": header, "sessions": sessions, "rows": rows,
            "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


def _reentry_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    """Every case the list prints: no class, waiting, seated, and a class ending after release."""
    header = reentry.ReentryHeader(SAMPLE.site_name, SAMPLE.site_code, 180, SAMPLE.day)
    lines = []
    for i, n in enumerate(names):
        days = 2 + 20 * i
        first = SAMPLE.day + timedelta(weeks=4 * (i % 3)) if i % 4 else None
        last = first + timedelta(weeks=7) if first else None
        release = SAMPLE.day + timedelta(days=days)
        lines.append(reentry.ReentryLine(
            n.doc_number, _listed(n), release, days, f"HU {1 + i}-A", SAMPLE.site_code,
            CLASS_TITLE if first else "", waiting=i % 4 == 2, class_first_day=first,
            class_last_day=last, ends_after_release=bool(last and last > release)))
    return {"header": header, "lines": lines, "printed_at": SAMPLE.printed_at,
            "printed_by": SAMPLE.staff}


DOCUMENTS = (
    Document("icvc-sign-in-sheet", "ICVC sign-in sheet", roster.render_sign_in_sheet,
             _sign_in_sample),
    Document("icvc-certificates", "ICVC completion certificates",
             certificate.render_certificates, _certificates_sample),
    Document("icvc-class-summary", summary.TITLE, summary.render_class_summary,
             _summary_sample),
    Document("icvc-reentry-list", reentry.TITLE, reentry.render_reentry_list, _reentry_sample),
)

__all__ = ["DOCUMENTS"]
