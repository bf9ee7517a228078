"""Integrity check and the state digest: one hash over all content that syncs.

Two databases holding the same records print the same digest whatever order the rows were
written in, so sites can compare their state after a sync.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date, datetime, time

from sqlalchemy import Connection, Table, select, text
from sqlalchemy.exc import DBAPIError

from rjdesk.domain.base import LOCAL_COLUMNS, LOCAL_TABLES, Base
from rjdesk.store import capture


def integrity_problems(connection: Connection) -> list[str]:
    rows = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
    problems = [] if rows == ["ok"] else rows
    problems += [f"foreign key: {r[0]} row {r[1]} → {r[2]}"
                 for r in connection.execute(text("PRAGMA foreign_key_check"))]
    stale = connection.execute(text(_STALE_SEARCH_ROWS)).scalar() or 0
    orphans = connection.execute(text(_ORPHAN_SEARCH_ROWS)).scalar() or 0
    if stale or orphans:
        problems.append(f"people search: {stale} people missing or out of date, {orphans} rows "
                        "of people that no longer exist; repair with `rjdesk-cli check --repair`")
    problems += [f"change capture is missing on {table}; repair with `rjdesk-cli check --repair`"
                 for table in capture.missing_capture(connection)]
    try:
        connection.execute(text(
            "INSERT INTO offender_fts(offender_fts, rank) VALUES('integrity-check', 1)"))
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlite_errorcode", None) != sqlite3.SQLITE_READONLY:
            problems.append(f"people search index does not match the records ({exc.orig}); "
                            "repair with `rjdesk-cli check --repair`")
        # else: SQLite runs this check as a write, which a read-only database refuses; the
        # search rows were compared with the records above
    return problems


_STALE_SEARCH_ROWS = """
    SELECT count(*) FROM offender o LEFT JOIN offender_search s ON s.offender_id = o.id
    WHERE s.rowid IS NULL OR s.body IS NOT o.search_text OR s.sort_name IS NOT o.sort_name
       OR s.site_id IS NOT o.site_id OR s.listed IS NOT (o.merged_into_id IS NULL)"""
_ORPHAN_SEARCH_ROWS = """
    SELECT count(*) FROM offender_search s
    WHERE NOT EXISTS (SELECT 1 FROM offender o WHERE o.id = s.offender_id)"""


def rebuild_search_index(connection: Connection) -> None:
    """Make the search tables agree with the offender records again, then rebuild the index.

    The index's own triggers are set aside meanwhile: they would ask the index to forget
    entries it may never have had, which FTS5 reports as a malformed database; the final
    'rebuild' reads everything afresh anyway."""
    triggers = connection.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name = 'offender_search'")).all()
    for name, _ in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    connection.execute(text("DELETE FROM offender_search WHERE NOT EXISTS "
                            "(SELECT 1 FROM offender o WHERE o.id = offender_search.offender_id)"))
    connection.execute(text(
        "UPDATE offender_search SET body = o.search_text, sort_name = o.sort_name, "
        "site_id = o.site_id, listed = (o.merged_into_id IS NULL) FROM offender o "
        "WHERE o.id = offender_search.offender_id AND (offender_search.body IS NOT o.search_text "
        "OR offender_search.sort_name IS NOT o.sort_name OR offender_search.site_id IS NOT "
        "o.site_id OR offender_search.listed IS NOT (o.merged_into_id IS NULL))"))
    connection.execute(text(
        "INSERT INTO offender_search (offender_id, site_id, sort_name, listed, body) "
        "SELECT id, site_id, sort_name, merged_into_id IS NULL, search_text FROM offender o "
        "WHERE NOT EXISTS (SELECT 1 FROM offender_search s WHERE s.offender_id = o.id)"))
    for _, sql in triggers:
        connection.execute(text(sql))
    connection.execute(text("INSERT INTO offender_fts(offender_fts) VALUES('rebuild')"))


def _plain(value: object) -> object:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def synced_tables() -> list[Table]:
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
