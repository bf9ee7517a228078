"""The boards' printed documents, declared once: the board's report to the court, the
reparative agreement for signature, a meeting's agenda and minutes, and the victim impact
section of a court report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from rjdesk.printing.boards import agreement, board_report, meeting, victim_impact
from rjdesk.printing.core.documents import SAMPLE, Document, SampleName

BOARD = "Probation and Parole District 1 Reparation Board"
SITE = "Probation and Parole District 1 - St. Joseph"
COURT = "Buchanan County Circuit Court"
HARM = ("The store's front window was broken and goods taken; the owner closed for two days.\n\n"
        "Neighbors said they no longer felt safe walking past at night.")


def _formal(n: SampleName) -> str:
    return f"{n.last_name.upper()}, {n.first_name}"


def _full(n: SampleName) -> str:
    return f"{n.first_name} {n.last_name}"


def _tasks(day: date) -> tuple[board_report.TaskLine, ...]:
    return (
        board_report.TaskLine("Apology letter", "A letter of apology, screened first",
                              day + timedelta(days=30), day + timedelta(days=21), False),
        board_report.TaskLine("Community service", "At the county food pantry",
                              day + timedelta(days=90), None, False, hours_required=40,
                              hours_done=12.5),
        board_report.TaskLine("Restitution", "For the broken window",
                              day + timedelta(days=60), None, True, amount_cents=120_000,
                              paid_cents=30_000),
        board_report.TaskLine("Essay", "What the offense did to the neighborhood",
                              day + timedelta(days=45), None, False),
    )


def _report_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    day = SAMPLE.day - timedelta(days=70)
    first, officer, *members = names or [SampleName("1000001", "Doe", "John")] * 2
    hearings = (
        board_report.HearingLine(day, "First meeting", "Agreement signed; four tasks.",
                                 tuple(_formal(m) for m in members)),
        board_report.HearingLine(day + timedelta(days=35), "Mid-term review",
                                 "Restitution behind: the board set a payment plan of $100.00 "
                                 "a week.", tuple(_formal(m) for m in members[:3])),
    )
    report = board_report.BoardReport(
        SITE, BOARD, first.doc_number, _formal(first), COURT, "24BU-CR01234", "Burglary 2nd "
        "degree", _full(officer), day - timedelta(days=30), "In progress", day, ("Employment",
                                                                             "Substance use"),
        "Works part time; attends an outpatient program.", HARM, day, _tasks(day), hearings,
        "")
    return {"report": report, "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


def _agreement_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    day = SAMPLE.day
    tasks = tuple(agreement.AgreementTask(t.kind, t.description, t.due_on, t.hours_required,
                                          t.amount_cents) for t in _tasks(day))
    chair = _full(names[-1]) if names else ""
    agreements = [agreement.Agreement(BOARD, n.doc_number, _formal(n), COURT,
                                      f"24BU-CR0{1234 + i}", "Property damage", day, tasks,
                                      chair)
                  for i, n in enumerate(names)]
    return {"agreements": agreements or [agreement.Agreement(
        BOARD, "1000001", "DOE, John", COURT, "24BU-CR01234", "Theft", None, tasks)],
        "site_name": SITE, "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


def _meeting(names: Sequence[SampleName], minutes: str) -> meeting.MeetingPaper:
    half = max(1, len(names) // 2)
    purposes = ("First meeting", "Mid-term review", "Closing meeting")
    cases = tuple(meeting.CaseLine(n.doc_number, _formal(n), f"24BU-CR0{1234 + i}",
                                   purposes[i % 3],
                                   "Agreement signed." if minutes else "")
                  for i, n in enumerate(names[:half]))
    members = tuple(meeting.MemberLine(_formal(n), chair=i == 0,
                                       problem="has not completed the board training"
                                       if i == 2 and not minutes else "")
                    for i, n in enumerate(names[half:]))
    return meeting.MeetingPaper(SITE, BOARD, SAMPLE.day, "18:30",
                                "Buchanan County Courthouse, room 204",
                                "Held" if minutes else "Planned", members, cases, 3, minutes)


def _agenda_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    return {"meeting": _meeting(names, ""), "printed_at": SAMPLE.printed_at,
            "printed_by": SAMPLE.staff}


def _minutes_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    text = ("The chair opened the meeting at 6:32 PM.\n\nThe board heard each case; members "
            "asked about work and school.\nThe meeting closed at 8:05 PM.")
    return {"meeting": _meeting(names, text), "printed_at": SAMPLE.printed_at,
            "printed_by": SAMPLE.staff}


def _impact_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    first, *victims = names or [SampleName("1000001", "Doe", "John")]
    lines = []
    for i, n in enumerate(victims):
        given = i % 3 != 2
        lines.append(victim_impact.VictimLine(
            _full(n), "owner of the store" if i == 0 else "neighbor",
            "P.O. Box 257, Jefferson City, MO 65102" if i == 1 else "1200 Frederick Ave, "
            "St. Joseph, MO 64501", i == 1, "816-555-0142", "victim@example.org", "By mail",
            "Statement given" if given else "Could not be reached", given,
            SAMPLE.day - timedelta(days=10) if given else None,
            f"{n.first_name} {n.last_name} Jr." if i == 3 else "",
            "son" if i == 3 else "",
            (("Property", 98_500), ("Lost wages", 32_000), ("Counseling", 15_000)) if given
            else (), "Cuts to the hands, healed; no lasting injury." if given else "",
            "Trouble sleeping; afraid to open the store alone." if given else "",
            "Works fewer hours; the family helps at the store." if given else "",
            i == 0, "Repair the window and speak with the owner." if given else ""))
    report = victim_impact.VictimImpact(
        SITE, first.doc_number, _formal(first), COURT, "24BU-CR01234", SAMPLE.staff,
        SAMPLE.day + timedelta(days=14), "Draft", tuple(lines))
    return {"report": report, "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


DOCUMENTS = (
    Document("boards-report", board_report.TITLE, board_report.render_board_report,
             _report_sample),
    Document("boards-agreement", agreement.TITLE, agreement.render_agreements,
             _agreement_sample),
    Document("boards-agenda", meeting.AGENDA_TITLE, meeting.render_agenda, _agenda_sample),
    Document("boards-minutes", meeting.MINUTES_TITLE, meeting.render_minutes,
             _minutes_sample),
    Document("boards-victim-impact", victim_impact.TITLE, victim_impact.render_victim_impact,
             _impact_sample),
)

__all__ = ["DOCUMENTS"]
