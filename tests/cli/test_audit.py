"""rjdesk-cli audit: the audit log narrowed as an investigator asks, in plain words, printed
to the terminal or written to a spreadsheet; a bad filter is one line on stderr."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rjdesk.cli.main import main

PASSWORD = "long enough"


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workstation set up by chief, who added pat; then one failed sign-in as pat."""
    monkeypatch.delenv("RJDESK_USER", raising=False)
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    db = tmp_path / "ws.sqlite3"
    assert run(capsys, "init", "--db", db, "--site", "JCCC", "--admin", "chief")[0] == 0
    monkeypatch.setenv("RJDESK_NEW_PASSWORD", "pats password")
    assert run(capsys, "users", "add", "pat", "--role", "pp_officer", "--site", "PP-27",
               "--name", "Pat Officer", "--db", db, "--user", "chief")[0] == 0
    assert run(capsys, "users", "list", "--db", db, "--user", "pat")[0] != 0  # wrong password
    return db


def test_the_log_in_plain_words_filtered_by_user_and_kind(ws, capsys):
    code, out, err = run(capsys, "audit", "--db", ws, "--user", "chief", "--by", "pat")
    assert code == 0, err
    assert "Failed sign-in\tStaff account" in out
    assert "sign_in_failed" not in out
    code, out, _ = run(capsys, "audit", "--db", ws, "--user", "chief", "--kind",
                       "staff account", "--site", "JCCC")
    lines = out.splitlines()
    assert lines and all("\tStaff account\t" in line for line in lines)
    assert any("Created\tStaff account\tpat" in line for line in lines)


def test_export_to_a_spreadsheet(ws, capsys, tmp_path):
    out = tmp_path / "log.csv"
    code, said, err = run(capsys, "audit", "--db", ws, "--user", "chief", "--by", "pat",
                          "--from", "01/01/2020", "-o", out)
    assert code == 0, err
    assert said == "exported 1 audit events to " + str(out) + ".\n"
    with out.open(encoding="utf-8-sig") as f:
        [row] = list(csv.DictReader(f))
    assert (row["user"], row["action"]) == ("pat", "Failed sign-in")


@pytest.mark.parametrize("args, words", [
    (("--kind", "spaceship"), "no kind of record called “spaceship”"),
    (("--from", "05/02/2026", "--to", "05/01/2026"), "From date is after the To date"),
    (("--person", "7654321"), "No one has the DOC number “7654321”"),
    (("--from", "yesterday"), "“yesterday” is not a date"),
    (("-o", "log.txt"), "neither"),
])
def test_a_bad_filter_is_one_line_and_writes_nothing(ws, capsys, args, words, tmp_path,
                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "audit", "--db", ws, "--user", "chief", *args)
    assert code != 0 and words in err and out == ""
    assert "Traceback" not in err
    assert not (tmp_path / "log.txt").exists()
