"""Text that a spreadsheet would run as a formula, control characters and invisible names: refused
where they are typed or imported, and neutralised in every export of what is already on file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from rjdesk.domain.people.models import Offender
from rjdesk.services.core.context import acting
from rjdesk.services.core.errors import Errors, InvalidInput
from rjdesk.services.core.sites import get_site
from rjdesk.services.people.exchange import ImportRejected, export_people, import_people
from rjdesk.services.people.records import create_offender, transfer_offender
from tests.conftest import offender_input
from tests.services.people.test_exchange import GOOD, _count, _csv

HYPERLINK = '=HYPERLINK("http://evil.example/x","click")'


def test_an_import_refuses_formulas_in_a_name_or_a_unit_and_names_each_line(
        db, admin, tmp_path: Path) -> None:
    lines = [*GOOD,
             '1200020,"=HYPERLINK(""http://evil.example/x"",""click"")",Ann,,1990-01-01,JCCC,,,',
             "1200021,Lee,Bo,,1990-01-01,JCCC,,,=cmd|x!A",
             "1200022,-Lee,Bo,,1990-01-01,JCCC,,,",
             "1200023,Lee,@Bo,,1990-01-01,JCCC,,,"]
    before = _count(db)
    with pytest.raises(ImportRejected) as caught:
        import_people(db, admin, _csv(tmp_path, lines))
    assert {(p.line, p.field) for p in caught.value.problems} == {
        (5, "last_name"), (6, "housing_unit"), (7, "last_name"), (8, "first_name")}
    assert _count(db) == before


@pytest.mark.parametrize("name", ["Lee\x00", "Le\x1be", "\u200b\u200b", "=SUM(A1)", "+1 Lee"])
def test_a_name_with_control_characters_invisible_or_formula_text_is_refused(
        db, admin, name: str) -> None:
    with pytest.raises(Errors) as caught:
        create_offender(db, admin, offender_input("4445551", last=name))
    assert "last_name" in caught.value.errors


def test_a_hyphenated_name_inside_is_fine(db, admin) -> None:
    person = create_offender(db, admin, offender_input("4445552", last="Smith-Jones"))
    assert person.last_name == "Smith-Jones"


def test_a_transfer_refuses_a_formula_as_the_new_unit(db, admin) -> None:
    person = create_offender(db, admin, offender_input("4445553"))
    with pytest.raises(InvalidInput, match="cannot start with") as caught:
        transfer_offender(db, admin, person.id, "ERDCC", housing_unit="=cmd|x!A")
    assert caught.value.field == "housing_unit"


def _on_file_from_before(db, admin) -> str:  # noqa: ANN001 - the suite's fixtures
    """A record written before these rules: formula text and control characters on file."""
    person = create_offender(db, admin, offender_input("4445554"))
    with acting(db, admin) as tx:
        tx.execute(update(Offender).where(Offender.id == person.id).values(
            last_name=HYPERLINK, first_name="Es\x1bc\x00", housing_unit="=cmd|x!A"))
    return person.id


def test_a_csv_export_neutralises_formula_text(db, admin, tmp_path: Path) -> None:
    _on_file_from_before(db, admin)
    out = tmp_path / "people.csv"
    export_people(db, admin, out, get_site(db, "JCCC").id)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["doc_number"] == "4445554"]
    assert row["last_name"] == "'" + HYPERLINK
    assert row["housing_unit"] == "'=cmd|x!A"


def test_an_xlsx_export_writes_formula_text_as_text_and_survives_control_characters(
        db, admin, tmp_path: Path) -> None:
    _on_file_from_before(db, admin)
    out = tmp_path / "people.xlsx"
    export_people(db, admin, out, get_site(db, "JCCC").id)  # no traceback
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    (row,) = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "4445554"]
    last = row[header.index("last_name")]
    assert last.data_type == "s" and last.value == HYPERLINK
    assert row[header.index("housing_unit")].data_type == "s"
    assert row[header.index("first_name")].value == "Es\ufffdc\ufffd"
