"""The change log (``sync_change``) as Python sees it: one ``Change`` per row written.

A change carries, beside its fields, its *prior*: for each field, the newest stamp of that field
its workstation held when it wrote. Bundles are applied in causal order, so two writes of one
field where neither's prior reaches the other's stamp were made without either seeing the other
— a conflict — and since the prior travels with the change, every workstation finds the same
conflicts whatever order the changes arrive in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from rjdesk.store.clock import BASELINE, stamp
from rjdesk.store.database import sqlite_connection

INSERT, UPDATE, DELETE = "i", "u", "d"
#: In a write's prior: the newest delete of the row its workstation had seen.
WHOLE_ROW = "*"


@dataclass
class Change:
    origin: str
    seq: int
    hlc: int
    tbl: str
    row_id: str
    op: str
    data: dict
    prior: dict = field(default_factory=dict)
    #: The staff account that made it (``store.capture``); checked on apply (``authority``).
    author: str | None = None

    @property
    def stamp(self) -> str:
        return stamp(self.hlc, self.origin)

    @property
    def writes(self) -> bool:
        """An insert or update sets fields; a delete's fields are the row it removed."""
        return self.op != DELETE

    def to_wire(self) -> list:
        return [self.origin, self.seq, self.hlc, self.tbl, self.row_id, self.op, self.data,
                self.prior or None, self.author]

    @classmethod
    def from_wire(cls, item: list) -> Change:
        """A change as a bundle holds it; one from before authors (eight items) has none."""
        if not isinstance(item, list) or len(item) not in (8, 9):
            raise ValueError("not a change")
        origin, seq, hlc, tbl, row_id, op, data, prior, *author = item
        if op not in (INSERT, UPDATE, DELETE) or not isinstance(data, dict) or \
                not isinstance(prior or {}, dict):
            raise ValueError("not a change")
        return cls(str(origin), int(seq), int(hlc), str(tbl), str(row_id), op, data,
                   prior or {}, str(author[0]) if author and author[0] else None)


_COLUMNS = "rowid, origin, seq, hlc, tbl, row_id, op, data, prior, author"


def _from_row(row: Sequence[Any]) -> Change:
    return Change(row[1], row[2], row[3], row[4], row[5], row[6], json.loads(row[7]),
                  json.loads(row[8]) if row[8] else {}, row[9])


def last_seq(connection: Connection, origin: str) -> int:
    return connection.exec_driver_sql(
        "SELECT coalesce(max(seq), 0) FROM sync_change WHERE origin = ?", (origin,)).scalar_one()


def local_changes(connection: Connection, origin: str, after: int, upto: int) -> list[Change]:
    """This workstation's changes after seq ``after`` up to ``upto``, their priors filled in
    (and stored, so a bundle made again carries the same ones)."""
    rows = connection.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM sync_change WHERE origin = ? AND seq > ? AND seq <= ? "
        "ORDER BY seq", (origin, after, upto)).all()
    changes = [_from_row(r) for r in rows]
    missing = [(r[0], c) for r, c in zip(rows, changes, strict=True) if r[8] is None]
    if missing:
        _fill_priors(connection, missing)
    return changes


def _fill_priors(connection: Connection, changes: list[tuple[int, Change]]) -> None:
    """A field's prior is the newest stamp among the writes of it logged here before."""
    earlier: dict[tuple[str, str], list[tuple[int, Change]]] = defaultdict(list)
    by_table: dict[str, dict[str, None]] = defaultdict(dict)
    for _, c in changes:
        by_table[c.tbl][c.row_id] = None
    sql = sqlite_connection(connection)
    for tbl, rows in by_table.items():
        ids = list(rows)
        for start in range(0, len(ids), 500):  # SQLite takes at most 999 parameters
            chunk = ids[start:start + 500]
            for r in sql.execute(f"SELECT {_COLUMNS} FROM sync_change WHERE tbl = ? AND "
                                 f"row_id IN ({', '.join('?' * len(chunk))})", (tbl, *chunk)):
                earlier[(tbl, r[5])].append((r[0], _from_row(r)))
    updates = []
    for rowid, change in changes:
        best: dict[str, str] = {}
        deleted = BASELINE
        for other_rowid, other in earlier[(change.tbl, change.row_id)]:
            if other_rowid >= rowid:
                continue
            if not other.writes:
                deleted = max(deleted, other.stamp)
                continue
            for name in other.data:
                if other.stamp > best.get(name, BASELINE):
                    best[name] = other.stamp
        wanted = change.data.keys() if change.writes else best.keys()
        change.prior = {name: best[name] for name in wanted if name in best}
        if change.writes and deleted:
            change.prior[WHOLE_ROW] = deleted  # a write made after seeing the row deleted
        updates.append((json.dumps(change.prior, separators=(",", ":")), rowid))
    sql.executemany(
        "UPDATE sync_change SET prior = ? WHERE rowid = ?", updates)


def row_changes(connection: Connection, tbl: str, row_id: str) -> list[Change]:
    return [_from_row(r) for r in connection.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM sync_change WHERE tbl = ? AND row_id = ? ORDER BY rowid",
        (tbl, row_id))]


def encode(changes: list[Change]) -> bytes:
    return json.dumps([c.to_wire() for c in changes], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def decode(raw: bytes) -> list[Change]:
    items = json.loads(raw.decode("utf-8"))
    if not isinstance(items, list):
        raise ValueError("not a list of changes")
    return [Change.from_wire(item) for item in items]
