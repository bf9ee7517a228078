"""Reparative hours added up as they are written: monthly sums and who took part each year.

The dashboard's totals at the scale of the state (ten million hour entries and more) cannot be
read from the entries in the time a person waits: any answer that reads them all costs seconds.
So two local tables keep the sums, and triggers keep them in step with ``reparative_hours``
whatever path writes it (a service, the import, sync's apply, the demo), as ``offender_search``
is kept beside ``offender``:

- ``reparative_hours_month``: per site, month (``YYYY-MM``), project and status, the hours in
  hundredths (integers, so adding and taking away never drifts) and the number of entries;
- ``reparative_participation``: per site, year and offender, how many of his entries count
  (all but the declined ones); he took part when that is above zero.

Both are local (``domain.base.LOCAL_TABLES``): each workstation derives them from the synced
entries. ``rebuild`` recounts them from the entries (after a bulk load with the triggers set
aside, or to repair).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, column, table, text

MONTHS = "reparative_hours_month"
PARTICIPATION = "reparative_participation"

hours_month = table(MONTHS, column("site_id"), column("month"), column("project_id"),
                    column("status"), column("centihours"), column("entries"))
participation = table(PARTICIPATION, column("site_id"), column("year"), column("offender_id"),
                      column("counted"))

_TABLES = (
    f"""CREATE TABLE IF NOT EXISTS {MONTHS} (
        site_id VARCHAR(36) NOT NULL,
        month CHAR(7) NOT NULL,
        project_id VARCHAR(36) NOT NULL,
        status VARCHAR(40) NOT NULL,
        centihours INTEGER NOT NULL,
        entries INTEGER NOT NULL,
        PRIMARY KEY (site_id, month, project_id, status)) WITHOUT ROWID""",
    f"""CREATE TABLE IF NOT EXISTS {PARTICIPATION} (
        site_id VARCHAR(36) NOT NULL,
        year INTEGER NOT NULL,
        offender_id VARCHAR(36) NOT NULL,
        counted INTEGER NOT NULL,
        PRIMARY KEY (site_id, year, offender_id)) WITHOUT ROWID""",
    f"CREATE INDEX IF NOT EXISTS ix_{MONTHS}_month ON {MONTHS} (month)",
    f"CREATE INDEX IF NOT EXISTS ix_{PARTICIPATION}_year ON {PARTICIPATION} (year, offender_id)",
)


def _add(row: str, sign: str) -> str:
    """The statements that add (sign '+') or take away (sign '-') one entry ``row`` (NEW or
    OLD) to or from both tables."""
    return f"""
        INSERT INTO {MONTHS} (site_id, month, project_id, status, centihours, entries)
        VALUES ({row}.site_id, substr({row}.worked_on, 1, 7), {row}.project_id, {row}.status,
                {sign}CAST(round({row}.hours * 100) AS INTEGER), {sign}1)
        ON CONFLICT (site_id, month, project_id, status) DO UPDATE
        SET centihours = centihours + excluded.centihours, entries = entries + excluded.entries;
        INSERT INTO {PARTICIPATION} (site_id, year, offender_id, counted)
        VALUES ({row}.site_id, CAST(substr({row}.worked_on, 1, 4) AS INTEGER),
                {row}.offender_id, {sign}({row}.status <> 'declined'))
        ON CONFLICT (site_id, year, offender_id) DO UPDATE
        SET counted = counted + excluded.counted;"""


_EMPTY = f"""
        DELETE FROM {MONTHS} WHERE entries = 0;
        DELETE FROM {PARTICIPATION} WHERE counted = 0 AND offender_id = OLD.offender_id;"""

_TRIGGERS = {
    "reparative_hours_rollup_insert":
        f"AFTER INSERT ON reparative_hours BEGIN {_add('NEW', '+')} END",
    "reparative_hours_rollup_delete":
        f"AFTER DELETE ON reparative_hours BEGIN {_add('OLD', '-')} {_EMPTY} END",
    "reparative_hours_rollup_update":
        "AFTER UPDATE OF site_id, worked_on, project_id, status, hours, offender_id "
        f"ON reparative_hours BEGIN {_add('OLD', '-')} {_add('NEW', '+')} {_EMPTY} END",
}


def install(connection: Connection) -> None:
    """Create the tables and triggers (idempotent)."""
    for ddl in _TABLES:
        connection.execute(text(ddl))
    for name, body in _TRIGGERS.items():
        connection.execute(text(f'CREATE TRIGGER IF NOT EXISTS "{name}" {body}'))


def uninstall(connection: Connection) -> None:
    for name in _TRIGGERS:
        connection.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
    for name in (MONTHS, PARTICIPATION):
        connection.execute(text(f"DROP TABLE IF EXISTS {name}"))


def rebuild(connection: Connection) -> None:
    """Recount both tables from the hour entries."""
    connection.execute(text(f"DELETE FROM {MONTHS}"))
    connection.execute(text(f"DELETE FROM {PARTICIPATION}"))
    connection.execute(text(
        f"INSERT INTO {MONTHS} (site_id, month, project_id, status, centihours, entries) "
        "SELECT site_id, substr(worked_on, 1, 7), project_id, status, "
        "sum(CAST(round(hours * 100) AS INTEGER)), count(*) FROM reparative_hours "
        "GROUP BY site_id, substr(worked_on, 1, 7), project_id, status"))
    connection.execute(text(
        f"INSERT INTO {PARTICIPATION} (site_id, year, offender_id, counted) "
        "SELECT site_id, CAST(substr(worked_on, 1, 4) AS INTEGER), offender_id, "
        "sum(status <> 'declined') FROM reparative_hours "
        "GROUP BY site_id, CAST(substr(worked_on, 1, 4) AS INTEGER), offender_id"))


@contextmanager
def set_aside(connection: Connection) -> Iterator[None]:
    """For a bulk load of hour entries: the triggers are dropped while it runs, and the sums
    recounted once at the end (one pass instead of two upserts per entry)."""
    for name in _TRIGGERS:
        connection.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
    try:
        yield
    finally:
        rebuild(connection)
        install(connection)
