"""Starting the program on a workstation: the first start sets it up, the next ones sign in;
a second copy on the same database, or a database from a newer RJ Desk, is refused with a
message that says what to do, and the file is left as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from rjdesk import app as rjapp
from rjdesk import paths
from rjdesk.cli import main as cli
from rjdesk.services.admin import auth
from rjdesk.store.migrate import open_database
from rjdesk.ui.shell.first_run import FirstRunDialog
from rjdesk.ui.shell.main_window import MainWindow
from rjdesk.ui.shell.signin import SignInDialog
from tests.ui.keys import when_modal

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What the message boxes said (they would wait for a click)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text: shown.append(text))
    return shown


def workstation(path: Path) -> Path:
    db = open_database(path)
    auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-T-1",
                           admin_username="admin", admin_name="Ada Admin",
                           admin_password="correct horse")
    db.close()
    return path


def close_main_window_when_shown(seen: dict) -> QTimer:
    def close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["window"] = widget.windowTitle()
                widget.close()

    timer = QTimer()
    timer.timeout.connect(close)
    timer.start(50)
    return timer


def test_the_first_start_sets_up_the_workstation_and_the_next_signs_in(qapp, monkeypatch):
    """On a new workstation: no file yet, the first-run window, then the sign-in window."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    assert not paths.default_database().exists()

    seen: dict = {}

    def set_up(dialog: FirstRunDialog) -> None:
        dialog.site.setCurrentIndex(dialog.site.findData("JCCC"))
        seen["suggested"] = dialog.workstation_name.text()
        dialog.username.setText("mbell")
        dialog.display_name.setText("Marcus Bell")
        dialog.password.setText("long enough 1")
        dialog.password_again.setText("long enough 1")
        dialog.accept()
        if dialog.isVisible():  # refused: end the test instead of waiting forever
            seen["refused"] = dialog.errors.shown
            dialog.done(0)

    first = when_modal(FirstRunDialog, set_up)
    timer = close_main_window_when_shown(seen)
    try:
        assert rjapp.main([]) == 0
    finally:
        timer.stop()
    assert first and "refused" not in seen, seen
    assert seen["suggested"] == "JCCC-1"  # the workstation's name, suggested from the site
    assert seen["window"] == "JCCC — Marcus Bell — RJ Desk"
    assert paths.default_database().exists()
    assert not rjapp.lock_file_of(paths.default_database()).exists()

    second = when_modal(SignInDialog, lambda dialog: dialog.buttons.rejected.emit())
    assert rjapp.main([]) == 0  # Quit at the sign-in window
    assert second and "JCCC-1" in second[0].where.text()


def test_a_second_copy_on_the_same_database_is_refused(qapp, tmp_path, said, capsys):
    path = tmp_path / "ws" / "rjdesk.sqlite3"
    first = rjapp.lock_database(path)  # the copy already running
    try:
        assert rjapp.main(["--db", str(path)]) == rjapp.ALREADY_OPEN
    finally:
        first.unlock()
    assert len(said) == 1
    assert said[0].startswith(f"RJ Desk is already open on this database ({path}, process "
                              f"{os.getpid()} on ")
    assert said[0].endswith("Switch to that window, or close it first.")
    assert said[0] in capsys.readouterr().err
    assert not path.exists()  # refused before anything touched the database
    log = (paths.user_log_dir() / "rjdesk.log").read_text(encoding="utf-8")
    assert "Not started: RJ Desk is already open" in log


def test_another_path_to_the_same_file_is_the_same_lock(qapp, tmp_path, said):
    (tmp_path / "ws").mkdir()
    path = tmp_path / "ws" / "rjdesk.sqlite3"
    first = rjapp.lock_database(path)
    try:
        assert rjapp.main(["--db", str(tmp_path / "ws" / ".." / "ws" / "rjdesk.sqlite3")]) == 2
    finally:
        first.unlock()


SECOND_COPY = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.warning = lambda *args: print("box:", args[2], file=sys.stderr)
    from rjdesk.app import main
    sys.exit(main(sys.argv[1:]))
""")


def test_a_second_process_is_refused_with_exit_code_2(tmp_path):
    """Two processes, as at a desk: this one holds the database, the other is started on it."""
    path = workstation(tmp_path / "rjdesk.sqlite3")
    before = path.read_bytes()
    lock = rjapp.lock_database(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RJDESK_HOME": str(tmp_path / "home")}
    try:
        result = subprocess.run([sys.executable, "-c", SECOND_COPY, "--db", str(path)],
                                capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    finally:
        lock.unlock()
    assert result.returncode == 2, result.stderr
    assert f"RJ Desk is already open on this database ({path}, process {os.getpid()}" in \
        result.stderr
    assert "box: RJ Desk is already open" in result.stderr
    assert path.read_bytes() == before


def test_the_lock_of_a_copy_that_crashed_is_taken_over(tmp_path):
    path = tmp_path / "rjdesk.sqlite3"
    crashed = textwrap.dedent(f"""
        import os
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(rjapp.lock_file_of(path))!r})
        assert lock.tryLock(0)
        os._exit(9)  # gone without unlocking, as a crash or a power cut leaves it
    """)
    assert subprocess.run([sys.executable, "-c", crashed], timeout=60, cwd=ROOT).returncode == 9
    assert rjapp.lock_file_of(path).exists()
    lock = rjapp.lock_database(path)
    assert lock.isLocked()
    lock.unlock()
    assert not rjapp.lock_file_of(path).exists()


def test_the_command_line_tool_takes_no_lock(qapp, tmp_path, capsys):
    """A scheduled `rjdesk-cli` task runs beside the open program (SQLite's WAL allows it)."""
    path = workstation(tmp_path / "rjdesk.sqlite3")
    lock = rjapp.lock_database(path)
    try:
        assert cli.main(["check", "--db", str(path)]) == 0
    finally:
        lock.unlock()
    assert "integrity: ok" in capsys.readouterr().out


def test_a_database_from_a_newer_rj_desk_is_refused_and_left_alone(qapp, tmp_path, said):
    path = workstation(tmp_path / "rjdesk.sqlite3")
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    before = path.read_bytes()
    assert rjapp.main(["--db", str(path)]) == 1
    assert said == [f"{path.name} was written by a newer version of RJ Desk (schema 9999_future). "
                    "Install the newer RJ Desk on this workstation to open it; the file was not "
                    "changed."]
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()
    assert not rjapp.lock_file_of(path).exists()  # released on the way out


def test_the_log_and_the_lock_are_the_owners_alone(qapp, tmp_path):
    """A traceback can quote a record, and the lock names the process and computer."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    path = workstation(folder / "rjdesk.sqlite3")
    lock = rjapp.lock_database(path)
    try:
        assert oct(rjapp.lock_file_of(path).stat().st_mode & 0o777) == "0o600"
    finally:
        lock.unlock()
    log_file = rjapp.setup_logging()
    assert oct(log_file.stat().st_mode & 0o777) == "0o600"
    assert oct(log_file.parent.stat().st_mode & 0o777) == "0o700"
