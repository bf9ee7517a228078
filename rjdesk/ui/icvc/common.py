"""What the ICVC screens share: today's date (one place for tests to set it), how dates, times
and class states read, the message line under a tab, and printing to a preview."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rjdesk.domain.icvc.rules import ClassState
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc.schedule import ClassView
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon
from rjdesk.ui.common.jobs import Job, Progress, run_job
from rjdesk.ui.common.pdf_preview import PdfPreviewDialog

#: A class state's words on screen, as the domain labels them.
STATE_LABELS = {state.value: state.label for state in ClassState}
#: Text and background of a message by kind; colour is never the only sign (the text says it).
TONES = {"ok": ("#1b5e20", "#e6f4ea"), "warn": ("#7a4f00", "#fff4d6"),
         "error": ("#8c1d18", "#fde7e5"), "info": ("#1f3a5f", "#e8f0fb")}
GREY = QColor("#8a8a8a")
GREY_BACKGROUND = QColor("#eeeeee")
ELIGIBLE_BACKGROUND = QColor("#e6f4ea")


def today() -> date:
    """The day the ICVC screens work on; tests replace this function, never the clock."""
    return date.today()


def long_date(day: date | None) -> str:
    """``Mon 08/31/2026``: the weekday matters when a class meets on set days."""
    return f"{day:%a %m/%d/%Y}" if day else ""


def time_text(t: time) -> str:
    return f"{t:%I:%M %p}".lstrip("0")


def time_span(start: time, end: time) -> str:
    return f"{time_text(start)}–{time_text(end)}"


def date_span(first: date | None, last: date | None) -> str:
    if first is None:
        return "no sessions"
    return f"{first:%m/%d/%Y} – {last:%m/%d/%Y}" if last and last != first else \
        f"{first:%m/%d/%Y}"


_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?m?\.?\s*$", re.IGNORECASE)


class TimeEntryError(ValueError):
    """What was typed is not a time of day."""


def parse_time(text: str) -> time:
    """``9:00 AM``, ``9am``, ``13:30`` to a time."""
    match = _TIME.match(text)
    if not match:
        raise TimeEntryError("Write the time as 9:00 AM or 13:30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise TimeEntryError("With AM or PM the hour is 1 to 12.")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise TimeEntryError(f"{text.strip()} is not a time of day.")
    return time(hour, minute)


class MessageLine(QLabel):
    """The one line under a tab that answers the last action: green done, amber take note,
    red refused. Not a box: the next action never waits for a click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def say(self, text: str, kind: str = "info") -> None:
        fg, bg = TONES[kind]
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(f"color: {fg}; background: {bg}; padding: 5px 8px; "
                           f"border-radius: 3px;")
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.clear()
        self.hide()


def print_to_preview(parent: QWidget, work: Callable[[Path, Callable[[int, int], None]], int],
                     *, label: str, title: str, prefix: str,
                     on_error: Callable[[BaseException], None] | None = None) -> Job[int]:
    """Write a PDF off the GUI thread (``work(out, progress)``), then show it in the preview.

    The job and the preview are kept on ``parent`` so neither is collected while in use."""
    handle, name = tempfile.mkstemp(prefix=f"rjdesk-{prefix}-", suffix=".pdf")
    os.close(handle)
    out = Path(name)

    def run(progress: Progress) -> int:
        return work(out, progress.callback(label))

    def show(_pages: int) -> None:
        preview = PdfPreviewDialog(out, title, parent=parent)
        parent.preview = preview  # type: ignore[attr-defined]
        preview.open()

    job = run_job(parent, run, label=label, on_done=show, on_error=on_error)
    parent.print_job = job  # type: ignore[attr-defined]
    return job


class ReasonDialog(QDialog):
    """Asks for a reason and makes one service call with it (``act``); a refusal stays in the
    dialog under the field, so nothing is lost by a wrong entry."""

    def __init__(self, title: str, prompt: str, act: Callable[[str], object], *,
                 placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.act = act
        self.result_value: object = None
        self.setWindowTitle(f"{title} — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(prompt)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        box = QVBoxLayout()
        box.setSpacing(2)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(placeholder)
        self.reason.setMaxLength(200)
        error = QLabel()
        error.setObjectName("reason_error")
        error.setStyleSheet(ERROR_LABEL_STYLE)
        box.addWidget(self.reason)
        box.addWidget(error)
        label = QLabel("&Reason")
        label.setBuddy(self.reason)
        form.addRow(label, box)
        layout.addLayout(form)
        form_error = QLabel()
        form_error.setObjectName("form_error")
        layout.addWidget(form_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, ["reason"])
        self.setMinimumWidth(440)

    def accept(self) -> None:
        try:
            self.result_value = self.act(self.reason.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()


@dataclass(frozen=True)
class ClassAccess:
    """What this person may do with one class: ``may_run`` shows the action buttons at all;
    ``why_not`` (when set) disables them and says why (another site's class)."""

    may_run: bool
    why_not: str = ""

    @property
    def may_change(self) -> bool:
        return self.may_run and not self.why_not

    def gate(self, *buttons: QWidget) -> None:
        for button in buttons:
            button.setVisible(self.may_run)
            if self.why_not:
                button.setEnabled(False)
                button.setToolTip(self.why_not)


class ClassTab(QWidget):
    """A tab of the class window: shown a class, it reads what it lists; ``changed`` tells the
    window that something was written, so it reads the class again."""

    changed = Signal()
    #: Marks were written: what other tabs list (progress) is out of date, the class is not.
    others_changed = Signal()

    def __init__(self, db: Database, actor: Actor, access: ClassAccess,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.access = db, actor, access
        self.cls: ClassView | None = None

    def show_class(self, cls: ClassView) -> None:
        """Take the class as just read; subclasses read their own rows here."""
        self.cls = cls
