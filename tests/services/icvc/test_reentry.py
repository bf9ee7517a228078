"""The reentry list: who leaves before his class ends, and the list on paper and in a
spreadsheet — its data, its audit trail, and the refusals that leave no file behind."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.services.core.errors import InvalidInput, NotAllowed
from rjdesk.services.icvc import completion, roster, schedule
from rjdesk.services.icvc.export import REENTRY_COLUMNS, export_reentry
from rjdesk.services.icvc.printouts import print_reentry_list
from tests.services.icvc.conftest import TODAY, class_input

PRINTED_AT = datetime(2026, 8, 20, 9, 30)
WINTER_FIRST, WINTER_LAST = date(2027, 1, 6), date(2027, 2, 24)  # eight Wednesdays


def flat(text: str) -> str:
    return " ".join(text.split())


def audits(db, action: str) -> list[AuditEvent]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.id)))


@pytest.fixture
def due(db, admin, add_offender, icvc_class):
    """EVANS, due out in two days, holds a seat in a class that starts in January; WEBB waits
    for that class; FITZ's class (08/31-10/26/2026) ends before his release; NOLAN is in none."""
    winter = schedule.create_class(db, admin, class_input(
        title="ICVC Winter 2027", capacity=1, first_day=WINTER_FIRST, weekdays=frozenset({2}),
        days_off=()))

    def person(doc: str, last: str, days: int):
        return add_offender(doc, last, "Pat", housing_unit="HU 2-B",
                            projected_release_date=TODAY + timedelta(days=days))

    evans, webb = person("5000001", "Evans", 2), person("5000002", "Webb", 40)
    fitz, nolan = person("5000003", "Fitz", 100), person("5000004", "Nolan", 120)
    roster.enroll(db, admin, winter.id, evans.id, today=TODAY)
    roster.enroll(db, admin, winter.id, webb.id, waitlist_ok=True, today=TODAY)
    roster.enroll(db, admin, icvc_class.id, fitz.id, today=TODAY)
    del nolan
    return winter


def test_the_list_flags_who_is_released_before_his_class_ends(db, admin, due, icvc_class):
    rows = completion.reentry_list(db, admin, admin.site_id, today=TODAY)
    got = [(r.name, r.days_left, r.class_id, r.class_first_day, r.class_last_day,
            r.current_status, r.ends_after_release) for r in rows]
    assert got == [
        ("EVANS, Pat", 2, due.id, WINTER_FIRST, WINTER_LAST, EnrollmentStatus.ENROLLED, True),
        ("WEBB, Pat", 40, due.id, WINTER_FIRST, WINTER_LAST, EnrollmentStatus.WAITLISTED,
         True),
        ("FITZ, Pat", 100, icvc_class.id, date(2026, 8, 31), date(2026, 10, 26),
         EnrollmentStatus.ENROLLED, False),
        ("NOLAN, Pat", 120, None, None, None, None, False)]
    assert {r.site_code for r in rows} == {"JCCC"}


def test_a_cancelled_last_session_is_not_when_the_class_ends(db, admin, add_offender,
                                                             icvc_class):
    edge = add_offender("5000009", "Edge", "Pat", projected_release_date=date(2026, 10, 20))
    roster.enroll(db, admin, icvc_class.id, edge.id, today=TODAY)
    [row] = completion.reentry_list(db, admin, None, today=TODAY)
    assert (row.class_last_day, row.ends_after_release) == (date(2026, 10, 26), True)
    schedule.cancel_session(db, admin, icvc_class.sessions[-1].id, "Lockdown")
    [row] = completion.reentry_list(db, admin, None, today=TODAY)
    assert (row.class_last_day, row.ends_after_release) == (date(2026, 10, 19), False)


