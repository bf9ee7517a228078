"""A board meeting's agenda and minutes read back: when and where, who is expected and who may
not sit, the cases and their purpose; who was present, the quorum, each decision, the text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rjdesk.printing.boards.meeting import (
    CaseLine,
    MeetingPaper,
    MemberLine,
    clock,
    render_agenda,
    render_minutes,
)

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

PRINTED_AT = datetime(2026, 10, 1, 9, 15)


def flat(text: str) -> str:
    return " ".join(text.split())


def meeting(**kw) -> MeetingPaper:
    values = dict(site_name="Probation and Parole District 1 - St. Joseph",
                  board_name="St. Joseph Reparation Board", held_on=date(2026, 10, 5),
                  starts_at="18:30", location="Courthouse, room 204", status="Planned",
                  members=(MemberLine("REYES, Marisol", chair=True),
                           MemberLine("Ștefan, Ion"),
                           MemberLine("O'BRIEN & <SONS>, Pat",
                                      problem="has not completed the board training")),
                  cases=(CaseLine("1000001", "NGUYỄN, Văn An", "24BU-CR01234",
                                  "Mid-term review", "Keep going."),
                         CaseLine("1000003", "OKAFOR, Cyril", "24BU-CR05678",
                                  "First meeting")),
                  quorum=3)
    values.update(kw)
    return MeetingPaper(**values)


def test_a_time_reads_as_us_staff_say_it() -> None:
    assert [clock(t) for t in ("18:30", "00:05", "12:00", "9:15", "noon", "25:00")] == [
        "6:30 PM", "12:05 AM", "12:00 PM", "9:15 AM", "noon", "25:00"]


@pytest.mark.pdf_tools
def test_the_agenda_says_who_may_sit_and_what_is_heard(tmp_path: Path,
                                                       reader: PdfTools) -> None:
    out = tmp_path / "agenda.pdf"
    assert render_agenda(meeting(), printed_at=PRINTED_AT, printed_by="Ada", out=out) == 1
    text = flat(reader.pages_text(out)[0])
    assert "Date and time 10/05/2026 at 6:30 PM Place Courthouse, room 204" in text
    assert "REYES, Marisol (chair)" in text
    assert "O'BRIEN & <SONS>, Pat — cannot sit: has not completed the board training" in text
    assert "2 of 3 may sit; the board decides with 3 present." in text
    assert "# DOC Offender Case Purpose" in text
    assert "1 1000001 NGUYỄN, Văn An 24BU-CR01234 Mid-term review" in text
    assert "Keep going." not in text  # decisions belong to the minutes
    empty = tmp_path / "empty.pdf"
    render_agenda(meeting(cases=(), members=(), starts_at=""), printed_at=PRINTED_AT,
                  printed_by="Ada", out=empty)
    text = flat(reader.pages_text(empty)[0])
    assert "Date and time 10/05/2026 Place" in text
    assert "No member's term covers this day." in text and "No case is on the agenda." in text


@pytest.mark.pdf_tools
def test_the_minutes_say_whether_the_board_had_its_quorum(tmp_path: Path,
                                                          reader: PdfTools) -> None:
    held = meeting(status="Held", members=(MemberLine("REYES, Marisol"),
                                           MemberLine("Ștefan, Ion")),
                   minutes="Opened at 6:32 PM.\n\nClosed at 8:05 PM.")
    out = tmp_path / "minutes.pdf"
    render_minutes(held, printed_at=PRINTED_AT, printed_by="Ada", out=out)
    text = flat(reader.pages_text(out)[0])
    assert "Quorum No — 2 present, 3 needed" in text
    assert "1000001 NGUYỄN, Văn An 24BU-CR01234 Mid-term review Keep going." in text
    assert "1000003 OKAFOR, Cyril 24BU-CR05678 First meeting No decision recorded" in text
    assert "Minutes Opened at 6:32 PM. Closed at 8:05 PM." in text
    full = tmp_path / "full.pdf"
    render_minutes(meeting(status="Held", minutes=""), printed_at=PRINTED_AT,
                   printed_by="Ada", out=full)
    text = flat(reader.pages_text(full)[0])
    assert "Quorum Yes — 3 present, 3 needed" in text and "No minutes written." in text


@pytest.mark.pdf_tools
def test_a_long_agenda_repeats_the_case_tables_label_and_header(tmp_path: Path,
                                                               reader: PdfTools) -> None:
    cases = tuple(CaseLine(f"10{n:05d}", f"OFFENDER{n}, Name", f"24BU-CR{n:05d}",
                           "First meeting") for n in range(80))
    out = tmp_path / "long.pdf"
    pages = render_agenda(meeting(cases=cases), printed_at=PRINTED_AT, printed_by="Ada",
                          out=out)
    texts = [flat(p) for p in reader.pages_text(out)]
    assert pages == len(texts) >= 2
    for text in texts:
        assert ("St. Joseph Reparation Board, 10/05/2026 at 6:30 PM # DOC Offender Case "
                "Purpose") in text
    assert "OFFENDER79, Name" in texts[-1]
