"""rjdesk-cli's ICVC commands: finding a class and its people, printing the sign-in sheet,
certificates and the class summary, exporting enrollments; and each expected failure as one
line, exit status 2, no file and no audit event."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rjdesk.cli.main import main
from rjdesk.domain.icvc.enums import AttendanceMark
from rjdesk.services.admin import auth
from rjdesk.services.icvc import attendance, completion, roster, schedule
from rjdesk.services.people.records import create_offender
from rjdesk.store.capture import authored_by
from rjdesk.store.clock import register as register_clock
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD, offender_input
from tests.services.icvc.conftest import TODAY, class_input

AFTER = date(2026, 11, 2)
PEOPLE = [("3100000", "Nguyễn", "Văn An"), ("3100001", "Иванов", "Пётр"),
          ("3100002", "Smith", "Robert"), ("3100003", "Okafor", "Emeka")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A JCCC workstation with one finished class: two completed, one enrolled, one waiting."""
    path = tmp_path_factory.mktemp("icvc-cli") / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        cls = schedule.create_class(db, admin, class_input())
        schedule.cancel_session(db, admin, cls.sessions[-1].id, "Lockdown")  # 7 sessions left
        people = [create_offender(db, admin, offender_input(*p)) for p in PEOPLE]
        seated = [roster.enroll(db, admin, cls.id, p.id, today=TODAY) for p in people[:3]]
        waiting = roster.enroll(db, admin, cls.id, people[3].id, waitlist_ok=True, today=TODAY)
        for e in seated[:2]:
            for s in cls.sessions[:6]:
                attendance.mark(db, admin, s.id, e.id, AttendanceMark.PRESENT, today=AFTER)
            completion.complete(db, admin, e.id, on=AFTER - timedelta(days=1))
        ids = {"class": cls.id, "done": seated[0].id, "done2": seated[1].id,
               "enrolled": seated[2].id, "waiting": waiting.id}
    finally:
        db.close()
    return path, ids