def test_the_list_exports_as_a_spreadsheet_soonest_first(db, admin, due, tmp_path):
    out = tmp_path / "reentry.csv"
    assert export_reentry(db, admin, out, site_id=admin.site_id, today=TODAY) == 4
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == REENTRY_COLUMNS
    assert rows[1] == ["JCCC", "5000001", "EVANS, Pat", "2026-08-22", "2", "HU 2-B", due.id,
                       "ICVC Winter 2027", "enrolled", "2027-01-06", "2027-02-24", "yes"]
    assert [(r[2], r[8], r[11]) for r in rows[2:]] == [
        ("WEBB, Pat", "waitlisted", "yes"), ("FITZ, Pat", "enrolled", "no"),
        ("NOLAN, Pat", "", "no")]
    [event] = audits(db, "export")
    assert "reentry list of site JCCC (4 people due for release within 180 days)" in \
        event.summary and "reentry.csv" in event.summary

    book = tmp_path / "reentry.xlsx"
    assert export_reentry(db, admin, book, within_days=30, today=TODAY) == 1
    sheet = load_workbook(book).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:5] == ["JCCC", "5000001", "EVANS, Pat", datetime(2026, 8, 22), 2]
    assert values[1][-1] == "yes" and len(values) == 2


def test_an_export_refused_leaves_no_file_and_no_record(db, admin, due, make_user, tmp_path):
    staff = make_user(Role.INSTITUTION_STAFF)
    victims = make_user(Role.VICTIM_SERVICES)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "reentry.csv"
    with pytest.raises(NotAllowed, match="your own site"):
        export_reentry(db, staff, out, site_id=None, today=TODAY)
    with pytest.raises(NotAllowed, match="export the reentry list"):
        export_reentry(db, victims, out, site_id=victims.site_id, today=TODAY)
    with pytest.raises(InvalidInput, match="neither"):
        export_reentry(db, admin, folder / "reentry.pdf", today=TODAY)
    with pytest.raises(InvalidInput, match="from 1 to"):
        export_reentry(db, admin, out, within_days=0, today=TODAY)
    assert list(folder.iterdir()) == [] and audits(db, "export") == []


@pytest.mark.pdf_tools
def test_the_printed_list_says_who_leaves_before_his_class_ends(db, admin, due, make_user,
                                                                reader, tmp_path):
    out = tmp_path / "reentry.pdf"
    pages = print_reentry_list(db, admin, admin.site_id, out, today=TODAY,
                               printed_at=PRINTED_AT)
    text = flat("\n".join(reader.pages_text(out)))
    assert pages == 1
    assert "ICVC reentry list — Jefferson City Correctional Center (JCCC)" in text
    assert "4 people: 1 not in a class, 2 whose class ends after release" in text
    assert "Enrolled — ends 02/24/2027, after release" in text
    assert "Waiting — ends 02/24/2027, after release" in text
    assert text.index("EVANS") < text.index("WEBB") < text.index("FITZ") < text.index("NOLAN")
    assert "Not in a class" in text
    [event] = audits(db, "print")
    assert event.summary == ("Reentry list of JCCC printed: 4 people due within 180 days, "
                             "1 pages")

    central = make_user(Role.CENTRAL_OFFICE)
    every = tmp_path / "every.pdf"
    print_reentry_list(db, central, None, every, today=TODAY, printed_at=PRINTED_AT)
    assert "ICVC reentry list — All sites" in flat(reader.pages_text(every)[0])


def test_a_print_refused_leaves_no_file_and_no_record(db, admin, due, make_user, tmp_path):
    staff = make_user(Role.INSTITUTION_STAFF)
    out = tmp_path / "reentry.pdf"
    with pytest.raises(NotAllowed, match="print the reentry list of your own site"):
        print_reentry_list(db, staff, None, out, today=TODAY)
    acc = make_user(Role.INSTITUTION_STAFF, "ACC")
    with pytest.raises(NotAllowed):
        print_reentry_list(db, acc, admin.site_id, out, today=TODAY)
    assert not out.exists() and audits(db, "print") == []
