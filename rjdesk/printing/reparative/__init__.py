"""Reparative work's printed documents, declared once (the delivery slip, the reparative
summary, an offender's hours statement)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from rjdesk.printing.core.documents import SAMPLE, Document, SampleName
from rjdesk.printing.reparative import delivery_slip, hours_statement, summary

PROJECTS = ("Quilting circle", "Bicycle shop", "Prison garden")


def _full(n: SampleName) -> str:
    return f"{n.first_name} {n.last_name}"


def _slip_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    lines = (delivery_slip.SlipLine(30, 30, "each", "Quilt", PROJECTS[0]),
             delivery_slip.SlipLine(12, 10, "each", "Refurbished bicycle", PROJECTS[1]),
             delivery_slip.SlipLine(1250.5, 1250.5, "lb", "Fresh produce", PROJECTS[2]))
    slip = delivery_slip.Slip(
        f"{SAMPLE.site_code}-2026-10042", SAMPLE.site_name, SAMPLE.site_code,
        ("8200 No More Victims Road", "Jefferson City, MO 65101"), "Rainbow House Shelter",
        "Shelter", ("1009 Rangeline Street", "Columbia, MO",
                    f"Contact: {_full(names[0])}" if names else "", "573-555-0142"),
        "Delivered", SAMPLE.day, lines, delivered_on=SAMPLE.day + timedelta(days=1),
        # volunteers who drove the van
        delivered_by=", ".join(_full(n) for n in names[1:]))
    return {"slip": slip, "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


def _summary_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    half = max(1, len(names) // 2)
    by_project = (
        summary.HoursLine(f"{PROJECTS[0]} ({SAMPLE.site_code})", 1840.5, 24, 8,
                          "; ".join(_full(n) for n in names[:half])),
        summary.HoursLine(f"{PROJECTS[2]} ({SAMPLE.site_code})", 3120, 0, 0,
                          "; ".join(_full(n) for n in names[half:])),
    )
    months = tuple(summary.HoursLine(f"{m} 2026", 410.5 * (i + 1), 3 * i, i)
                   for i, m in enumerate(("July", "August", "September")))
    data = summary.Summary(
        f"{SAMPLE.site_name} ({SAMPLE.site_code})", SAMPLE.day.replace(month=1, day=1),
        SAMPLE.day, months, by_project, (), 212,
        (summary.ItemLine("Quilt", "each", 40, 30),
         summary.ItemLine("Fresh produce", "lb", 361_000, 355_250.5)),
        (summary.RecipientLine("Shelter", 30, 2),
         summary.RecipientLine("Meals on wheels", 355_250.5, 14)), 361_000)
    return {"summary": data, "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


def _statement_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    statements = [hours_statement.Statement(
        n.doc_number, f"{n.last_name.upper()}, {n.first_name}", SAMPLE.site_name,
        tuple(hours_statement.StatementRow(SAMPLE.day - timedelta(days=d), PROJECTS[d % 3],
                                           SAMPLE.site_code, 6.5 + d % 4,
                                           "Approved" if d % 5 else "Waiting for approval")
              for d in range(1, 9)))
        for n in names]
    return {"statements": statements, "site_name": SAMPLE.site_name,
            "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


DOCUMENTS = (
    Document("reparative-delivery-slip", delivery_slip.TITLE,
             delivery_slip.render_delivery_slip, _slip_sample),
    Document("reparative-summary", summary.TITLE, summary.render_reparative_summary,
             _summary_sample),
    Document("reparative-hours-statement", hours_statement.TITLE,
             hours_statement.render_hours_statements, _statement_sample),
)

__all__ = ["DOCUMENTS"]