@pytest.fixture
def ws(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    path, ids = built
    copy = tmp_path / "db" / "rjdesk.sqlite3"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return copy, ids


def run(capsys: pytest.CaptureFixture, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", "admin"])
    out, err = capsys.readouterr()
    return code, out, err


def audit_count(db: Path) -> int:
    """Prints and exports recorded (signing in is recorded too, whatever the command does)."""
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM audit_event "
                           "WHERE action IN ('print', 'export')").fetchone()[0]
    finally:
        con.close()


def test_classes_and_roster_show_the_ids_to_use(capsys, ws) -> None:
    db, ids = ws
    code, out, _ = run(capsys, db, "classes", "--site", "JCCC")
    assert code == 0
    assert out.splitlines() == [(f"{ids['class']}\tJCCC\tICVC Fall 2026\t08/31/2026-10/19/2026\t"
                                 "finished\t3/3 seats, 1 waiting")]
    code, out, _ = run(capsys, db, "roster", "--class", ids["class"])
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert lines[0].startswith(f"{ids['done']}\t3100000\tNGUYỄN, Văn An\tcompleted 11/01/2026 "
                               "ICVC-JCCC-2026-")
    assert f"{ids['enrolled']}\t3100002\tSMITH, Robert\tenrolled" in lines
    assert lines[-1] == f"{ids['waiting']}\t3100003\tOKAFOR, Emeka\twaitlisted #1"


def test_print_the_papers(capsys, ws, tmp_path, reader) -> None:
    db, ids = ws
    before = audit_count(db)
    sheet = tmp_path / "sheet.pdf"
    code, out, err = run(capsys, db, "print", "roster", "--class", ids["class"], "--session", "7",
                         "-o", sheet)
    assert (code, err) == (0, "")
    assert out == (f"printed the sign-in sheet of ICVC Fall 2026, Session 7 of 7: 1 page in "
                   f"{sheet}.\n")
    text = " ".join(reader.pages_text(sheet)[0].split())
    assert "10/19/2026, Session 7 of 7" in text
    assert all(doc in text for doc in ("3100000", "3100001", "3100002"))
    assert "3100003" not in text  # waiting, not on the sheet
    assert sorted(reader.barcodes(sheet, tmp_path)) == [
        "CODE-128:3100000", "CODE-128:3100001", "CODE-128:3100002"]

    one = tmp_path / "one.pdf"
    code, out, _ = run(capsys, db, "print", "certificate", "--enrollment", ids["done"], "-o", one)
    assert code == 0 and "Văn An Nguyễn" in reader.pages_text(one)[0]
    every = tmp_path / "every.pdf"
    code, out, _ = run(capsys, db, "print", "certificates", "--class", ids["class"], "-o", every)
    assert code == 0 and out.startswith("printed the 2 certificates of ICVC Fall 2026: 2 pages")
    names = [" ".join(t.split()) for t in reader.pages_text(every)]
    assert len(names) == 2 and "Văn An Nguyễn" in names[0] and "Пётр Иванов" in names[1]
    summary = tmp_path / "summary.pdf"
    code, out, _ = run(capsys, db, "print", "class-summary", "--class", ids["class"],
                       "-o", summary)
    assert code == 0
    text = " ".join(reader.pages_text(summary)[0].split())
    assert "3100002 SMITH, Robert – – – – – – – 0 Enrolled" in text
    assert "Cancelled 10/26/2026 (Lockdown)" in text
    assert audit_count(db) == before + 1 + 1 + 2 + 1


@pytest.mark.parametrize("argv, message", [
    (["print", "roster", "--class", "no-such-class", "--session", "1"],
     "there is no class “no-such-class”; `rjdesk-cli classes` lists them."),
    (["print", "roster", "--class", "{class}", "--session", "8"],
     "session 8: ICVC Fall 2026 has sessions 1 to 7 (cancelled ones are not counted)."),
    (["print", "roster", "--class", "{class}", "--session", "0"],
     "session 0: ICVC Fall 2026 has sessions 1 to 7 (cancelled ones are not counted)."),
    (["print", "certificate", "--enrollment", "{enrolled}"],
     ("SMITH, Robert (3100002) is enrolled in ICVC Fall 2026, not completed; no certificate "
      "was printed.")),
    (["print", "certificate", "--enrollment", "nope"], "There is no enrollment “nope”."),
    (["print", "class-summary", "--class", "nope"],
     "there is no class “nope”; `rjdesk-cli classes` lists them."),
    (["print", "certificates", "--class", "nope"],
     "there is no class “nope”; `rjdesk-cli classes` lists them."),
    (["export", "enrollments", "--class", "nope"],
     "there is no class “nope”; `rjdesk-cli classes` lists them."),
    (["export", "enrollments", "--site", "NOWHERE"], "There is no site with the code “NOWHERE”."),
])
def test_failures_are_one_line_and_write_nothing(capsys, ws, tmp_path, argv, message) -> None:
    db, ids = ws
    before = audit_count(db)
    out_file = tmp_path / ("out.csv" if argv[0] == "export" else "out.pdf")
    argv = [a.format(**ids) for a in argv]
    code, out, err = run(capsys, db, *argv, "-o", out_file)
    assert (code, out, err) == (2, "", f"rjdesk-cli: {message}\n")
    assert not out_file.exists() and not list(tmp_path.glob(".out*"))
    assert audit_count(db) == before


def test_wrong_extensions_are_refused(capsys, ws, tmp_path) -> None:
    db, ids = ws
    code, _, err = run(capsys, db, "print", "class-summary", "--class", ids["class"],
                       "-o", tmp_path / "summary.txt")
    assert code == 2 and "printed to a .pdf file" in err
    code, _, err = run(capsys, db, "export", "enrollments", "-o", tmp_path / "e.txt")
    assert code == 2 and ".csv or .xlsx" in err and err.count("\n") == 1
    assert not list(tmp_path.glob("summary*")) and not list(tmp_path.glob("e.*"))


def test_no_certificates_when_nobody_completed(capsys, ws, tmp_path) -> None:
    db, _ = ws
    con = sqlite3.connect(db)
    register_clock(con)  # a write to a synced table is stamped for the change log
    with authored_by(auth.user_key("admin")):  # and names its author
        con.execute("UPDATE icvc_enrollment SET status = 'enrolled', completed_on = NULL, "
                    "certificate_number = NULL WHERE status = 'completed'")
    con.commit()
    con.close()
    code, _, err = run(capsys, db, "print", "certificates", "--class",
                         _class_id(capsys, db), "-o", tmp_path / "c.pdf")
    assert code == 2 and "no one has completed ICVC Fall 2026 yet" in err
    assert not list(tmp_path.glob("c*"))


def _class_id(capsys, db: Path) -> str:
    code, out, _ = run(capsys, db, "classes")
    assert code == 0
    return out.split("\t", 1)[0]


def test_export_enrollments_csv_and_xlsx(capsys, ws, tmp_path) -> None:
    db, ids = ws
    code, out, _ = run(capsys, db, "export", "enrollments", "-o", tmp_path / "e.csv")
    assert (code, out) == (0, f"exported 4 enrollments to {tmp_path / 'e.csv'}.\n")
    rows = list(csv.DictReader((tmp_path / "e.csv").read_text("utf-8-sig").splitlines()))
    assert [(r["doc_number"], r["status"], r["attended"]) for r in rows] == [
        ("3100000", "completed", "6"), ("3100003", "waitlisted", "0"),
        ("3100002", "enrolled", "0"), ("3100001", "completed", "6")]  # by name: И after Latin
    code, out, _ = run(capsys, db, "export", "enrollments", "--site", "JCCC", "--class",
                       ids["class"], "-o", tmp_path / "e.xlsx")
    assert code == 0 and "exported 4 enrollments" in out
    values = list(load_workbook(tmp_path / "e.xlsx", read_only=True)["Enrollments"].values)
    assert len(values) == 5 and values[0][0] == "class_id"
    code, out, _ = run(capsys, db, "export", "enrollments", "--site", "ACC",
                       "-o", tmp_path / "acc.csv")
    assert code == 0 and "exported 0 enrollments" in out


@pytest.fixture
def due(ws) -> tuple[Path, dict[str, str]]:
    """Two JCCC people due out soon (from the real today: the commands read the clock): EVANS
    in two days, seated in a class that starts in a month; COLE in ten days, in no class."""
    path, ids = ws
    db = open_database(path)
    try:
        admin = auth.sign_in(db, "admin", PASSWORD)
        today = date.today()
        later = schedule.create_class(db, admin, class_input(
            title="ICVC Next", first_day=today + timedelta(days=30),
            weekdays=frozenset({(today + timedelta(days=30)).weekday()}), days_off=()))
        evans = create_offender(db, admin, offender_input(
            "5000001", "Evans", "Ed", projected_release_date=today + timedelta(days=2)))
        create_offender(db, admin, offender_input(
            "5000002", "Cole", "Cy", projected_release_date=today + timedelta(days=10)))
        roster.enroll(db, admin, later.id, evans.id, today=today)
        ids = {**ids, "later": later.id}
    finally:
        db.close()
    return path, ids


def test_print_and_export_the_reentry_list(capsys, due, tmp_path, reader) -> None:
    db, ids = due
    before = audit_count(db)
    paper = tmp_path / "reentry.pdf"
    code, out, err = run(capsys, db, "print", "reentry-list", "-o", paper)
    assert (code, err) == (0, "")
    assert out == (f"printed the reentry list of every site (release within 180 days): 1 page "
                   f"in {paper}.\n")  # an administrator's list covers every site
    text = " ".join(reader.pages_text(paper)[0].split())
    assert text.index("EVANS, Ed") < text.index("COLE, Cy")
    last = date.today() + timedelta(days=30 + 7 * 7)
    assert f"Enrolled — ends {last:%m/%d/%Y}, after release" in text
    code, out, _ = run(capsys, db, "print", "reentry-list", "--site", "jccc", "--within", "5",
                       "-o", paper)
    assert code == 0 and out.startswith("printed the reentry list of JCCC (release within 5 ")
    assert "COLE" not in reader.pages_text(paper)[0]

    sheet = tmp_path / "reentry.csv"
    code, out, _ = run(capsys, db, "export", "reentry", "--site", "JCCC", "-o", sheet)
    assert (code, out) == (0, f"exported the reentry list, 2 people, to {sheet}.\n")
    rows = list(csv.DictReader(sheet.read_text("utf-8-sig").splitlines()))
    assert [(r["name"], r["class_id"], r["class_ends_after_release"]) for r in rows] == [
        ("EVANS, Ed", ids["later"], "yes"), ("COLE, Cy", "", "no")]
    assert audit_count(db) == before + 3


@pytest.mark.parametrize("argv, message", [
    (["print", "reentry-list", "--within", "0", "-o", "r.pdf"],
     "Choose a number of days from 1 to 3650."),
    (["export", "reentry", "--within", "9999", "-o", "r.csv"],
     "Choose a number of days from 1 to 3650."),
    (["print", "reentry-list", "--site", "NOWHERE", "-o", "r.pdf"],
     "There is no site with the code “NOWHERE”."),
    (["export", "reentry", "-o", "r.txt"],
     "People are exported to a .csv or .xlsx file; “r.txt” is neither."),
    (["print", "reentry-list", "-o", "r.csv"], "the reentry list is printed to a .pdf file, "
                                                "not “{dir}/r.csv”."),
])
def test_reentry_failures_are_one_line_and_write_nothing(capsys, ws, tmp_path, argv,
                                                         message) -> None:
    db, _ = ws
    before = audit_count(db)
    argv = [str(tmp_path / a) if a.startswith("r.") else a for a in argv]
    code, out, err = run(capsys, db, *argv)
    assert (code, out, err) == (2, "", f"rjdesk-cli: {message.format(dir=tmp_path)}\n")
    assert list(tmp_path.glob("r.*")) == [] and not list(tmp_path.glob(".r.*"))
    assert audit_count(db) == before


def test_the_reentry_commands_default_to_the_list_s_own_horizon() -> None:
    from rjdesk.cli.icvc import REENTRY_DAYS
    from rjdesk.domain.icvc.rules import REENTRY_HORIZON_DAYS

    assert REENTRY_DAYS == REENTRY_HORIZON_DAYS
