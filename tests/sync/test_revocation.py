"""Revoking a workstation: a roster without it and a renewed deployment key. After it, the
revoked workstation opens neither new bundles nor a new snapshot, what it signs later is refused
by everyone, what it published before stays good, and the others keep converging. Key files on
the share are believed only when the administrator signed them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rjdesk.services.people.records import create_offender
from rjdesk.sync import crypto, deployment, keyring, membership, snapshot, state
from rjdesk.sync.bundles import BundleRejected, open_bundle
from rjdesk.sync.container import Rejected, read_body_bytes, read_manifest
from rjdesk.sync.deployment import DeploymentError
from rjdesk.sync.publish import Identity, publish_pending
from rjdesk.sync.round import NOT_ENROLLED
from tests.conftest import offender_input
from tests.sync.harness import Deployment, Workstation


def _who(ws: Workstation) -> Identity:
    with ws.db.reading() as session:
        who = Identity.load(session.connection())
    assert who is not None
    return who


def _add(ws: Workstation, doc: str) -> None:
    create_offender(ws.db, ws.actor, offender_input(doc, site="JCCC"))


def _newest_bundle(d: Deployment, ws: Workstation) -> Path:
    return max(d.share.list_bundles(of=ws.me()), key=lambda b: b.last).path


def test_a_revoked_workstation_is_closed_out_and_the_others_converge(
        deployment3: Deployment, tmp_path: Path) -> None:
    d = deployment3
    honest, other, gone = d[0], d[1], d[2]
    _add(gone, "5550001")  # published before the revocation: stays good for everyone
    d.sync(2)
    done = membership.revoke(d.share, d.admin, gone.name)
    assert (done.workstation, done.generation, done.members) == (gone.me(), 2, 2)
    assert not d.share.key_path(gone.me(), 2).exists()

    for i in (0, 1):
        report = d.sync(i)
        assert report.ok, report.lines()
        assert _who(d[i]).generation == 2 and set(_who(d[i]).keys) == {1, 2}
    assert honest.digest() == other.digest()  # its bundle from before: taken by both

    _add(honest, "5550002")
    d.sync(0)
    fresh = _newest_bundle(d, honest)
    own = crypto.public_signing_key(_who(honest).signing_key)
    assert read_manifest(fresh, verify_key_for=lambda m: own).manifest["key_generation"] == 2
    revoked = _who(gone)
    assert revoked.generation == 1
    with pytest.raises(keyring.KeyNotHeld):  # it holds no key for generation 2 …
        open_bundle(fresh, name=fresh.name, signer_key=lambda o: own,
                    deployment=revoked.deployment, deployment_key=revoked.ring,
                    schema_known=lambda s: True)
    with pytest.raises(BundleRejected, match="another deployment's key"):  # … nor opens it
        open_bundle(fresh, name=fresh.name, signer_key=lambda o: own,
                    deployment=revoked.deployment, deployment_key=revoked.deployment_key,
                    schema_known=lambda s: True)

    name = snapshot.make(honest.db, d.share, _who(honest), tmp_path / "work")
    made = d.share.root / "snapshots" / name
    info = read_manifest(made, verify_key_for=lambda m: own)
    assert info.manifest["key_generation"] == 2
    with pytest.raises(Rejected, match="another deployment's key"):
        read_body_bytes(made, info, deployment_key=revoked.deployment_key)

    report = d.sync(2)  # its own round tells it so, and publishes nothing
    assert report.outcome == NOT_ENROLLED and "revoked" in report.message
    _add(gone, "5550003")  # a rogue publishing anyway, with the keys it kept
    publish_pending(gone.db, d.share, revoked, tmp_path / "rogue")
    rogue = _newest_bundle(d, gone)

    _add(other, "5550004")
    for i in (0, 1, 0, 1):
        report = d.sync(i)
        assert rogue.name in report.rejected
    with honest.db.reading() as session:
        (reason,) = session.connection().exec_driver_sql(
            "SELECT reason FROM sync_rejected WHERE file = ?", (rogue.name,)).one()
    assert reason == "unknown_signer"
    assert honest.digest() == other.digest() != gone.digest()
    with honest.db.reading() as session:
        docs = {r[0] for r in session.connection().exec_driver_sql(
            "SELECT doc_number FROM offender")}
    assert {"5550001", "5550002", "5550004"} <= docs and "5550003" not in docs


def test_a_workstation_approved_after_a_revocation_reads_old_and_new(
        deployment3: Deployment, tmp_path: Path) -> None:
    d = deployment3
    membership.revoke(d.share, d.admin, d[2].me())
    d.sync(0)
    late = d.add_approved("WS9", "ERDCC", tmp_path / "late.sqlite3")
    roster = membership.roster_of(d.share)
    assert keyring.generation_of(roster) == 2 and len(roster["revoked"]) == 1
    report = d.sync(3)  # the only snapshot is of generation 1
    assert report.ok and report.message.startswith("joined from"), report.lines()
    assert _who(late).generation == 2
    late.sign_in()
    for i in (0, 1, 3, 0, 1, 3):
        d.sync(i)
    assert len({d[i].digest() for i in (0, 1, 3)}) == 1


def test_revoking_is_refused_for_a_stranger_or_the_last_member(deployment3: Deployment) -> None:
    d = deployment3
    with pytest.raises(DeploymentError, match="no enrolled workstation"):
        membership.revoke(d.share, d.admin, "nobody")
    membership.revoke(d.share, d.admin, d[1].name)
    membership.revoke(d.share, d.admin, d[2].name)
    with pytest.raises(DeploymentError, match="only enrolled workstation"):
        membership.revoke(d.share, d.admin, d[0].name)
    assert keyring.generation_of(membership.roster_of(d.share)) == 3


def test_a_key_file_the_administrator_did_not_sign_is_refused(deployment3: Deployment,
                                                              tmp_path: Path) -> None:
    """Anyone who can write to the share could seal a key of their own to a workstation that
    asked to join, and then read everything it publishes."""
    d = deployment3
    ws = Workstation("WS8", "CO", tmp_path / "asker.sqlite3")
    db = ws.open()
    try:
        with db.transaction() as session:
            deployment.request_to_join(session.connection(), d.share, name="WS8",
                                       site_code="CO")
        me = ws.me()
        request = json.loads(d.share.request_path(me).read_bytes())
        planted = crypto.new_deployment_key()
        context = f"rjdesk deployment key/{d.admin.deployment}/{me}".encode()
        d.share.key_path(me).parent.mkdir(exist_ok=True)
        d.share.key_path(me).write_text(json.dumps({
            "deployment": d.admin.deployment, "workstation": me,
            "sealed": crypto.b64(crypto.seal(crypto.unb64(request["sealing_key"]), planted,
                                             context))}))
        with pytest.raises(DeploymentError, match="refused"), db.transaction() as session:
            deployment.receive_key(session.connection(), d.share)
        with db.reading() as session:
            assert state.get(session.connection(), state.DEPLOYMENT_KEY) is None
        deployment.approve(d.share, d.admin, [me])  # replaces the planted file with its own
        with db.transaction() as session:
            assert deployment.receive_key(session.connection(), d.share)
            assert state.get(session.connection(), state.DEPLOYMENT_KEY) == \
                crypto.b64(d.admin.deployment_key)
    finally:
        ws.close()
