"""Victims kept apart, role by role: victim services, administrators and the report's own
officer see a report's victims, and each view is a read in the audit log; every other role —
another officer of the same office included — sees how many there are at most, never who,
and can neither read nor write a statement."""

from __future__ import annotations

import pytest

from rjdesk.domain.boards.enums import Loss
from rjdesk.domain.core.enums import Role
from rjdesk.services.boards import court_reports as reports
from rjdesk.services.boards import victims
from rjdesk.services.core.errors import NotAllowed
from tests.services.boards.court_data import OFFICE, TODAY, audit_events, court, given

#: What must never reach a role that may not see victims.
SECRETS = ("Đặng", "ĐẶNG", "Thị Hoa", "Ortiz", "ORTIZ", "Elm St", "wrist", "555-0134")


@pytest.fixture
def c(db, admin, make_user, add_offender):
    made = court(db, admin, make_user, add_offender)
    victims.save_statement(db, made.officer, made.report.id, given(phone="816-555-0134"),
                           today=TODAY)
    victims.save_statement(db, made.officer, made.report.id, given("Ortiz", "José"),
                           today=TODAY)
    return made


def _seeing(c, role: str):
    return {"administrator": lambda: c.admin, "victim services": lambda: c.victim_services,
            "the report's officer": lambda: c.officer}[role]()


def _not_seeing(c, role: Role | str):
    if role == "another officer":
        return c.colleague
    if role is Role.BOARD_COORDINATOR:
        return c.coordinator
    return c.make_user(role, "CO" if role is Role.CENTRAL_OFFICE else "JCCC")


@pytest.mark.parametrize("who", ["administrator", "victim services", "the report's officer"])
def test_these_see_the_victims_and_each_view_is_audited(db, c, who: str) -> None:
    actor = _seeing(c, who)
    shown = reports.get_report(db, actor, c.report.id)
    assert shown.victims is not None and not shown.victims_withheld
    assert [v.name for v in shown.victims] == ["ĐẶNG, Thị Hoa", "ORTIZ, José"]
    assert shown.victims[0].phone == "816-555-0134"
    [view] = [e for e in audit_events(db, "court_report", "view")
              if e.username == actor.username]
    assert view.entity_id == c.report.id
    assert view.summary == ("court report Buchanan County Circuit Court 25BU-CR01234 on "
                            "1234567: 2 victim(s) shown")
    one = victims.get_statement(db, actor, shown.victims[1].id)
    assert one == shown.victims[1]
    [read] = [e for e in audit_events(db, "victim_statement", "view")
              if e.username == actor.username]
    assert read.summary == ("victim statement 2 of court report Buchanan County Circuit "
                            "Court 25BU-CR01234") and read.entity_id == one.id
    [row] = reports.list_reports(db, actor, site_code=OFFICE)
    assert row.victims == 2
    changed = victims.save_statement(db, actor, c.report.id, given(
        "Ortiz", "José", losses={Loss.FUNERAL: "8,400"}), statement_id=one.id, today=TODAY)
    assert changed.total_loss_cents == 840000
    [update] = audit_events(db, "victim_statement", "update")
    assert update.username == actor.username and "Ortiz" not in update.summary


@pytest.mark.parametrize("who", ["another officer", Role.CENTRAL_OFFICE])
def test_these_see_the_report_and_how_many_victims_but_not_who(db, c, who) -> None:
    actor = _not_seeing(c, who)
    shown = reports.get_report(db, actor, c.report.id)
    assert (shown.victims, shown.victims_withheld, shown.victim_count) == (None, True, 2)
    [row] = reports.list_reports(db, actor, site_code=OFFICE)
    assert row.victims == 2
    [view] = [e for e in audit_events(db, "court_report", "view")
              if e.username == actor.username]
    assert view.summary.endswith(": 2 victim(s) withheld")
    for seen in (repr(shown), repr(row)):
        assert not any(secret in seen for secret in SECRETS)
    _cannot_touch_a_statement(db, c, actor)


@pytest.mark.parametrize("who", [Role.BOARD_COORDINATOR, Role.INSTITUTION_STAFF,
                                 Role.VOLUNTEER_COORDINATOR])
def test_these_see_no_court_report_at_all(db, c, who: Role) -> None:
    actor = _not_seeing(c, who)
    with pytest.raises(NotAllowed, match="look at court reports"):
        reports.get_report(db, actor, c.report.id)
    with pytest.raises(NotAllowed, match="look at court reports"):
        reports.list_reports(db, actor, site_code=OFFICE)
    _cannot_touch_a_statement(db, c, actor)


def _cannot_touch_a_statement(db, c, actor) -> None:
    """Neither read, add, change nor remove one; nothing written, nothing read audited."""
    before = [e.id for e in audit_events(db, "victim_statement")]
    [first, _] = reports.get_report(db, c.admin, c.report.id).victims or ()
    with pytest.raises(NotAllowed):
        victims.get_statement(db, actor, first.id)
    with pytest.raises(NotAllowed):
        victims.save_statement(db, actor, c.report.id, given("Bell", "Tom"), today=TODAY)
    with pytest.raises(NotAllowed):
        victims.save_statement(db, actor, c.report.id, given(injury="None."),
                               statement_id=first.id, today=TODAY)
    with pytest.raises(NotAllowed):
        victims.remove_statement(db, actor, first.id)
    assert [e.id for e in audit_events(db, "victim_statement")] == before
    assert reports.get_report(db, c.admin, c.report.id).victims[0] == first


def test_a_colleague_is_refused_even_the_reason_in_a_refusal(db, c) -> None:
    """A refusal names no victim: the one asked for is not even said to exist by name."""
    with pytest.raises(NotAllowed) as caught:
        victims.save_statement(db, c.colleague, c.report.id, given(), today=TODAY)
    assert not any(secret in caught.value.message for secret in SECRETS)
    assert "officer of this court report" in caught.value.message


def test_victim_services_elsewhere_read_the_victims_but_write_at_their_own_office(
        db, c) -> None:
    away = c.make_user(Role.VICTIM_SERVICES, "CO", "victimsco")
    shown = reports.get_report(db, away, c.report.id)
    assert shown.victims is not None and len(shown.victims) == 2
    with pytest.raises(NotAllowed, match="own site"):
        victims.save_statement(db, away, c.report.id, given("Bell", "Tom"), today=TODAY)


def test_the_officer_sees_the_victims_of_his_own_reports_only(db, c, add_offender) -> None:
    from rjdesk.domain.people.enums import OffenderStatus

    add_offender("3333333", "Garcia", "Luis", site=OFFICE, status=OffenderStatus.SUPERVISED)
    theirs = reports.open_report(db, c.colleague, reports.ReportInput(
        "3333333", "Buchanan County Circuit Court", "25BU-CR04444", TODAY), today=TODAY)
    victims.save_statement(db, c.colleague, theirs.id, given("Bell", "Tom"), today=TODAY)
    assert reports.get_report(db, c.officer, theirs.id).victims is None
    assert reports.get_report(db, c.colleague, theirs.id).victims is not None
    assert reports.get_report(db, c.colleague, c.report.id).victims is None
