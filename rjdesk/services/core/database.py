"""The workstation database as the layers above services see it: a handle to pass to every
service call, and opening one (with its migrations and checks). The window and the command
line get their database here and never reach into ``rjdesk.store`` themselves."""

from __future__ import annotations

import time
from pathlib import Path

from rjdesk.store import migrate
from rjdesk.store.clock import WallClock
from rjdesk.store.database import Database, DatabaseError, WritesRefused
from rjdesk.sync import state

__all__ = ["Database", "DatabaseError", "WritesRefused", "open_database"]


def open_database(path: Path | str, *, create: bool = True,
                  clock: WallClock = time.time) -> Database:
    """Open (creating or migrating as needed) the database at ``path``; the private keys a
    database from before the key store holds move out of it (see ``sync.keys``)."""
    db = migrate.open_database(path, create=create, clock=clock)
    if db.writable:
        try:
            with db.transaction() as tx:
                moved = state.move_keys_out(tx.connection())
            if moved:
                # the freed pages are zeroed; the log that still holds them is emptied too
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            db.close()
            raise
    return db
