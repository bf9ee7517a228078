"""The table of what each paper or file of personal data needs."""

from __future__ import annotations

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.permissions import (
    OUTPUT_PERMISSIONS,
    Output,
    has_permission,
    reads_all_sites,
)


def _may(role: Role, output: Output) -> bool:
    return all(has_permission(role, p) for p in OUTPUT_PERMISSIONS[output])


def test_every_output_is_in_the_table():
    assert set(OUTPUT_PERMISSIONS) == set(Output)


def test_victim_services_take_no_one_away_on_paper_or_in_a_file():
    assert not any(_may(Role.VICTIM_SERVICES, o) for o in Output)


def test_facilitators_print_their_papers():
    assert all(_may(Role.INSTITUTION_STAFF, o) for o in Output
               if o not in (Output.AUDIT_EXPORT, Output.VICTIM_IMPACT))


def test_victims_statements_are_printed_only_by_those_who_write_court_reports():
    assert {r for r in Role if _may(r, Output.VICTIM_IMPACT)} == \
        {Role.ADMINISTRATOR, Role.PP_OFFICER}


def test_only_those_who_read_the_audit_log_take_it_away():
    assert {r for r in Role if _may(r, Output.AUDIT_EXPORT)} == \
        {Role.ADMINISTRATOR, Role.CENTRAL_OFFICE}


def test_only_administrators_and_the_central_office_take_every_sites_people():
    assert {r for r in Role if reads_all_sites(r)} == {Role.ADMINISTRATOR, Role.CENTRAL_OFFICE}
