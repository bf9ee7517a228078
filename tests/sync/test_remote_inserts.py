"""A record made at one workstation must apply at every other: a change carries only synced
columns, so each table's local columns must be fillable there. And one change that cannot be
applied refuses its bundle with a reason; it never stops the round."""

from __future__ import annotations

import enum
import uuid
from itertools import groupby
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, String

from rjdesk.domain.base import LOCAL_COLUMNS, Base
from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor
from rjdesk.services.people.records import create_offender
from rjdesk.services.syncing import review as sync_review
from rjdesk.store.capture import capture_off, synced_columns, synced_table_names
from rjdesk.store.migrate import open_database
from rjdesk.sync import crypto
from rjdesk.sync.bundles import open_bundle, write_bundle
from rjdesk.sync.changes import INSERT, Change
from rjdesk.sync.merge import Merger
from rjdesk.sync.publish import Identity
from rjdesk.sync.signatures import Signature, message
from tests.conftest import offender_input
from tests.sync.harness import PASSWORD, Deployment


def _value(column) -> object:  # noqa: ANN001
    """A plausible value of the column's type (the insert is rolled back, so foreign keys,
    which SQLite checks at commit when deferred, need not point anywhere)."""
    kind = column.type
    enum_class = getattr(kind, "enum_class", None)
    if enum_class is not None and issubclass(enum_class, enum.Enum):
        return next(iter(enum_class)).value
    if isinstance(kind, Boolean):
        return 1
    if isinstance(kind, (Integer, Numeric)):
        return 1
    if isinstance(kind, DateTime):
        return "2026-01-02 03:04:05.000000"
    if isinstance(kind, Date):
        return "2026-01-02"
    if isinstance(kind, String) and kind.length:
        return ("v" + uuid.uuid4().hex)[:kind.length]
    return "v" + uuid.uuid4().hex


@pytest.mark.parametrize("table", synced_table_names())
def test_a_remote_insert_with_only_synced_columns_applies(tmp_path: Path, table: str) -> None:
    db = open_database(tmp_path / "ws.sqlite3")
    try:
        model = Base.metadata.tables[table]
        with db.engine.connect() as c:
            columns = synced_columns(c, table)
            data = {name: _value(model.c[name]) for name in columns}
            change = Change("origin-ws", 1, 1 << 40, table, str(uuid.uuid4()), INSERT, data, {})
            c.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            with capture_off(c):
                Merger(c).apply([change])
            local = LOCAL_COLUMNS.get(table, frozenset())
            row = c.exec_driver_sql(f'SELECT * FROM "{table}" WHERE id = ?',
                                    (change.row_id,)).mappings().one()
            assert all(row[name] is not None for name in local
                       if not model.c[name].nullable)
            c.rollback()
    finally:
        db.close()


def test_a_staff_account_made_at_one_site_signs_in_at_the_others(
        deployment3: Deployment) -> None:
    d = deployment3
    auth.create_user(d[0].db, d[0].actor, username="newclerk", display_name="New Clerk",
                     role=Role.INSTITUTION_STAFF, site_code="JCCC", password="longpassword1")
    reports = d.sync_all()
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1
    for ws in d.stations[1:]:
        actor = auth.sign_in(ws.db, "newclerk", "longpassword1")
        assert actor.username == "newclerk"


def _identity(ws) -> Identity:  # noqa: ANN001
    with ws.db.reading() as session:
        return Identity.load(session.connection())


def _rewrite(bundle: Path, who: Identity, edit, sign=None) -> None:  # noqa: ANN001
    """Re-sign the bundle with its own workstation's keys after ``edit`` changes its changes.
    The authors' signatures are kept as they were, unless ``sign`` makes new ones of the
    changed changes."""
    key = crypto.public_signing_key(who.signing_key)
    opened = open_bundle(bundle, name=bundle.name, signer_key=lambda o: key,
                         deployment=who.deployment, deployment_key=who.deployment_key,
                         schema_known=lambda s: True)
    changed = edit(list(opened.changes))
    bundle.unlink()
    manifest = {k: opened.manifest[k] for k in ("deployment", "schema", "origin", "first", "last",
                                                "prev", "needs", "hlc", "created_at")}
    write_bundle(bundle, manifest, changed, deployment_key=who.deployment_key,
                 signing_key=who.signing_key,
                 signatures=opened.signatures if sign is None else sign(changed))


