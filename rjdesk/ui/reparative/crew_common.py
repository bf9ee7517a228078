"""What the crew screens share: today's date (one place for tests to set it), the week a grid
shows, and how hours are typed and read."""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QWidget

from rjdesk.domain.core.formats import us_date

#: How a cell the service refused looks, and a pending one (never by colour alone: the
#: tooltip says it, and pending hours are in italics).
ERROR_BACKGROUND = QColor("#fde7e5")
ERROR_TEXT = QColor("#8c1d18")
PENDING_BACKGROUND = QColor("#fff4d6")
PENDING_TEXT = QColor("#7a4f00")
CHANGED_BACKGROUND = QColor("#e8f0fb")
FUTURE_BACKGROUND = QColor("#eeeeee")
GREY = QColor("#8a8a8a")
FLAG_TEXT = QColor("#b3261e")


def today() -> date:
    """The day the crew screens work on; tests replace this function, never the clock."""
    return date.today()


def week_start(day: date) -> date:
    """The Monday of ``day``'s week: a crew's week runs Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def week_days(monday: date) -> tuple[date, ...]:
    return tuple(monday + timedelta(days=i) for i in range(7))


def day_header(day: date) -> str:
    """``Mon 11/23``: the weekday is what a coordinator reads a crew's sheet by."""
    return f"{day:%a} {day.month:02d}/{day.day:02d}"


def week_text(monday: date) -> str:
    return f"Week of {us_date(monday)} – {us_date(monday + timedelta(days=6))}"


def hours_text(hours: float | None) -> str:
    """``8``, ``7.5``, ``7.25``: no trailing zeros, as a timesheet writes it."""
    if hours is None:
        return ""
    return f"{hours:.2f}".rstrip("0").rstrip(".")


_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_NUMBER = re.compile(r"^-?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")


class HoursEntryError(ValueError):
    """What was typed in a cell is not a number of hours; the message says how to write one."""


def parse_hours(text: str) -> float | None:
    """``7.5``, ``7,5`` or ``7:30`` to hours; blank is None (the cell is cleared)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    clock = _CLOCK.match(cleaned)
    if clock:
        return round(int(clock.group(1)) + int(clock.group(2)) / 60, 2)
    if not _NUMBER.match(cleaned):
        raise HoursEntryError(f"“{cleaned[:20]}” is not a number of hours: type 7.5 or 7:30.")
    return round(float(cleaned.replace(",", ".")), 2)


def hbox(*items: QWidget | tuple[QWidget, int] | int | None) -> QHBoxLayout:
    """A row of widgets: (widget, stretch) stretches it, a number is a gap, None the room."""
    row = QHBoxLayout()
    for item in items:
        if item is None:
            row.addStretch(1)
        elif isinstance(item, int):
            row.addSpacing(item)
        elif isinstance(item, tuple):
            row.addWidget(*item)
        else:
            row.addWidget(item)
    return row
