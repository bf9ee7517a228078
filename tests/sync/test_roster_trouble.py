"""A newest roster that is damaged, gone, or too large is reported, and the round is not ok; the
newest good roster stands meanwhile for the workstations it names. A bundle refused because its
signer was unknown then is applied once the roster is back. A bad request to join is listed as
bad, and listing and approving go on."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.services.people.records import create_offender, find_by_doc_number
from rjdesk.services.syncing import enrollment
from rjdesk.services.syncing import review as sync_review
from rjdesk.store.migrate import open_database
from tests.conftest import offender_input
from tests.sync.harness import Deployment

DOC = "7778889"


def newest_roster(d: Deployment) -> Path:
    return d.share.list_rosters()[-1][1]


def pp_office_adds_someone(d: Deployment) -> str:
    """Workstation 2 (a P&P office, approved in the newest roster) publishes a new person."""
    create_offender(d[2].db, d[2].actor, offender_input(DOC, site="PP-EP"))
    report = d.sync(2)
    assert report.published > 0
    return report.lines()[0]


def central_has_it(d: Deployment) -> bool:
    return find_by_doc_number(d[0].db, d[0].actor, DOC) is not None


@pytest.mark.parametrize("trouble", ["edited", "moved away", "too large"])
def test_a_bad_newest_roster_is_reported_and_a_refusal_it_caused_passes_once_it_is_back(
        deployment3: Deployment, tmp_path: Path, trouble: str) -> None:
    d = deployment3
    roster = newest_roster(d)
    good = roster.read_bytes()
    assert b"PP-EP" in good and len(d.share.list_rosters()) >= 3  # names the P&P office
    pp_office_adds_someone(d)
    if trouble == "edited":
        roster.write_bytes(good.replace(b"PP-EP", b"PP-XX"))
    elif trouble == "moved away":
        roster.rename(tmp_path / "kept safe.json")
    else:
        roster.write_bytes(good + b" " * (2 << 20))

    report = d.sync(0)
    assert not report.ok and report.problems
    (problem,) = report.problems
    assert roster.name in problem or "missing" in problem
    assert "stands for the workstations it names" in problem
    assert "1 problem(s)" in report.lines()[0] and f"problem: {problem}" in report.lines()
    assert not central_has_it(d)
    (refused,) = report.rejected  # its signer is not in the stand-in roster
    (row,) = sync_review.list_rejected(d[0].db)
    assert row.file == refused and row.reason == "from a workstation that is not enrolled"
    assert d.sync(0).problems == [problem]  # said again each round until it is mended

    if trouble == "moved away":
        (tmp_path / "kept safe.json").rename(roster)
    else:
        roster.write_bytes(good)
    report = d.sync(0)
    assert report.ok and report.problems == [] and report.rejected == []
    assert central_has_it(d) and sync_review.list_rejected(d[0].db) == []
    d.sync_all()
    assert len(d.digests()) == 1


def test_a_refusal_that_cannot_pass_stays(deployment3: Deployment) -> None:
    d = deployment3
    pp_office_adds_someone(d)
    (bundle,) = [b.path for b in d.share.list_bundles()
                 if b.ws == d[2].me() and b.last == max(x.last for x in d.share.list_bundles()
                                                       if x.ws == d[2].me())]
    raw = bytearray(bundle.read_bytes())
    raw[-40] ^= 0x04
    bundle.write_bytes(bytes(raw))
    assert bundle.name in d.sync(0).rejected
    assert bundle.name in d.sync(0).rejected
    (row,) = sync_review.list_rejected(d[0].db)
    assert row.reason == "damaged"


def test_a_bad_request_is_listed_as_bad_and_listing_and_approving_go_on(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder, key = tmp_path / "share", tmp_path / "admin.rjkey"
    folder.mkdir()
    enrollment.create_deployment(folder, key, "Test deployment")
    joiner = open_database(tmp_path / "joiner.sqlite3")
    try:
        asked = enrollment.request(joiner, folder, name="PP 1", site="PP-27")
    finally:
        joiner.close()
    huge = folder / "requests" / "0badc0de-0000-4000-8000-000000000001.json"
    huge.write_bytes(b"{" + b" " * (2 << 20) + b"}")
    damaged = folder / "requests" / "0badc0de-0000-4000-8000-000000000002.json"
    damaged.write_bytes(b'{"workstation": ')

    assert [r.workstation for r in enrollment.pending(folder)] == [asked.workstation]
    bad = enrollment.unreadable_requests(folder)
    assert [line.split()[0] for line in bad] == [huge.name, damaged.name]
    assert "cannot be read" in bad[0] and "is damaged" in bad[1]

    assert main(["enroll", "list", "--share", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.split("\t")[0] == asked.workstation
    assert f"bad request: {huge.name} cannot be read" in err and "Traceback" not in err
    assert main(["enroll", "approve", asked.workstation, "--share", str(folder),
                 "--admin-key", str(key)]) == 0
    assert f"approved {asked.workstation}" in capsys.readouterr().out


def test_no_roster_is_written_over_a_damaged_newest_one(tmp_path: Path) -> None:
    """Approving from an older roster would drop the workstations the newest one approved."""
    folder, key = tmp_path / "share", tmp_path / "admin.rjkey"
    folder.mkdir()
    enrollment.create_deployment(folder, key, "Test deployment")
    asked = []
    for n, site in enumerate(("PP-27", "JCCC")):
        joiner = open_database(tmp_path / f"joiner{n}.sqlite3")
        try:
            asked.append(enrollment.request(joiner, folder, name=f"WS {n}", site=site))
        finally:
            joiner.close()
    enrollment.approve(folder, key, [asked[0].workstation])
    newest = sorted((folder / "roster").iterdir())[-1]
    newest.write_bytes(newest.read_bytes().replace(b"WS 0", b"WS 9"))
    before = {p.name: p.read_bytes() for p in (folder / "roster").iterdir()}

    with pytest.raises(enrollment.EnrollmentFailed, match="Nothing approved or revoked"):
        enrollment.approve(folder, key, [asked[1].workstation])
    with pytest.raises(enrollment.EnrollmentFailed, match="Nothing approved or revoked"):
        enrollment.revoke(folder, key, asked[0].workstation)
    assert {p.name: p.read_bytes() for p in (folder / "roster").iterdir()} == before
