"""ICVC's print services and the enrollments export, end to end: data gathered from the ICVC
services, the PDF read back, its barcodes scanned back into scan mode, the audit trail, and
the refusals that leave no file behind."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.icvc.enums import AttendanceMark
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound
from rjdesk.services.icvc import attendance, completion, roster, schedule, speakers
from rjdesk.services.icvc.export import COLUMNS, export_enrollments
from rjdesk.services.icvc.printouts import print_certificates, print_class_summary, print_roster
from rjdesk.services.people import records as people
from tests.services.icvc.conftest import TODAY, class_input

M = AttendanceMark
AFTER = date(2026, 11, 2)  # every session of the fixture class is past by then
DONE_ON = AFTER - timedelta(days=1)
PRINTED_AT = datetime(2026, 11, 2, 9, 30)


def flat(text: str) -> str:
    return " ".join(text.split())


def audits(db, action: str = "print") -> list[AuditEvent]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.id)))


@pytest.fixture
def big_class(db, admin, add_offender):
    """Sixty people seated, one more waiting: the waiting one is not on the sign-in sheet."""
    cls = schedule.create_class(db, admin, class_input(capacity=60, title="ICVC Big"))
    names = [("Nguyễn", "Văn An"), ("Иванов", "Пётр"), ("O'Brien & <Sons>", "Pat"),
             ("Smith", "Robert"), ("Ñúñez", "José")]
    people_ = [add_offender(f"{2_000_003 + i * 8_999}", names[i % 5][0], names[i % 5][1],
                            housing_unit=f"HU {1 + i % 4}-B") for i in range(61)]
    seated = [roster.enroll(db, admin, cls.id, p.id, today=TODAY) for p in people_[:60]]
    waiting = roster.enroll(db, admin, cls.id, people_[60].id, waitlist_ok=True, today=TODAY)
    return cls, seated, waiting


@pytest.mark.pdf_tools
def test_the_printed_sign_in_sheet_scans_back_into_scan_mode(db, admin, big_class, speaker,
                                                             reader, tmp_path) -> None:
    cls, seated, waiting = big_class
    first = cls.sessions[0]
    speakers.book_speaker(db, admin, first.id, speaker.id)
    out = tmp_path / "sign-in.pdf"
    pages = print_roster(db, admin, first.id, out, printed_at=PRINTED_AT)
    texts = reader.pages_text(out)
    assert pages == len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        text = flat(text)
        assert "# DOC number Name Housing unit Signature" in text
        assert "Sign-in sheet 08/31/2026, Session 1 of 8 — ICVC Big" in text
        assert f"Page {number} of {pages}" in text
    everything = flat("\n".join(texts))
    # the speaker is counted, never named: the sheet passes among the offenders
    assert "1 victim speaker" in everything and "Reyes" not in everything
    assert "Orientation and class contract" in everything
    for e in seated:
        assert everything.count(e.doc_number) == 1 and e.name in everything
    assert waiting.doc_number not in everything
    assert re.findall(r"^W(\d+)$", "\n".join(texts), re.MULTILINE) == [str(n) for n in
                                                                          range(1, 11)]

    decoded = reader.barcodes(out, tmp_path)
    assert sorted(decoded) == sorted(f"CODE-128:{e.doc_number}" for e in seated)
    results = [attendance.scan(db, admin, first.id, value.split(":", 1)[1], today=AFTER)
               for value in decoded]
    assert all(r.outcome is attendance.ScanOutcome.MARKED_PRESENT for r in results)
    grid = attendance.grid(db, admin, cls.id)
    assert len(grid.rows) == 60
    assert all(row.marks == {first.id: M.PRESENT} for row in grid.rows)

    [event] = audits(db)
    assert event.entity == "icvc_class" and event.entity_id == cls.id
    assert "Sign-in sheet of ICVC Big, Session 1 of 8 (08/31/2026) printed: 60 people" in \
        event.summary


@pytest.mark.pdf_tools
def test_a_cancelled_session_has_no_sign_in_sheet(db, admin, icvc_class, tmp_path) -> None:
    s = icvc_class.sessions[2]
    schedule.cancel_session(db, admin, s.id, "Lockdown")
    out = tmp_path / "sheet.pdf"
    with pytest.raises(InvalidInput, match="was cancelled .Lockdown."):
        print_roster(db, admin, s.id, out)
    with pytest.raises(NotFound):
        print_roster(db, admin, "no-such-session", out)
    assert not out.exists() and not list(tmp_path.glob(".*.part")) and audits(db) == []


@pytest.fixture
def finished(db, admin, icvc_class, five):
    """Three seated (two completed), one withdrawn after attending, one waiting."""
    seated = [roster.enroll(db, admin, icvc_class.id, p.id, today=TODAY) for p in five[:3]]
    waiting = [roster.enroll(db, admin, icvc_class.id, p.id, waitlist_ok=True, today=TODAY)
               for p in five[3:]]
    plans = {seated[0].id: [M.PRESENT] * 5 + [M.LATE, M.ABSENT, M.EXCUSED],
             seated[2].id: [M.PRESENT] * 7 + [M.ABSENT],
             seated[1].id: [M.PRESENT, M.ABSENT]}
    for e in seated:
        for s, m in zip(icvc_class.sessions, plans[e.id]):
            attendance.mark(db, admin, s.id, e.id, m, today=AFTER)
    roster.withdraw(db, admin, seated[1].id, "Moved to another program", today=TODAY)  # OKAFOR gets the seat
    completion.complete(db, admin, seated[0].id, on=DONE_ON)
    completion.complete(db, admin, seated[2].id, on=DONE_ON)
    return seated, waiting


@pytest.mark.pdf_tools
def test_certificates_print_names_in_any_script_with_a_qr_of_the_number(
        db, admin, icvc_class, five, finished, reader, tmp_path) -> None:
    seated, _ = finished
    nguyen, smith = seated[0], seated[2]
    ivanov = five[4]  # waiting, so enroll him in a class of his own and complete it
    own = schedule.create_class(db, admin, class_input(title="ICVC Solo", capacity=1))
    solo = roster.enroll(db, admin, own.id, ivanov.id, today=TODAY)
    for s in own.sessions[:6]:
        attendance.mark(db, admin, s.id, solo.id, M.PRESENT, today=AFTER)
    completion.complete(db, admin, solo.id, on=DONE_ON)
    ids = [nguyen.id, solo.id, smith.id]
    out = tmp_path / "certificates.pdf"
    assert print_certificates(db, admin, ids, out, printed_at=PRINTED_AT) == 3
    numbers = [completion.certificate(db, admin, i).certificate_number for i in ids]
    texts = [flat(t) for t in reader.pages_text(out)]
    for text, name, doc, number in zip(texts, ["Văn An Nguyễn", "Пётр Иванов", "Robert Smith"],
                                       [nguyen.doc_number, ivanov.doc_number, smith.doc_number],
                                       numbers):
        assert name in text and f"DOC number {doc}" in text and number in text
        assert "November 1, 2026" in text and "Dana Whitfield" in text
    assert sorted(reader.barcodes(out, tmp_path)) == sorted(f"QR-Code:{n}" for n in numbers)
    assert {e.entity_id for e in audits(db)} == set(ids)


def test_a_certificate_is_refused_for_anyone_not_completed(db, admin, finished,
                                                           tmp_path) -> None:
    seated, waiting = finished
    out = tmp_path / "certificates.pdf"
    with pytest.raises(InvalidInput, match=r"OKAFOR, Emeka \(3100003\) is enrolled in ICVC Fall "
                                           r"2026, not completed"):
        print_certificates(db, admin, [seated[0].id, waiting[0].id], out)
    with pytest.raises(InvalidInput, match=r"ÑÚÑEZ, José \(3100001\) is withdrawn"):
        print_certificates(db, admin, [seated[1].id], out)
    with pytest.raises(NotFound):
        print_certificates(db, admin, ["nope"], out)
    with pytest.raises(InvalidInput):
        print_certificates(db, admin, [], out)
    assert not out.exists() and not list(tmp_path.glob(".*.part")) and audits(db) == []


@pytest.mark.pdf_tools
def test_class_summary_shows_marks_counts_and_statuses(db, admin, icvc_class, finished,
                                                       reader, tmp_path) -> None:
    seated, _ = finished
    out = tmp_path / "summary.pdf"
    assert print_class_summary(db, admin, icvc_class.id, out, printed_at=PRINTED_AT) == 1
    text = flat(reader.pages_text(out)[0])
    number = {e.id: e.certificate_number for e in roster.roster(db, admin, icvc_class.id)}
    assert "Completes with 6 of 8 sessions attended" in text and "do not count" in text
    assert "08/31/2026 to 10/26/2026 · 8 sessions · finished" in text
    assert (f"3100000 NGUYỄN, Văn An P P P P P L A E 6 Completed 11/01/2026, certificate "
            f"{number[seated[0].id]}") in text
    assert "3100002 SMITH, Robert P P P P P P P A 7 Completed 11/01/2026" in text
    assert "3100003 OKAFOR, Emeka – – – – – – – – 0 Enrolled" in text
    assert "3100004 ИВАНОВ, Пётр – – – – – – – – 0 Waitlisted, #1" in text
    assert "3100001 ÑÚÑEZ, José P A – – – – – – 1 Withdrawn: Moved to another program" in text
    [event] = audits(db)
    assert "Class summary of ICVC Fall 2026 printed: 5 people, 1 pages" == event.summary


@pytest.mark.pdf_tools
def test_summary_at_the_new_site_counts_sessions_carried_over(db, admin, five, reader,
                                                             tmp_path) -> None:
    old = schedule.create_class(db, admin, class_input())
    e = roster.enroll(db, admin, old.id, five[0].id, today=TODAY)
    for s in old.sessions[:4]:
        attendance.mark(db, admin, s.id, e.id, M.PRESENT, today=AFTER)
    people.transfer_offender(db, admin, five[0].id, "ACC", on=date(2026, 9, 30))
    new = schedule.create_class(db, admin, class_input(site_code="ACC", title="ACC class"))
    there = roster.enroll(db, admin, new.id, five[0].id, today=TODAY)
    for s in new.sessions[:2]:
        attendance.mark(db, admin, s.id, there.id, M.PRESENT, today=AFTER)
    print_class_summary(db, admin, new.id, tmp_path / "new.pdf", printed_at=PRINTED_AT)
    print_class_summary(db, admin, old.id, tmp_path / "old.pdf", printed_at=PRINTED_AT)
    new_text = flat(reader.pages_text(tmp_path / "new.pdf")[0])
    assert "P P – – – – – – 6 (4 carried over) Enrolled — eligible to complete" in new_text
    old_text = flat(reader.pages_text(tmp_path / "old.pdf")[0])
    assert "P P P P – – – – 4 Transferred to another site" in old_text


# --- the export -------------------------------------------------------------------------------

def test_export_enrollments_to_csv_and_xlsx(db, admin, icvc_class, finished, tmp_path) -> None:
    seated, _ = finished
    count = export_enrollments(db, admin, tmp_path / "e.csv", class_id=icvc_class.id)
    assert count == 5
    raw = (tmp_path / "e.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == COLUMNS
    by_doc = {r["doc_number"]: r for r in rows}
    nguyen = by_doc["3100000"]
    assert (nguyen["class"], nguyen["site"], nguyen["last_name"], nguyen["first_name"],
            nguyen["status"], nguyen["completed_on"], nguyen["attended"]) == (
        "ICVC Fall 2026", "JCCC", "Nguyễn", "Văn An", "completed", "2026-11-01", "6")
    assert nguyen["certificate_number"].startswith("ICVC-JCCC-2026-")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", nguyen["requested_at_utc"])
    assert (by_doc["3100001"]["status"], by_doc["3100001"]["attended"]) == ("withdrawn", "1")
    assert (by_doc["3100004"]["status"], by_doc["3100004"]["completed_on"]) == ("waitlisted", "")

    assert export_enrollments(db, admin, tmp_path / "e.xlsx", site_id=admin.site_id) == 5
    sheet = load_workbook(tmp_path / "e.xlsx", read_only=True)["Enrollments"]
    values = list(sheet.values)
    assert values[0] == COLUMNS and len(values) == 6
    first = dict(zip(COLUMNS, next(v for v in values[1:] if v[3] == "3100000")))
    assert first["last_name"] == "Nguyễn" and first["attended"] == 6
    assert first["completed_on"].date() == DONE_ON
    assert len(audits(db, "export")) == 2


def test_export_refusals_write_nothing(db, admin, make_user, icvc_class, tmp_path) -> None:
    victims = make_user(Role.VICTIM_SERVICES)  # may look at classes, not export people
    with pytest.raises(NotAllowed):
        export_enrollments(db, victims, tmp_path / "e.csv")
    with pytest.raises(InvalidInput, match=r"\.csv or \.xlsx"):
        export_enrollments(db, admin, tmp_path / "e.txt")
    with pytest.raises(NotFound):
        export_enrollments(db, admin, tmp_path / "e.csv", class_id="nope")
    assert not list(tmp_path.glob("e*")) and not list(tmp_path.glob(".e*"))
    assert audits(db, "export") == []


def test_victim_services_print_no_sign_in_sheet_certificate_or_summary(db, make_user, icvc_class,
                                                                     finished, tmp_path):
    seated, _ = finished
    victims = make_user(Role.VICTIM_SERVICES)
    out = tmp_path / "paper.pdf"
    with pytest.raises(NotAllowed, match="print sign-in sheets"):
        print_roster(db, victims, icvc_class.sessions[0].id, out)
    with pytest.raises(NotAllowed, match="print certificates"):
        print_certificates(db, victims, [seated[0].id], out)
    with pytest.raises(NotAllowed, match="print class summaries"):
        print_class_summary(db, victims, icvc_class.id, out)
    assert not out.exists() and audits(db) == []


def test_staff_of_another_site_print_and_export_none_of_a_classs_people(
        db, make_user, icvc_class, finished, tmp_path):
    seated, _ = finished
    elsewhere = make_user(Role.INSTITUTION_STAFF, "PP-27")
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "paper.pdf"
    with pytest.raises(NotAllowed, match=r"own site \(PP-27\) only"):
        print_roster(db, elsewhere, icvc_class.sessions[0].id, out)
    with pytest.raises(NotAllowed, match="own site"):
        print_certificates(db, elsewhere, [seated[0].id], out)
    with pytest.raises(NotAllowed, match="own site"):
        export_enrollments(db, elsewhere, tmp_path / "e.csv", class_id=icvc_class.id)
    with pytest.raises(NotAllowed, match="own site"):
        export_enrollments(db, elsewhere, tmp_path / "e.csv")  # every site
    assert not list(tmp_path.iterdir()) and audits(db) == [] and audits(db, "export") == []
