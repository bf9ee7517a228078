"""rjdesk-cli's goods commands: items and production, stock, recipients, and a delivery from
prepared to received by its slip number; every refusal one line, exit status 2, nothing
written."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.domain.reparative.enums import Unit
from rjdesk.services.admin import auth
from rjdesk.services.reparative import items
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD
from tests.services.reparative.goods_data import make_project

YEAR = date.today().year


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A JCCC workstation with a quilting project and the item Quilt."""
    path = tmp_path / "rjdesk.sqlite3"
    db = open_database(path)
    try:
        admin = auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-CLI",
                                       admin_username="admin", admin_name="Ada Admin",
                                       admin_password=PASSWORD)
        make_project(db, admin, "Quilting")
        items.create_item_type(db, admin, "Quilt", Unit.EACH)
    finally:
        db.close()
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return path


def run(capsys: pytest.CaptureFixture, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*map(str, argv), "--db", str(db), "--user", "admin"])
    out, err = capsys.readouterr()
    return code, out, err


def _count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_made_delivered_and_received_from_the_command_line(capsys, ws: Path) -> None:
    assert run(capsys, ws, "items") == (0, "Quilt\teach\n", "")
    code, out, err = run(capsys, ws, "production", "add", "--project", "quilting", "--item",
                         "QUILT", "--date", f"01/05/{YEAR}", "--quantity", "40")
    assert (code, err) == (0, "") and "40 each Quilt made on 01/05" in out
    code, out, _ = run(capsys, ws, "recipients", "add", "--kind", "shelter", "--name",
                       "Hope House", "--city", "Fulton")
    assert code == 0
    home = out.strip().rsplit(" ", 1)[-1]
    code, out, err = run(capsys, ws, "recipients", "add", "--kind", "shelter", "--name",
                         "The Hope House, Inc.")
    assert code == 2 and "may be a recipient already on file: Hope House" in err
    assert home in err  # the match, with its id
    assert run(capsys, ws, "recipients")[1] == f"{home}\tShelter\tHope House\tFulton\n"

    code, out, err = run(capsys, ws, "delivery", "new", "--recipient", home, "--item",
                         "Quilt=30", "--project", "Quilting", "--date", f"{YEAR}-01-06")
    assert (code, err) == (0, ""), err
    slip = f"JCCC-{YEAR}-10001"
    assert out.startswith(f"{slip}\tJCCC\tHope House\tPrepared")
    code, _, err = run(capsys, ws, "delivery", "new", "--recipient", home, "--item",
                       "Quilt=20", "--date", f"{YEAR}-01-06")
    assert code == 2 and "Quilt: 10 each on hand at JCCC, 20 asked for" in err
    assert _count(ws, "reparative_delivery") == 1

    code, out, _ = run(capsys, ws, "stock")
    assert out == "JCCC\tQuilt\t10 each on hand\tmade 40, delivered or set aside 30\n"
    code, out, err = run(capsys, ws, "delivery", "delivered", slip.lower(), "--by", "Sgt. Ray",
                         "--on", f"01/07/{YEAR}", "--quantity", "quilt=25")
    assert code == 0 and "delivered 01/07" in out and "25 went out" in out, err
    code, out, err = run(capsys, ws, "delivery", "received", slip, "--by", "Ann Lee", "--on",
                         f"01/08/{YEAR}")
    assert code == 0 and "Receipt confirmed" in out and "received 01/08" in out
    code, out, _ = run(capsys, ws, "deliveries")
    assert out.startswith(f"{slip}\tJCCC\t01/06/{YEAR}\tReceipt confirmed\tHope House\t1 line")
    code, _, err = run(capsys, ws, "delivery", "cancel", slip)
    assert code == 2 and "receipt confirmed" in err


def test_refusals_are_one_line_and_write_nothing(capsys, ws: Path) -> None:
    tables = ("reparative_production", "reparative_delivery", "reparative_recipient")
    before = [_count(ws, t) for t in tables]
    for argv, words in (
            (("production", "add", "--project", "Knitting", "--item", "Quilt", "--date",
              "01/05/2026", "--quantity", "4"), "JCCC has no project “Knitting”"),
            (("production", "add", "--project", "Quilting", "--item", "Quilt", "--date",
              "01/05/2026", "--quantity", "0"), "more than zero"),
            (("delivery", "show", "JCCC-2026-19999"), "there is no delivery"),
            (("delivery", "new", "--recipient", "nobody", "--item", "Quilt=1"),
             "recipient no longer exists"),
            (("recipients", "add", "--kind", "shelter"), "needs --kind and --name")):
        code, out, err = run(capsys, ws, *argv)
        assert code == 2 and out == "" and words in err, (argv, err)
        assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, ws, "production", "add", "--project", "Quilting", "--item",
                       "Quilt", "--date", "13/45/2026", "--quantity", "1")
    assert code == 2 and "is not a date" in err
    assert [_count(ws, t) for t in tables] == before
