"""The plumbing every dialog that saves one record shares, written once.

Accept builds a request from the fields (saying at its field what cannot be read), makes the one
service call that saves it, and on a refusal stays open with the message at its field, so
nothing typed is lost; closing with unsaved changes asks first; Ctrl+S saves.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from rjdesk.services.core.errors import Refused
from rjdesk.ui.common.forms import FieldErrors


class RecordDialog(QDialog):
    """A dialog that saves one record: subclasses answer ``snapshot``, ``build_request`` and
    ``submit``, set ``errors`` and call :meth:`connect_buttons` and :meth:`mark_clean` once
    their fields are filled. ``saved`` holds what the service returned."""

    #: What closing with unsaved changes asks.
    discard_question = "Close without saving your changes?"

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.read_only = read_only
        self.saved: Any = None
        self.errors: FieldErrors | None = None
        self._initial: tuple = ()

    # -- what a record dialog answers --------------------------------------------------------

    def snapshot(self) -> tuple:
        """Everything the fields hold, to tell whether anything was changed."""
        return ()

    def build_request(self) -> object | None:
        """The service's input from the fields, or None after showing what cannot be read."""
        raise NotImplementedError

    def submit(self, request: Any) -> object:  # noqa: ANN401 - each dialog's own input type
        """The one service call that saves ``request``; raises Refused to say no."""
        raise NotImplementedError

    # -- the shared plumbing -----------------------------------------------------------------

    def connect_buttons(self, buttons: QDialogButtonBox) -> None:
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)

    def mark_clean(self) -> None:
        """What the fields hold now is what "unsaved changes" are measured against."""
        self._initial = self.snapshot()

    @property
    def has_changes(self) -> bool:
        return self.snapshot() != self._initial

    def accept(self) -> None:
        if self.read_only:
            super().accept()
            return
        request = self.build_request()
        if request is None:
            return
        try:
            self.saved = self.submit(request)
        except Refused as exc:
            assert self.errors is not None
            self.errors.show_refusal(exc)
            return
        super().accept()

    def reject(self) -> None:
        if not self.read_only and self.has_changes:
            answer = QMessageBox.question(
                self, "RJ Desk", self.discard_question,
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
