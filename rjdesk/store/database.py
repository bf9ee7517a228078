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

BUSY_TIMEOUT_MS = 5000


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry, *,
                 clock: WallClock) -> None:
    register_clock(dbapi_connection, clock)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(path: Path, clock: WallClock = time.time) -> Engine:
    """An engine whose every connection has the pragmas and the change log's clock."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", partial(_set_pragmas, clock=clock))
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

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together, or nothing does."""
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
