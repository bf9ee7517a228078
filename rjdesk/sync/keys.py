"""The key store: this workstation's private keys (signing, sealing, and the deployment key or
keys it holds), kept out of the database, which a copy, a backup or a snapshot would carry away.

Where they go is decided once per database, when the first key is stored, and remembered in
``sync_state`` (``key_store``, not a secret), so a key store that cannot be reached one day is
an error, never a silent new identity:

- **the operating system's key store**, through ``keyring``: the Windows Credential Manager
  (protected by DPAPI under the user's account) or, on Linux, a running and unlocked Secret
  Service. Only those two backends are ever asked, and only once they answer cheaply (no
  prompt, no wait on a D-Bus without a Secret Service); entries are per workstation id, so two
  databases on one computer are two workstations;
- else **a key file** beside the database, ``<database>.keys``, owner-only, written whole.

``RJDESK_KEY_STORE=file`` makes a new database use the key file whatever the computer offers.

The API is the sync state's, by the same names: ``get(connection, state.SIGNING_KEY)``,
``put(…, name, value)``, ``delete(…, name)``.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection

from rjdesk.store import private
from rjdesk.store.database import DatabaseError

SERVICE = "RJ Desk"
STORE = "key_store"          # in sync_state: "keyring" or "file" (no secret)
FILE_FORMAT = 1


class KeyStoreError(DatabaseError):
    """The keys cannot be read or kept; the message says where they are and what to do."""


class _Store(Protocol):
    @property
    def where(self) -> str: ...

    def get(self, name: str) -> str | None: ...
    def put(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


def key_file_of(database: Path) -> Path:
    return database.with_name(database.name + ".keys")


@dataclass
class KeyFile:
    """``<database>.keys``: a JSON object of the keys, owner-only, replaced whole."""

    path: Path

    @property
    def where(self) -> str:
        return f"in key file {self.path} (owner only)"

    def _read(self) -> dict[str, str]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            keys = document["keys"]
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeyStoreError(f"The key file {self.path} cannot be read ({exc}); restore it "
                                "from this computer's backup.") from exc
        return {str(k): str(v) for k, v in keys.items()}

    def _write(self, keys: dict[str, str]) -> None:
        temp = private.new_file(self.path.with_name(f".{self.path.name}.{os.getpid()}.part"))
        try:
            with open(temp, "w", encoding="utf-8") as fh:
                json.dump({"format": FILE_FORMAT, "keys": keys}, fh, sort_keys=True, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, self.path)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise KeyStoreError(f"The key file {self.path} cannot be written: "
                                f"{exc.strerror or exc}.") from exc

    def get(self, name: str) -> str | None:
        return self._read().get(name)

    def put(self, name: str, value: str) -> None:
        keys = self._read()
        if keys.get(name) != value:
            self._write({**keys, name: value})

    def delete(self, name: str) -> None:
        keys = self._read()
        if name in keys:
            del keys[name]
            self._write(keys)


@dataclass
class OsKeyring:
    """Entries ``<workstation id>/<name>`` of service ``RJ Desk`` in a keyring backend."""

    backend: Any          # a keyring.backend.KeyringBackend
    workstation: str
    label: str

    @property
    def where(self) -> str:
        return f"in the {self.label}"

    def _call(self, what: str, *args: str) -> Any:
        try:
            return getattr(self.backend, what)(SERVICE, *args)
        except Exception as exc:  # every backend fails in its own way: one line
            raise KeyStoreError(f"This workstation's keys are in the {self.label}, which "
                                f"cannot be used now ({exc}); sign in to the computer as the "
                                "user who set RJ Desk up, then try again.") from exc

    def get(self, name: str) -> str | None:
        value = self._call("get_password", f"{self.workstation}/{name}")
        return None if value is None else str(value)

    def put(self, name: str, value: str) -> None:
        self._call("set_password", f"{self.workstation}/{name}", value)

    def delete(self, name: str) -> None:
        if self.get(name) is not None:
            self._call("delete_password", f"{self.workstation}/{name}")


def os_keyring() -> tuple[Any, str] | None:
    """The computer's own key store as a keyring backend and its name, or None. Asks only the
    Windows Credential Manager or a running, unlocked Secret Service; never waits or prompts."""
    try:
        if sys.platform == "win32":
            from keyring.backends.Windows import WinVaultKeyring

            backend: Any = WinVaultKeyring()
            label = "Windows Credential Manager"
        elif sys.platform.startswith("linux") and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            from keyring.backends.SecretService import Keyring as SecretServiceKeyring

            backend = SecretServiceKeyring()
            label = "Secret Service (the desktop's keyring)"
            if _secret_service_locked():
                return None
        else:
            return None
        if backend.priority <= 0:  # raises RuntimeError when it cannot work here
            return None
    except Exception:  # any failure to find one means: use the key file
        return None
    return backend, label


def _secret_service_locked() -> bool:
    """Whether the Secret Service's default collection is locked (using it would prompt)."""
    import secretstorage

    with secretstorage.dbus_init() as connection:
        if not secretstorage.check_service_availability(connection):
            return True
        return bool(secretstorage.get_default_collection(connection).is_locked())


def _choice(connection: Connection) -> str | None:
    return connection.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?",
                                      (STORE,)).scalar()


def _workstation(connection: Connection) -> str:
    value = connection.exec_driver_sql(
        "SELECT value FROM sync_state WHERE key = 'workstation_id'").scalar()
    if not value:
        raise RuntimeError("this database has no workstation id (schema before 0003?)")
    return str(value)


def store_of(connection: Connection, *, choosing: bool = False) -> _Store:
    """The key store of the database ``connection`` is on. ``choosing`` (a key is about to be
    stored) picks one for a database that has none yet and remembers it."""
    database = Path(str(connection.engine.url.database))
    choice = _choice(connection)
    if choice == "keyring":
        found = os_keyring()
        if found is None:
            raise KeyStoreError("This workstation's keys are in the computer's key store, "
                                "which cannot be reached now; sign in to the computer as the "
                                "user who set RJ Desk up (and unlock its keyring), then try "
                                "again.")
        return OsKeyring(found[0], _workstation(connection), found[1])
    file = KeyFile(key_file_of(database))
    if choice == "file" or not choosing or file.path.exists():
        return file
    found = None if os.environ.get("RJDESK_KEY_STORE") == "file" else os_keyring()
    connection.exec_driver_sql("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                               (STORE, "file" if found is None else "keyring"))
    return file if found is None else OsKeyring(found[0], _workstation(connection), found[1])


def get(connection: Connection, name: str) -> str | None:
    return store_of(connection).get(name)


def put(connection: Connection, name: str, value: str) -> None:
    store_of(connection, choosing=True).put(name, value)


def delete(connection: Connection, name: str) -> None:
    store_of(connection).delete(name)


def where(connection: Connection) -> str:
    """Where this workstation's keys are, for ``rjdesk-cli check``."""
    if _choice(connection) is None and not key_file_of(
            Path(str(connection.engine.url.database))).exists():
        return "none yet (this workstation has not joined a deployment)"
    return store_of(connection).where
