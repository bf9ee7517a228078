"""Start-up outside the windows: version, a database that cannot be opened, the error window."""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtWidgets import QMessageBox

from rjdesk import app as rjapp
from rjdesk.ui.common import error_dialog


def test_version_prints_and_exits(capsys):
    assert rjapp.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("RJ Desk ")


def test_a_file_that_is_no_database_is_refused_and_left_alone(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: said.append(text))
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"this is a letter, not a database" * 100)
    before = bad.read_bytes()
    assert rjapp.main(["--db", str(bad)]) == 1
    assert len(said) == 1 and "notes.sqlite3" in said[0]
    assert bad.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_an_uncaught_exception_is_logged_and_shown_in_plain_words(qapp, tmp_path, monkeypatch,
                                                                  qtbot, caplog):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown = []
    monkeypatch.setattr(error_dialog, "show_exception",
                        lambda exc, log_file=None, parent=None: shown.append((exc, log_file)))
    reporter = error_dialog.install(tmp_path / "rjdesk.log")
    assert sys.excepthook == reporter.excepthook
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR):
            sys.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert isinstance(shown[0][0], RuntimeError) and shown[0][1] == tmp_path / "rjdesk.log"
    assert "Uncaught exception" in caplog.text and "boom" in caplog.text


def test_a_refusal_that_reaches_the_top_is_said_in_one_line_not_as_a_failure(
        qapp, tmp_path, monkeypatch, qtbot):
    """An account disabled since sign-in, or a database that takes no writes, met where no
    dialog expects it: the refusal's own sentence, not "something went wrong"."""
    from rjdesk.services.core.database import WritesRefused
    from rjdesk.services.core.errors import NotAllowed

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    failures, refusals = [], []
    monkeypatch.setattr(error_dialog, "show_exception",
                        lambda exc, log_file=None, parent=None: failures.append(exc))
    monkeypatch.setattr(error_dialog, "show_refusal",
                        lambda message, parent=None: refusals.append(message))
    reporter = error_dialog.install(tmp_path / "rjdesk.log")
    for exc in (NotAllowed("Your account was disabled; sign in again."),
                WritesRefused("demo.sqlite3 is read-only: nothing can be saved in it.")):
        reporter.excepthook(type(exc), exc, None)
    qtbot.waitUntil(lambda: len(refusals) == 2, timeout=2000)
    assert refusals == ["Your account was disabled; sign in again.",
                        "demo.sqlite3 is read-only: nothing can be saved in it."]
    assert failures == []


def test_the_error_window_keeps_the_traceback_behind_details(qtbot, tmp_path):
    try:
        {}["missing"]
    except KeyError as exc:
        dialog = error_dialog.ExceptionDialog(exc, tmp_path / "rjdesk.log")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Traceback" not in dialog.sentence.text()
    assert dialog.details.isHidden() and str(tmp_path / "rjdesk.log") in dialog.log_label.text()
    dialog.details_button.click()
    assert dialog.details.isVisible() and "KeyError: 'missing'" in dialog.details.toPlainText()


def test_demo_builds_on_first_use_and_autologin_opens_the_window(qapp, monkeypatch):
    """``RJDESK_AUTOLOGIN=central:demo rjdesk --demo`` on a new machine, end to end."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from rjdesk import paths
    from rjdesk.ui.shell.main_window import MainWindow

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setenv(rjapp.AUTOLOGIN, "central:demo")
    seen: dict[str, object] = {}

    def close_main_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["user"] = widget.actor.username
                seen["rows"] = len(widget.page().model.rows)
                widget.close()

    timer = QTimer()
    timer.timeout.connect(close_main_window)
    timer.start(50)
    QTimer.singleShot(60000, QApplication.quit)
    try:
        assert not paths.demo_database().exists()
        assert rjapp.main(["--demo"]) == 0
    finally:
        timer.stop()
    assert seen == {"user": "central", "rows": 200}  # every site, the first page of them
    log = (paths.user_log_dir() / "rjdesk.log").read_text(encoding="utf-8")
    assert "RJ Desk stopped" in log


def test_autologin_is_ignored_outside_the_demo(db, admin, monkeypatch):
    monkeypatch.setenv(rjapp.AUTOLOGIN, "admin:correct horse")
    assert rjapp.autologin(db, demo=False) is None
    assert rjapp.autologin(db, demo=True).username == "admin"
