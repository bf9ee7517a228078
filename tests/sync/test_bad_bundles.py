"""Bundles that must not be applied: each refused with its own reason, set aside, shown, and
nothing of it applied; a bundle from a newer schema held until this workstation is upgraded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rjdesk import paths
from rjdesk.services.people.records import create_offender, find_by_doc_number
from rjdesk.services.syncing import review as sync_review
from rjdesk.sync import changes as change_log
from rjdesk.sync import crypto, pull
from rjdesk.sync.bundles import BundleRejected, open_bundle, write_bundle
from rjdesk.sync.publish import Identity
from tests.conftest import offender_input
from tests.sync.harness import Deployment


@pytest.fixture
def pair(tmp_path: Path):
    d = Deployment(tmp_path, 2)
    yield d
    d.close()


def _one_bundle(d: Deployment, doc: str = "4445556") -> Path:
    """WS1 adds a person and publishes; returns the bundle, not yet applied at WS0."""
    create_offender(d[1].db, d[1].actor, offender_input(doc, site="JCCC"))
    before = {b.path for b in d.share.list_bundles()}
    d.sync(1)
    (new,) = [b.path for b in d.share.list_bundles() if b.path not in before]
    return new


def _identity(ws) -> Identity:  # noqa: ANN001
    with ws.db.reading() as session:
        return Identity.load(session.connection())


def _open(bundle: Path, who: Identity):  # noqa: ANN202
    key = crypto.public_signing_key(who.signing_key)
    return open_bundle(bundle, name=bundle.name, signer_key=lambda o: key,
                       deployment=who.deployment, deployment_key=who.deployment_key,
                       schema_known=lambda s: True)


def _refused(d: Deployment, bundle: Path, reason: str) -> None:
    digest = d[0].digest()
    report = d.sync(0)
    assert bundle.name in report.rejected
    assert not report.ok
    (row,) = [r for r in sync_review.list_rejected(d[0].db) if r.file == bundle.name]
    assert row.reason == sync_review.REASON_LABELS[reason]
    assert Path(row.kept_as).exists() and Path(row.kept_as).parent.name == "rejected"
    assert d[0].digest() == digest  # nothing of it applied
    assert find_by_doc_number(d[0].db, d[0].actor, "4445556") is None
    # the next round does not refuse it again, and does not apply it either
    assert bundle.name in d.sync(0).rejected


def test_a_sound_bundle_applies(pair: Deployment) -> None:
    _one_bundle(pair)
    assert pair.sync(0).ok
    assert find_by_doc_number(pair[0].db, pair[0].actor, "4445556") is not None


def test_a_bundle_cut_short_is_refused(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    raw = bundle.read_bytes()
    bundle.write_bytes(raw[: len(raw) * 2 // 3])
    _refused(pair, bundle, "truncated")


def test_a_damaged_bundle_is_put_back_by_its_workstation_and_then_applied(
        pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    bundle.write_bytes(bundle.read_bytes()[:200])
    assert pair.sync(0).rejected == [bundle.name]
    report = pair.sync(1)
    assert any(bundle.name in w and "put back" in w for w in report.warnings)
    again = pair.sync(0)
    assert again.ok and again.bundles_applied == 1
    assert find_by_doc_number(pair[0].db, pair[0].actor, "4445556") is not None
    assert len(pair.digests()) == 1 or pair.sync_all() and len(pair.digests()) == 1


def test_a_flipped_bit_is_refused(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    raw = bytearray(bundle.read_bytes())
    raw[-40] ^= 0x04  # in the encrypted changes
    bundle.write_bytes(bytes(raw))
    _refused(pair, bundle, "corrupt")


def test_a_bundle_signed_by_another_key_is_refused(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    who = _identity(pair[1])
    opened = _open(bundle, who)
    forged = {k: v for k, v in opened.manifest.items()
              if k not in ("format", "payload_bytes", "payload_sha256", "chunk_size", "chunks",
                           "nonce", "kind", "count")}
    write_bundle(bundle, forged, opened.changes, deployment_key=who.deployment_key,
                 signing_key=crypto.generate_signing_key())
    _refused(pair, bundle, "bad_signature")


def test_an_unsigned_bundle_is_refused(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    raw = bytearray(bundle.read_bytes())
    header = 12 + 4 + int.from_bytes(raw[12:16], "big")
    raw[header:header + 64] = bytes(64)
    bundle.write_bytes(bytes(raw))
    _refused(pair, bundle, "unsigned")


def test_a_bundle_from_an_unknown_workstation_is_refused(pair: Deployment) -> None:
    _one_bundle(pair)  # a real one, applied as usual
    assert pair.sync(0).ok
    who = _identity(pair[1])
    stranger = "0badc0de-0000-4000-8000-000000000001"
    with pair[1].db.reading() as session:
        stolen = change_log.local_changes(session.connection(), who.me, 0, 10**9)[-3:]
    for seq, c in enumerate(stolen, start=1):
        c.origin, c.seq, c.row_id = stranger, seq, c.row_id
    bundle = pair.share.bundle_path(stranger, 1, len(stolen))
    bundle.parent.mkdir(parents=True)
    write_bundle(bundle, {"deployment": who.deployment, "schema": who.schema,
                          "origin": stranger, "first": 1, "last": len(stolen), "prev": "",
                          "needs": {}, "hlc": stolen[-1].hlc, "created_at": "2026-11-28"},
                 stolen, deployment_key=who.deployment_key,
                 signing_key=crypto.generate_signing_key())
    digest = pair[0].digest()
    report = pair.sync(0)
    assert bundle.name in report.rejected and not report.ok
    (row,) = [r for r in sync_review.list_rejected(pair[0].db) if r.file == bundle.name]
    assert row.reason == "from a workstation that is not enrolled"
    assert pair[0].digest() == digest


def test_a_bundle_sealed_with_another_deployment_key_is_refused(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    who = _identity(pair[1])
    opened = _open(bundle, who)
    manifest = {k: opened.manifest[k] for k in ("deployment", "schema", "origin", "first",
                                                "last", "prev", "needs", "hlc", "created_at")}
    write_bundle(bundle, manifest, opened.changes, deployment_key=crypto.new_deployment_key(),
                 signing_key=who.signing_key)
    _refused(pair, bundle, "unreadable_key")


def test_a_bundle_copied_under_another_name_is_refused(pair: Deployment) -> None:
    first = _one_bundle(pair)
    second = _one_bundle(pair, "4445557")
    shutil.copyfile(first, second)  # the second file now holds the first one's changes
    assert pair.sync(0).rejected == [second.name]
    (row,) = sync_review.list_rejected(pair[0].db)
    assert row.reason == "its name does not match its content"


def test_a_replayed_sequence_is_refused(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    assert pair.sync(0).ok
    who = _identity(pair[1])
    opened = _open(bundle, who)
    # the same workstation's key, the same sequence numbers, other content: a rewritten history
    changed = opened.changes
    changed[-1].data = dict(changed[-1].data, summary="rewritten")
    first, last = opened.manifest["first"], opened.manifest["last"]
    replay = pair.share.bundle_path(who.me, first, last + 1)
    extra = change_log.Change(who.me, last + 1, changed[-1].hlc + 1, "audit_event",
                              "5d0e0e0e-0000-4000-8000-000000000002", "i", {}, {})
    write_bundle(replay, {k: opened.manifest[k] for k in (
        "deployment", "schema", "origin", "prev", "needs", "hlc", "created_at")} |
        {"first": first, "last": last + 1}, changed + [extra],
        deployment_key=who.deployment_key, signing_key=who.signing_key)
    digest = pair[0].digest()
    report = pair.sync(0)
    assert replay.name in report.rejected
    (row,) = sync_review.list_rejected(pair[0].db)
    assert row.reason == "replays or rewrites changes already applied"
    assert pair[0].digest() == digest


def test_a_bundle_of_a_newer_schema_is_held_then_applied_after_upgrade(
        pair: Deployment, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _one_bundle(pair)
    who = _identity(pair[1])
    opened = _open(bundle, who)
    manifest = {k: opened.manifest[k] for k in ("deployment", "origin", "first", "last", "prev",
                                                "needs", "hlc", "created_at")}
    write_bundle(bundle, manifest | {"schema": "9999_future"}, opened.changes,
                 deployment_key=who.deployment_key, signing_key=who.signing_key,
                 signatures=opened.signatures)
    report = pair.sync(0)
    assert report.ok and bundle.name in report.held and not report.rejected
    assert find_by_doc_number(pair[0].db, pair[0].actor, "4445556") is None
    # this workstation is upgraded: the held bundle applies
    monkeypatch.setattr(pull, "known_revisions", lambda: {"0001", "0002", "0003", "9999_future"})
    assert pair.sync(0).bundles_applied == 1
    assert find_by_doc_number(pair[0].db, pair[0].actor, "4445556") is not None


def test_every_truncation_of_a_bundle_is_refused_as_cut_short(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    who = _identity(pair[1])
    raw = bundle.read_bytes()
    cut = bundle.with_name("cut.rjb")
    key = crypto.public_signing_key(who.signing_key)
    reasons = set()
    for n in range(len(raw)):
        cut.write_bytes(raw[:n])
        with pytest.raises(BundleRejected) as refused:
            open_bundle(cut, name=bundle.name, signer_key=lambda o: key,
                        deployment=who.deployment, deployment_key=who.deployment_key,
                        schema_known=lambda s: True)
        reasons.add(refused.value.reason)
    assert reasons == {"not_sync_file", "truncated"}


def test_rejected_files_are_kept_beside_the_database(pair: Deployment) -> None:
    bundle = _one_bundle(pair)
    bundle.write_bytes(bundle.read_bytes()[:100])
    pair.sync(0)
    aside = paths.sync_work_dir(pair[0].path) / "rejected"
    assert [p.name.endswith(bundle.name) for p in aside.iterdir()] == [True]


def test_a_flipped_manifest_byte_is_put_back_by_its_workstation_though_the_size_holds(
        pair: Deployment, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _one_bundle(pair)
    raw = bytearray(bundle.read_bytes())
    at = raw.index(b'"origin"')
    raw[at + 1] ^= 0x01  # one byte of the manifest: same size, signature broken
    bundle.write_bytes(bytes(raw))
    assert bundle.name in pair.sync(0).rejected
    report = pair.sync(1)
    assert any(bundle.name in w and "put back" in w for w in report.warnings)
    create_offender(pair[1].db, pair[1].actor, offender_input("4445557", site="JCCC"))
    assert pair.sync(1).published > 0
    again = pair.sync(0)
    assert again.ok and again.bundles_applied == 2 and again.held == []
    assert find_by_doc_number(pair[0].db, pair[0].actor, "4445557") is not None

    fetched: list[str] = []
    real = pull.Share.fetch

    def fetch(self, src: Path, dest: Path, **options: int) -> None:  # noqa: ANN001
        fetched.append(src.name)
        return real(self, src, dest, **options)

    monkeypatch.setattr(pull.Share, "fetch", fetch)
    assert pair.sync(1).warnings == []
    assert fetched == []  # the share's copies are read again only once they change
