"""The Sync page over a real two-workstation deployment, and the Sync settings dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from rjdesk.domain.core.enums import Role
from rjdesk.services.people.records import create_offender, get_offender, update_offender
from rjdesk.services.syncing import control as sync_control
from rjdesk.services.syncing import review as sync_review
from rjdesk.services.syncing.control import SyncSettings
from rjdesk.ui.shell.main_window import MainWindow
from rjdesk.ui.syncing.controller import SyncController
from rjdesk.ui.syncing.settings_dialog import SyncSettingsDialog
from rjdesk.ui.syncing.view import SyncPage
from tests.conftest import offender_input
from tests.sync.harness import Deployment
from tests.ui.keys import when_modal


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Deployment]:
    d = Deployment(tmp_path / "deployment", 2)
    yield d
    d.close()


def make_page(qtbot, db, actor) -> SyncPage:
    host = QWidget()
    qtbot.addWidget(host)
    controller = SyncController(db, host, auto=False)
    page = SyncPage(db, actor, controller, parent=host)
    host.show()
    return page


def click_yes(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Yes).click()


def test_a_conflict_comes_in_with_sync_now_and_keep_other_settles_it(qtbot, pair):
    here, there = pair[0], pair[1]
    made = create_offender(here.db, here.actor, offender_input("7654321", site="JCCC"))
    pair.sync_all()
    update_offender(here.db, here.actor, made.id,
                    offender_input("7654321", site="JCCC", housing_unit="B-12"))
    update_offender(there.db, there.actor, made.id,
                    offender_input("7654321", site="JCCC", housing_unit="C-3"))
    pair.sync(1)  # the other workstation's edit is on the share; this one has not pulled it
    sync_control.set_share_path(here.db, here.actor, str(pair.share_dir))

    page = make_page(qtbot, here.db, here.actor)
    assert page.conflicts.rowCount() == 0
    assert page.conflict_count.text() == "None to review"
    assert page.sync_button.isEnabled()
    with qtbot.waitSignal(page.controller.round_finished, timeout=10_000):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.controller.running, timeout=5000)
    assert page.state_label.text().startswith("Synced")
    assert "1 conflict" in page.state_label.text()

    assert page.conflicts.rowCount() == 1
    (row,) = page.conflicts.rows
    assert {row.current, row.other} == {"B-12", "C-3"}
    model = page.conflicts
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    assert shown[0] == "Offender: housing unit" and "7654321" in shown[1]
    assert shown[2:4] == [row.current, row.other] and shown[4] == row.loser_from
    assert page.conflict_count.text() == "1 conflict to review"
    assert not page.keep_other_button.isEnabled()  # nothing chosen yet

    page.conflict_table.setFocus()
    page.conflict_table.selectRow(0)
    assert page.keep_other_button.isEnabled() and page.keep_current_button.isEnabled()
    asked = when_modal(QMessageBox, click_yes)
    page.keep_other_button.click()
    assert asked and row.other in asked[0].text()
    assert get_offender(here.db, here.actor, made.id).housing_unit == row.other
    assert page.conflicts.rowCount() == 0
    assert page.conflict_message.kind == "ok" and row.other in page.conflict_message.text()
    assert sync_control.status(here.db).open_conflicts == 0

    page.show_settled.setChecked(True)
    assert page.conflicts.rowCount() == 1
    assert page.conflicts.index(0, 6).data() == "Settled"
    assert not page.conflict_table.isColumnHidden(6)
    page.conflict_table.selectRow(0)
    assert not page.keep_current_button.isEnabled()  # settled: nothing more to decide


def test_a_conflict_settled_meanwhile_is_refused_on_the_page(qtbot, pair):
    here, there = pair[0], pair[1]
    made = create_offender(here.db, here.actor, offender_input("7654322", site="JCCC"))
    pair.sync_all()
    update_offender(here.db, here.actor, made.id,
                    offender_input("7654322", site="JCCC", housing_unit="A-1"))
    update_offender(there.db, there.actor, made.id,
                    offender_input("7654322", site="JCCC", housing_unit="A-2"))
    pair.sync_all()
    page = make_page(qtbot, here.db, here.actor)
    assert page.conflicts.rowCount() == 1
    page.conflict_table.selectRow(0)
    sync_review.resolve(here.db, here.actor, page.conflicts.rows[0].id, "current")  # elsewhere
    page.keep_current_button.click()
    assert page.conflict_message.kind == "error"
    assert "settled this conflict already" in page.conflict_message.text()
    assert page.conflicts.rowCount() == 0


def test_staff_review_conflicts_but_see_no_settings(qtbot, db, make_user):
    staff = make_user(Role.INSTITUTION_STAFF)
    page = make_page(qtbot, db, staff)
    assert page.settings_button.isHidden()
    assert not page.conflict_table.isHidden()
    assert not page.sync_button.isEnabled() and "not set up" in page.sync_button.toolTip()
    assert "Central share: not set" in page.details.text()


def test_the_administrator_opens_the_settings(qtbot, db, admin):
    page = make_page(qtbot, db, admin)
    assert not page.settings_button.isHidden()
    when_modal(SyncSettingsDialog, lambda d: d.reject())
    page.settings_button.click()
    assert isinstance(page.settings_dialog, SyncSettingsDialog)


def test_settings_refuse_an_empty_share_path_at_the_field(qtbot, db, admin):
    dialog = SyncSettingsDialog(db, admin, sync_control.settings_of(db))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.workstation_name.text() == "JCCC-TEST-1"
    assert dialog.site_code() == "JCCC"
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=5000)
    error = dialog.form.findChild(QWidget, "share_path_error")
    assert error.isVisible() and "central share" in error.text()
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.errors.shown.keys() == {"share_path"}


def test_ctrl_s_saves_the_settings_as_in_every_dialog(qtbot, db, admin):
    dialog = SyncSettingsDialog(db, admin, sync_control.settings_of(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.share_path.setText(r"\\doc-fs01-offline\rjdesk")
    qtbot.keyClick(dialog.workstation_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert sync_control.settings_of(db).share_path == r"\\doc-fs01-offline\rjdesk"


def test_settings_save_an_offline_unc_share_with_a_note(qtbot, db, admin):
    dialog = SyncSettingsDialog(db, admin, sync_control.settings_of(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.share_path.setText(r"\\doc-fs01-offline\rjdesk")
    dialog.workstation_name.setText("JCCC-ICVC-2")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert dialog.saved is not None and "cannot be reached" in dialog.saved.notes[0]
    assert sync_control.settings_of(db) == SyncSettings(r"\\doc-fs01-offline\rjdesk",
                                                        "JCCC-ICVC-2", "JCCC")


def test_the_main_window_shows_sync_in_the_status_bar(qtbot, db, admin, make_user):
    window = MainWindow(db, admin, idle_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    assert window.sync_indicator.text() == "Sync: not set up"
    assert "not set up" in window.sync_action.toolTip()
    said: list[str] = []
    when_modal(QMessageBox, lambda box: (said.append(box.text()), box.done(0)))
    assert window.sync_action.shortcut().toString() == "F9"
    window.sync_action.trigger()  # F9 says why it cannot sync, not nothing
    assert said and "not set up" in said[0] and "Sync page" in said[0]
    qtbot.mouseClick(window.sync_indicator, Qt.MouseButton.LeftButton)
    assert isinstance(window.page(), SyncPage)
    window.set_actor(make_user(Role.VICTIM_SERVICES))  # no Sync page: the indicator only tells
    assert "Sync" not in window.page_titles()
    qtbot.mouseClick(window.sync_indicator, Qt.MouseButton.LeftButton)
    assert not isinstance(window.page(), SyncPage)


def test_a_workstation_waiting_for_approval_shows_its_fingerprint(qtbot, db, admin,
                                                                  tmp_path: Path) -> None:
    from rjdesk.services.core.database import open_database
    from rjdesk.services.syncing import enrollment

    share, key = tmp_path / "share", tmp_path / "admin.rjkey"
    share.mkdir()
    enrollment.create_deployment(share, key, "Test deployment")
    joiner = open_database(tmp_path / "joiner.sqlite3")
    try:
        asked = enrollment.request(joiner, share, name="JCCC 2", site="JCCC")
        page = make_page(qtbot, joiner, admin)
        assert f"compares its fingerprint: {asked.fingerprint}." in page.details.text()
    finally:
        joiner.close()
