"""Start-up of the desktop program: log, database, first run or sign-in, main window.

Usage: ``rjdesk [--db PATH] [--demo] [--version] [--self-test [--offscreen]]``.

One copy of the program per database: a second start on the same file is refused (exit code 2)
through a lock file beside it, ``<database>.lock``. A copy that crashed leaves the file behind;
the next start sees that its process is gone and takes the lock over. ``rjdesk-cli`` takes no
lock, so a scheduled task may run beside the program (SQLite's WAL keeps the two apart).

Developer option (for screenshots and manual checks only): with ``--demo``, the environment
variable ``RJDESK_AUTOLOGIN=user:password`` signs that demo account in without the sign-in
window. It is ignored on any other database, so it can never open a real workstation.
"""

from __future__ import annotations

import argparse
import errno
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLockFile
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

import rjdesk
from rjdesk import paths
from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database, DatabaseError, open_database
from rjdesk.services.core.errors import Refused

log = logging.getLogger("rjdesk")

LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
AUTOLOGIN = "RJDESK_AUTOLOGIN"
#: Exit code of a start refused because another copy has the database open.
ALREADY_OPEN = 2
DEMO_LABEL = "Building the demo database…"


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options; whatever is left (``-platform …``, ``-style …``) goes to Qt."""
    parser = argparse.ArgumentParser(prog="rjdesk", description="RJ Desk")
    parser.add_argument("--db", type=Path, default=None,
                        help="the workstation database (default: this user's RJ Desk database)")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo database, building it on first use")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation on a temporary database, print one line "
                             "per check, exit 0 if all pass (offscreen when there is no display)")
    parser.add_argument("--offscreen", action="store_true",
                        help="with --self-test: draw nothing on screen even if there is a display")
    return parser.parse_known_args(argv)


def lock_file_of(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class AlreadyOpen(Exception):
    """Another copy of RJ Desk holds the database; the message says what to do."""


def lock_database(database: Path) -> QLockFile:
    """Take the one-copy lock of ``database``; raises AlreadyOpen, or OSError if it cannot.

    The stale-lock time is 0 so only "is that process still running?" decides: a program left
    open all day must not lose its lock to age, and a crashed copy's lock is taken over at once.
    """
    database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # owner-only when made here
    lock = QLockFile(str(lock_file_of(database.resolve())))  # one lock, whatever path led here
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        os.chmod(lock_file_of(database.resolve()), 0o600)  # who holds it is no one else's
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        pid, host, _app = lock.getLockInfo()  # (0, "", "") when the file cannot be read
        holder = f", process {pid} on {host}" if pid else ""
        raise AlreadyOpen(f"RJ Desk is already open on this database ({database}{holder}). "
                          "Switch to that window, or close it first.")
    raise PermissionError(errno.EACCES, "its lock file cannot be created there",
                          str(lock_file_of(database)))


def setup_logging() -> Path:
    """A rotating log in the user's log folder (1 MB × 5): what a help desk asks for."""
    folder = paths.user_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # tracebacks can quote records: the log is the owner's alone
    log_file = folder / "rjdesk.log"
    os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(log_file, 0o600)
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=LOG_BYTES,
                                                   backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for old in [h for h in root.handlers if getattr(h, "rjdesk_log", False)]:
        root.removeHandler(old)  # started again in one process (tests): one log at a time
        old.close()
    handler.rjdesk_log = True  # type: ignore[attr-defined]  # a mark on our own handler
    root.addHandler(handler)
    return log_file


def build_demo_database(db: Database) -> bool:
    """Fill a new demo database off the GUI thread with a progress window; False if stopped.

    The window says what is being written from the start: busy while the staff accounts are
    made (before the parts are counted), then a bar that moves, under the same words.
    """
    from rjdesk.demo.builder import build_demo
    from rjdesk.ui.common.jobs import Progress, run_job

    loop = QEventLoop()
    outcome: dict[str, bool] = {"ok": False}

    def done(_summary: object) -> None:
        outcome["ok"] = True

    def work(progress: Progress) -> object:
        words, at = DEMO_LABEL, (0, 0)  # total 0: a busy bar until the parts are counted

        def stage(text: str) -> None:
            nonlocal words
            words = text
            progress.update(*at, words)

        def counted(done: int, total: int) -> None:
            nonlocal at
            at = (done, total)
            progress.update(done, total, words)
            progress.check()

        return build_demo(db, scale=1, seed=1, progress=counted, stage=stage)

    job = run_job(None, work, on_done=done, label=DEMO_LABEL)
    job.finished.connect(loop.quit)
    if not job.done:
        loop.exec()
    return outcome["ok"]


