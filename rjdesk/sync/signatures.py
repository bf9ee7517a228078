"""Each person signs their own changes, so a workstation's stolen keys cannot speak for them.

A bundle's signature says which workstation wrote the file; its keys sit in that workstation's
database file. So the changes a service logs for a signed-in person are also signed with that
person's own key (``account_keys``), at the end of the service's transaction: a *group* is a
run of this workstation's sequence numbers (at most ``GROUP_SIZE``) by one author, signed over a
canonical hash of each change's origin, seq, HLC, table, row, operation, fields and author. The
groups are kept in ``sync_signature`` (local: bundles carry them beside their changes), and a
receiver takes a change from another workstation only inside a group that verifies against one
of its author's public keys as the receiver holds them at that point (``authority``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from rjdesk.sync import crypto
from rjdesk.sync.changes import Change
from rjdesk.sync.container import canonical_json

#: At most this many changes in one group, so a bundle can end between groups (``publish``).
GROUP_SIZE = 500
_PURPOSE = b"rjdesk change group v1\n"
_ORIGIN = "(SELECT value FROM sync_state WHERE key = 'workstation_id')"


@dataclass(frozen=True)
class Signature:
    origin: str
    first: int
    last: int
    author: str
    signature: bytes

    def to_wire(self) -> list:
        return [self.origin, self.first, self.last, self.author, crypto.b64(self.signature)]

    @classmethod
    def from_wire(cls, item: object) -> Signature:
        if not isinstance(item, list) or len(item) != 5:
            raise ValueError("not a signature")
        origin, first, last, author, signature = item
        return cls(str(origin), int(first), int(last), str(author),
                   crypto.unb64(str(signature)))

    def covers(self, change: Change) -> bool:
        return change.origin == self.origin and self.first <= change.seq <= self.last


def message(origin: str, author: str, changes: Sequence[Change]) -> bytes:
    """What a group's signature is over: every field of every change that apply reads."""
    items = [[c.origin, c.seq, c.hlc, c.tbl, c.row_id, c.op, c.data, c.author]
             for c in changes]
    return _PURPOSE + hashlib.sha256(canonical_json([origin, author, items])).digest()


def verifies(group: Signature, changes: Sequence[Change], keys: Iterable[bytes]) -> bool:
    """The group's changes are exactly its run of seqs, all by its author, and one of the
    author's keys signed them."""
    if [c.seq for c in changes] != list(range(group.first, group.last + 1)) or \
            any(c.origin != group.origin or c.author != group.author for c in changes):
        return False
    signed = message(group.origin, group.author, changes)
    return any(crypto.verify(k, signed, group.signature) for k in keys)


def own_last_seq(connection: Connection) -> int:
    return connection.exec_driver_sql(
        f"SELECT coalesce(max(seq), 0) FROM sync_change WHERE origin = {_ORIGIN}").scalar_one()


def sign_logged(connection: Connection, author: str, private: bytes, after: int) -> int:
    """Sign this workstation's changes logged after seq ``after`` (one transaction's), in
    groups; returns how many groups. Only changes by ``author`` are ever there: the
    transaction names one author."""
    rows = connection.exec_driver_sql(
        "SELECT origin, seq, hlc, tbl, row_id, op, data, author FROM sync_change "
        f"WHERE origin = {_ORIGIN} AND seq > ? ORDER BY seq", (after,)).all()
    changes = [Change(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), {}, r[7])
               for r in rows]
    if any(c.author != author for c in changes):
        raise ValueError("a transaction's changes name one author")
    groups = 0
    for start in range(0, len(changes), GROUP_SIZE):
        part = changes[start:start + GROUP_SIZE]
        origin = part[0].origin
        connection.exec_driver_sql(
            "INSERT INTO sync_signature (origin, first_seq, last_seq, author, signature) "
            "VALUES (?, ?, ?, ?, ?)",
            (origin, part[0].seq, part[-1].seq, author,
             crypto.b64(crypto.sign(private, message(origin, author, part)))))
        groups += 1
    return groups


def groups_within(connection: Connection, origin: str, first: int, last: int) -> list[Signature]:
    """The groups that sign changes of ``origin`` between ``first`` and ``last``."""
    return [Signature(r[0], r[1], r[2], r[3], crypto.unb64(r[4])) for r in
            connection.exec_driver_sql(
                "SELECT origin, first_seq, last_seq, author, signature FROM sync_signature "
                "WHERE origin = ? AND last_seq >= ? AND first_seq <= ? ORDER BY first_seq",
                (origin, first, last))]


def bundle_end(connection: Connection, origin: str, first: int, upto: int, have: int) -> int:
    """Where a bundle starting at ``first`` and meant to end by ``upto`` ends so that it cuts
    no group: at the end of the group ``upto`` falls in, if that group began in this
    bundle, else just before it; a group longer than the whole bundle is taken whole."""
    cut = connection.exec_driver_sql(
        "SELECT first_seq, last_seq FROM sync_signature WHERE origin = ? AND first_seq <= ? "
        "AND last_seq > ?", (origin, upto, upto)).first()
    if cut is None:
        return upto
    if cut[0] > first:
        return int(cut[0]) - 1
    return min(int(cut[1]), have)
