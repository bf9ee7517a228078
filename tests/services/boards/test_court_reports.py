"""Court reports: opened on an offender under supervision at his office, named by his case,
listed with how many victims and never who, submitted once."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import ReportStatus
from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.boards import court_reports as reports
from rjdesk.services.boards import victims
from rjdesk.services.core.errors import (
    AlreadyExists,
    Errors,
    InvalidInput,
    NotAllowed,
    NotFound,
)
from tests.services.boards.court_data import (
    DOC,
    DUE,
    OFFICE,
    TODAY,
    audit_events,
    court,
    given,
    report_input,
)


@pytest.fixture
def c(db, admin, make_user, add_offender):
    return court(db, admin, make_user, add_offender)


def _count(db) -> int:
    with db.reading() as tx:
        from sqlalchemy import func, select

        from rjdesk.domain.boards.models import CourtReport

        return tx.scalar(select(func.count()).select_from(CourtReport))


def test_an_officer_opens_a_report_on_his_offender_at_his_office(db, c) -> None:
    r = c.report
    assert (r.site_code, r.doc_number, r.offender_name) == (OFFICE, DOC, "NGUYỄN, Văn An")
    assert (r.officer_id, r.officer_name) == (c.officer.user_id, "Test P&P officer")
    assert (r.court, r.case_number, r.due_on, r.status) == (
        "Buchanan County Circuit Court", "25BU-CR01234", DUE, ReportStatus.DRAFT)
    assert (r.victim_count, r.victims, r.victims_withheld) == (0, (), False)
    from rjdesk.domain.people.rules import offender_key
    assert r.id == rules.report_key(offender_key(DOC), r.court, r.case_number)
    [made] = audit_events(db, "court_report", "create")
    assert made.username == "officer" and "25BU-CR01234" in made.summary


def test_the_same_case_again_is_refused_clearly_however_it_is_typed(db, c) -> None:
    with pytest.raises(AlreadyExists) as caught:
        reports.open_report(db, c.officer, report_input(
            court="buchanan county  circuit court", case_number="25bu-cr-01234"), today=TODAY)
    assert caught.value.field == "case_number"
    assert "NGUYỄN, Văn An" in caught.value.message and "12/18/2026" in caught.value.message
    assert _count(db) == 1


def test_every_wrong_field_is_named_at_once_and_nothing_is_written(db, c) -> None:
    with pytest.raises(Errors) as caught:
        reports.open_report(db, c.officer, reports.ReportInput(
            "12A45", " ", "", date(2026, 11, 19)), today=TODAY)
    errors = caught.value.errors
    assert set(errors) == {"doc_number", "court", "case_number", "due_on"}
    assert "digits only" in errors["doc_number"] and "is past" in errors["due_on"]
    with pytest.raises(Errors) as caught:
        reports.open_report(db, c.officer, report_input(doc_number="7654321", due_on=None),
                            today=TODAY)
    assert caught.value.errors["doc_number"] == "No one with DOC number 7654321 is on file."
    assert set(caught.value.errors) == {"doc_number", "due_on"}
    assert _count(db) == 1


def test_only_an_offender_under_supervision_has_a_court_report(db, c, add_offender) -> None:
    add_offender("2222222", "Hill", "Mark", site="JCCC")  # incarcerated
    with pytest.raises(Errors) as caught:
        reports.open_report(db, c.admin, report_input(doc_number="2222222",
                                                      officer_id=c.officer.user_id),
                            today=TODAY)
    assert "incarcerated, not under supervision" in caught.value.errors["doc_number"]


def test_an_administrator_names_the_officer_who_must_be_one_of_that_office(
        db, c, make_user, add_offender) -> None:
    add_offender("3333333", "Garcia", "Luis", site=OFFICE, status=OffenderStatus.SUPERVISED)
    with pytest.raises(Errors) as caught:
        reports.open_report(db, c.admin, report_input(doc_number="3333333"), today=TODAY)
    assert caught.value.errors == {"officer_id": "Choose the P&P officer preparing the report."}
    elsewhere = make_user(Role.PP_OFFICER, "PP-02", "faraway")
    for wrong, says in ((elsewhere.user_id, "is not an officer of PP-01"),
                        (c.coordinator.user_id, "is not a P&P officer")):
        with pytest.raises(Errors) as caught:
            reports.open_report(db, c.admin, report_input(doc_number="3333333",
                                                          officer_id=wrong), today=TODAY)
        assert says in caught.value.errors["officer_id"]
    made = reports.open_report(db, c.admin, report_input(
        doc_number="3333333", officer_id=c.colleague.user_id), today=TODAY)
    assert made.officer_id == c.colleague.user_id
    assert [o.username for o in reports.officers(db, c.admin, OFFICE)] == [
        "colleague", "officer"]
    assert reports.officer_named(db, c.admin, "COLLEAGUE").id == c.colleague.user_id


def test_an_officer_of_another_office_and_roles_without_the_right_cannot_open_one(
        db, c, make_user) -> None:
    with pytest.raises(NotAllowed):
        reports.open_report(db, make_user(Role.PP_OFFICER, "PP-02", "faraway"),
                            report_input(case_number="25BU-CR09999"), today=TODAY)
    for role in (Role.BOARD_COORDINATOR, Role.CENTRAL_OFFICE, Role.INSTITUTION_STAFF):
        with pytest.raises(NotAllowed):
            reports.open_report(db, make_user(role, OFFICE if role is Role.BOARD_COORDINATOR
                                              else "JCCC", f"x{role.value}"),
                                report_input(case_number="25BU-CR09999"), today=TODAY)
    assert _count(db) == 1


def test_the_list_counts_victims_and_finds_by_name_or_case(db, c, make_user) -> None:
    victims.save_statement(db, c.officer, c.report.id, given(), today=TODAY)
    victims.save_statement(db, c.officer, c.report.id, given("Casey", "Ann"), today=TODAY)
    [row] = reports.list_reports(db, c.colleague)
    assert (row.doc_number, row.offender_name, row.victims, row.status_label) == (
        DOC, "NGUYỄN, Văn An", 2, "Draft")
    assert "Đặng" not in repr(row) and "Casey" not in repr(row)
    assert reports.list_reports(db, c.colleague, text="nguyen") == [row]
    assert reports.list_reports(db, c.colleague, text="cr01234") == [row]
    assert reports.list_reports(db, c.colleague, text="casey") == []  # victims unsearched
    searches = [e.summary for e in audit_events(db, "court_report", "search")]
    assert sorted(searches) == ["“cr01234” found 1", "“nguyen” found 1"]  # none found none
    assert reports.list_reports(db, c.admin) == []  # the administrator's home site: JCCC
    assert reports.list_reports(db, c.admin, site_code="") == [row]
    central = make_user(Role.CENTRAL_OFFICE, "CO")
    assert reports.list_reports(db, central) == [row]  # central office: every site


def test_a_report_is_submitted_once_and_its_statements_no_longer_change(db, c) -> None:
    s = victims.save_statement(db, c.officer, c.report.id, given(), today=TODAY)
    with pytest.raises(InvalidInput, match="after today"):
        reports.submit_report(db, c.officer, c.report.id, date(2026, 11, 21), today=TODAY)
    done = reports.submit_report(db, c.officer, c.report.id, TODAY, today=TODAY)
    assert (done.status, done.submitted_on) == (ReportStatus.SUBMITTED, TODAY)
    with pytest.raises(InvalidInput, match="already"):
        reports.submit_report(db, c.officer, c.report.id, TODAY, today=TODAY)
    with pytest.raises(InvalidInput, match="submitted to court on 11/20/2026"):
        victims.save_statement(db, c.officer, c.report.id, given(injury="Worse."),
                               statement_id=s.id, today=TODAY)
    with pytest.raises(InvalidInput, match="submitted"):
        victims.remove_statement(db, c.officer, s.id)
    assert reports.get_report(db, c.officer, c.report.id).victims == (s,)


def test_victim_services_name_the_officer_and_a_report_gone_is_said_so(db, c) -> None:
    with pytest.raises(Errors) as caught:
        reports.open_report(db, c.victim_services, report_input(case_number="25BU-CR07777"),
                            today=TODAY)
    assert set(caught.value.errors) == {"officer_id"}
    made = reports.open_report(db, c.victim_services, report_input(
        case_number="25BU-CR07777", officer_id=c.officer.user_id), today=TODAY)
    assert made.officer_id == c.officer.user_id and made.victims == ()
    with pytest.raises(NotFound, match="no longer on file"):
        reports.get_report(db, c.officer, "no-such-report")
