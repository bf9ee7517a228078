"""What the ICVC screens share: today's date (one place for tests to set it), how dates, times
and class states read, what a person may do with a class, and the class window's tab."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.icvc.rules import ClassState
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.icvc.schedule import ClassView

#: A class state's words on screen, as the domain labels them.
STATE_LABELS = {state.value: state.label for state in ClassState}
GREY = QColor("#8a8a8a")
GREY_BACKGROUND = QColor("#eeeeee")
ELIGIBLE_BACKGROUND = QColor("#e6f4ea")


def today() -> date:
    """The day the ICVC screens work on; tests replace this function, never the clock."""
    return date.today()


def long_date(day: date | None) -> str:
    """``Mon 08/31/2026``: the weekday matters when a class meets on set days."""
    return f"{day:%a} {us_date(day)}" if day else ""


def time_text(t: time) -> str:
    return f"{t:%I:%M %p}".lstrip("0")


def time_span(start: time, end: time) -> str:
    return f"{time_text(start)}–{time_text(end)}"


def date_span(first: date | None, last: date | None) -> str:
    if first is None:
        return "no sessions"
    return f"{us_date(first)} – {us_date(last)}" if last and last != first else us_date(first)


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
