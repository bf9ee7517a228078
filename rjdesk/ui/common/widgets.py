"""Widgets any page or dialog may use: the message line that answers the last action, the
dialog that asks for a reason, and printing a document into the preview off the GUI thread."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from rjdesk.services.core.errors import Refused
from rjdesk.ui.common.forms import FieldErrors, app_icon, field_row, ok_cancel
from rjdesk.ui.common.jobs import Job, Progress, run_job
from rjdesk.ui.common.pdf_preview import PdfPreviewDialog

#: Text and background of a message by kind; colour is never the only sign (the text says it).
TONES = {"ok": ("#1b5e20", "#e6f4ea"), "warn": ("#7a4f00", "#fff4d6"),
         "error": ("#8c1d18", "#fde7e5"), "info": ("#1f3a5f", "#e8f0fb")}


class MessageLine(QLabel):
    """The one line under a tab or a list that answers the last action: green done, amber
    take note, red refused. Not a box: the next action never waits for a click."""

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
                     *, label: str, title: str, prefix: str, progress_label: str = "",
                     on_error: Callable[[BaseException], None] | None = None) -> Job[int]:
    """Write a PDF off the GUI thread (``work(out, progress)``), then show it in the preview.

    The job and the preview are kept on ``parent`` so neither is collected while in use."""
    handle, name = tempfile.mkstemp(prefix=f"rjdesk-{prefix}-", suffix=".pdf")
    os.close(handle)
    out = Path(name)

    def run(progress: Progress) -> int:
        return work(out, progress.callback(progress_label or label))

    def show(_pages: int) -> None:
        preview = PdfPreviewDialog(out, title, parent=parent)
        parent.preview = preview  # type: ignore[attr-defined]  # kept alive by its parent
        preview.open()

    job = run_job(parent, run, label=label, on_done=show, on_error=on_error)
    parent.print_job = job  # type: ignore[attr-defined]  # kept alive by its parent
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
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(placeholder)
        self.reason.setMaxLength(200)
        field_row(form, "&Reason", "reason", self.reason)
        layout.addLayout(form)
        ok_cancel(self, layout)
        self.errors = FieldErrors(self, ["reason"])
        self.setMinimumWidth(440)

    def accept(self) -> None:
        try:
            self.result_value = self.act(self.reason.text())
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
