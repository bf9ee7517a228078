"""Three workstations through every trick at once: a new staff account, a bundle re-signed with a
workstation's stolen keys, a huge junk file and a link named like bundles, a rogue request to
join under an enrolled name, and an edited roster. Every honest workstation still converges to
one state, each refusal is listed with its reason, no round raises, nothing is written outside
the share and the work folders, and no file of a workstation is readable by another account."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rjdesk import paths
from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import auth
from rjdesk.services.people.records import create_offender, find_by_doc_number
from rjdesk.services.syncing import enrollment
from rjdesk.services.syncing import review as sync_review
from rjdesk.store.migrate import open_database
from rjdesk.sync.bundles import REASON_LABELS, TOO_LARGE, UNAUTHORIZED
from tests.conftest import offender_input
from tests.sync.harness import Deployment
from tests.sync.test_authors import _forge_admin
from tests.sync.test_remote_inserts import _identity, _rewrite

SECRET = b"root:$6$not-for-the-share\n"


def _outside(root: Path, share: Path) -> set[Path]:
    """Files under the test's folder that are neither on the share nor a workstation's own."""
    return {p for p in root.rglob("*") if p.is_file() and share not in p.parents
            and not p.name.startswith("ws") and "-sync" not in str(p.relative_to(root))}


@pytest.fixture
def deployment(tmp_path: Path):
    d = Deployment(tmp_path, 3)  # WS0 at JCCC (founder), WS1 at PP-EP, WS2 at CO
    try:
        yield d
    finally:
        d.close()


def test_a_deployment_survives_every_trick_at_once(deployment: Deployment,
                                                   tmp_path: Path) -> None:
    d = deployment
    secret = tmp_path / "shadow"
    secret.write_bytes(SECRET)
    outside_before = _outside(tmp_path, d.share_dir)

    # a new staff account made at the founder signs in everywhere (no round stops over it)
    auth.create_user(d[0].db, d[0].actor, username="pat", display_name="Pat Officer",
                     role=Role.PP_OFFICER, site_code="PP-EP", password="longpassword1")
    d.sync_all()
    d[1].actor = auth.sign_in(d[1].db, "pat", "longpassword1")

    # pat's honest work at WS1, whose bundle is then re-signed with WS1's stolen keys, naming
    # an administrator account into it
    before = {b.path for b in d.share.list_bundles()}
    create_offender(d[1].db, d[1].actor, offender_input("4100001", site="PP-EP"))
    d.sync(1)
    (honest,) = [b.path for b in d.share.list_bundles() if b.path not in before]
    _rewrite(honest, _identity(d[1]), lambda cs: _forge_admin(None, cs))  # type: ignore[arg-type]

    # junk named like WS2's next bundle: 300 MB of nothing; and a link to a file off the share
    folder = d.share_dir / "bundles" / d[2].me()
    after = max((b.last for b in d.share.list_bundles(of=d[2].me())), default=0) + 1
    huge = folder / f"{d[2].me()}-{after:010d}-{after + 1:010d}.rjb"
    with open(huge, "wb") as f:
        f.truncate(300 << 20)
    link = folder / f"{d[2].me()}-0000000800-0000000801.rjb"
    link.symlink_to(secret)

    # a rogue asks to join under the founder's name and site: listed with a warning, and not
    # approved by name without a second look
    rogue = open_database(tmp_path / "rogue.sqlite3")
    try:
        enrollment.request(rogue, d.share_dir, name="WS0", site="JCCC")
    finally:
        rogue.close()
    (waiting,) = enrollment.pending(d.share_dir)
    assert any("already enrolled" in doubt for doubt in waiting.doubts)
    key_file = tmp_path / "admin.rjkey"
    key_file.write_bytes(d.admin.to_bytes())
    with pytest.raises(enrollment.Doubtful):
        enrollment.approve(d.share_dir, key_file, ["WS0"])

    # the others meet the forged bundle and the junk: refused, listed, and the round goes on
    reports = [d.sync(i) for i in (0, 2)]
    assert honest.name in reports[0].rejected and honest.name in reports[1].rejected
    assert huge.name in reports[0].rejected

    # the newest roster edited: reported, the round not ok, nothing taken from it
    roster = sorted((d.share_dir / "roster").iterdir())[-1]
    good = roster.read_bytes()
    roster.write_bytes(good.replace(b'"WS2"', b'"WS9"'))
    reports = [d.sync(i) for i in (0, 2)]
    assert all(not r.ok and any("roster" in p for p in r.problems) for r in reports)
    roster.write_bytes(good)

    # WS1 puts its good bundle back; WS2 clears the junk from its own folder as it publishes
    repaired = d.sync(1)
    create_offender(d[2].db, d[2].actor, offender_input("4100002", site="JCCC"))
    assert any(honest.name in w and "put back" in w for w in repaired.warnings), repaired.warnings
    reports = d.sync_all(rounds=3)
    assert len(d.digests()) == 1, [r.lines() for r in reports]
    for ws in d.stations:
        for doc in ("4100001", "4100002"):  # pat's honest work, and WS2's after the junk
            assert find_by_doc_number(ws.db, ws.actor, doc) is not None
        with ws.db.reading() as session:
            assert session.connection().exec_driver_sql(
                "SELECT count(*) FROM app_user WHERE username = 'mallory'").scalar_one() == 0

    # each refusal listed with its reason, at the workstations that met them
    for i in (0, 2):
        listed = {r.file: r.reason for r in sync_review.list_rejected(d[i].db)}
        assert listed.get(honest.name) == REASON_LABELS[UNAUTHORIZED], listed
        if i == 0:
            assert listed.get(huge.name) == REASON_LABELS[TOO_LARGE], listed
        assert link.name not in listed  # never read: a link is passed over, and said so
    notes = [w for ws in d.stations for r in ws.reports for w in r.warnings]
    assert any(link.name in w for w in notes)

    # nothing read through the link or written off the share and the work folders
    assert secret.read_bytes() == SECRET
    assert _outside(tmp_path, d.share_dir) - outside_before <= {
        tmp_path / name for name in ("admin.rjkey", "rogue.sqlite3", "rogue.sqlite3.keys",
                                     "rogue.sqlite3.checked")}
    for ws in d.stations:
        work = paths.sync_work_dir(ws.path)
        for p in work.rglob("*"):
            assert SECRET not in (p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
        # no file of a workstation readable by another account
        own = [ws.path, *ws.path.parent.glob(ws.path.name + "*"), work, *work.rglob("*")]
        wide = {str(p): oct(p.stat().st_mode & 0o777) for p in own
                if p.exists() and stat.S_IMODE(os.stat(p).st_mode) & 0o077}
        assert wide == {}
