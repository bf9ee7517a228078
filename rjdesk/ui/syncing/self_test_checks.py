"""The self-test's checks of the syncing area: two workstations joined through a folder, and
the sync settings dialog opened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog

from rjdesk.ui.common.checks import Check, SelfTest, expect, registrar

CHECKS: list[Check] = []
check = registrar(CHECKS)


def dialogs(t: SelfTest) -> list[Callable[[], QDialog]]:
    from rjdesk.services.syncing import control as sync_control
    from rjdesk.ui.syncing.settings_dialog import SyncSettingsDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    return [lambda: SyncSettingsDialog(db, actor, sync_control.settings_of(db))]


@check("sync", needs=("sign-in",))
def check_sync(t: SelfTest) -> str:
    """A deployment in a folder: this database founds it, a second workstation joins from its
    snapshot and ends with the same records; a bundle cut short is refused. Exercises the
    signatures and encryption the build must carry."""
    from rjdesk.services.admin import auth
    from rjdesk.services.core.database import open_database
    from rjdesk.services.people.records import OffenderInput, create_offender

    # uses rjdesk.sync until services.syncing.enrollment exists (and rjdesk.store's state
    # digest, to compare the two workstations, until that service offers one)
    from rjdesk.store.digest import state_digest
    from rjdesk.sync import deployment, state
    from rjdesk.sync.round import run_round
    from rjdesk.sync.share import Share

    assert t.db is not None and t.actor is not None
    share_dir = t.folder / "share"
    share_dir.mkdir()
    share = Share(share_dir, retries=1, backoff=0)
    admin = deployment.create(share, name="Self-test")
    with t.db.transaction() as session:
        deployment.found(session.connection(), share, admin, name="SELF-TEST-1", site_code="CO")
        state.put(session.connection(), "joined", "founder")
    founder, _ = run_round(t.db, share_dir, share=share)
    joiner = open_database(t.folder / "joiner.sqlite3")
    with joiner.transaction() as session:
        deployment.request_to_join(session.connection(), share, name="SELF-TEST-2",
                                   site_code="JCCC")
    deployment.approve(share, admin, [r["workstation"]
                                      for r in deployment.pending_requests(share)])
    joined, joiner = run_round(joiner, share_dir, share=share,
                               reopen=lambda p: open_database(p))
    try:
        expect(founder.ok and joined.ok, f"{founder.lines()} / {joined.lines()}")
        create_offender(t.db, t.actor, OffenderInput(
            doc_number="7000001", last_name="Sync", first_name="Check", site_code="JCCC",
            date_of_birth=date(1990, 1, 1)))
        run_round(t.db, share_dir, share=share)
        (bundle,) = share.list_bundles()
        data = bundle.path.read_bytes()
        bundle.path.write_bytes(data[: len(data) // 2])
        refused, joiner = run_round(joiner, share_dir, share=share)
        expect(refused.rejected == [bundle.path.name], f"a cut bundle was not refused: "
                                                       f"{refused.lines()}")
        bundle.path.write_bytes(data)  # put right: the next round applies it
        mended, joiner = run_round(joiner, share_dir, share=share)
        with t.db.reading() as a, joiner.reading() as b:
            same = state_digest(a.connection()) == state_digest(b.connection())
        expect(mended.ok and mended.bundles_applied == 1 and same,
               f"the two workstations differ: {mended.lines()}")
        auth.sign_in(joiner, t.actor.username, "demo")  # staff accounts came in the snapshot
        return "joined from a snapshot, same records; a cut bundle refused, then applied"
    finally:
        joiner.close()
