"""Integrity check and the state digest: one hash over all content that syncs.

Two databases holding the same records print the same digest whatever order the rows were
written in, so sites can compare their state after a sync.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from rjdesk.domain.models import LOCAL_COLUMNS, LOCAL_TABLES, Base


def integrity_problems(connection: Connection) -> list[str]:
    rows = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
    problems = [] if rows == ["ok"] else rows
    problems += [f"foreign key: {r[0]} row {r[1]} → {r[2]}"
                 for r in connection.execute(text("PRAGMA foreign_key_check"))]
    try:
        connection.execute(text(
            "INSERT INTO offender_fts(offender_fts, rank) VALUES('integrity-check', 1)"))
    except DBAPIError as exc:
        problems.append(f"people search index does not match the records ({exc.orig}); "
                        "rebuild it with `rjdesk-cli check --repair`")
    return problems


def rebuild_search_index(connection: Connection) -> None:
    connection.execute(text("INSERT INTO offender_fts(offender_fts) VALUES('rebuild')"))


def _plain(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value  # type: ignore[attr-defined]
    return value


def synced_tables() -> list:
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL_TABLES]


def state_digest(connection: Connection) -> str:
    digest = hashlib.sha256()
    for table in sorted(synced_tables(), key=lambda t: t.name):
        local = LOCAL_COLUMNS.get(table.name, frozenset())
        columns = [c for c in table.columns if c.name not in local]
        names = [c.name for c in columns]
        digest.update(json.dumps([table.name, names]).encode())
        pk = list(table.primary_key.columns)
        for row in connection.execute(select(*columns).order_by(*pk)):
            digest.update(json.dumps([_plain(v) for v in row], ensure_ascii=False,
                                     separators=(",", ":")).encode())
            digest.update(b"\n")
    return digest.hexdigest()
