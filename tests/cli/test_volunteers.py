"""rjdesk-cli expiring: what lapses in the next 30, 60 or 90 days, listed or printed, and a
bad span or file name refused in one line with nothing written."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.domain.core.formats import us_date
from rjdesk.services.admin import auth
from rjdesk.services.volunteers import records as volunteers
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD

TODAY = date.today()


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        for last, days in (("Lapsed", -2), ("Soon", 10), ("Later", 45)):
            volunteers.create_volunteer(db, admin, volunteers.VolunteerInput(
                last_name=last, first_name="Pat", site_code="JCCC",
                background_check_on=TODAY - timedelta(days=700),
                background_check_expires=TODAY + timedelta(days=days)))
    finally:
        db.close()
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return path


def run(capsys: pytest.CaptureFixture, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["expiring", *map(str, argv), "--db", str(db), "--user", "admin"])
    out, err = capsys.readouterr()
    return code, out, err


def prints(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM audit_event WHERE action = 'print'").fetchone()[0]
    finally:
        con.close()


def test_the_list_covers_30_days_unless_asked_for_more(capsys, ws) -> None:
    code, out, err = run(capsys, ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"JCCC\tLAPSED, Pat\tBackground check\t{us_date(TODAY - timedelta(days=2))}\t"
        "Expired 2 days ago",
        f"JCCC\tSOON, Pat\tBackground check\t{us_date(TODAY + timedelta(days=10))}\t"
        "Expires in 10 days",
        "2 items expired, missing or expiring within 30 days at every site."]
    code, out, _ = run(capsys, ws, "--within", "60", "--site", "JCCC")
    assert code == 0 and "LATER, Pat" in out and out.endswith("within 60 days at JCCC.\n")


def test_printing_writes_the_pdf_and_audits_it(capsys, ws, tmp_path, reader) -> None:
    out_pdf = tmp_path / "expiring.pdf"
    code, out, err = run(capsys, ws, "--within", "90", "-o", out_pdf)
    assert (code, err) == (0, "")
    assert out == (f"printed the expiring credentials of every site (within 90 days): 1 page "
                   f"in {out_pdf}.\n")
    text = " ".join(reader.pages_text(out_pdf)[0].split())
    assert all(n in text for n in ("LAPSED, Pat", "SOON, Pat", "LATER, Pat"))
    assert prints(ws) == 1


@pytest.mark.parametrize("argv, says", [
    (["--within", "45"], "invalid choice: 45"),
    (["-o", "list.txt"], "printed to a .pdf file"),
])
def test_a_bad_span_or_file_is_refused_in_one_line(capsys, ws, tmp_path, argv, says) -> None:
    code, out, err = run(capsys, ws, *[a if a != "list.txt" else tmp_path / a for a in argv])
    assert code == 2 and out == "" and says in err
    assert "Traceback" not in err and not (tmp_path / "list.txt").exists()
    assert prints(ws) == 0
