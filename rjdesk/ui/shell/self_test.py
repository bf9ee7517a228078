"""``rjdesk --self-test``: does this installation work, here, before staff rely on it?

A frozen build breaks in ways a source checkout never shows (a form, a font, a migration script
or a Qt plugin left out of the bundle), so the program checks itself the way a user would use it:
on a temporary database (never the workstation's), with demo data, signed in, every form loaded,
every page and dialog opened, every printed document rendered and read back. One line per check,
then ``self-test: ok`` (exit 0) or ``self-test: FAILED (n checks)`` (exit 1).

This module runs the checks: the shell's own (:mod:`rjdesk.ui.shell.self_test_checks`), and
between them every area's, declared in the area's ui package (see
:mod:`rjdesk.ui.common.registry`). A check that needs an earlier one's result names it in
``needs`` and fails, not run, when that one failed. An area adds its document, page or dialog
by declaring a check in its own package.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication

import rjdesk
from rjdesk import paths
from rjdesk.ui.common.checks import Check, CheckFailed, SelfTest, process_events

__all__ = ["Check", "CheckFailed", "SelfTest", "all_checks", "process_events", "run",
           "run_checks"]

log = logging.getLogger(__name__)


def all_checks() -> list[Check]:
    """The shell's first checks, every area's in area order, then the shell's last ones."""
    from rjdesk.ui.common.registry import self_test_checks
    from rjdesk.ui.shell.self_test_checks import AFTER_AREAS, BEFORE_AREAS

    return [*BEFORE_AREAS, *self_test_checks(), *AFTER_AREAS]


def choose_platform(*, offscreen: bool = False) -> None:
    """Before the QApplication exists: draw offscreen when asked, or when a Linux machine has no
    display at all (a server, a CI runner, IT's remote shell), where Qt would otherwise abort.
    An explicit QT_QPA_PLATFORM is left alone unless offscreen is asked for."""
    no_display = (sys.platform not in ("win32", "darwin") and not os.environ.get("DISPLAY")
                  and not os.environ.get("WAYLAND_DISPLAY"))
    if offscreen or (no_display and not os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


class _SlotErrors:
    """Exceptions raised in Qt slots and event handlers during a check: Qt only prints them, so
    they are collected here and fail the check that caused them."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def __call__(self, kind: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        log.error("Exception in a Qt handler", exc_info=(kind, exc, tb))
        self.errors.append(exc)


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to the log, so the console shows the checks and nothing else (the
    offscreen platform warns at every dialog that it cannot size windows for a screen)."""
    level = logging.DEBUG if "propagateSizeHints" in message else \
        logging.WARNING if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg,
                                    QtMsgType.QtFatalMsg) else logging.DEBUG
    logging.getLogger("qt").log(level, "%s", message)


def say(line: str) -> None:
    """One line to the console (if any) and to the log, which is all a Windows shortcut has."""
    log.info("self-test: %s", line)
    if sys.stdout is not None:
        print(line, flush=True)


def _run_one(item: Check, state: SelfTest) -> str | None:
    """Run a check; its detail, or raise what failed (exceptions in Qt handlers included)."""
    hook, collected = sys.excepthook, _SlotErrors()
    sys.excepthook = collected
    try:
        detail = item.run(state)
        process_events()
    finally:
        sys.excepthook = hook
    if collected.errors:
        raise collected.errors[0]
    return detail


def run_checks(checks: list[Check] | None = None) -> int:
    """Run the checks in a new temporary folder, a line each; returns how many failed."""
    failed: list[str] = []
    # its temporary workstations keep their keys in key files in the temporary folder, never
    # in the computer's key store, where nothing would remove them
    key_store = os.environ.get("RJDESK_KEY_STORE")
    os.environ["RJDESK_KEY_STORE"] = "file"
    with tempfile.TemporaryDirectory(prefix="rjdesk-self-test-", ignore_cleanup_errors=True) as d:
        state = SelfTest(Path(d))
        try:
            for item in all_checks() if checks is None else checks:
                blocked = [n for n in item.needs if n in failed]
                if blocked:
                    failed.append(item.name)
                    say(f"FAIL {item.name}: not run, {' and '.join(blocked)} failed")
                    continue
                started = time.perf_counter()
                try:
                    detail = _run_one(item, state)
                except Exception as exc:  # noqa: BLE001 - every failure is reported, none hidden
                    log.exception("self-test check %s failed", item.name)
                    failed.append(item.name)
                    text = str(exc) if isinstance(exc, CheckFailed) else \
                        f"{type(exc).__name__}: {exc}"
                    say(f"FAIL {item.name}: {text}")
                else:
                    say(f"ok   {item.name}" + (f" ({detail})" if detail else ""))
                log.info("self-test: %s took %.2f s", item.name, time.perf_counter() - started)
        finally:
            if state.db is not None:
                state.db.close()  # before the folder goes: Windows cannot delete an open file
            process_events()
            if key_store is None:
                os.environ.pop("RJDESK_KEY_STORE", None)
            else:
                os.environ["RJDESK_KEY_STORE"] = key_store
    return len(failed)


def run() -> int:
    """``rjdesk --self-test`` once the QApplication exists: 0 if every check passed, else 1."""
    _attach_windows_console()
    previous = qInstallMessageHandler(_qt_message)
    started = time.perf_counter()
    try:
        say(f"RJ Desk {rjdesk.__version__} self-test{' (frozen)' if paths.is_frozen() else ''}"
            f" on {QGuiApplication.platformName()}")
        failed = run_checks()
    finally:
        qInstallMessageHandler(previous)
    log.info("self-test finished in %.1f s", time.perf_counter() - started)
    if failed:
        say(f"self-test: FAILED ({failed} check{'s' if failed != 1 else ''})")
        return 1
    say("self-test: ok")
    return 0


def _attach_windows_console() -> None:
    """The windowed Windows build has no console: print into the one it was started from
    (``start /wait rjdesk.exe --self-test`` in a command prompt), if any."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115 - for the process
