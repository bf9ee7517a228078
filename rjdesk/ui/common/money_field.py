"""A field for an amount of money as people type it: ``$1,200.00``, ``1200``, ``1,200.5``.

The reading is the domain's (``parse_money``), so the field, the services and the command line
agree on what an amount is. When the keyboard leaves the field the amount is written back the
way the program shows money (``$1,200.50``); text that is not an amount (``abc``, ``-5``) is
outlined in red with the reason, under the field when it sits in a form row (``field_row``
gives it a ``<name>_error`` label) and as its tooltip. Nothing is rounded or guessed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from rjdesk.domain.boards.rules import money, parse_money
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, INVALID_STYLE

PLACEHOLDER = "$0.00"


class MoneyField(QLineEdit):
    """``cents()`` is the amount typed, in cents, or ValueError saying why there is none.

    An ``optional`` field left blank is no amount: ``cents()`` is 0 and ``is_blank()`` True.
    ``amount_changed`` carries the cents after every key (None while the text is no amount),
    so a total can follow what is typed."""

    amount_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self.problem = ""
        self._base_style = ""
        self.setPlaceholderText(PLACEHOLDER if not optional else "")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(20)
        self.textChanged.connect(self._typed)

    # -- reading -----------------------------------------------------------------------------

    def is_blank(self) -> bool:
        return not self.text().strip()

    def cents(self) -> int:
        """The amount in cents; ValueError with the reason, in words for the field."""
        if self.optional and self.is_blank():
            return 0
        return parse_money(self.text())

    def peek(self) -> int | None:
        """The amount, or None while the text is no amount (nothing shown)."""
        try:
            return self.cents()
        except ValueError:
            return None

    def set_cents(self, cents: int | None) -> None:
        """Show an amount (None or, for an optional field, 0: blank)."""
        self.setText("" if cents is None or (self.optional and cents == 0) else money(cents))
        self.show_problem("")

    # -- checking when the keyboard leaves ----------------------------------------------------

    def check(self) -> bool:
        """Write a good amount back as money, or show why the text is none; True when good."""
        try:
            cents = self.cents()
        except ValueError as exc:
            self.show_problem(str(exc))
            return False
        if not (self.optional and self.is_blank()):
            self.blockSignals(True)  # the same amount, written the program's way
            self.setText(money(cents))
            self.blockSignals(False)
        self.show_problem("")
        return True

    def show_problem(self, message: str) -> None:
        """The red outline and the message (``""`` clears both)."""
        if message and not self.problem:
            self._base_style = self.styleSheet() if self.styleSheet() != INVALID_STYLE else ""
        self.problem = message
        self.setStyleSheet(INVALID_STYLE if message else self._base_style)
        self.setToolTip(message)
        label = self._error_label()
        if label is not None:
            label.setText(message)
            label.setStyleSheet(ERROR_LABEL_STYLE)
            label.setWordWrap(True)
            label.setVisible(bool(message))

    def _error_label(self) -> QLabel | None:
        name = self.objectName()
        window = self.window()
        if not name or window is None:
            return None
        return window.findChild(QLabel, f"{name}_error")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.text().strip():
            self.check()
        else:
            self.show_problem("")  # a blank is said on saving, not on passing through

    def _typed(self, _text: str) -> None:
        if self.problem and self.peek() is not None:
            self.show_problem("")  # mended while typing: the red goes at once
        self.amount_changed.emit(self.peek())
