"""The audit log read for an investigation: narrowed by person, user, site, kind and date, in
plain words, with each changed field before → after, out to a spreadsheet and on paper."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.core.permissions import Output
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.admin import audit_log, auth
from rjdesk.services.admin.audit_log import AuditFilter
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound, SignInFailed
from rjdesk.services.people.records import get_offender, update_offender
from rjdesk.services.volunteers import records as vs
from tests.conftest import offender_input


def _volunteer(**kw) -> vs.VolunteerInput:
    base = dict(last_name="Anderson", first_name="Carl", site_code="JCCC",
                roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
                background_check_on=date(2025, 3, 1), background_check_expires=date(2027, 3, 1),
                speaker_consent_on=date(2025, 3, 2))
    base.update(kw)
    return vs.VolunteerInput(**base)


def _summaries(db, action: str, entity: str) -> list[str]:  # noqa: ANN001
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent.summary).where(
            AuditEvent.action == action, AuditEvent.entity == entity)))


def test_a_volunteer_update_says_which_field_changed_before_and_after(db, admin):
    v = vs.create_volunteer(db, admin, _volunteer())
    vs.update_volunteer(db, admin, v.id, _volunteer(speaker_consent_on=None))
    [summary] = _summaries(db, "update", "volunteer")
    assert summary == "ANDERSON, Carl: speaker consent on: 2025-03-02 → (blank)"


def test_a_speakers_contact_change_is_named_but_its_values_are_not_kept(db, admin):
    v = vs.create_volunteer(db, admin, _volunteer(phone="(573) 555-0142"))
    vs.update_volunteer(db, admin, v.id, _volunteer(phone="(573) 555-0199"))
    [summary] = _summaries(db, "update", "volunteer")
    assert summary == "ANDERSON, Carl: phone changed"


def test_an_offender_update_lists_each_changed_field_and_only_those(db, admin, add_offender):
    o = add_offender(housing_unit="HU 1-A")
    update_offender(db, admin, o.id, offender_input(housing_unit="HU 2-B", middle_name="Lee"))
    [summary] = _summaries(db, "update", "offender")
    assert summary.endswith(": middle name: (blank) → Lee; housing unit: HU 1-A → HU 2-B")
    assert "last name" not in summary


def test_filters_narrow_to_a_person_a_user_a_kind_and_dates(db, admin, make_user,
                                                          add_offender):
    clerk = make_user(Role.INSTITUTION_STAFF, username="clerk")
    a = add_offender("1111111", "Evans", "Tom")
    b = add_offender("2222222", "Baker", "Sam")
    get_offender(db, clerk, a.id)
    vs.create_volunteer(db, admin, _volunteer())

    def find(**kw) -> list[audit_log.AuditRow]:  # noqa: ANN003
        return audit_log.list_events(db, admin, where=AuditFilter(**kw))[0]

    about_a = find(person_id=a.id)
    assert {r.action for r in about_a} == {"create", "view"}
    assert all(b.id != r.entity_id for r in about_a)
    assert {r.username for r in find(username="clerk")} == {"clerk"}
    assert {r.entity for r in find(kind="volunteer")} == {"volunteer"}
    assert find(since=date.today() + timedelta(days=1)) == []
    assert len(find(until=date.today())) == len(find())
    assert find(text="Baker")[0].entity_id == b.id
    assert {r.site_code for r in find(site_id=admin.site_id)} == {"JCCC"}
    assert len(find(site_id=admin.site_id)) < len(find())  # the workstation's own setup events


def test_plain_words_for_internal_names_and_a_kind_typed_either_way(db, admin):
    assert audit_log.words("icvc_enrollment") == "ICVC enrollment"
    assert audit_log.words("sign_in_failed") == "Failed sign-in"
    assert audit_log.words("some_new_thing") == "Some new thing"
    assert audit_log.kind_named("Volunteer") == audit_log.kind_named("volunteer") == "volunteer"
    with pytest.raises(InvalidInput, match="no kind of record called “spaceship”"):
        audit_log.kind_named("spaceship")


def test_a_failed_sign_in_is_in_the_log_in_plain_words(db, admin):
    with pytest.raises(SignInFailed):
        auth.sign_in(db, "admin", "not the password")
    rows, _ = audit_log.list_events(db, admin, where=AuditFilter(username="admin"))
    assert rows[0].action_words == "Failed sign-in"
    assert rows[0].entity_words == "Staff account"


def test_a_from_date_after_the_to_date_is_refused(db, admin):
    with pytest.raises(InvalidInput, match="From date is after the To date"):
        audit_log.list_events(db, admin, where=AuditFilter(since=date(2026, 5, 2),
                                                            until=date(2026, 5, 1)))


def test_a_person_by_doc_number_as_typed(db, admin, add_offender):
    o = add_offender("0469229")
    assert audit_log.person_by_doc(db, admin, "00-469 229") == o.id
    with pytest.raises(NotFound, match="No one has the DOC number"):
        audit_log.person_by_doc(db, admin, "7654321")


def test_export_writes_the_filtered_events_in_plain_words_and_is_audited(db, admin, tmp_path,
                                                                         add_offender):
    o = add_offender(housing_unit="HU 1-A")
    update_offender(db, admin, o.id, offender_input(housing_unit="HU 2-B"))
    add_offender("2222222", "Baker", "Sam")
    out = tmp_path / "audit.csv"
    assert audit_log.export_events(db, admin, out, AuditFilter(person_id=o.id)) == 2
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["action"] for r in rows] == ["Changed", "Created"]
    assert rows[0]["record_kind"] == "Person"
    assert "HU 1-A → HU 2-B" in rows[0]["what"]
    assert _summaries(db, "export", "audit_log") == [
        f"Exported 2 audit events (record {o.id}) to audit.csv"]


def test_export_and_print_are_refused_to_a_role_without_the_audit(db, make_user, tmp_path):
    clerk = make_user(Role.INSTITUTION_STAFF)
    with pytest.raises(NotAllowed, match="export the audit log"):
        audit_log.export_events(db, clerk, tmp_path / "a.csv")
    with pytest.raises(NotAllowed, match="export the audit log"):
        audit_log.print_events(db, clerk, tmp_path / "a.pdf")
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "a.pdf").exists()
    assert Output.AUDIT_EXPORT.value == "audit_export"


def test_print_shows_the_filter_and_the_changes(db, admin, tmp_path, add_offender, reader):
    o = add_offender(housing_unit="HU 1-A")
    update_offender(db, admin, o.id, offender_input(housing_unit="HU 2-B"))
    out = tmp_path / "audit.pdf"
    assert audit_log.print_events(db, admin, out, AuditFilter(kind="offender"),
                                  printed_at=datetime(2026, 9, 14, 8, 5)) == 1
    text = " ".join(reader.pages_text(out))
    assert "person" in text and "HU 1-A → HU 2-B" in text
    assert _summaries(db, "print", "audit_log") == ["Printed 2 audit events (person), 1 pages"]


def test_the_demo_event_is_never_stamped_ahead_of_the_clock(db):
    from rjdesk.demo.builder import build_demo

    tomorrow = date.today() + timedelta(days=1)
    build_demo(db, today=tomorrow)
    with db.reading() as tx:
        at = tx.scalar(select(AuditEvent.at).where(AuditEvent.action == "demo"))
    assert at <= utcnow()
