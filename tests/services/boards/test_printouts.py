"""The boards' papers through their service: what each prints, that no board paper names a
victim even where the case's free text does, who may print which paper of which office, and the
audit event each print leaves (a victim impact print counts statements, names no one)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.services.boards import printouts
from rjdesk.services.core.errors import NotAllowed, NotFound
from tests.services.boards.papers_data import (
    ACP_BOX,
    ACP_PHONE,
    ACP_VICTIM,
    OFFICE,
    TODAY,
    UNREACHED,
    VICTIM,
    build,
)

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

VICTIM_WORDS = (VICTIM[0], ACP_VICTIM[0], UNREACHED[0], ACP_BOX, ACP_PHONE)


def flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def assert_no_victim(text: str) -> None:
    for word in VICTIM_WORDS:
        assert word.casefold() not in text.casefold(), word


def prints(db) -> list[AuditEvent]:
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent).where(AuditEvent.action == "print")
                               .order_by(AuditEvent.at)))


@pytest.fixture
def officer(make_user):
    return make_user(Role.PP_OFFICER, OFFICE)


@pytest.fixture
def world(db, admin, add_offender, officer) -> dict[str, str]:
    return build(db, admin, add_offender, officer.user_id)


@pytest.mark.pdf_tools
def test_the_board_report_tells_the_court_each_tasks_progress_and_names_no_victim(
        db, admin, world, tmp_path: Path, reader: PdfTools) -> None:
    out = printouts.print_board_report(db, admin, world["case"], tmp_path / "r.pdf", today=TODAY)
    text = flat(reader.pages_text(out))
    assert "NGUYỄN, Văn An · DOC 1000001" in text and "case 24BU-CR01234" in text
    assert "Referring officer Test P&P officer" in text
    assert "Needs found Employment, Substance use" in text
    assert "Done 07/27/2026 Done" in text  # the apology letter
    assert "12.5 of 40 hours Open" in text  # due 10/04, still open on 10/01
    assert "$300.00 of $1,200.00 paid; $900.00 owed Overdue" in text  # due 09/04
    assert "1 of 3 tasks done, 1 overdue" in text
    assert "REYES, Marisol" in text and "First meeting" in text
    assert "10/05/2026 Mid-term review (planned)" in text
    assert "[the victim]'s store window was broken; Ms. [the victim] closed" in text
    assert "Agreement signed; [the victim] to get the letter." in text
    assert_no_victim(text)
    [event] = prints(db)
    assert (event.entity, event.entity_id) == ("board_case", world["case"])
    assert "Board report to the court on DOC 1000001" in event.summary


@pytest.mark.pdf_tools
def test_the_agreement_prints_both_copies_for_signature_with_no_victim(
        db, admin, world, tmp_path: Path, reader: PdfTools) -> None:
    out = printouts.print_agreement(db, admin, world["case"], tmp_path / "a.pdf", today=TODAY)
    pages = [" ".join(p.split()) for p in reader.pages_text(out)]
    assert len(pages) == 2
    assert "Offender's copy" in pages[0] and "Board's copy" in pages[1]
    for page in pages:
        assert "On 07/06/2026, before the St. Joseph Reparation Board" in page
        assert "Restitution For the broken window 09/04/2026 $1,200.00" in page
        assert "Community service County food pantry 10/04/2026 40" in page
        assert "Apology letter Letter to [the victim], screened first" in page
        assert "Offender: NGUYỄN, Văn An" in page and "Board chair: REYES, Marisol" in page
        assert page.count("Date") >= 2
        assert_no_victim(page)
    [event] = prints(db)
    assert "Reparative agreement of DOC 1000001" in event.summary and "both copies" in \
        event.summary


@pytest.mark.pdf_tools
def test_the_agenda_lists_who_may_sit_and_the_cases_and_the_minutes_the_decisions(
        db, admin, world, tmp_path: Path, reader: PdfTools) -> None:
    agenda = flat(reader.pages_text(printouts.print_agenda(
        db, admin, world["planned"], tmp_path / "agenda.pdf", today=TODAY)))
    assert "10/05/2026 at 6:30 PM" in agenda
    assert "REYES, Marisol (chair)" in agenda
    assert "O'BRIEN, Pat — cannot sit: has not completed the board training" in agenda
    assert "3 of 4 may sit; the board decides with 3 present." in agenda
    assert "1000001 NGUYỄN, Văn An 24BU-CR01234 Mid-term review" in agenda
    assert "1000003 OKAFOR, Cyril 24BU-CR05678 First meeting" in agenda
    assert_no_victim(agenda)
    minutes = flat(reader.pages_text(printouts.print_minutes(
        db, admin, world["held"], tmp_path / "minutes.pdf", today=TODAY)))
    assert "Members present" in minutes and "O'BRIEN" not in minutes
    assert "Quorum Yes — 3 present, 3 needed" in minutes
    assert "Agreement signed; [the victim] to get the letter." in minutes
    assert "[the victim] sent a written statement." in minutes
    assert_no_victim(minutes)
    assert [e.entity for e in prints(db)] == ["board_meeting", "board_meeting"]


@pytest.mark.pdf_tools
def test_the_victim_impact_section_itemizes_losses_and_hides_an_acp_victims_contacts(
        db, officer, world, tmp_path: Path, reader: PdfTools) -> None:
    out = printouts.print_victim_impact(db, officer, world["report"], tmp_path / "v.pdf",
                                        today=TODAY)
    text = flat(reader.pages_text(out))
    assert "Victim 2: Ruth Hiddenfield" in text  # sorted by last name
    assert "Victim 3: Jane Victimson, owner of the store" in text
    assert "Property $985.00" in text and "Other: Locksmith $19.99" in text
    assert "Total economic loss $1,324.99" in text
    assert "Counseling requested Yes" in text
    assert "answered by Tom Hiddenfield (husband)" in text
    assert f"Substitute address (ACP) {ACP_BOX}" in text
    assert ACP_PHONE not in text and "ruth@example.org" not in text
    assert "Victim 1: Carl Farawell" in text and "Could not be reached" in text
    assert "names victims of crime" in text  # the notice, on every page
    [event] = prints(db)
    assert (event.entity, event.entity_id) == ("court_report", world["report"])
    assert "3 victims' statements" in event.summary
    for last, first in (VICTIM, ACP_VICTIM, UNREACHED):
        assert last not in event.summary and first not in event.summary


def test_a_paper_prints_to_an_open_stream_too(db, admin, world) -> None:
    stream = io.BytesIO()
    printouts.print_board_report(db, admin, world["case"], stream, today=TODAY)
    assert stream.getvalue().startswith(b"%PDF")
    assert len(prints(db)) == 1


PAPERS = {
    "report": lambda db, a, w, out: printouts.print_board_report(db, a, w["case"], out,
                                                                 today=TODAY),
    "agreement": lambda db, a, w, out: printouts.print_agreement(db, a, w["case"], out,
                                                                 today=TODAY),
    "agenda": lambda db, a, w, out: printouts.print_agenda(db, a, w["planned"], out,
                                                           today=TODAY),
    "minutes": lambda db, a, w, out: printouts.print_minutes(db, a, w["held"], out,
                                                             today=TODAY),
    "victims": lambda db, a, w, out: printouts.print_victim_impact(db, a, w["report"], out,
                                                                   today=TODAY),
}
BOARD_PAPERS = ("report", "agreement", "agenda", "minutes")

#: (role, site, username) → the papers it may print of the office's world.
WHO = [
    ((Role.INSTITUTION_STAFF, "JCCC", None), ()),  # another site's, and never the victims
    ((Role.INSTITUTION_STAFF, OFFICE, None), BOARD_PAPERS),
    ((Role.PP_OFFICER, OFFICE, "otherofficer"), BOARD_PAPERS),  # not his report's victims
    ((Role.PP_OFFICER, "PP-02", None), ()),
    ((Role.BOARD_COORDINATOR, OFFICE, None), BOARD_PAPERS),
    ((Role.VICTIM_SERVICES, OFFICE, None), ()),  # reads victims on screen, prints no one
    ((Role.CENTRAL_OFFICE, "CO", None), BOARD_PAPERS),
]


@pytest.mark.parametrize(("who", "allowed"), WHO,
                         ids=[f"{r.value}-{s}-{u or ''}" for (r, s, u), _ in WHO])
def test_who_may_print_which_paper(db, world, make_user, tmp_path, who, allowed) -> None:
    actor = make_user(*who)
    for name, paper in PAPERS.items():
        out = tmp_path / f"{name}.pdf"
        if name in allowed:
            paper(db, actor, world, out)
            assert out.read_bytes().startswith(b"%PDF"), name
        else:
            with pytest.raises(NotAllowed):
                paper(db, actor, world, out)
            assert not out.exists(), name
    assert len(prints(db)) == len(allowed)
    assert list(tmp_path.glob(".*.part")) == []


def test_the_reports_officer_and_an_administrator_print_every_paper(
        db, admin, officer, world, tmp_path) -> None:
    for actor in (officer, admin):
        for name, paper in PAPERS.items():
            paper(db, actor, world, tmp_path / f"{actor.username}-{name}.pdf")
    events = prints(db)
    assert len(events) == 2 * len(PAPERS)
    assert {e.username for e in events} == {officer.username, admin.username}


def test_what_is_not_on_file_is_named(db, admin, world, tmp_path) -> None:
    for call, what in ((printouts.print_board_report, "board case"),
                       (printouts.print_agreement, "board case"),
                       (printouts.print_agenda, "meeting"),
                       (printouts.print_minutes, "meeting"),
                       (printouts.print_victim_impact, "court report")):
        with pytest.raises(NotFound, match=what):
            call(db, admin, "no-such-id", tmp_path / "x.pdf", today=TODAY)
    assert not (tmp_path / "x.pdf").exists() and prints(db) == []
