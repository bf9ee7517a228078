"""Applying other workstations' changes: per field, the newest stamp wins.

The state of a row is a function of the *set* of changes logged for it, never of their order:
each field holds the value of its newest write (by stamp: HLC, then workstation id); the row is
gone when its newest delete is newer than every write, and comes back, whole, when a write made
without seeing the delete is newer. So applying a change twice, or changes in any order, ends in
the same records. Concurrent writes of a field and deletes concurrent with edits leave a conflict
record (``sync_conflict``) whose id derives from the pair, so every workstation finds the same set.

Runs inside the caller's transaction with capture off (see ``capture.capture_off``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnDefault, Connection

from rjdesk.domain.base import LOCAL_COLUMNS, QUIET_COLUMNS, Base, utcnow
from rjdesk.domain.people import rules
from rjdesk.domain.reparative import rules as reparative_rules
from rjdesk.store.capture import synced_table_names
from rjdesk.store.clock import BASELINE
from rjdesk.store.database import sqlite_connection
from rjdesk.sync.changes import DELETE, WHOLE_ROW, Change

CONFLICT_NAMESPACE = uuid.UUID("1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b")
#: Changes read and written together; SQLite takes at most 999 parameters in one IN (…).
BATCH = 2000
_IN_CHUNK = 500


SYNCED_TABLES = frozenset(synced_table_names())


def _ids_by_table(batch: list[Change]) -> dict[str, list[str]]:
    ids: dict[str, dict[str, None]] = {}
    for c in batch:
        ids.setdefault(c.tbl, {})[c.row_id] = None
    return {tbl: list(rows) for tbl, rows in ids.items()}


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start:start + _IN_CHUNK]


@dataclass
class MergeResult:
    applied: int = 0
    already_had: int = 0
    conflicts: list[str] = field(default_factory=list)
    max_hlc: int = 0


def _derive_offender(values: dict) -> dict:
    return rules.offender_derived(values["doc_number"], values["last_name"],
                                  values["first_name"], values["middle_name"] or "")


def _derive_volunteer(values: dict) -> dict:
    return rules.volunteer_derived(values["last_name"], values["first_name"])


def _derive_recipient(values: dict) -> dict:
    return {"match_key": reparative_rules.match_key(values["name"])}


#: Local columns each workstation derives from synced ones (see models.LOCAL_COLUMNS).
DERIVED: dict[str, tuple[tuple[str, ...], Callable[[dict], dict], frozenset[str]]] = {
    "offender": (("doc_number", "last_name", "first_name", "middle_name"), _derive_offender,
                 frozenset({"search_text", "sort_name"})),
    "volunteer": (("last_name", "first_name"), _derive_volunteer, frozenset({"sort_name"})),
    "reparative_recipient": (("name",), _derive_recipient, frozenset({"match_key"})),
}


class Unapplicable(Exception):
    """A change this workstation cannot take: its bundle is refused, the round goes on."""


def _local_defaults() -> dict[str, dict[str, object]]:
    """For each table, the values a row made elsewhere starts with in its local columns that
    must hold one (a change carries synced columns only: ``failed_attempts`` of a staff account
    made at another site starts at 0 here)."""
    found: dict[str, dict[str, object]] = {}
    for tbl, names in LOCAL_COLUMNS.items():
        for name in names:
            column = Base.metadata.tables[tbl].c[name]
            default = column.default
            if column.nullable or column.server_default is not None or (
                    tbl in DERIVED and name in DERIVED[tbl][2]):
                continue
            if not isinstance(default, ColumnDefault) or not default.is_scalar:
                raise TypeError(f"local column {tbl}.{name} needs a scalar default")
            found.setdefault(tbl, {})[name] = default.arg
    return found


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


LOCAL_DEFAULTS = _local_defaults()


class Merger:
    """Applies changes through one DB-API connection; table columns are read once."""

    def __init__(self, connection: Connection) -> None:
        self.sql = sqlite_connection(connection)
        self._columns: dict[str, list[str]] = {}

    def columns(self, tbl: str) -> list[str]:
        """The table's synced columns here; a table that is not synced is refused."""
        if tbl not in self._columns:
            if tbl not in SYNCED_TABLES:
                raise Unapplicable(f"a change to “{tbl}”, which is not a table that syncs")
            local = LOCAL_COLUMNS.get(tbl, frozenset())
            self._columns[tbl] = [r[1] for r in self.sql.execute(f"PRAGMA table_info({_q(tbl)})")
                                  if r[1] not in local]
            if not self._columns[tbl]:
                raise Unapplicable(f"a change to “{tbl}”, which this schema does not have")
        return self._columns[tbl]

    def _checked(self, x: Change) -> list[str]:
        columns = self.columns(x.tbl)
        local = LOCAL_COLUMNS.get(x.tbl, frozenset()) & x.data.keys()
        if local:
            raise Unapplicable(f"change {x.seq} writes {x.tbl}.{min(local)}, which each "
                               "workstation keeps for itself")
        return columns

    def apply(self, changes: Iterable[Change]) -> MergeResult:
        """Apply in order. The log and the rows are read a batch at a time and new rows are
        written together, so a bundle of thousands costs few round trips into SQLite."""
        result = MergeResult()
        items = list(changes)
        for start in range(0, len(items), BATCH):
            self._apply_batch(items[start:start + BATCH], result)
        return result

    def _apply_batch(self, batch: list[Change], result: MergeResult) -> None:
        logged = self._prefetch_logged(batch)
        present = self._prefetch_present(batch)
        new_log: list[tuple] = []
        inserts: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}
        waiting: set[tuple[str, str]] = set()  # rows among ``inserts``, not yet written

        def flush() -> None:
            for (tbl, names), rows in inserts.items():
                cols = ", ".join(_q(k) for k in ("id", *names))
                marks = ", ".join("?" * (len(names) + 1))
                self.sql.executemany(f"INSERT INTO {_q(tbl)} ({cols}) VALUES ({marks})", rows)
            inserts.clear()
            waiting.clear()

        for x in batch:
            result.max_hlc = max(result.max_hlc, x.hlc)
            key = (x.tbl, x.row_id)
            entries = logged.setdefault(key, [])
            if any(e.origin == x.origin and e.seq == x.seq for e in entries):
                result.already_had += 1
                continue
            new_log.append((x.origin, x.seq, x.hlc, x.tbl, x.row_id, x.op,
                            json.dumps(x.data, ensure_ascii=False, separators=(",", ":")),
                            json.dumps(x.prior, separators=(",", ":")), x.author))
            result.applied += 1
            columns = self._checked(x)
            every = [*entries, x]
            newest_write = max((e.stamp for e in every if e.writes), default=BASELINE)
            newest_delete = max((e.stamp for e in every if not e.writes), default=None)
            deleted = newest_delete is not None and newest_delete > newest_write
            rows = present.setdefault(x.tbl, set())
            if key in waiting and (deleted or x.writes):
                flush()  # this row was written a moment ago: let SQLite have it first
            if deleted:
                if x.row_id in rows:
                    self.sql.execute(f"DELETE FROM {_q(x.tbl)} WHERE id = ?", (x.row_id,))
                    rows.discard(x.row_id)
            elif x.row_id in rows:
                if x.writes:
                    wins = {k: v for k, v in x.data.items() if k in columns and
                            all(e.stamp < x.stamp for e in entries if e.writes and k in e.data)}
                    if wins:
                        self.update_row(x.tbl, x.row_id, wins)
            else:
                values = self._with_derived(x.tbl, x.row_id, self._winning_row(every, columns))
                values = {**LOCAL_DEFAULTS.get(x.tbl, {}), **values}
                inserts.setdefault((x.tbl, tuple(values)), []).append(
                    (x.row_id, *values.values()))
                waiting.add(key)
                rows.add(x.row_id)
            entries.append(x)
            for conflict in self._conflicts(x, entries[:-1]):
                if self._record(x, conflict):
                    result.conflicts.append(conflict[0])
        flush()
        self.sql.executemany(
            "INSERT INTO sync_change (origin, seq, hlc, tbl, row_id, op, data, prior, author) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new_log)

    def _prefetch_logged(self, batch: list[Change]) -> dict[tuple[str, str], list[Change]]:
        found: dict[tuple[str, str], list[Change]] = {}
        for tbl, ids in _ids_by_table(batch).items():
            for chunk in _chunks(ids):
                marks = ", ".join("?" * len(chunk))
                for r in self.sql.execute(
                        "SELECT row_id, origin, seq, hlc, op, data, prior FROM sync_change "
                        f"WHERE tbl = ? AND row_id IN ({marks}) ORDER BY rowid", (tbl, *chunk)):
                    found.setdefault((tbl, r[0]), []).append(Change(
                        r[1], r[2], r[3], tbl, r[0], r[4], json.loads(r[5]),
                        json.loads(r[6]) if r[6] else {}))
        return found

    def _prefetch_present(self, batch: list[Change]) -> dict[str, set[str]]:
        present: dict[str, set[str]] = {}
        for tbl, ids in _ids_by_table(batch).items():
            self.columns(tbl)  # an unknown table fails here, before anything is written
            rows = present.setdefault(tbl, set())
            for chunk in _chunks(ids):
                marks = ", ".join("?" * len(chunk))
                rows.update(r[0] for r in self.sql.execute(
                    f"SELECT id FROM {_q(tbl)} WHERE id IN ({marks})", chunk))
        return present

    @staticmethod
    def _winning_row(every: list[Change], columns: list[str]) -> dict:
        """The row as the set of changes has it: each field's newest write, else its value in
        the newest tombstone (a row that comes back comes back whole)."""
        values: dict = {}
        for e in sorted((e for e in every if not e.writes), key=lambda e: e.stamp):
            values.update(e.data)
        for e in sorted((e for e in every if e.writes), key=lambda e: e.stamp):
            values.update(e.data)
        return {k: v for k, v in values.items() if k in columns}

    def update_row(self, tbl: str, row_id: str, values: dict) -> None:
        values = self._with_derived(tbl, row_id, values)
        assignments = ", ".join(f"{_q(k)} = ?" for k in values)
        self.sql.execute(f"UPDATE {_q(tbl)} SET {assignments} WHERE id = ?",
                         (*values.values(), row_id))

    def insert_row(self, tbl: str, row_id: str, values: dict) -> None:
        values = {**LOCAL_DEFAULTS.get(tbl, {}), **self._with_derived(tbl, row_id, values)}
        names = ", ".join(_q(k) for k in ("id", *values))
        marks = ", ".join("?" * (len(values) + 1))
        self.sql.execute(f"INSERT INTO {_q(tbl)} ({names}) VALUES ({marks})",
                         (row_id, *values.values()))

    def _with_derived(self, tbl: str, row_id: str, values: dict) -> dict:
        if tbl not in DERIVED:
            return values
        sources, derive, _ = DERIVED[tbl]
        if not any(s in values for s in sources):
            return values
        missing = [s for s in sources if s not in values]
        full = dict(values)
        if missing:
            row = self.sql.execute(f"SELECT {', '.join(_q(s) for s in missing)} FROM {_q(tbl)} "
                                   "WHERE id = ?", (row_id,)).fetchone()
            full.update(zip(missing, row or [""] * len(missing), strict=True))
        return {**values, **derive(full)}

    @staticmethod
    def _conflicts(x: Change, entries: list[Change]) -> list[tuple]:
        """(id, field, kind, winner, loser) for each pair of x and an earlier-logged change that
        were made without seeing each other."""
        found = []
        for e in entries:
            if e.origin == x.origin:
                continue
            if x.writes and e.writes:
                for name, value in x.data.items():
                    if name in QUIET_COLUMNS or name not in e.data or e.data[name] == value:
                        continue
                    # a write's prior is the newest stamp of the field its workstation had
                    # seen; delivery is causal, so neither having seen the other means this
                    if x.prior.get(name, BASELINE) < e.stamp and \
                            e.prior.get(name, BASELINE) < x.stamp:
                        win, lose = (x, e) if x.stamp > e.stamp else (e, x)
                        key = f"{x.tbl}/{x.row_id}/{name}/{min(x.stamp, e.stamp)}/" \
                              f"{max(x.stamp, e.stamp)}"
                        found.append((str(uuid.uuid5(CONFLICT_NAMESPACE, key)), name, "field",
                                      win, lose))
            elif x.writes != e.writes:
                edit, gone = (x, e) if x.writes else (e, x)
                unseen_by_edit = edit.prior.get(WHOLE_ROW, BASELINE) < gone.stamp
                unseen_by_delete = any(edit.stamp > gone.prior.get(name, BASELINE)
                                       for name in edit.data)
                if unseen_by_edit and unseen_by_delete:
                    win, lose = (gone, edit) if gone.stamp > edit.stamp else (edit, gone)
                    key = f"{x.tbl}/{x.row_id}/{WHOLE_ROW}/{edit.stamp}/{gone.stamp}"
                    found.append((str(uuid.uuid5(CONFLICT_NAMESPACE, key)), WHOLE_ROW, "delete",
                                  win, lose))
        return found

    def _record(self, x: Change, conflict: tuple) -> bool:
        conflict_id, name, kind, win, lose = conflict

        def value(c: Change) -> str | None:
            if kind == "field":
                return json.dumps(c.data.get(name), ensure_ascii=False)
            return None if c.op == DELETE else json.dumps(c.data, ensure_ascii=False)

        cursor = self.sql.execute(
            "INSERT OR IGNORE INTO sync_conflict (id, tbl, row_id, field, kind, winner_stamp, "
            "winner_value, loser_stamp, loser_value, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)", (conflict_id, x.tbl, x.row_id, name, kind, win.stamp, value(win),
                      lose.stamp, value(lose), utcnow().isoformat(sep=" ")))
        return cursor.rowcount == 1


#: Conflicts waiting for a person: not settled, and not superseded — when one workstation's
#: writes of a field lost twice to the same rival, its newest losing value is the one to show.
OPEN_CONFLICTS_SQL = """
    SELECT k.id FROM sync_conflict k
    WHERE NOT EXISTS (SELECT 1 FROM conflict_resolution r WHERE r.id = k.id)
      AND NOT EXISTS (SELECT 1 FROM sync_conflict n
                      WHERE n.tbl = k.tbl AND n.row_id = k.row_id AND n.field = k.field
                        AND substr(n.loser_stamp, 18) = substr(k.loser_stamp, 18)
                        AND n.loser_stamp > k.loser_stamp)"""


def open_conflict_ids(connection: Connection) -> set[str]:
    return {r[0] for r in connection.exec_driver_sql(OPEN_CONFLICTS_SQL)}
