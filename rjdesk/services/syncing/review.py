"""Reviewing sync: the conflicts two workstations left (a person keeps either value), the files
refused, and this workstation's sync status. Plain data out, one transaction per decision."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.models import ConflictResolution
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor, acting, audit, require, require_site
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound
from rjdesk.store.clock import hlc_time, stamp_hlc, stamp_origin
from rjdesk.store.database import Database, sqlite_connection
from rjdesk.sync import state
from rjdesk.sync.authority import Authority, Unauthorized
from rjdesk.sync.bundles import REASON_LABELS
from rjdesk.sync.changes import DELETE, INSERT, UPDATE, Change
from rjdesk.sync.merge import Merger, open_conflict_ids

TABLE_LABELS = {"offender": "Offender", "volunteer": "Volunteer", "app_user": "Staff account",
                "icvc_class": "ICVC class", "icvc_session": "ICVC session",
                "icvc_enrollment": "ICVC enrollment", "icvc_attendance": "Attendance mark",
                "icvc_speaker": "Speaker booking", "offender_transfer": "Transfer",
                "volunteer_training": "Volunteer training", "volunteer_role": "Volunteer role",
                "site": "Site", "icvc_day_off": "Day off"}


_VIA_CLASS = ("SELECT c.site_id FROM icvc_class c "
              "WHERE c.id = (SELECT class_id FROM {} WHERE id = ?)")
_VIA_SESSION = ("SELECT c.site_id FROM icvc_class c JOIN icvc_session s ON s.class_id = c.id "
                "WHERE s.id = (SELECT session_id FROM {} WHERE id = ?)")
_VIA_VOLUNTEER = ("SELECT v.site_id FROM volunteer v "
                  "WHERE v.id = (SELECT volunteer_id FROM {} WHERE id = ?)")
_OWN = "SELECT site_id FROM {} WHERE id = ?"

#: Settling a conflict makes the edit of the table's own service: the permission that edit
#: needs, the words for its records, and the query for the site they belong to (None: no
#: site; a staff account or a site is the administrators' alone). A table not listed here is
#: settled by administrators only.
EDIT_RULES: dict[str, tuple[Permission, str, str | None]] = {
    "offender": (Permission.EDIT_OFFENDERS, "offender records", _OWN),
    "offender_transfer": (Permission.EDIT_OFFENDERS, "offender records",
                          "SELECT to_site_id FROM {} WHERE id = ?"),
    "volunteer": (Permission.EDIT_VOLUNTEERS, "volunteers", _OWN),
    "volunteer_training": (Permission.EDIT_VOLUNTEERS, "volunteers", _VIA_VOLUNTEER),
    "volunteer_role": (Permission.EDIT_VOLUNTEERS, "volunteers", _VIA_VOLUNTEER),
    "icvc_class": (Permission.RUN_ICVC, "classes", _OWN),
    "icvc_session": (Permission.RUN_ICVC, "classes", _VIA_CLASS),
    "icvc_enrollment": (Permission.RUN_ICVC, "classes", _VIA_CLASS),
    "icvc_day_off": (Permission.RUN_ICVC, "classes", _VIA_CLASS),
    "icvc_attendance": (Permission.RUN_ICVC, "classes", _VIA_SESSION),
    "icvc_speaker": (Permission.RUN_ICVC, "classes", _VIA_SESSION),
    "app_user": (Permission.MANAGE_USERS, "staff accounts", None),
    "site": (Permission.MANAGE_USERS, "sites", None),
}
_ADMINISTRATORS_ONLY = (Permission.MANAGE_USERS, "these records", None)

#: A site value that moves a person: only the transfer service may write it, with its record.
TRANSFERRED_BY_SERVICE = {("offender", "site_id")}


@dataclass(frozen=True)
class ConflictView:
    id: str
    table: str
    record: str            # what a person recognises: "Nguyễn, Văn An (1234567)"
    field: str             # the column, or "*" for a delete against an edit
    kind: str              # "field" | "delete"
    current: str           # what the record holds now
    other: str             # the value that lost
    winner_at: datetime
    winner_from: str       # workstation name
    loser_at: datetime
    loser_from: str
    resolved: bool        # settled by a person, or superseded by a newer conflict

    @property
    def what(self) -> str:
        label = TABLE_LABELS.get(self.table, self.table)
        if self.kind == "delete":
            return f"{label}: deleted at one site while edited at another"
        return f"{label}: {self.field.replace('_', ' ')}"


@dataclass(frozen=True)
class RejectedView:
    file: str
    reason: str
    message: str
    at: str
    kept_as: str


def _names(c: Connection) -> dict[str, str]:
    roster = state.get_json(c, state.ROSTER) or {}
    names = {ws: f"{m.get('name', ws[:8])} ({m.get('site', '')})"
             for ws, m in (roster.get("members") or {}).items()}
    names[state.workstation_id(c)] = "this workstation"
    return names


def _record_label(c: Connection, table: str, row_id: str) -> str:
    if table == "offender":
        row = c.exec_driver_sql("SELECT last_name, first_name, doc_number FROM offender "
                                "WHERE id = ?", (row_id,)).first()
        if row:
            return f"{row[0]}, {row[1]} ({row[2]})"
    if table in ("volunteer", "app_user"):
        cols = "last_name || ', ' || first_name" if table == "volunteer" else "display_name"
        row = c.exec_driver_sql(f"SELECT {cols} FROM {table} WHERE id = ?", (row_id,)).first()
        if row:
            return row[0]
    return f"{TABLE_LABELS.get(table, table)} {row_id[:8]}"


def _show(raw: str | None) -> str:
    if raw is None:
        return "(deleted)"
    value = json.loads(raw)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))[:200]
    return "(empty)" if value in (None, "") else str(value)


def _current(c: Connection, table: str, row_id: str, field: str) -> str:
    if field == "*":
        exists = c.exec_driver_sql(f'SELECT 1 FROM "{table}" WHERE id = ?', (row_id,)).first()
        return "the record is kept" if exists else "(deleted)"
    row = c.exec_driver_sql(f'SELECT "{field}" FROM "{table}" WHERE id = ?', (row_id,)).first()
    return "(deleted)" if row is None else ("(empty)" if row[0] in (None, "") else str(row[0]))


def list_conflicts(db: Database, actor: Actor, *, include_resolved: bool = False
                   ) -> list[ConflictView]:
    require(actor, Permission.REVIEW_CONFLICTS)
    with db.reading() as tx:
        c = tx.connection()
        names = _names(c)
        waiting = open_conflict_ids(c)
        rows = c.exec_driver_sql(
            "SELECT k.id, k.tbl, k.row_id, k.field, k.kind, k.winner_stamp, k.loser_stamp, "
            "k.loser_value, r.id IS NOT NULL FROM sync_conflict k LEFT JOIN "
            "conflict_resolution r ON r.id = k.id ORDER BY k.winner_stamp DESC").all()
        return [ConflictView(
            r[0], r[1], _record_label(c, r[1], r[2]), r[3], r[4], _current(c, r[1], r[2], r[3]),
            _show(r[7]), hlc_time(stamp_hlc(r[5])), names.get(stamp_origin(r[5]), "another "
                                                                 "workstation"),
            hlc_time(stamp_hlc(r[6])), names.get(stamp_origin(r[6]), "another workstation"),
            r[0] not in waiting) for r in rows if include_resolved or r[0] in waiting]


def resolve(db: Database, actor: Actor, conflict_id: str, keep: str) -> None:
    """Keep the current value ('current'), or put back the one that lost ('other'). Either way
    the decision syncs, and 'other' is an ordinary edit that syncs like any other."""
    require(actor, Permission.REVIEW_CONFLICTS)
    if keep not in ("current", "other"):
        raise InvalidInput("Keep either the current value or the other one.", "keep")
    with acting(db, actor) as tx:
        c = tx.connection()
        row = c.exec_driver_sql("SELECT tbl, row_id, field, kind, loser_value FROM sync_conflict "
                                "WHERE id = ?", (conflict_id,)).first()
        if row is None:
            raise NotFound("That conflict is not on this workstation.")
        if tx.get(ConflictResolution, conflict_id) is not None:
            raise InvalidInput("Someone has settled this conflict already.", "conflict")
        table, row_id, field, kind, loser = row
        _may_settle(c, actor, table, row_id, field, kind, loser, keep)
        if keep == "other":
            _may_restore(c, actor, table, row_id, field, kind, loser)
            _restore(c, table, row_id, field, kind, loser)
        tx.add(ConflictResolution(id=conflict_id, kept=keep, resolved_by=actor.username,
                                  resolved_at=utcnow(), site_id=actor.site_id))
        audit(tx, actor, "resolve", "sync_conflict", conflict_id,
              f"kept the {'current' if keep == 'current' else 'other'} value of "
              f"{TABLE_LABELS.get(table, table)} {row_id[:8]} {field}")


def _may_restore(c: Connection, actor: Actor, table: str, row_id: str, field: str, kind: str,
                 loser: str | None) -> None:
    """Putting the other value back is an edit of that record: refused unless the reviewer
    could make it, by the rule every other workstation will check it against."""
    exists = c.exec_driver_sql(f'SELECT 1 FROM "{table}" WHERE id = ?', (row_id,)).first()
    if kind == "field":
        op, data = UPDATE, {field: json.loads(loser) if loser is not None else None}
    elif loser is None:
        op, data = DELETE, {}
    else:
        op, data = (UPDATE if exists else INSERT), json.loads(loser)
    try:
        Authority(sqlite_connection(c)).check(
            Change("", 0, 0, table, row_id, op, data, {}, actor.user_id))
    except Unauthorized as exc:
        raise NotAllowed("Your role and site do not allow putting the other value back "
                         f"({exc.why}).",
                         "keep") from None


def _may_settle(c: Connection, actor: Actor, table: str, row_id: str, field: str, kind: str,
                loser: str | None, keep: str) -> None:
    """The same role and site checks as the edit the settling makes (keeping the current value
    too: the decision closes the conflict for the record's own site), and no site value of a
    person written past the transfer service."""
    permission, what, site_sql = EDIT_RULES.get(table, _ADMINISTRATORS_ONLY)
    require(actor, permission)
    lost = json.loads(loser) if loser is not None else None
    if site_sql is not None:
        now = c.exec_driver_sql(site_sql.format(f'"{table}"'), (row_id,)).first()
        sites = {now[0]} if now and now[0] else set()
        if isinstance(lost, dict) and lost.get("site_id"):
            sites.add(lost["site_id"])        # a record brought back, at the site it had
        elif kind == "field" and field == "site_id" and lost:
            sites.add(lost)                   # a record moved back to the site it had
        for site_id in sites or {""}:
            require_site(actor, site_id, what)
    if keep == "other" and _moves_site(c, table, row_id, field, kind, lost):
        raise InvalidInput("Putting back the other site would move this person without a "
                           "transfer record. Keep the current value, then use Transfer on "
                           "the person's record.", "conflict")


def _moves_site(c: Connection, table: str, row_id: str, field: str, kind: str,
                lost: object) -> bool:
    for tbl, column in TRANSFERRED_BY_SERVICE:
        if tbl != table:
            continue
        if kind == "field":
            if field == column:
                return True
            continue
        if not isinstance(lost, dict) or column not in lost:
            continue
        now = c.exec_driver_sql(f'SELECT "{column}" FROM "{table}" WHERE id = ?',
                                (row_id,)).first()
        if now is not None and now[0] != lost[column]:
            return True
    return False


def _restore(c: Connection, table: str, row_id: str, field: str, kind: str,
             loser: str | None) -> None:
    merger = Merger(c)
    exists = c.exec_driver_sql(f'SELECT 1 FROM "{table}" WHERE id = ?', (row_id,)).first()
    if kind == "field":
        if not exists:
            raise InvalidInput("The record was deleted since; there is nothing to change.",
                               "conflict")
        if loser is None:  # merge.Merger._record logs every field conflict's value as JSON
            raise ValueError(f"conflict on {table}.{field} of {row_id} has no losing value")
        merger.update_row(table, row_id, {field: json.loads(loser)})
    elif loser is None:  # the delete lost: carry it out now
        if exists:
            c.exec_driver_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
    elif not exists:     # the edit lost to a delete: bring the record back as edited
        values = {k: v for k, v in json.loads(loser).items() if k in merger.columns(table)}
        merger.insert_row(table, row_id, values)
    else:
        merger.update_row(table, row_id, {k: v for k, v in json.loads(loser).items()
                                          if k in merger.columns(table)})


def list_rejected(db: Database) -> list[RejectedView]:
    with db.reading() as tx:
        return [RejectedView(r[0], _reason_label(r[1]), r[2], r[3], r[4])
                for r in tx.connection().exec_driver_sql(
                    "SELECT file, reason, message, at, kept_as FROM sync_rejected "
                    "ORDER BY at DESC")]


def _reason_label(reason: str) -> str:
    return REASON_LABELS.get(reason, reason)


def last_report(db: Database) -> dict | None:
    with db.reading() as tx:
        return state.get_json(tx.connection(), state.LAST_SYNC)