def signed_by(*actors: Actor):  # noqa: ANN201
    """Signs changed changes again as their authors would, given their keys: each run of one
    author's changes one group (a run by anyone else is left unsigned)."""
    keys = {a.user_id: a.signing_key for a in actors}

    def sign(changes: list[Change]) -> list[Signature]:
        found: list[Signature] = []
        for author, run in groupby(changes, key=lambda c: c.author):
            part, key = list(run), keys.get(author or "")
            if author and key:
                found.append(Signature(part[0].origin, part[0].seq, part[-1].seq, author,
                                       crypto.sign(key, message(part[0].origin, author, part))))
        return found

    return sign


def test_a_change_that_cannot_be_applied_refuses_its_bundle_and_the_round_goes_on(
        deployment3: Deployment) -> None:
    d = deployment3
    before = {b.path for b in d.share.list_bundles()}
    create_offender(d[1].db, d[1].actor, offender_input("4445556", site="JCCC"))
    d.sync(1)
    (bad,) = [b.path for b in d.share.list_bundles() if b.path not in before]

    def drop_names(changes: list[Change]) -> list[Change]:
        return [Change(c.origin, c.seq, c.hlc, c.tbl, c.row_id, c.op,
                       {k: v for k, v in c.data.items() if k != "last_name"}, c.prior, c.author)
                if c.tbl == "offender" else c for c in changes]

    _rewrite(bad, _identity(d[1]), drop_names, signed_by(d[1].actor))
    create_offender(d[2].db, d[2].actor, offender_input("7778889", site="JCCC"))
    d.sync(2)
    digest = d[0].digest()
    report = d.sync(0)  # no exception: the round reports
    assert bad.name in report.rejected and not report.ok
    assert report.bundles_applied >= 1  # WS2's bundle went in all the same
    (row,) = [r for r in sync_review.list_rejected(d[0].db) if r.file == bad.name]
    assert row.reason == sync_review.REASON_LABELS["unapplicable"]
    assert "offender" in row.message and "last_name" in row.message
    assert d[0].digest() != digest
    again = d.sync(0)
    assert bad.name in again.rejected  # listed, not retried into a traceback


def test_a_change_to_a_local_table_refuses_its_bundle(deployment3: Deployment) -> None:
    d = deployment3
    before = {b.path for b in d.share.list_bundles()}
    admin = auth.sign_in(d[1].db, "admin", PASSWORD)
    d.sync(1)
    (bad,) = [b.path for b in d.share.list_bundles() if b.path not in before]

    def aim_at_sync_state(changes: list[Change]) -> list[Change]:
        first = changes[0]
        return [Change(first.origin, first.seq, first.hlc, "sync_state", "workstation_id",
                       INSERT, {"key": "workstation_id", "value": "taken over"}, {}),
                *changes[1:]]

    _rewrite(bad, _identity(d[1]), aim_at_sync_state, signed_by(admin))
    me = d[0].me()
    report = d.sync(0)
    assert bad.name in report.rejected
    assert d[0].me() == me
    (row,) = [r for r in sync_review.list_rejected(d[0].db) if r.file == bad.name]
    assert row.reason == sync_review.REASON_LABELS["unapplicable"]
    assert "sync_state" in row.message



def test_a_change_pointing_at_a_record_that_does_not_exist_refuses_its_bundle(
        deployment3: Deployment) -> None:
    """Foreign keys are checked when the bundle's transaction commits: that failure refuses the
    bundle like any other, instead of ending the round."""
    d = deployment3
    before = {b.path for b in d.share.list_bundles()}
    create_offender(d[1].db, d[1].actor, offender_input("4445557", site="JCCC"))
    d.sync(1)
    (bad,) = [b.path for b in d.share.list_bundles() if b.path not in before]

    def nowhere(changes: list[Change]) -> list[Change]:
        return [Change(c.origin, c.seq, c.hlc, c.tbl, c.row_id, c.op,
                       {**c.data, "site_id": "00000000-0000-4000-8000-000000000000"}, c.prior,
                       c.author)
                if c.tbl == "offender" else c for c in changes]

    _rewrite(bad, _identity(d[1]), nowhere, signed_by(d[1].actor))
    digest = d[0].digest()
    report = d.sync(0)
    assert bad.name in report.rejected
    assert d[0].digest() == digest
    (row,) = [r for r in sync_review.list_rejected(d[0].db) if r.file == bad.name]
    assert row.reason == sync_review.REASON_LABELS["unapplicable"]
