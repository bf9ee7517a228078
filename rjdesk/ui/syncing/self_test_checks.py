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
    from rjdesk.services.admin import auth, maintenance
    from rjdesk.services.core.database import open_database
    from rjdesk.services.people.records import OffenderInput, create_offender
    from rjdesk.services.syncing import enrollment

    assert t.db is not None and t.actor is not None
    share_dir, key = t.folder / "share", t.folder / "admin.rjkey"
    share_dir.mkdir()
    enrollment.create_deployment(share_dir, key, "Self-test")
    enrollment.found(t.db, share_dir, key, name="SELF-TEST-1", site="CO")
    founder, _ = enrollment.sync_round(t.db, share_dir)
    joiner = open_database(t.folder / "joiner.sqlite3")
    asked = enrollment.request(joiner, share_dir, name="SELF-TEST-2", site="JCCC")
    enrollment.approve(share_dir, key, [asked.workstation])
    joined, joiner = enrollment.sync_round(joiner, share_dir)
    try:
        expect(founder.ok and joined.ok, f"{founder.lines()} / {joined.lines()}")
        create_offender(t.db, t.actor, OffenderInput(
            doc_number="7000001", last_name="Sync", first_name="Check", site_code="JCCC",
            date_of_birth=date(1990, 1, 1)))
        enrollment.sync_round(t.db)
        (bundle,) = (share_dir / "bundles").rglob("*.rjb")
        data = bundle.read_bytes()
        bundle.write_bytes(data[: len(data) // 2])
        refused, joiner = enrollment.sync_round(joiner)
        expect(refused.rejected == [bundle.name], f"a cut bundle was not refused: "
                                                  f"{refused.lines()}")
        bundle.write_bytes(data)  # put right: the next round applies it
        mended, joiner = enrollment.sync_round(joiner)
        same = maintenance.check(t.db).digest == maintenance.check(joiner).digest
        expect(mended.ok and mended.bundles_applied == 1 and same,
               f"the two workstations differ: {mended.lines()}")
        auth.sign_in(joiner, t.actor.username, "demo")  # staff accounts came in the snapshot
        return "joined from a snapshot, same records; a cut bundle refused, then applied"
    finally:
        joiner.close()
