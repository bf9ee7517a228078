"""Signing in: messages at their field, lockout, and the way into the main window."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from rjdesk import app as rjapp
from rjdesk.services.admin import auth
from rjdesk.services.core.database import open_database
from rjdesk.ui.common.forms import INVALID_STYLE
from rjdesk.ui.shell.first_run import FirstRunDialog
from rjdesk.ui.shell.main_window import MainWindow
from rjdesk.ui.shell.signin import SignInDialog
from tests.conftest import PASSWORD
from tests.ui.shell.pages import REPARATIVE


def sign_in(qtbot, db, username: str, password: str) -> SignInDialog:
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.accept()
    return dialog


def test_a_wrong_password_is_said_at_the_password_field(qtbot, db, admin):
    dialog = sign_in(qtbot, db, "admin", "not the password")
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.actor is None
    assert dialog.errors.shown == {"password": "The user name or password is wrong."}
    error = dialog.form.findChild(type(dialog.message), "password_error")
    assert error.isVisible() and error.text() == "The user name or password is wrong."
    assert dialog.password.styleSheet() == INVALID_STYLE
    assert dialog.username.styleSheet() == ""
    assert dialog.isVisible()


def test_a_locked_account_says_for_how_many_minutes(qtbot, db, admin):
    for _ in range(5):
        sign_in(qtbot, db, "admin", "wrong").close()
    dialog = sign_in(qtbot, db, "admin", PASSWORD)  # even the right password waits now
    assert dialog.actor is None
    message = dialog.errors.shown["username"]
    assert "locked" in message and "15 minutes" in message
    assert dialog.form.findChild(type(dialog.message), "username_error").isVisible()


def test_the_demo_hint_lists_the_demo_accounts_only_on_a_demo_database(qtbot, db, admin):
    plain = SignInDialog(db)
    qtbot.addWidget(plain)
    assert plain.demo_hint.isHidden()
    demo = SignInDialog(db, demo=True)
    qtbot.addWidget(demo)
    assert "coordinator" in demo.demo_hint.text() and not demo.demo_hint.isHidden()
    assert "JCCC" in demo.where.text() and db.path.name in demo.where.text()


def test_the_workstation_is_said_in_words_and_the_file_by_its_name(qtbot, tmp_path):
    """The folder of the database is long and means nothing to staff: it spilled out of the
    window at 1024×768. The site and workstation in words, the file's name; the whole path in
    the tooltip and selectable in Help → About."""
    folder = tmp_path / "Users" / "dana.whitfield.jccc" / "AppData" / "Local" / "MissouriDOC"
    folder.mkdir(parents=True)
    db = open_database(folder / "rjdesk.sqlite3")
    try:
        dialog = SignInDialog(db)
        qtbot.addWidget(dialog)
        assert dialog.where.text() == "Site not set up\nDatabase rjdesk.sqlite3"
        auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-FRONT-DESK-2",
                               admin_username="admin", admin_name="Ada Admin",
                               admin_password=PASSWORD)
        dialog = SignInDialog(db)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        where = dialog.where
        assert where.text() == ("JCCC — Jefferson City Correctional Center\n"
                                "Workstation JCCC-FRONT-DESK-2 · database rjdesk.sqlite3")
        assert str(folder) not in where.text()
        assert where.toolTip() == f"Database file: {db.path}"
        assert where.minimumSizeHint().width() <= where.width() <= dialog.width() <= 1024
        assert where.height() >= where.heightForWidth(where.width())  # every line shown
        assert dialog.height() <= 768
    finally:
        db.close()


def test_signing_in_opens_the_main_window(qapp, db, admin, monkeypatch):
    """The whole start-up, as ``rjdesk --db PATH`` runs it."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    seen: dict[str, object] = {}

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, SignInDialog) and modal.isVisible() and "signin" not in seen:
            seen["signin"] = True
            modal.username.setText("admin")
            modal.password.setText(PASSWORD)
            modal.accept()
            return
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if windows:
            seen["title"] = windows[0].windowTitle()
            seen["pages"] = windows[0].page_titles()
            windows[0].close()

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(30)
    QTimer.singleShot(15000, QApplication.quit)  # never hang the suite
    try:
        assert rjapp.main(["--db", str(db.path)]) == 0
    finally:
        timer.stop()
    assert seen.get("signin") is True
    assert seen["title"] == "JCCC — Ada Admin — RJ Desk"  # the program named once, last
    assert seen["pages"] == ["People", "Volunteers", "ICVC classes", "Reentry list",
                             *REPARATIVE, "Staff accounts", "Audit log", "Sync"]


def test_the_first_run_creates_the_administrator(qtbot, db):
    assert auth.needs_first_run(db)
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.site.setEditText("jccc")
    dialog.workstation_name.setText("JCCC-ICVC-1")
    dialog.username.setText("mbell")
    dialog.display_name.setText("Marcus Bell")
    dialog.password.setText("long enough 1")
    dialog.password_again.setText("long enough 2")
    dialog.accept()
    assert dialog.errors.shown == {"password_again": "The two passwords are not the same."}
    assert auth.needs_first_run(db)
    dialog.password.setText("short")
    dialog.password_again.setText("short")
    dialog.accept()
    assert set(dialog.errors.shown) == {"password"} and auth.needs_first_run(db)
    dialog.password.setText("long enough 1")
    dialog.password_again.setText("long enough 1")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "mbell"
    assert dialog.actor.site_code == "JCCC"
    assert not auth.needs_first_run(db)
    assert auth.sign_in(db, "mbell", "long enough 1").display_name == "Marcus Bell"


def test_the_first_run_wants_a_site(qtbot, db):
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert "site" in dialog.errors.shown and auth.needs_first_run(db)
