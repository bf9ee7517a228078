"""rjdesk-cli users: the staff account lifecycle from the command line — each step one line out,
each refusal one line on stderr with a non-zero exit and nothing changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rjdesk.cli import kit
from rjdesk.cli.main import main

ADMIN_PASSWORD = "long enough"


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workstation set up by the administrator chief, with one P&P officer, pat."""
    monkeypatch.delenv("RJDESK_USER", raising=False)
    monkeypatch.setenv("RJDESK_PASSWORD", ADMIN_PASSWORD)
    db = tmp_path / "ws.sqlite3"
    assert run(capsys, "init", "--db", db, "--site", "JCCC", "--admin", "chief")[0] == 0
    monkeypatch.setenv("RJDESK_NEW_PASSWORD", "pats password")
    assert run(capsys, "users", "add", "pat", "--role", "pp_officer", "--site", "PP-27",
               "--name", "Pat Officer", "--db", db, "--user", "chief")[0] == 0
    monkeypatch.delenv("RJDESK_NEW_PASSWORD")
    return db


def _pat(db: Path) -> tuple:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT role, active, must_change_password, password_hash FROM "
                           "app_user WHERE username = 'pat'").fetchone()
    finally:
        con.close()


def _typed(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """A terminal whose user types ``answers`` at the hidden prompts; returns the prompts."""
    prompts: list[str] = []
    left = list(answers)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return left.pop(0)

    monkeypatch.setattr(kit.getpass, "getpass", getpass)
    monkeypatch.setattr(kit.sys.stdin, "isatty", lambda: True)
    monkeypatch.delenv("RJDESK_PASSWORD", raising=False)
    monkeypatch.delenv("RJDESK_NEW_PASSWORD", raising=False)
    return prompts


def test_a_reset_password_must_be_changed_before_anything_else(capsys, ws, monkeypatch):
    monkeypatch.setenv("RJDESK_NEW_PASSWORD", "temporary-1")
    code, out, _ = run(capsys, "users", "reset", "pat", "--db", ws, "--user", "chief")
    assert code == 0 and out == ("reset pat: the temporary password must be changed at the "
                                 "next sign-in.\n")
    code, out, _ = run(capsys, "users", "list", "--db", ws, "--user", "chief")
    assert "pat\tpp_officer\tPP-27\ttemporary\tPat Officer" in out.splitlines()

    monkeypatch.setenv("RJDESK_PASSWORD", "temporary-1")
    code, _, err = run(capsys, "users", "list", "--db", ws, "--user", "pat")
    assert code == 2 and err.count("\n") == 1 and "rjdesk-cli users password" in err

    prompts = _typed(monkeypatch, "temporary-1", "pats new password", "pats new password")
    code, out, err = run(capsys, "users", "password", "--db", ws, "--user", "pat")
    assert (code, out, err) == (0, "changed the password of pat.\n", "")
    assert prompts == ["Current password for pat: ", "New password (at least 8 characters): ",
                       "Type it again: "]
    assert _pat(ws)[2] == 0
    monkeypatch.setenv("RJDESK_PASSWORD", "pats new password")
    code, _, err = run(capsys, "users", "list", "--db", ws, "--user", "pat")
    assert code == 2 and "does not allow you to manage staff accounts" in err  # signed in


def test_own_password_change_refusals_change_nothing(capsys, ws, monkeypatch):
    before = _pat(ws)
    _typed(monkeypatch, "not pats password", "pats new password", "pats new password")
    code, out, err = run(capsys, "users", "password", "--db", ws, "--user", "pat")
    assert (code, out) == (2, "") and err == "rjdesk-cli: The user name or password is wrong.\n"
    _typed(monkeypatch, "pats password", "short", "short")
    code, _, err = run(capsys, "users", "password", "--db", ws, "--user", "pat")
    assert code == 2 and "at least 8 characters" in err and err.count("\n") == 1
    _typed(monkeypatch, "pats password", "one new password", "another one")
    code, _, err = run(capsys, "users", "password", "--db", ws, "--user", "pat")
    assert code == 2 and "differ" in err
    assert _pat(ws)[3] == before[3]
    code, _, err = run(capsys, "users", "password", "pat", "--db", ws, "--user", "pat")
    assert code == 2 and "names no user" in err


def test_deactivate_reactivate_and_edit(capsys, ws, monkeypatch):
    code, out, _ = run(capsys, "users", "deactivate", "pat", "--db", ws, "--user", "chief")
    assert (code, out) == (0, "deactivated pat.\n")
    code, out, _ = run(capsys, "users", "list", "--db", ws, "--user", "chief")
    assert "pat\tpp_officer\tPP-27\tinactive\tPat Officer" in out.splitlines()
    monkeypatch.setenv("RJDESK_PASSWORD", "pats password")
    code, _, err = run(capsys, "users", "list", "--db", ws, "--user", "pat")
    assert code == 2 and "deactivated" in err and err.count("\n") == 1
    monkeypatch.setenv("RJDESK_PASSWORD", ADMIN_PASSWORD)
    code, _, err = run(capsys, "users", "deactivate", "chief", "--db", ws, "--user", "chief")
    assert code == 2 and "your own account" in err
    code, out, _ = run(capsys, "users", "reactivate", "pat", "--db", ws, "--user", "chief")
    assert (code, out) == (0, "reactivated pat.\n") and _pat(ws)[1] == 1

    code, out, _ = run(capsys, "users", "edit", "pat", "--role", "institution_staff",
                       "--site", "jccc", "--db", ws, "--user", "chief")
    assert code == 0 and out == "pat: Institution staff / ICVC facilitator at JCCC (Pat Officer).\n"
    code, _, err = run(capsys, "users", "edit", "pat", "--site", "NOWHERE", "--db", ws,
                       "--user", "chief")
    assert code == 2 and "no site with the code “NOWHERE”" in err
    code, _, err = run(capsys, "users", "edit", "pat", "--db", ws, "--user", "chief")
    assert code == 2 and "give --role, --site or --name" in err
    code, _, err = run(capsys, "users", "deactivate", "--db", ws, "--user", "chief")
    assert code == 2 and "name the user" in err
    assert _pat(ws)[:2] == ("institution_staff", 1)
