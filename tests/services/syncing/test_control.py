"""Sync from the program's side: the settings it saves, the status it reads, a round on demand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.services.admin import audit_log
from rjdesk.services.core import settings
from rjdesk.services.core.errors import Errors, InvalidInput, NotAllowed
from rjdesk.services.people.records import create_offender
from rjdesk.services.syncing import control as sync_control
from rjdesk.services.syncing.control import NOT_CONFIGURED, SyncSettings
from rjdesk.sync import deployment, state
from rjdesk.sync.share import Share
from tests.conftest import offender_input
from tests.sync.harness import Deployment


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Deployment]:
    d = Deployment(tmp_path / "deployment", 2)
    yield d
    d.close()


def test_a_new_workstation_is_not_set_up(db, admin):
    status = sync_control.status(db)
    assert not status.configured and not status.enrolled and not status.approved
    assert status.last is None and status.last_at is None
    assert status.workstation_name == "JCCC-TEST-1" and status.site_code == "JCCC"
    assert status.open_conflicts == 0 and status.rejected == 0
    assert status.pending > 0  # setting up wrote records that no share has seen


def test_a_round_without_a_share_says_so_and_stores_nothing(db, admin):
    report = sync_control.sync_now(db)
    assert report.outcome == NOT_CONFIGURED and "Sync settings" in report.message
    assert not report.ok
    assert sync_control.status(db).last is None


@pytest.mark.parametrize("path", ["", "   ", '""'])
def test_an_empty_share_path_is_refused_at_its_field(db, admin, path):
    with pytest.raises(InvalidInput) as caught:
        sync_control.set_share_path(db, admin, path)
    assert caught.value.field == "share_path" and "central share" in caught.value.message


def test_a_local_folder_that_does_not_exist_is_refused(db, admin, tmp_path):
    missing = tmp_path / "no such folder"
    with pytest.raises(InvalidInput) as caught:
        sync_control.set_share_path(db, admin, str(missing))
    assert "does not exist" in caught.value.message and "two backslashes" in \
        caught.value.message
    assert sync_control.status(db).share_path == ""


def test_a_folder_without_a_deployment_is_refused(db, admin, tmp_path):
    with pytest.raises(InvalidInput) as caught:
        sync_control.set_share_path(db, admin, str(tmp_path))
    assert "no RJ Desk deployment" in caught.value.message


def test_an_unreachable_unc_path_is_saved_with_a_note(db, admin):
    notes = sync_control.set_share_path(db, admin, r'"\\doc-fs01-offline\rjdesk"')
    assert sync_control.status(db).share_path == r"\\doc-fs01-offline\rjdesk"  # quotes gone
    assert len(notes) == 1 and "cannot be reached now" in notes[0]
    events, _ = audit_log.list_events(db, admin, limit=5)
    assert any(e.action == "configure" and "doc-fs01-offline" in e.summary for e in events)


def test_a_deployment_folder_is_saved(db, admin, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    deployment.create(Share(share), name="Test")
    assert sync_control.set_share_path(db, admin, f"  {share}  ") == []
    assert sync_control.status(db).share_path == str(share)


def test_another_deployments_share_is_refused_once_joined(pair, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    deployment.create(Share(other), name="Another")
    ws = pair[1]
    with pytest.raises(InvalidInput) as caught:
        sync_control.set_share_path(ws.db, ws.actor, str(other))
    assert "another deployment" in caught.value.message
    assert sync_control.set_share_path(ws.db, ws.actor, str(pair.share_dir)) == []


def test_only_an_administrator_configures_sync(db, make_user, tmp_path):
    staff = make_user(Role.INSTITUTION_STAFF)
    with pytest.raises(NotAllowed):
        sync_control.set_share_path(db, staff, r"\\server\share")
    with pytest.raises(NotAllowed):
        sync_control.set_workstation(db, staff, "JCCC-2", "JCCC")
    with pytest.raises(NotAllowed):
        sync_control.save_settings(db, staff, SyncSettings(r"\\server\share", "X", "JCCC"))


def test_the_workstation_name_and_site_are_checked_and_audited(db, admin):
    with pytest.raises(Errors) as caught:
        sync_control.set_workstation(db, admin, "  ", "NOPE")
    assert set(caught.value.errors) == {"workstation_name", "site"}
    sync_control.set_workstation(db, admin, " ERDCC-ICVC-2 ", "erdcc")
    assert settings.get(db, settings.WORKSTATION_NAME) == "ERDCC-ICVC-2"
    assert sync_control.status(db).site_code == "ERDCC"
    events, _ = audit_log.list_events(db, admin, limit=5)
    assert any(e.entity == "workstation" and "ERDCC-ICVC-2" in e.summary for e in events)


def test_save_settings_reports_every_field_at_once_and_saves_nothing(db, admin):
    with pytest.raises(Errors) as caught:
        sync_control.save_settings(db, admin, SyncSettings("", "", ""))
    assert set(caught.value.errors) == {"share_path", "workstation_name", "site"}
    assert sync_control.settings_of(db) == SyncSettings("", "JCCC-TEST-1", "JCCC")
    saved = sync_control.save_settings(db, admin, SyncSettings(r"\\fs\rj", "JCCC-2", "JCCC"))
    assert saved.settings == SyncSettings(r"\\fs\rj", "JCCC-2", "JCCC") and saved.notes
    assert sync_control.settings_of(db) == saved.settings


def test_a_round_on_demand_publishes_and_the_status_tells(pair):
    ws = pair[1]
    sync_control.set_share_path(ws.db, ws.actor, str(pair.share_dir))
    create_offender(ws.db, ws.actor, offender_input("3334445", site="JCCC"))
    assert sync_control.status(ws.db).pending > 0
    report = sync_control.sync_now(ws.db)
    assert report.outcome == "synced" and report.published > 0
    status = sync_control.status(ws.db)
    assert status.configured and status.enrolled and status.approved and status.joined
    assert status.pending == 0 and status.last is not None and status.last.outcome == "synced"
    assert abs(status.last_at - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_a_round_with_the_share_gone_is_offline_and_keeps_the_changes(pair, tmp_path):
    ws = pair[1]
    gone = tmp_path / "gone"
    with ws.db.transaction() as session:  # the share was right when saved, then went away
        state.put(session.connection(), state.SHARE_PATH, str(gone))
    create_offender(ws.db, ws.actor, offender_input("3334446", site="JCCC"))
    report = sync_control.sync_now(ws.db)
    assert report.outcome == "offline"
    status = sync_control.status(ws.db)
    assert status.last.outcome == "offline" and status.pending > 0
    assert not sync_control.share_reachable(ws.db)


def test_old_refused_files_leave_the_recent_count(db, admin):
    old = (datetime.now(timezone.utc) - timedelta(days=30)).replace(tzinfo=None)
    new = datetime.now(timezone.utc).replace(tzinfo=None)
    with db.transaction() as session:
        for i, at in enumerate((old, new)):
            session.connection().exec_driver_sql(
                "INSERT INTO sync_rejected (file, origin, reason, message, size, mtime, kept_as, "
                "at) VALUES (?, NULL, 'corrupt', 'bad', 1, ?, 'x', ?)",
                (f"f{i}.rjb", float(i), at.isoformat(sep=" ")))
    status = sync_control.status(db)
    assert (status.rejected, status.rejected_recent) == (2, 1)
