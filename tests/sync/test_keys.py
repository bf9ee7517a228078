"""The key store: a workstation's private keys never sit in its database; they are in the
computer's key store or an owner-only key file beside the database, one set per database."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from rjdesk.cli.main import main
from rjdesk.services.admin.maintenance import check
from rjdesk.services.core.database import open_database
from rjdesk.services.syncing import enrollment
from rjdesk.store import migrate
from rjdesk.sync import crypto, keys, state
from tests.conftest import PASSWORD


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory: the tests never touch the computer's own."""

    priority = 1  # type: ignore[assignment]  # a class attribute stands for the property

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.entries[(service, username)]


def on_disk(path: Path) -> bytes:
    """The database as a copy of its files would carry it: the file and its log."""
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"))
                    if p.exists())


def key_values(values: dict[str, str]) -> list[bytes]:
    """Each key as it could sit in a file: its base64 text and its raw bytes."""
    return [form for v in values.values() for form in (v.encode(), crypto.unb64(v))]


def founded(tmp_path: Path, name: str = "central.sqlite3") -> tuple[Path, dict[str, str]]:
    """A workstation that founded a deployment, closed; and its keys as the key store has them."""
    path = tmp_path / name
    share, admin_key = tmp_path / "share", tmp_path / "admin.rjkey"
    share.mkdir(exist_ok=True)
    assert main(["init", "--db", str(path), "--site", "CO"]) == 0
    if not admin_key.exists():
        enrollment.create_deployment(share, admin_key, "Missouri DOC")
    db = open_database(path)
    try:
        enrollment.found(db, share, admin_key, name="Central 1", site="CO")
        with db.reading() as tx:
            held = {k: state.get(tx.connection(), k) or "" for k in state.KEYS}
    finally:
        db.close()
    assert all(held.values())
    return path, held


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)


def test_after_founding_the_database_holds_none_of_the_keys(tmp_path: Path, password) -> None:
    path, held = founded(tmp_path)
    data = on_disk(path)
    assert not [k for k in key_values(held) if k in data]
    key_file = keys.key_file_of(path)
    assert stat.S_IMODE(key_file.stat().st_mode) & 0o077 == 0
    assert all(v.encode() in key_file.read_bytes() for v in held.values())


def test_keys_in_an_older_database_move_out_on_open_and_are_wiped(tmp_path: Path,
                                                                   password) -> None:
    path, held = founded(tmp_path)
    keys.key_file_of(path).unlink()  # as before the key store: the keys in sync_state
    con = sqlite3.connect(path)
    with con:
        con.executemany("INSERT INTO sync_state (key, value) VALUES (?, ?)", held.items())
        con.execute("DELETE FROM sync_state WHERE key = ?", (keys.STORE,))
    con.close()
    assert all(v.encode() in on_disk(path) for v in held.values())

    db = open_database(path)
    try:
        with db.reading() as tx:
            c = tx.connection()
            assert {k: state.get(c, k) for k in state.KEYS} == held
            assert not c.exec_driver_sql("SELECT key FROM sync_state WHERE key IN (?, ?, ?)",
                                         state.KEYS).all()
        assert check(db).keys == f"in key file {keys.key_file_of(path)} (owner only)"
    finally:
        db.close()
    assert not [k for k in key_values(held) if k in on_disk(path)]


def test_keys_go_to_the_computers_key_store_when_it_has_one(
        tmp_path: Path, password, monkeypatch: pytest.MonkeyPatch) -> None:
    ring = MemoryKeyring()
    monkeypatch.delenv("RJDESK_KEY_STORE")
    monkeypatch.setattr(keys, "os_keyring", lambda: (ring, "test keyring"))
    first, held = founded(tmp_path, "one.sqlite3")
    second, other = founded(tmp_path, "two.sqlite3")
    assert not keys.key_file_of(first).exists() and not keys.key_file_of(second).exists()
    assert set(held.values()) | set(other.values()) == set(ring.entries.values())
    assert held[state.SIGNING_KEY] != other[state.SIGNING_KEY]  # two databases, two sets
    assert not [k for k in key_values(held) if k in on_disk(first)]
    db = migrate.open_database(first)
    try:
        assert check(db).keys == "in the test keyring"
    finally:
        db.close()

    # the key store chosen is remembered: gone one day, it is an error, not new keys
    monkeypatch.setattr(keys, "os_keyring", lambda: None)
    db = migrate.open_database(first)
    try:
        with db.reading() as tx, pytest.raises(keys.KeyStoreError, match="cannot be reached"):
            state.get(tx.connection(), state.SIGNING_KEY)
    finally:
        db.close()


def test_check_says_where_the_keys_are(tmp_path: Path, password, capsys) -> None:
    path, _ = founded(tmp_path)
    capsys.readouterr()
    main(["check", "--db", str(path)])
    assert f"keys: in key file {path}.keys (owner only)\n" in capsys.readouterr().out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Secret Service is Linux's")
def test_without_a_session_bus_there_is_no_keyring_and_no_wait(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert keys.os_keyring() is None


def test_a_damaged_key_file_is_one_line(tmp_path: Path, password, capsys) -> None:
    path, _ = founded(tmp_path)
    keys.key_file_of(path).write_text("{not json")
    capsys.readouterr()
    assert main(["sync", "--db", str(path)]) != 0
    err = capsys.readouterr().err
    assert "key file" in err and "Traceback" not in err
    assert os.path.exists(path)
