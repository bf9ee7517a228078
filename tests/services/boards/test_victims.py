"""Victims' statements (RSMo 217.762): what a statement holds, why there is none, the money
as people type it, the ACP substitute address, and an audit log that never names a victim."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from rjdesk.domain.boards.enums import Loss, Notify, StatementStatus
from rjdesk.domain.boards.models import VictimStatement
from rjdesk.services.boards import court_reports as reports
from rjdesk.services.boards import victims
from rjdesk.services.core.errors import AlreadyExists, Errors
from tests.services.boards.court_data import TODAY, audit_events, court, given


@pytest.fixture
def c(db, admin, make_user, add_offender):
    return court(db, admin, make_user, add_offender)


def _statements(db) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(VictimStatement))


def _refused(db, c, data: victims.StatementInput) -> dict[str, str]:
    with pytest.raises(Errors) as caught:
        victims.save_statement(db, c.officer, c.report.id, data, today=TODAY)
    assert _statements(db) == 0
    return caught.value.errors


def test_an_officer_records_two_victims_impact_for_a_court_report(db, c) -> None:
    """Done when: a P&P officer records two victims' impact for a court report — one who
    gave a statement, one who died and whose daughter answered for him."""
    store = victims.save_statement(db, c.officer, c.report.id, given(
        "Đặng", "Thị Hoa", description="owner of the store",
        losses={Loss.MEDICAL: "$1,200.00", Loss.COUNSELING: "350", Loss.PROPERTY: "2,015.5",
                Loss.LOST_WAGES: ".75", Loss.OTHER: 4000}, loss_other_text="locksmith",
        psychological_harm="Cannot sleep; afraid to open the store alone.",
        welfare_change="Closed the store two weeks; her son now works the evenings.",
        counseling_requested=True, repair="Pay for the door and write to her.",
        phone="(816) 555-0134", notify=Notify.PHONE), today=TODAY)
    assert store.losses == {Loss.MEDICAL: 120000, Loss.COUNSELING: 35000,
                            Loss.PROPERTY: 201550, Loss.LOST_WAGES: 75, Loss.FUNERAL: 0,
                            Loss.OTHER: 4000}
    assert store.total_loss_cents == 360625 and store.counseling_requested
    father = victims.save_statement(db, c.officer, c.report.id, victims.StatementInput(
        "Ortiz", "José", status=StatementStatus.GIVEN, taken_on=date(2026, 11, 18),
        answered_by="María Ortiz", answered_relationship="daughter (the victim died)",
        losses={Loss.FUNERAL: "8,400"}, welfare_change="The family lost its wage earner."),
        today=TODAY)
    assert (father.answered_by, father.losses[Loss.FUNERAL]) == ("María Ortiz", 840000)
    shown = reports.get_report(db, c.officer, c.report.id)
    assert shown.victim_count == 2 and shown.victims is not None
    assert [v.name for v in shown.victims] == ["ĐẶNG, Thị Hoa", "ORTIZ, José"]
    assert shown.victims == (store, father)
    written = audit_events(db, "victim_statement", "create")
    assert [e.summary for e in written] == [
        "victim statement 1 of court report Buchanan County Circuit Court 25BU-CR01234: "
        "statement given",
        "victim statement 2 of court report Buchanan County Circuit Court 25BU-CR01234: "
        "statement given"]


def test_a_statement_with_neither_content_nor_a_reason_is_refused(db, c) -> None:
    for data in (victims.StatementInput("Casey", "Ann"),  # no status at all
                 victims.StatementInput("Casey", "Ann", status=StatementStatus.GIVEN),
                 given("Casey", "Ann", losses={}, injury="   ")):
        assert _refused(db, c, data) == {"status": victims.NO_STATEMENT}
    declined = victims.save_statement(db, c.officer, c.report.id, victims.StatementInput(
        "Casey", "Ann", status=StatementStatus.DECLINED), today=TODAY)
    unreachable = victims.save_statement(db, c.officer, c.report.id, victims.StatementInput(
        "Bell", "Tom", status=StatementStatus.UNREACHABLE), today=TODAY)
    assert (declined.total_loss_cents, unreachable.status) == (0, StatementStatus.UNREACHABLE)
    only_counseling = given("Hale", "Jo", losses={}, injury="", counseling_requested=True)
    assert victims.save_statement(db, c.officer, c.report.id, only_counseling,
                                  today=TODAY).counseling_requested


@pytest.mark.parametrize("typed, says", [
    ("-50", "is negative"), ("$-50.00", "is negative"), ("fifty", "not an amount of money"),
    ("12.345", "more than two decimals"), ("1,20", "not an amount"),
    ("20,000,000", "more than this program records")])
def test_each_amount_is_checked_in_its_own_field(db, c, typed: str, says: str) -> None:
    errors = _refused(db, c, given(losses=dict.fromkeys(Loss, typed), loss_other_text="tools"))
    assert list(errors) == [f"loss_{kind.value}" for kind in Loss]
    for kind in Loss:
        message = errors[f"loss_{kind.value}"]
        assert message.startswith(f"{kind.label} loss: ") and says in message, message


def test_amounts_given_in_cents_must_be_whole_and_not_negative(db, c) -> None:
    errors = _refused(db, c, given(losses={Loss.MEDICAL: -100, Loss.PROPERTY: 2.5,
                                           Loss.FUNERAL: True}))
    assert set(errors) == {"loss_medical", "loss_property", "loss_funeral"}
    assert "-$1.00 is negative" in errors["loss_medical"]
    made = victims.save_statement(db, c.officer, c.report.id,
                                  given(losses={Loss.MEDICAL: 5000, Loss.PROPERTY: ""}),
                                  today=TODAY)
    assert (made.losses[Loss.MEDICAL], made.losses[Loss.PROPERTY]) == (5000, 0)


def test_every_error_is_named_at_once(db, c) -> None:
    errors = _refused(db, c, victims.StatementInput(
        " ", "Ann", status=StatementStatus.GIVEN, taken_on=date(2026, 11, 21),
        losses={Loss.OTHER: "80", Loss.MEDICAL: "ten"}, answered_by="Bo Casey",
        email="ann at home", phone="555-01", notify=Notify.MAIL))
    assert set(errors) == {"last_name", "loss_medical", "loss_other_text", "taken_on",
                           "answered_relationship", "email", "phone", "address"}
    assert "after today (11/20/2026)" in errors["taken_on"]
    assert errors["address"] == ("The victim wishes to be notified by mail: enter an address.")
    errors = _refused(db, c, given(answered_relationship="wife", notify=Notify.EMAIL))
    assert set(errors) == {"answered_by", "email"}


def test_a_victim_in_the_acp_has_only_the_substitute_address(db, c) -> None:
    errors = _refused(db, c, given(acp=True, address="12 Elm St, St. Joseph, MO 64501"))
    assert errors == {"address": "A victim in the Address Confidentiality Program has only "
                                 "the substitute address on file: P.O. Box 1409, Jefferson "
                                 "City, MO 65102."}
    typed = victims.save_statement(db, c.officer, c.report.id, given(
        acp=True, address="PO Box 1409 Jefferson City MO 65102"), today=TODAY)
    blank = victims.save_statement(db, c.officer, c.report.id, given(
        "Bell", "Tom", acp=True, address=""), today=TODAY)
    assert typed.address == blank.address == victims.ACP_ADDRESS == \
        "P.O. Box 1409, Jefferson City, MO 65102"
    assert typed.acp and blank.acp
    with pytest.raises(Errors):  # and a change cannot put the real address back
        victims.save_statement(db, c.officer, c.report.id, given(
            acp=True, address="12 Elm St"), statement_id=typed.id, today=TODAY)


def test_a_change_is_audited_by_field_never_by_value_or_name(db, c) -> None:
    first = victims.save_statement(db, c.officer, c.report.id, given(), today=TODAY)
    second = victims.save_statement(db, c.officer, c.report.id, given(
        "Đặng", "Văn Minh", injury="Bruises.", losses={}), today=TODAY)
    changed = victims.save_statement(db, c.officer, c.report.id, given(
        losses={Loss.MEDICAL: "1,450.00"}, phone="816-555-0134"),
        statement_id=first.id, today=TODAY)
    assert (changed.id, changed.losses[Loss.MEDICAL]) == (first.id, 145000)
    [update] = audit_events(db, "victim_statement", "update")
    assert update.summary.startswith("victim statement 1 of court report")
    assert "phone changed" in update.summary and "loss medical cents changed" in update.summary
    for event in audit_events(db, "victim_statement"):
        for secret in ("Đặng", "DANG", "Thị", "1,450", "145000", "0134", "Elm", "wrist"):
            assert secret not in event.summary
    victims.remove_statement(db, c.officer, second.id)
    [removed] = audit_events(db, "victim_statement", "delete")
    assert removed.summary.endswith("removed") and "Minh" not in removed.summary
    assert reports.get_report(db, c.officer, c.report.id).victim_count == 1


def test_the_same_victim_twice_is_refused_however_the_name_is_typed(db, c) -> None:
    first = victims.save_statement(db, c.officer, c.report.id, given(), today=TODAY)
    other = victims.save_statement(db, c.officer, c.report.id, given("Bell", "Tom"),
                                   today=TODAY)
    with pytest.raises(AlreadyExists) as caught:
        victims.save_statement(db, c.officer, c.report.id, given("DANG", "thi hoa"),
                               today=TODAY)
    assert caught.value.field == "last_name" and "ĐẶNG, Thị Hoa" in caught.value.message
    with pytest.raises(AlreadyExists):  # renaming one into the other
        victims.save_statement(db, c.officer, c.report.id, given("Dang", "Thi Hoa"),
                               statement_id=other.id, today=TODAY)
    renamed = victims.save_statement(db, c.officer, c.report.id, given("Dang-Ruiz", "Thi Hoa"),
                                     statement_id=first.id, today=TODAY)
    assert renamed.id == first.id and renamed.last_name == "Dang-Ruiz"
    assert _statements(db) == 2
