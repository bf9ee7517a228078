"""Reparative work's pure rules: slip numbers, where an offender was on a day, the duplicate
key of an organization, the keys that make one thing one record, and stock."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.rules import Move, SlipNumber, at_site_on, parse_slip


def test_a_slip_number_reads_back_from_its_text_as_typed_or_scanned():
    slip = SlipNumber("JCCC", 2026, 1, 42)
    assert str(slip) == "JCCC-2026-10042"
    assert parse_slip("  jccc-2026-10042\n") == slip
    assert parse_slip(str(SlipNumber("WMCC", 2027, 12, 9999))) == SlipNumber("WMCC", 2027, 12,
                                                                              9999)


@pytest.mark.parametrize("text", ["", "JCCC-2026-042", "JCCC-26-10042", "JCCC 2026 10042",
                                  "00-469 2299", "JCCC-2026-1004x"])
def test_what_is_not_a_slip_number_is_none(text):
    assert parse_slip(text) is None


def test_two_desks_of_one_site_never_write_one_number():
    first = {str(SlipNumber("JCCC", 2026, 1, n)) for n in range(1, 10000)}
    second = {str(SlipNumber("JCCC", 2026, 2, n)) for n in range(1, 10000)}
    tenth = {str(SlipNumber("JCCC", 2026, 10, n)) for n in range(1, 10000)}
    assert not first & second and not first & tenth and not second & tenth


def test_without_transfers_he_has_always_been_where_he_is():
    assert at_site_on("A", [], "A", date(2020, 1, 1))
    assert not at_site_on("A", [], "B", date(2020, 1, 1))


def test_transfers_mark_when_he_came_and_when_he_left():
    moves = [Move(date(2026, 3, 1), "A", "B"), Move(date(2026, 6, 1), "B", "C")]
    assert at_site_on("C", moves, "A", date(2026, 2, 28))
    assert not at_site_on("C", moves, "B", date(2026, 2, 28))  # before he came to B
    assert at_site_on("C", moves, "B", date(2026, 3, 1))  # the day of a move counts for both
    assert at_site_on("C", moves, "B", date(2026, 6, 1))
    assert not at_site_on("C", moves, "B", date(2026, 6, 2))  # after he left B
    assert at_site_on("C", moves, "C", date(2026, 12, 1))
    assert not at_site_on("C", list(reversed(moves)), "A", date(2026, 4, 1))


def test_one_organization_written_two_ways_has_one_match_key():
    assert rules.match_key("The Salvation Army, Inc.") == rules.match_key("salvation army")
    assert rules.match_key("Meals & Wheels of Cole County") == \
        rules.match_key("Meals and Wheels, Cole County")
    assert rules.match_key("Salvation Army") != rules.match_key("Salvation Navy")


def test_the_same_thing_at_two_workstations_has_one_key():
    day = date(2026, 12, 1)
    assert rules.hours_key("o", "p", day) == rules.hours_key("o", "p", date(2026, 12, 1))
    assert rules.hours_key("o", "p", day) != rules.hours_key("o", "p", date(2026, 12, 2))
    assert rules.project_key("s", "Quilts  for Kids") == rules.project_key("s", "quilts for kids")
    assert rules.item_type_key("Quilt", "each") != rules.item_type_key("Quilt", "pound")
    assert rules.delivery_key("jccc-2026-10001") == rules.delivery_key("JCCC-2026-10001")


@pytest.mark.parametrize(("status", "ordered", "delivered", "out"), [
    ("prepared", 30, None, 30), ("delivered", 30, 25, 25), ("received", 30, 30, 30),
    ("cancelled", 30, None, 0), ("delivered", 30, None, 30)])
def test_what_a_line_takes_out_of_stock(status, ordered, delivered, out):
    assert rules.committed(status, ordered, delivered) == out
