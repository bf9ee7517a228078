"""People in and out as files: CSV import (all or nothing), CSV/XLSX export, the printed list."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from rjdesk.demo.builder import build_demo
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.services.admin import auth
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound
from rjdesk.services.core.sites import get_site
from rjdesk.services.people import query as people_query
from rjdesk.services.people.exchange import (
    COLUMNS,
    ImportRejected,
    export_people,
    import_people,
    iter_people,
    sites_summary,
)
from rjdesk.services.people.printouts import print_people_list
from rjdesk.store.database import Database
from rjdesk.store.migrate import open_database

HEADER = ",".join(COLUMNS)
GOOD = [
    "1200001,Nguyễn,Thị Hoa,,1985-03-02,JCCC,incarcerated,2027-01-31,HU 3-B-12",
    "1200002,Ñúñez,Carlos,Alberto,07/04/1979,jccc,,,HU 1-A-1",
    "0001200003,Smith,John,Lee,12/31/1990,PP-27,supervised,2024-05-01,",
]


def _csv(folder: Path, lines: list[str], *, name: str = "people.csv", bom: bool = False,
         header: str = HEADER) -> Path:
    path = folder / name
    path.write_text(("\ufeff" if bom else "") + "\n".join([header, *lines]) + "\n",
                    encoding="utf-8")
    return path


def _count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Offender))


def _events(db: Database, action: str) -> list[AuditEvent]:
    with db.reading() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_valid_file_is_imported_whole(db, admin, tmp_path):
    report = import_people(db, admin, _csv(tmp_path, GOOD, bom=True))
    assert (report.imported, report.by_site) == (3, {"JCCC": 2, "PP-27": 1})
    with db.reading() as s:
        people = {p.doc_number: p for p in s.scalars(select(Offender))}
    nunez = people["1200002"]
    assert (nunez.last_name, nunez.middle_name, nunez.date_of_birth) == \
        ("Ñúñez", "Alberto", date(1979, 7, 4))
    assert nunez.status is OffenderStatus.INCARCERATED  # blank status at a prison
    assert people["1200003"].status is OffenderStatus.SUPERVISED  # leading zeros dropped
    for p in people.values():
        assert p.id == rules.offender_key(p.doc_number)
        assert p.search_text == rules.search_text(p.doc_number, p.last_name, p.first_name,
                                                  p.middle_name)
    found = people_query.list_offenders(db, admin, people_query.PeopleFilter(query="nunez"))
    assert [r.doc_number for r in found.rows] == ["1200002"]
    [event] = _events(db, "import")
    assert event.summary == "Imported 3 offenders from people.csv (JCCC 2, PP-27 1)"
    assert sites_summary({f"S{i}": 1 for i in range(7)}) == "7 sites"  # a statewide file


def test_any_bad_row_refuses_the_whole_file_and_names_every_line(db, admin, add_offender,
                                                                  tmp_path):
    add_offender("7654321", "Peña", "José")
    lines = GOOD + [
        "1200009,Doe,Jane,,1990-02-30,JCCC,,,",             # line 5: no such day
        "1200010,,Sam,,1990-01-01,JCCC,,,",                  # line 6: no last name
        "1200011,Roe,Rick,,1990-01-01,NOPE,,,",              # line 7: unknown site
        "1200001,Twice,Tom,,1990-01-01,JCCC,,,",             # line 8: duplicate of line 2
        "7654321,Peña,José,,1990-01-01,JCCC,,,",             # line 9: already on file
        "12A,Bad,Number,,1990-01-01,JCCC,,,",                # line 10: not a DOC number
        "1200012,Poe,Ed,,2090-01-01,JCCC,jailed,,",          # line 11: future, bad status
    ]
    with pytest.raises(ImportRejected) as caught:
        import_people(db, admin, _csv(tmp_path, lines))
    problems = {(p.line, p.field) for p in caught.value.problems}
    assert problems == {(5, "date_of_birth"), (6, "last_name"), (7, "site_code"),
                        (8, "doc_number"), (9, "doc_number"), (10, "doc_number"),
                        (11, "date_of_birth"), (11, "status")}
    text = "\n".join(caught.value.lines())
    assert "7 rows have problems, so nothing was imported" in text
    assert "line 8, DOC number: DOC number 1200001 is also on line 2." in text
    assert "line 9, DOC number: DOC number 7654321 is already on file: PEÑA, José, JCCC." in text
    assert "“1990-02-30” is not a date" in text and "“jailed” is not a status" in text
    assert _count(db) == 1 and not _events(db, "import")


def test_staff_import_people_of_their_own_site_only(db, make_user, tmp_path):
    staff = make_user(Role.INSTITUTION_STAFF)
    with pytest.raises(ImportRejected) as caught:
        import_people(db, staff, _csv(tmp_path, GOOD))
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (4, "site_code") and "own site (JCCC)" in str(problem)
    assert import_people(db, staff, _csv(tmp_path, GOOD[:2])).imported == 2
    coordinator = make_user(Role.VOLUNTEER_COORDINATOR)
    with pytest.raises(NotAllowed):
        import_people(db, coordinator, _csv(tmp_path, GOOD[:2]))


@pytest.mark.parametrize("setup, words", [
    (lambda d: _csv(d, GOOD, header="doc,last_name"), "first_name, date_of_birth, site_code"),
    (lambda d: _csv(d, []), "no people"),
    (lambda d: _csv(d, GOOD, name="people.xlsx"), "CSV"),
    (lambda d: d / "missing.csv", "no file"),
])
def test_a_file_that_is_not_a_people_csv_is_refused(db, admin, tmp_path, setup, words):
    with pytest.raises(InvalidInput, match=words):
        import_people(db, admin, setup(tmp_path))
    assert _count(db) == 0


@pytest.mark.parametrize("header, rows, words", [
    (HEADER + ",notes", [g + ",call first" for g in GOOD], "unknown column “notes”"),
    (HEADER + ",site_code", [g + ",PP-27" for g in GOOD], "site_code named more than once"),
    (HEADER + ",", [g + "," for g in GOOD], "column 10 has no name"),
    ("doc_number,last_name,first_name,date_of_birth,site_code,SITE_CODE,Phone",
     ["1200001,Nguyễn,Thị Hoa,1985-03-02,JCCC,PP-27,555"],
     "unknown column “phone”; site_code named more than once"),
])
def test_unknown_or_repeated_columns_refuse_the_file_by_name(db, admin, tmp_path, header, rows,
                                                            words):
    with pytest.raises(InvalidInput, match=words) as exc:
        import_people(db, admin, _csv(tmp_path, rows, header=header))
    assert "nothing was imported" in exc.value.message and "\n" not in exc.value.message
    assert _count(db) == 0


def test_a_file_that_is_not_utf8_is_refused(db, admin, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n1200002,Ñúñez,Carlos,,1979-07-04,JCCC,,,\n").encode("latin-1"))
    with pytest.raises(InvalidInput, match="UTF-8"):
        import_people(db, admin, path)


@pytest.fixture
def demo_db(tmp_path_factory: pytest.TempPathFactory):
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    build_demo(database)
    yield database, auth.sign_in(database, "admin", "demo")
    database.close()


def _people(db: Database) -> set[tuple]:
    with db.reading() as s:
        return {(p.doc_number, p.last_name, p.first_name, p.middle_name, p.date_of_birth,
                 p.site_id, p.status, p.projected_release_date, p.housing_unit, p.search_text,
                 p.sort_name) for p in s.scalars(select(Offender))}


def test_an_export_imports_into_a_new_database_as_the_same_people(demo_db, db, admin, tmp_path):
    source, actor = demo_db
    out = tmp_path / "everyone.csv"
    assert export_people(source, actor, out, None) == 460
    assert out.read_bytes().startswith(b"\xef\xbb\xbf" + HEADER.encode())
    assert import_people(db, admin, out).imported == 460
    assert _people(db) == _people(source)
    [event] = _events(source, "export")
    assert "460 offenders of all sites" in event.summary


def test_an_xlsx_export_has_one_site_with_real_dates(demo_db, tmp_path):
    source, actor = demo_db
    officer_site = get_site(source, "PP-27")
    out = tmp_path / "pp27.xlsx"
    count = export_people(source, actor, out, officer_site.id)
    sheet = load_workbook(out, read_only=True)["People"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS and len(rows) == count + 1 >= 40
    assert {r[5] for r in rows[1:]} == {"PP-27"}
    assert all(isinstance(r[4], datetime) for r in rows[1:])
    assert ("Nguyễn", "Thị Hoa") in {(r[1], r[2]) for r in rows[1:]}


def test_an_export_that_cannot_be_written_leaves_nothing(db, admin, add_offender, tmp_path):
    add_offender()
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InvalidInput, match="csv or .xlsx"):
        export_people(db, admin, folder / "people.pdf", None)
    with pytest.raises(OSError) as caught:
        export_people(db, admin, folder / "no such folder" / "people.csv", None)
    assert caught.value.filename == str(folder / "no such folder" / "people.csv")
    target = folder / "taken.csv"
    target.mkdir()  # a folder where the file should go: the rename fails at the very end
    with pytest.raises(OSError):
        export_people(db, admin, target, None)
    assert [p.name for p in folder.iterdir()] == ["taken.csv"]
    assert target.is_dir() and not list(target.iterdir())
    assert not _events(db, "export")


def test_export_and_print_need_their_permission(db, make_user, tmp_path):
    victims = make_user(Role.VICTIM_SERVICES)
    with pytest.raises(NotAllowed):
        export_people(db, victims, tmp_path / "x.csv", None)
    with pytest.raises(NotAllowed):
        print_people_list(db, victims, "JCCC", tmp_path / "x.pdf")
    assert not list(tmp_path.glob("*x.*"))


def test_iter_people_pages_through_everyone_in_name_order(db, admin, add_offender):
    for i, (last, first) in enumerate([("Zed", "Al"), ("Ávila", "Bo"), ("Muñoz", "Cy")]):
        add_offender(f"55500{i}", last, first, middle_name="Q")
    people = list(iter_people(db, admin, None, page_size=2))
    assert [(p.last_name, p.middle_name) for p in people] == \
        [("Ávila", "Q"), ("Muñoz", "Q"), ("Zed", "Q")]


def test_the_people_list_prints_a_site_with_its_names_and_is_audited(demo_db, tmp_path):
    source, actor = demo_db
    out = tmp_path / "jccc.pdf"
    pages = print_people_list(source, actor, "jccc", out, printed_at=datetime(2026, 6, 1, 9))
    assert pages >= 15 and out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "NGUYỄN, Văn An" in text and "ÑÚÑEZ, Carlos Alberto" in text
    assert "400 people" in text and "Dana Whitfield" in text
    [event] = _events(source, "print")
    assert "JCCC" in event.summary and f"{pages} pages" in event.summary
    buffer = io.BytesIO()
    assert print_people_list(source, actor, "PP-27", buffer) >= 2
    assert buffer.getvalue().startswith(b"%PDF")


def test_a_print_that_fails_leaves_no_file(demo_db, tmp_path):
    source, actor = demo_db
    out = tmp_path / "list.pdf"

    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt  # as a cancel button would stop it, halfway

    with pytest.raises(KeyboardInterrupt):
        print_people_list(source, actor, "JCCC", out, progress=cancel)
    with pytest.raises(NotFound, match="NOPE"):
        print_people_list(source, actor, "NOPE", out)
    assert not list(tmp_path.iterdir())
    assert not _events(source, "print")


def test_staff_export_and_print_their_own_site_only(db, make_user, add_offender, tmp_path):
    add_offender()
    add_offender("1200009", site="PP-27")
    staff = make_user(Role.INSTITUTION_STAFF)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(NotAllowed, match=r"own site \(JCCC\) only"):
        export_people(db, staff, tmp_path / "all.csv", None)
    with pytest.raises(NotAllowed, match="own site"):
        export_people(db, staff, tmp_path / "pp.csv", get_site(db, "PP-27").id)
    with pytest.raises(NotAllowed, match="own site"):
        print_people_list(db, staff, "PP-27", tmp_path / "pp.pdf")
    assert not list(tmp_path.iterdir()) and not _events(db, "export")
    assert export_people(db, staff, tmp_path / "jccc.csv", staff.site_id) == 1
    central = make_user(Role.CENTRAL_OFFICE)
    assert export_people(db, central, tmp_path / "every.csv", None) == 2
