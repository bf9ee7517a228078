"""What a self-test check is made of, so every area can declare its own checks beside its pages.

A check is a small function on the shared :class:`SelfTest` state: it raises (CheckFailed, or
anything) to fail and returns a short detail for its "ok" line. A check that needs an earlier
one's result names it in ``needs``; the runner (``rjdesk.ui.shell.self_test``) fails it, not
run, when that one failed. Each check imports what it exercises, so a module a frozen build
left out fails that check by name instead of stopping the whole self-test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database

JOB_TIMEOUT_MS = 20_000


class CheckFailed(Exception):
    """A check found something wrong; the message is the line printed after ``FAIL name:``."""


@dataclass
class SelfTest:
    """What the checks share: the temporary folder and what earlier checks made."""

    folder: Path
    db: Database | None = None
    actor: Actor | None = None
    pdfs: dict[str, Path] = field(default_factory=dict)
    page_counts: dict[str, int] = field(default_factory=dict)


CheckFunction = Callable[[SelfTest], "str | None"]
#: Makes the dialogs of one area the "dialogs" check opens, from what earlier checks made.
DialogMakers = Callable[[SelfTest], list[Callable[[], QDialog]]]


@dataclass(frozen=True)
class Check:
    name: str
    run: CheckFunction  # returns an optional detail for the "ok" line
    needs: tuple[str, ...] = ()


def registrar(checks: list[Check]) -> Callable[..., Callable[[CheckFunction], CheckFunction]]:
    """A ``@check(name, needs=…)`` decorator that adds each function to ``checks``, in order."""
    def check(name: str, *, needs: tuple[str, ...] = ()) -> Callable[[CheckFunction],
                                                                     CheckFunction]:
        def register(fn: CheckFunction) -> CheckFunction:
            checks.append(Check(name, fn, needs))
            return fn
        return register
    return check


def expect(condition: object, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def process_events(rounds: int = 3) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def open_and_close(dialog: QDialog) -> str:
    """Show a dialog without blocking, let it lay out and paint, close it; its title."""
    dialog.show()
    process_events()
    visible, title = dialog.isVisible(), dialog.windowTitle()
    dialog.done(QDialog.DialogCode.Rejected)
    dialog.deleteLater()
    expect(visible, f"{type(dialog).__name__} did not open")
    return title


def run_in_background(work: Callable[[object], object], label: str) -> object:
    """Run ``work`` through the program's one background helper and wait for its result."""
    from rjdesk.ui.common.jobs import run_job

    loop = QEventLoop()
    outcome: dict[str, object] = {}
    job = run_job(None, work, label=label, on_done=lambda result: outcome.update(result=result),
                  on_error=lambda exc: outcome.update(error=exc))
    job.finished.connect(loop.quit)
    timeout = QTimer(loop)
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    timeout.start(JOB_TIMEOUT_MS)
    if not job.done:
        loop.exec()
    timeout.stop()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]  # stored as object, always an exception
    expect("result" in outcome, f"{label} did not finish within {JOB_TIMEOUT_MS // 1000} s")
    return outcome["result"]
