"""Designer forms loaded at run time, and the field habits every dialog shares.

A form's fields are named like the service's input fields (``last_name``, ``date_of_birth``), so a
refusal's ``field`` finds its widget by name; each field has a hidden ``<field>_error`` label under
it, and every form has a ``form_error`` label for messages that belong to no field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtGui import QIcon
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from rjdesk import paths
from rjdesk.services.core.errors import Errors, Refused

W = TypeVar("W", bound=QObject)
E = TypeVar("E", bound=Enum)

#: How a field in error looks; cleared again when the error is.
INVALID_STYLE = "border: 1px solid #b3261e; border-radius: 2px; background: #fff6f5;"
#: A field that shows a value which cannot be changed here.
READ_ONLY_STYLE = "background: palette(window);"
ERROR_LABEL_STYLE = "color: #b3261e;"


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ``forms/<name>.ui`` into ``host`` (usually a QDialog) filling its whole area."""
    file = QFile(str(paths.form(name)))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"The form {paths.form(name)} is missing from this installation.")
    try:
        form = QUiLoader().load(file, host)
    finally:
        file.close()
    if form is None:
        raise RuntimeError(f"The form {name}.ui could not be read.")
    layout = host.layout()
    if layout is None:
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    if form.windowTitle():
        host.setWindowTitle(form.windowTitle())
    return form


def fit_width(dialog: QWidget, width: int) -> None:
    """Open a dialog ``width`` wide and exactly as tall as its wrapped text needs there
    (``adjustSize`` alone measures wrapped labels at a narrower width and leaves a gap)."""
    dialog.setMinimumWidth(width)
    layout = dialog.layout()
    height = (layout.totalHeightForWidth(width) if layout is not None and
              layout.hasHeightForWidth() else dialog.sizeHint().height())
    dialog.resize(width, max(height, dialog.minimumSizeHint().height()))


def child(form: QWidget, kind: type[W], name: str) -> W:
    """The widget ``name`` of a form; a missing one is a programming error, said plainly."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"The form has no {kind.__name__} named {name!r}.")
    return found


def show_read_only(*fields: QLineEdit | QPlainTextEdit) -> None:
    """Fields of a record the person may look at but not change: read-only, grey like the
    window, and without the hints ("optional", "MM/DD/YYYY") that invite typing."""
    for field in fields:
        field.setReadOnly(True)
        field.setPlaceholderText("")
        field.setStyleSheet(READ_ONLY_STYLE)


def app_icon() -> QIcon:
    return QIcon(str(paths.icons_dir() / "rjdesk.svg"))


def enum_data(value: object, kind: type[E]) -> E | None:
    """An enum member back from a combo box's item data.

    Qt keeps a ``str`` enum (OffenderStatus, Role) as a plain string, so what comes back
    is ``"incarcerated"``, not ``OffenderStatus.INCARCERATED``; an ``is`` test on it would fail.
    """
    return None if value in (None, "") else kind(value)


def refusal_messages(exc: Refused) -> dict[str, str]:
    """Every message of a refusal, by field ("" for one that belongs to the whole form)."""
    if isinstance(exc, Errors):
        return dict(exc.errors)
    return {exc.field or "": exc.message}


class FieldErrors:
    """Shows messages at their fields: a red line under the field, the field outlined.

    ``aliases`` maps a service's field name to the form's widget name where they differ.
    """

    def __init__(self, form: QWidget, fields: Iterable[str],
                 aliases: dict[str, str] | None = None) -> None:
        self.form = form
        self.fields = list(fields)
        self.aliases = aliases or {}
        self.shown: dict[str, str] = {}
        self._base_style = {f: w.styleSheet() for f in self.fields
                            if (w := self._widget(f)) is not None}
        self.clear()

    def _widget(self, field: str) -> QWidget | None:
        return self.form.findChild(QWidget, field)

    def _label(self, field: str) -> QLabel | None:
        return self.form.findChild(QLabel, f"{field}_error")

    def clear(self) -> None:
        self.shown = {}
        for field in [*self.fields, "form"]:
            label = self._label(field)
            if label is not None:
                label.clear()
                label.hide()
            widget = self._widget(field)
            if widget is not None and field != "form":
                widget.setStyleSheet(self._base_style.get(field, ""))

    def show(self, messages: dict[str, str]) -> None:
        """Show each message at its field and move the focus to the first field in error."""
        self.clear()
        general: list[str] = []
        for raw_field, message in messages.items():
            field = self.aliases.get(raw_field, raw_field)
            label = self._label(field) if field in self.fields else None
            if label is None:
                general.append(message)
                continue
            self.shown[field] = message
            label.setText(message)
            label.setStyleSheet(ERROR_LABEL_STYLE)
            label.setWordWrap(True)
            label.show()
            widget = self._widget(field)
            if widget is not None:
                widget.setStyleSheet(INVALID_STYLE)
        if general:
            self.shown[""] = "\n".join(general)
            label = self._label("form")
            if label is not None:
                label.setText(self.shown[""])
                label.setStyleSheet(ERROR_LABEL_STYLE)
                label.setWordWrap(True)
                label.show()
        for field in self.fields:
            if field in self.shown:
                widget = self._widget(field)
                if widget is not None:
                    widget.setFocus()
                break
        self._make_room()

    def _make_room(self) -> None:
        """Grow the dialog so the new lines do not squeeze the wrapped text above them."""
        window = self.form.window()
        layout = window.layout()
        if window is self.form or layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(window.width())
        if needed > window.height():
            window.resize(window.width(), needed)

    def show_refusal(self, exc: Refused) -> None:
        self.show(refusal_messages(exc))



def field_row(form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
    """A form row with the widget named for the service's field and its message under it."""
    widget.setObjectName(name)
    error = QLabel()
    error.setObjectName(f"{name}_error")
    error.setStyleSheet(ERROR_LABEL_STYLE)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(widget)
    box.addWidget(error)
    caption = QLabel(label)
    caption.setBuddy(widget)
    form.addRow(caption, box)


def ok_cancel(dialog: QDialog, layout: QVBoxLayout) -> QDialogButtonBox:
    """The form's own message line, then OK and Cancel wired to the dialog."""
    form_error = QLabel()
    form_error.setObjectName("form_error")
    layout.addWidget(form_error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                               QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


# Dates are typed, not picked: a date field must be able to say "not entered".

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})\s*$")
_DIGITS8 = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")


class DateEntryError(ValueError):
    """What the clerk typed is not a date; the message says how to write one."""


def parse_us_date(text: str) -> date | None:
    """``MM/DD/YYYY`` (dashes or dots too, or eight digits) to a date; blank is ``None``."""
    if not text.strip():
        return None
    match = _DATE.match(text) or _DIGITS8.match(text)
    if not match:
        raise DateEntryError("Write the date as MM/DD/YYYY, for example 04/12/1988.")
    month, day, year = (int(part) for part in match.groups())
    if len(match.group(3)) != 4:
        raise DateEntryError("Write the year with four digits (MM/DD/YYYY).")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateEntryError(f"{text.strip()} is not a date on the calendar (MM/DD/YYYY).") \
            from None

