"""Change capture: every write to a synced table lands in the change log in its own transaction.

SQLite triggers do it, so no path can write around it — a service, an import, a migration, or
an administrator's SQL tool (which, lacking ``rj_now_ms()``, cannot write a synced table at all).
Each insert, update or delete adds one ``sync_change`` row: the workstation's id, its next
sequence number, an HLC stamp (``clock``), its author (the staff account acting, see
``authored_by``) and the fields — all of them for an insert, the
changed ones for an update, the row as it was for a delete (a tombstone that can bring the row
back if an edit made elsewhere outlives it). Local columns (``LOCAL_COLUMNS``) are not captured.

A write with no author fails: every change another workstation receives says who made it, so
the receiver can check that person could have made it. Services open their transactions through
``services.core.context.acting``, which names the author.

Two kinds of write are not changes of this workstation and are written with capture off:
applying other workstations' changes, and building the demo (a founding baseline that reaches
the others inside a snapshot).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection

from rjdesk.domain.base import LOCAL_COLUMNS, LOCAL_TABLES, Base

#: Tables of the sync machinery itself: local, never captured, never in the state digest.
SYNC_TABLES = frozenset({"sync_state", "sync_change", "sync_applied", "sync_conflict",
                         "sync_rejected", "sync_signature"})
TRIGGER_PREFIX = "sync_capture_"
_OPS = {"INSERT": "i", "UPDATE": "u", "DELETE": "d"}

HLC_SQL = ("max(rj_now_ms() * 65536, "
           "coalesce((SELECT max(hlc) FROM sync_change), 0) + 1)")
ORIGIN_SQL = "(SELECT value FROM sync_state WHERE key = 'workstation_id')"
NEXT_SEQ_SQL = ("(SELECT coalesce(max(seq), 0) + 1 FROM sync_change WHERE origin = "
                f"{ORIGIN_SQL})")
CAPTURING_SQL = "NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'capture_off')"
NO_AUTHOR = "a change to a shared record needs its author (the staff account making it)"
#: coalesce() stops at the first value, so RAISE fires only when no one is named.
AUTHOR_SQL = f"coalesce(rj_author(), RAISE(ABORT, '{NO_AUTHOR}'))"

#: The staff account whose writes the capture triggers are logging, for this thread of work.
_author: ContextVar[str | None] = ContextVar("rjdesk_author", default=None)


@contextmanager
def authored_by(user_id: str) -> Iterator[None]:
    """Every shared record written inside is logged as written by ``user_id``: the whole of a
    service's transaction, commit included, runs inside."""
    if not user_id:
        raise ValueError("an author is a staff account's id")
    token = _author.set(user_id)
    try:
        yield
    finally:
        _author.reset(token)


def current_author() -> str | None:
    return _author.get()


def register(dbapi_connection: sqlite3.Connection) -> None:
    """Give a SQLite connection the ``rj_author()`` the capture triggers read."""
    dbapi_connection.create_function("rj_author", 0, current_author)


def synced_table_names() -> list[str]:
    """The model tables whose rows every workstation shares, parents before children."""
    return [t.name for t in Base.metadata.sorted_tables
            if t.name not in LOCAL_TABLES and t.name not in SYNC_TABLES]


def synced_columns(connection: Connection, table: str) -> list[str]:
    """The table's columns as the database has them now, less its key and local columns."""
    local = LOCAL_COLUMNS.get(table, frozenset())
    rows = connection.exec_driver_sql(f'PRAGMA table_info("{table}")').all()
    return [r[1] for r in rows if r[1] != "id" and r[1] not in local]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_sql(table: str, op: str, columns: list[str], *, authored: bool = True) -> str:
    row = "old" if op == "DELETE" else "new"
    author_column, author = (", author", f", {AUTHOR_SQL}") if authored else ("", "")
    if op == "UPDATE":
        changed = " UNION ALL ".join(
            f"SELECT '{c}' AS k, new.{_quoted(c)} AS v "
            f"WHERE new.{_quoted(c)} IS NOT old.{_quoted(c)}" for c in columns)
        source = f"FROM (SELECT json_group_object(k, v) AS j, count(*) AS n FROM ({changed})) " \
                 "WHERE n > 0"
        data = "j"
    else:
        data = "json_object(" + ", ".join(f"'{c}', {row}.{_quoted(c)}" for c in columns) + ")"
        source = ""
    return (f"CREATE TRIGGER {TRIGGER_PREFIX}{table}_{_OPS[op]} AFTER {op} ON {_quoted(table)} "
            f"WHEN {CAPTURING_SQL} BEGIN "
            f"INSERT INTO sync_change (origin, seq, hlc, tbl, row_id, op, data{author_column}) "
            f"SELECT {ORIGIN_SQL}, {NEXT_SEQ_SQL}, {HLC_SQL}, '{table}', {row}.id, "
            f"'{_OPS[op]}', {data}{author} {source}; END")


def uninstall(connection: Connection) -> None:
    """Drop every capture trigger (a downgrade does, before it changes the tables they name)."""
    for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (TRIGGER_PREFIX + "%",)).all():
        connection.exec_driver_sql(f"DROP TRIGGER {_quoted(name)}")


def install(connection: Connection) -> None:
    """(Re)make the capture triggers for the tables and columns the database has now.

    Run after every migration: a trigger lists its table's columns, so a new column is
    captured only once its trigger is made anew."""
    existing = {r[0] for r in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "sync_change" not in existing:
        return  # a schema from before change capture (only while migrating through it)
    # a schema from before authors (0004) logs none (only while migrating through it)
    authored = "author" in {r[1] for r in connection.exec_driver_sql(
        "PRAGMA table_info(sync_change)")}
    uninstall(connection)
    for table in synced_table_names():
        if table not in existing:
            continue
        columns = synced_columns(connection, table)
        for op in _OPS:
            connection.exec_driver_sql(_trigger_sql(table, op, columns, authored=authored))


def missing_capture(connection: Connection) -> list[str]:
    """Synced tables whose capture triggers are not all there (for the integrity check)."""
    have = {r[0] for r in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (TRIGGER_PREFIX + "%",))}
    tables = {r[0] for r in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [t for t in synced_table_names() if t in tables
            and any(f"{TRIGGER_PREFIX}{t}_{o}" not in have for o in _OPS.values())]


@contextmanager
def capture_off(connection: Connection) -> Iterator[None]:
    """Write inside the current transaction without logging changes (applying others' changes,
    the demo's baseline). The flag is a row of the same transaction: a crash rolls it back
    with everything else, and no other connection ever sees it."""
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('capture_off', '1')")
    try:
        yield
    finally:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = 'capture_off'")
