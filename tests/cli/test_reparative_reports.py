"""rjdesk-cli's reparative reports: the slip (by id or slip number), the summary and the hours
statement on paper, hours and deliveries to a spreadsheet, the attention list; and each
expected failure as one line with a non-zero exit, no file and no audit event."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.domain.reparative.enums import DeliveryStatus, HoursStatus
from rjdesk.services.admin import auth
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD
from tests.services.reparative.reports_data import Book

SLIP = "JCCC-2026-10042"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("rep-cli") / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        from rjdesk.services.people.records import create_offender
        from tests.conftest import offender_input

        an = create_offender(db, admin, offender_input("1000001", "Nguyễn", "Văn An")).id
        book = Book(db, admin)
        quilts = book.project("Quilting circle")
        book.hours(an, quilts, date(2026, 9, 1), 6)
        book.hours(an, quilts, date(2026, 9, 2), 10, HoursStatus.PENDING)
        quilt = book.item("Quilt")
        book.made(quilts, quilt, date(2026, 9, 3), 40)
        shelter = book.recipient("Rainbow House")
        delivery = book.delivery(SLIP, shelter, [(quilt, quilts, 30, 30)],
                                 status=DeliveryStatus.DELIVERED, prepared_on=date(2026, 9, 4),
                                 delivered_on=date(2026, 9, 4))
    finally:
        db.close()
    return path, {"delivery": delivery}


@pytest.fixture
def ws(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    path, ids = built
    copy = tmp_path / "db" / "rjdesk.sqlite3"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return copy, ids


def run(capsys: pytest.CaptureFixture, db: Path, *argv: object) -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", "admin"])
    out, err = capsys.readouterr()
    return code, out, err


def audit_count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM audit_event "
                           "WHERE action IN ('print', 'export')").fetchone()[0]
    finally:
        con.close()


@pytest.mark.pdf_tools
def test_print_the_three_papers(capsys, ws, tmp_path, reader) -> None:
    db, ids = ws
    slip = tmp_path / "slip.pdf"
    code, out, err = run(capsys, db, "print", "delivery-slip", "--delivery", ids["delivery"],
                         "-o", slip)
    assert (code, err) == (0, "")
    assert out.startswith(f"printed the delivery slip {ids['delivery']}")
    assert sorted(reader.barcodes(slip, tmp_path)) == [f"CODE-128:{SLIP}"] * 2
    scanned = tmp_path / "scanned.pdf"
    code, _, _ = run(capsys, db, "print", "delivery-slip", "--delivery", SLIP.lower(),
                     "-o", scanned)
    assert code == 0 and "Site's copy" in reader.pages_text(scanned)[1]
    summary = tmp_path / "summary.pdf"
    code, out, _ = run(capsys, db, "print", "reparative-summary", "--site", "jccc",
                       "--from", "09/01/2026", "--to", "2026-09-30", "-o", summary)
    assert code == 0 and out.startswith("printed the reparative summary of JCCC, 09/01/2026")
    text = " ".join(reader.pages_text(summary)[0].split())
    assert "Quilting circle (JCCC) 6 10 0" in text
    statement = tmp_path / "statement.pdf"
    code, out, _ = run(capsys, db, "print", "hours-statement", "--doc", "1000001",
                       "-o", statement)
    assert code == 0
    assert "09/02/2026 Quilting circle JCCC 10 Waiting for approval" in " ".join(
        reader.pages_text(statement)[0].split())
    assert audit_count(db) == 4


def test_export_hours_and_deliveries(capsys, ws, tmp_path) -> None:
    db, _ = ws
    hours = tmp_path / "hours.csv"
    code, out, _ = run(capsys, db, "export", "hours", "--from", "01/01/2026", "--to",
                       "12/31/2026", "-o", hours)
    assert (code, out) == (0, f"exported 2 hour entries to {hours}.\n")
    with open(hours, encoding="utf-8-sig") as fh:
        assert [r["status"] for r in csv.DictReader(fh)] == ["approved", "pending"]
    deliveries = tmp_path / "deliveries.xlsx"
    code, out, _ = run(capsys, db, "export", "deliveries", "--site", "JCCC", "--from",
                       "2026-01-01", "--to", "2026-12-31", "-o", deliveries)
    assert (code, out) == (0, f"exported 1 delivery lines to {deliveries}.\n")


def test_attention_lists_what_waits(capsys, ws) -> None:
    db, _ = ws
    code, out, _ = run(capsys, db, "attention")
    assert code == 0
    assert out == "hours_pending\tJCCC\t1 hour entry (10 h) wait for approval: Quilting circle\n"


def test_failures_are_one_line_and_leave_nothing(capsys, ws, tmp_path) -> None:
    db, _ = ws
    out = tmp_path / "x.pdf"
    code, _, err = run(capsys, db, "print", "delivery-slip", "--delivery", "JCCC-2026-99999",
                       "-o", out)
    assert code != 0 and "JCCC-2026-99999" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, db, "print", "delivery-slip", "--delivery", SLIP,
                       "-o", tmp_path / "slip.txt")
    assert code == 2 and ".pdf" in err
    code, _, err = run(capsys, db, "print", "reparative-summary", "--from", "10/01/2026",
                       "--to", "09/01/2026", "-o", out)
    assert code == 2 and "before" in err
    code, _, err = run(capsys, db, "export", "hours", "--from", "13/45/2026", "--to",
                       "12/31/2026", "-o", tmp_path / "h.csv")
    assert code == 2 and "“13/45/2026” is not a date" in err
    code, _, err = run(capsys, db, "print", "hours-statement", "--doc", "7654321", "-o", out)
    assert code != 0 and "7654321" in err
    assert not out.exists() and audit_count(db) == 0