def autologin(db: Database, demo: bool) -> Actor | None:
    """The developer shortcut described in the module docstring; only on the demo database."""
    value = os.environ.get(AUTOLOGIN, "")
    if not value or not demo or ":" not in value:
        return None
    username, password = value.split(":", 1)
    try:
        return auth.sign_in(db, username, password)
    except Refused as exc:
        log.warning("%s did not sign in: %s", AUTOLOGIN, exc.message)
        return None


def sign_in_or_set_up(db: Database, demo: bool) -> Actor | None:
    from rjdesk.ui.shell.first_run import FirstRunDialog
    from rjdesk.ui.shell.signin import SignInDialog

    if auth.needs_first_run(db):
        first = FirstRunDialog(db)
        return first.actor if first.exec() == QDialog.DialogCode.Accepted else None
    actor = autologin(db, demo)
    if actor is not None:
        return actor
    dialog = SignInDialog(db, demo=demo or None)
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.version:
        print(f"RJ Desk {rjdesk.__version__}")
        return 0
    if args.self_test:
        from rjdesk.ui.shell import self_test

        self_test.choose_platform(offscreen=args.offscreen)
    log_file = setup_logging()
    log.info("RJ Desk %s starting", rjdesk.__version__)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName("MissouriDOC")
    app.setApplicationName("RJDesk")
    app.setApplicationDisplayName("RJ Desk")
    app.setApplicationVersion(rjdesk.__version__)
    if args.self_test:
        return self_test.run()

    from rjdesk.ui.common import error_dialog
    from rjdesk.ui.common.forms import app_icon

    app.setWindowIcon(app_icon())
    error_dialog.install(log_file)
    path = paths.demo_database() if args.demo else (args.db or paths.default_database())
    try:
        lock = lock_database(path)
    except AlreadyOpen as exc:
        log.warning("Not started: %s", exc)
        print(exc, file=sys.stderr, flush=True)
        QMessageBox.warning(None, "RJ Desk", str(exc))
        return ALREADY_OPEN
    except OSError as exc:  # a folder that cannot be created or written to
        if path.is_file() and not os.access(path.parent, os.W_OK):
            # a read-only folder: this copy will write nothing there, so it needs no lock;
            # the database opens for reading, and says so
            return run_on(app, path, args.demo)
        log.error("Cannot open %s: %s", path, exc)
        QMessageBox.critical(None, "RJ Desk", f"RJ Desk cannot open {path}: "
                             f"{exc.strerror or exc}.")
        return 1
    try:
        return run_on(app, path, args.demo)
    finally:
        lock.unlock()


def run_on(app: QApplication, path: Path, demo: bool) -> int:
    """Open the (locked) database, sign in or set up, and run the main window until it closes."""
    from rjdesk.ui.shell.main_window import MainWindow

    try:
        db = open_database(path)
    except DatabaseError as exc:
        log.error("Cannot open %s: %s", path, exc)
        QMessageBox.critical(None, "RJ Desk", str(exc))
        return 1
    except OSError as exc:  # a folder that cannot be created, a file without permission
        log.error("Cannot open %s: %s", path, exc)
        QMessageBox.critical(None, "RJ Desk", f"RJ Desk cannot open {path}: "
                             f"{exc.strerror or exc}.")
        return 1
    if db.refusal is not None:  # read-only or damaged: it opens for reading, and says so
        log.warning("%s", db.refusal)
        QMessageBox.warning(None, "RJ Desk", db.refusal)
    try:
        if demo and auth.needs_first_run(db) and not build_demo_database(db):
            return 1
        actor = sign_in_or_set_up(db, demo)
        if actor is None:
            return 0
        window = MainWindow(db, actor)
        window.show()
        return app.exec()
    finally:
        db.close()
        log.info("RJ Desk stopped")


if __name__ == "__main__":
    sys.exit(main())
