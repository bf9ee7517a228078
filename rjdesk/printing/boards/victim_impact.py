"""The victim impact section of a court report (Sentencing Assessment Report), as RSMo 217.762
lists it: for each victim, who the victim is and how to reach and notify him or her; the
economic loss itemized with its total; the seriousness and permanence of any injury; the
psychological harm; the change in welfare or family relationships; whether counseling was
requested; and how the offender may repair the harm. Or, where there is no statement, that the
victim declined or could not be reached. Who answered is named when it was not the victim
(RSMo 557.026: the immediate family, where the victim died or cannot answer).

A victim in the Address Confidentiality Program (RSMo 589.663) prints with the designated
substitute address alone: no phone, no e-mail. Every page says it names victims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from rjdesk.domain.boards.rules import money
from rjdesk.domain.core.formats import us_date
from rjdesk.printing.boards.parts import facts, labelled_table, nfc, text_block
from rjdesk.printing.core.tables import RULE_COLOR, Align, Cell
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)

TITLE = "Victim impact"
VICTIM_NOTICE = ("CONFIDENTIAL \u2014 names victims of crime. For the court only; never give "
                 "it to the offender. Shred when no longer needed.")
ACP = "Substitute address (ACP)"
ACP_NOTE = ("ACP: the victim is in the Address Confidentiality Program (RSMo 589.663); this is "
            "the designated substitute address, and the only one on file.")


@dataclass(frozen=True)
class VictimLine:
    """One victim's statement, or why there is none."""

    name: str  # "Jane Doe"
    description: str  # "owner of the store"
    address: str  # the substitute address when ``acp``
    acp: bool
    phone: str
    email: str
    notify: str  # "By mail" …
    status: str  # "Statement given" …
    given: bool
    taken_on: date | None = None
    answered_by: str = ""
    answered_relationship: str = ""
    losses: tuple[tuple[str, int], ...] = ()  # (kind, cents), the kinds with an amount
    injury: str = ""
    psychological_harm: str = ""
    welfare_change: str = ""
    counseling_requested: bool = False
    repair: str = ""


@dataclass(frozen=True)
class VictimImpact:
    """A court report's victims as the section prints them (gathered by the service)."""

    site_name: str
    doc_number: str
    offender: str
    court: str
    case_number: str
    officer: str
    due_on: date
    status: str  # "Draft" …
    victims: tuple[VictimLine, ...]


def render_victim_impact(report: VictimImpact, *, printed_at: datetime, printed_by: str,
                         out: str | Path | BinaryIO, progress: Progress | None = None) -> int:
    """Write the section to ``out``; returns the page count."""
    st = styles()
    width = frame_width()
    count = len(report.victims)
    story: list[Flowable] = [
        para(f"{TITLE} \u2014 court report", st.title),
        facts([("Offender", f"{nfc(report.offender)} (DOC {nfc(report.doc_number)})"),
               ("Court and case", f"{nfc(report.court)}, case {nfc(report.case_number)}"),
               ("Officer", report.officer), ("Report due", us_date(report.due_on)),
               ("Report", report.status),
               ("Victims", f"{count} {'victim' if count == 1 else 'victims'}")], st, width),
    ]
    if not report.victims:
        story.append(para("No victim is recorded for this report.", st.body))
    for number, victim in enumerate(report.victims, start=1):
        story += [CondPageBreak(120), Spacer(0, 6),
                  HRFlowable(width="100%", thickness=0.8, color=RULE_COLOR),
                  *_victim(number, victim, st, width)]
    return build_document(out, title=f"{TITLE} \u2014 case {nfc(report.case_number)}",
                          site_name=nfc(report.site_name), story=story, printed_at=printed_at,
                          printed_by=printed_by, confidential=True, notice=VICTIM_NOTICE,
                          progress=progress)


def _victim(number: int, v: VictimLine, st: Styles, width: float) -> list[Flowable]:
    who = nfc(v.name) + (f", {nfc(v.description)}" if nfc(v.description) else "")
    pairs = [(ACP if v.acp else "Address", v.address)]
    if not v.acp:
        pairs += [("Phone", v.phone), ("E-mail", v.email)]
    pairs += [("Notification", v.notify), ("Statement", _statement(v))]
    out: list[Flowable] = [para(f"Victim {number}: {who}", st.heading), facts(pairs, st, width)]
    if v.acp:
        out.append(para(ACP_NOTE, st.small))
    if not v.given:
        return out
    total = sum(c for _, c in v.losses)
    align: list[Align] = ["LEFT", "RIGHT"]
    rows: list[list[Cell]] = [[nfc(kind), money(cents)] for kind, cents in v.losses]
    rows.append([Paragraph("<b>Total economic loss</b>", st.cell),
                 Paragraph(f"<b>{money(total)}</b>", st.cell_right)])
    out.append(KeepTogether([
        para("Economic loss", st.heading),
        labelled_table(f"Victim {number}: {nfc(v.name)}", ["Loss", "Amount"], [0.7, 0.3],
                       rows, st, width * 0.6, align)]))
    for heading, text in (("Physical injury: seriousness and permanence", v.injury),
                          ("Psychological harm", v.psychological_harm),
                          ("Change in welfare or family relationships", v.welfare_change)):
        out.append(KeepTogether([para(heading, st.heading), *text_block(text, st)]))
    out.append(facts([("Counseling requested", "Yes" if v.counseling_requested else "No")],
                     st, width))
    out.append(KeepTogether([para("How the offender may repair the harm", st.heading),
                             *text_block(v.repair, st)]))
    return out


def _statement(v: VictimLine) -> str:
    text = v.status + (f" on {us_date(v.taken_on)}" if v.taken_on else "")
    if nfc(v.answered_by):
        relation = f" ({nfc(v.answered_relationship)})" if nfc(v.answered_relationship) else ""
        text += f"; answered by {nfc(v.answered_by)}{relation}"
    return text
