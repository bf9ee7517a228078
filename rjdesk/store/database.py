"""The workstation's SQLite database: engine, pragmas, one session per user action."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from rjdesk.store.clock import WallClock
from rjdesk.store.clock import register as register_clock
from rjdesk.store.soundness import read_only_uri, remember_sound

BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """The database cannot be opened, or written; the message says what to do."""


class WritesRefused(DatabaseError):
    """A write to a database opened only for reading (read-only, or damaged)."""


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry, *,
                 clock: WallClock, read_only: bool) -> None:
    register_clock(dbapi_connection, clock)
    cursor = dbapi_connection.cursor()
    if not read_only:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(path: Path, clock: WallClock = time.time, *, read_only: bool = False,
                immutable: bool = False) -> Engine:
    """An engine whose every connection has the pragmas and the change log's clock; opened by
    SQLite for reading only when ``read_only`` (a write then fails in SQLite itself)."""
    if read_only:
        uri = read_only_uri(path, immutable=immutable)
        engine = create_engine(f"sqlite:///{path}", future=True, creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False))
    else:
        engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", partial(_set_pragmas, clock=clock, read_only=read_only))
    return engine


def sqlite_connection(connection: Connection) -> sqlite3.Connection:
    """The driver's own connection under a SQLAlchemy one: bulk work on the change log goes
    straight to it, past SQLAlchemy's cost per row, inside the same transaction."""
    raw = connection.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("an RJ Desk database is a SQLite database")
    return raw


@dataclass
class Database:
    """An open workstation database. Services take it and open their own transaction."""

    path: Path
    engine: Engine
    #: Why nothing may be written (read-only, or damaged), in one line; None when writable.
    refusal: str | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

    @property
    def writable(self) -> bool:
        return self.refusal is None

    def require_writable(self) -> None:
        """Refuse, with the one line that says why and what to do, a write this database must
        not take."""
        if self.refusal is not None:
            raise WritesRefused(self.refusal)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together, or nothing does."""
        self.require_writable()
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads: closed at the end (its transaction rolled back),
        leaving loaded objects readable but detached."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
        if self.writable:
            remember_sound(self.path)
