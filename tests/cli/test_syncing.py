"""rjdesk-cli's sync commands, as an administrator and a scheduled task use them: create a
deployment, found it, enroll and approve workstations, sync, review conflicts."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.services.admin import auth
from rjdesk.services.people.records import create_offender, update_offender
from rjdesk.store.migrate import open_database
from tests.conftest import PASSWORD, offender_input


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def setup(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    """A founding workstation with one staff account and two approved joiners, all synced."""
    share, key = tmp_path / "share", tmp_path / "admin.rjkey"
    share.mkdir()
    central = tmp_path / "central.sqlite3"
    monkeypatch.setenv("RJDESK_PASSWORD", PASSWORD)
    assert run(capsys, "init", "--db", central, "--site", "CO")[0] == 0
    assert run(capsys, "deployment", "create", "--share", share, "--admin-key", key)[0] == 0
    code, out, _ = run(capsys, "enroll", "found", "--db", central, "--share", share,
                       "--admin-key", key, "--site", "CO", "--name", "Central 1")
    assert code == 0 and "founded the deployment" in out
    code, out, _ = run(capsys, "sync", "--db", central)  # the share is remembered
    assert code == 0 and "snapshot:" in out
    joiners = [tmp_path / "jccc.sqlite3", tmp_path / "pp.sqlite3"]
    for path, site in zip(joiners, ("JCCC", "PP-EP")):
        code, out, _ = run(capsys, "enroll", "request", "--db", path, "--share", share,
                           "--site", site, "--name", f"{site} 1")
        assert code == 0 and "asked to join" in out
    code, out, _ = run(capsys, "enroll", "list", "--share", share)
    assert len(out.splitlines()) == 2
    code, out, _ = run(capsys, "enroll", "approve", "--share", share, "--admin-key", key,
                       "JCCC 1", "PP-EP 1")
    assert code == 0 and out.count("approved") == 2
    for path in joiners:
        code, out, _ = run(capsys, "sync", "--db", path)
        assert code == 0 and "joined from" in out
    return share, key, [central, *joiners]


def _digest(capsys: pytest.CaptureFixture, path: Path) -> str:
    code, out, _ = run(capsys, "check", "--db", path)
    assert code == 0
    return out.splitlines()[-1]


def test_three_workstations_converge_and_show_one_conflict(capsys, setup) -> None:
    _, _, paths = setup
    dbs = [open_database(p) for p in paths]
    try:
        actors = [auth.sign_in(db, "admin", PASSWORD) for db in dbs]
        made = create_offender(dbs[1], actors[1], offender_input("1212121", site="JCCC"))
        for path in paths:
            run(capsys, "sync", "--db", path)
        run(capsys, "sync", "--db", paths[1])
        run(capsys, "sync", "--db", paths[2])
        for db, actor, unit in ((dbs[1], actors[1], "2-A"), (dbs[2], actors[2], "Intake")):
            update_offender(db, actor, made.id, offender_input("1212121", site="JCCC",
                                                               housing_unit=unit))
    finally:
        for db in dbs:
            db.close()
    for _ in range(2):
        for path in paths:
            code, out, _ = run(capsys, "sync", "--db", path)
            assert code == 0, out
    assert len({_digest(capsys, p) for p in paths}) == 1
    code, out, _ = run(capsys, "conflicts", "list", "--db", paths[0], "--user", "admin")
    (line,) = out.splitlines()
    assert "housing unit" in line and "Nguyễn, Văn An (1212121)" in line
    conflict = line.split("\t")[0]
    code, out, _ = run(capsys, "conflicts", "keep-other", conflict, "--db", paths[0],
                       "--user", "admin")
    assert code == 0 and "settled" in out
    code, _, err = run(capsys, "conflicts", "keep-current", conflict, "--db", paths[0],
                       "--user", "admin")
    assert code == 2 and "settled this conflict already" in err


def test_a_refused_bundle_fails_the_scheduled_task(capsys, setup) -> None:
    share, _, paths = setup
    db = open_database(paths[1])
    try:
        create_offender(db, auth.sign_in(db, "admin", PASSWORD),
                        offender_input("3434343", site="JCCC"))
    finally:
        db.close()
    run(capsys, "sync", "--db", paths[1])
    newest = max((share / "bundles").rglob("*.rjb"), key=lambda p: p.stat().st_mtime)
    newest.write_bytes(newest.read_bytes()[:150])
    code, out, _ = run(capsys, "sync", "--db", paths[2])
    assert code == 1
    assert f"rejected: {newest.name}" in out and "cut short" in out


def test_offline_share_exits_1_with_a_sentence(capsys, setup) -> None:
    share, _, paths = setup
    shutil.move(share, share.with_name("away"))
    code, out, _ = run(capsys, "sync", "--db", paths[0])
    assert code == 1 and out.startswith("sync: offline — ") and "Traceback" not in out


def test_a_database_with_records_cannot_join(capsys, setup, tmp_path: Path) -> None:
    share, _, _ = setup
    lone = tmp_path / "lone.sqlite3"
    run(capsys, "init", "--db", lone, "--site", "JCCC")
    code, _, err = run(capsys, "enroll", "request", "--db", lone, "--share", share,
                       "--site", "JCCC", "--name", "Lone")
    assert code == 2 and "already holds records" in err


def test_refusals_say_what_to_do(capsys, setup, tmp_path: Path) -> None:
    share, key, _ = setup
    code, _, err = run(capsys, "deployment", "create", "--share", share, "--admin-key", key)
    assert code == 2 and "never overwritten" in err
    code, _, err = run(capsys, "deployment", "create", "--share", share, "--admin-key",
                       tmp_path / "other.rjkey")
    assert code == 1 and "already holds a deployment" in err
    assert not (tmp_path / "other.rjkey").exists()  # no key of a deployment never made
    code, _, err = run(capsys, "deployment", "create", "--share", tmp_path / "nowhere",
                       "--admin-key", tmp_path / "n.rjkey")
    assert code == 2 and "no folder" in err and "make the shared folder" in err
    assert not (tmp_path / "n.rjkey").exists()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    code, _, err = run(capsys, "deployment", "create", "--share", fresh,
                       "--admin-key", tmp_path / "k" / "admin.rjkey")
    assert code == 1 and list(fresh.iterdir()) == []  # the key could not be kept: no deployment
    code, _, err = run(capsys, "enroll", "request", "--db", tmp_path / "n.sqlite3", "--share",
                       share, "--site", "JCCC", "--name", "  ")
    assert code == 2 and "--name" in err
    code, _, err = run(capsys, "enroll", "request", "--db", tmp_path / "n.sqlite3", "--share",
                       share, "--site", "NOPE", "--name", "x")
    assert code == 2 and "no site NOPE" in err
    code, _, err = run(capsys, "sync", "--db", tmp_path / "missing.sqlite3", "--share", share)
    assert code == 1 and "no RJ Desk database" in err
    code, out, err = run(capsys, "enroll", "approve", "--share", share, "--admin-key", key)
    assert code == 2 and "required: WS" in err and out == ""


def test_the_administrator_key_file_is_private(capsys, setup) -> None:
    _, key, _ = setup
    assert key.stat().st_mode & 0o077 == 0
    assert b"signing_key" in key.read_bytes()
    con = sqlite3.connect(setup[2][1])
    try:  # a joined workstation holds its own keys, never the administrator's
        keys = {r[0] for r in con.execute("SELECT key FROM sync_state")}
    finally:
        con.close()
    assert not {"signing_key", "sealing_key", "deployment_key"} & keys  # in its key store
    held = Path(f"{setup[2][1]}.keys")
    assert held.stat().st_mode & 0o077 == 0
    assert {"signing_key", "sealing_key", "deployment_key"} <= set(
        json.loads(held.read_text())["keys"])
    assert not any("admin" in k and "key" in k and k not in ("deployment", "key_store")
                   for k in keys)


def test_joining_waits_until_the_program_is_closed(capsys, setup, tmp_path: Path) -> None:
    import os

    share, key, _ = setup
    late = tmp_path / "late.sqlite3"
    run(capsys, "enroll", "request", "--db", late, "--share", share, "--site", "ERDCC",
        "--name", "ERDCC 1")
    run(capsys, "enroll", "approve", "--share", share, "--admin-key", key, "ERDCC 1")
    lock = late.with_name(late.name + ".lock")
    lock.write_text(f"{os.getppid()}\nrjdesk\nhost\n")  # a running program holds it
    code, out, _ = run(capsys, "sync", "--db", late)
    assert code == 1 and "RJ Desk is open on this database" in out
    lock.unlink()
    code, out, _ = run(capsys, "sync", "--db", late)
    assert code == 0 and "joined from" in out


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_the_fingerprint_is_shown_where_it_is_compared(capsys, setup, tmp_path: Path) -> None:
    share, key, _ = setup
    late = tmp_path / "late.sqlite3"
    code, out, _ = run(capsys, "enroll", "request", "--db", late, "--share", share, "--site",
                       "ERDCC", "--name", "ERDCC 1")
    told = out.split("tell IT this fingerprint: ")[1].split()[0]
    assert code == 0 and len(told) == 24 and told.count("-") == 4
    code, out, _ = run(capsys, "enroll", "list", "--share", share)
    assert out.splitlines() == [out.splitlines()[0]] and out.rstrip().endswith(told)
    code, out, _ = run(capsys, "check", "--db", late)
    assert f"sync fingerprint: {told}" in out
    code, out, _ = run(capsys, "enroll", "approve", "--share", share, "--admin-key", key,
                       "ERDCC 1")
    assert code == 0 and out.startswith("approved ") and told in out
    code, out, _ = run(capsys, "enroll", "members", "--share", share)
    assert len(out.splitlines()) == 4 and told in out


def test_a_request_under_an_enrolled_name_needs_a_second_look(capsys, setup,
                                                               tmp_path: Path) -> None:
    """Anyone who can write to the share can ask to join as "Central 1" for site CO."""
    share, key, _ = setup
    rogue = tmp_path / "rogue.sqlite3"
    code, out, _ = run(capsys, "enroll", "request", "--db", rogue, "--share", share, "--site",
                       "CO", "--name", "Central 1")
    assert code == 0
    code, out, _ = run(capsys, "enroll", "list", "--share", share)
    assert "warning: a workstation named Central 1 (CO) is already enrolled" in out
    before = _files(share)
    code, out, err = run(capsys, "enroll", "approve", "--share", share, "--admin-key", key,
                         "Central 1")
    assert code == 2 and "--even-if-duplicate" in err and "already enrolled" in err
    assert out == "" and _files(share) == before


def test_a_wrong_administrator_key_exits_2_and_writes_nothing(capsys, setup,
                                                               tmp_path: Path) -> None:
    share, _, _ = setup
    run(capsys, "enroll", "request", "--db", tmp_path / "late.sqlite3", "--share", share,
        "--site", "ERDCC", "--name", "ERDCC 1")
    other, other_key, junk = tmp_path / "other", tmp_path / "other.rjkey", tmp_path / "a.txt"
    other.mkdir()
    run(capsys, "deployment", "create", "--share", other, "--admin-key", other_key)
    junk.write_text("hello")
    before = _files(share)
    for wrong, says in ((junk, "a.txt is not an RJ Desk administrator key file"),
                        (other_key, "belongs to another deployment")):
        for action in ("approve", "revoke"):
            code, out, err = run(capsys, "enroll", action, "ERDCC 1", "--share", share,
                                 "--admin-key", wrong)
            assert code == 2 and says in err and len(err.splitlines()) == 1 and out == ""
    assert _files(share) == before


def test_a_failed_request_leaves_no_database_behind(capsys, tmp_path: Path) -> None:
    target = tmp_path / "new" / "ws.sqlite3"
    code, _, err = run(capsys, "enroll", "request", "--db", target, "--share",
                       tmp_path / "nowhere", "--site", "JCCC", "--name", "JCCC 1")
    assert code == 1 and "no RJ Desk deployment" in err
    assert not target.parent.exists()


def test_a_revoked_workstation_is_told_and_the_others_go_on(capsys, setup) -> None:
    share, key, paths = setup
    code, out, _ = run(capsys, "enroll", "revoke", "PP-EP 1", "--share", share,
                       "--admin-key", key)
    assert code == 0 and "revoked" in out and "generation 2" in out
    code, out, _ = run(capsys, "enroll", "members", "--share", share)
    assert "PP-EP 1" not in out and len(out.splitlines()) == 2
    code, out, _ = run(capsys, "sync", "--db", paths[2])
    assert code == 1 and "revoked" in out
    for path in (paths[0], paths[1], paths[0], paths[1]):
        code, out, _ = run(capsys, "sync", "--db", path)
        assert code == 0, out
    assert _digest(capsys, paths[0]) == _digest(capsys, paths[1])


def test_the_sync_work_folder_is_owner_only(setup) -> None:
    from rjdesk import paths

    for database in setup[2]:
        work = paths.sync_work_dir(database)
        found = [work, *work.rglob("*")]
        assert len(found) > 1  # bundles kept, copies fetched
        assert {oct(p.stat().st_mode & 0o777) for p in found if p.is_dir()} == {"0o700"}
        assert {oct(p.stat().st_mode & 0o777) for p in found if p.is_file()} <= {"0o600"}
