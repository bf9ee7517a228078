"""Pure ICVC rules: a class's schedule, its state, when a session takes attendance, and who has
completed. Written once here so the services, the windows and the demo agree without a database."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from rjdesk.domain.icvc.enums import AttendanceMark, CrimeTopic

#: The most sessions one class is scheduled with.
MAX_SESSIONS = 52
#: The topics between orientation and closing, in curriculum order.
CORE_TOPICS = [t for t in CrimeTopic if t not in (CrimeTopic.ORIENTATION, CrimeTopic.CLOSING)]
#: The reentry list's horizon: people due for release within this many days need the class.
REENTRY_HORIZON_DAYS = 180
#: The widest horizon a person may ask the reentry list for.
REENTRY_MAX_DAYS = 3650
#: Marks that always count as attended; an excused absence counts only where the class says so.
ATTENDED = (AttendanceMark.PRESENT, AttendanceMark.LATE)


def session_dates(first_day: date, weekdays: frozenset[int], count: int,
                  days_off: set[date]) -> list[date]:
    """The next ``count`` dates from ``first_day`` on the given weekdays (0 = Monday), skipping
    days off: the schedule the facilitator sees before saving is the one saved."""
    dates: list[date] = []
    day = first_day
    while len(dates) < count:
        if day.weekday() in weekdays and day not in days_off:
            dates.append(day)
        day += timedelta(days=1)
    return dates


def default_topics(count: int) -> list[CrimeTopic]:
    """Orientation first, closing last, the core crime topics in between, in curriculum order."""
    if count == 1:
        return [CrimeTopic.ORIENTATION]
    middle = [CORE_TOPICS[i % len(CORE_TOPICS)] for i in range(count - 2)]
    return [CrimeTopic.ORIENTATION, *middle, CrimeTopic.CLOSING]


class ClassState(enum.StrEnum):
    """Where a class stands on a day; a ``StrEnum`` so files and older callers read the plain
    word ("running") as before."""

    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def over(self) -> bool:
        """No one is seated in a class that is over: its seats stay as they are."""
        return self in (ClassState.FINISHED, ClassState.CANCELLED)


def class_state(cancelled: bool, first: date | None, last: date | None,
                today: date) -> ClassState:
    """The state from the first and last held (not cancelled) session dates."""
    if cancelled:
        return ClassState.CANCELLED
    if first is None or last is None or today < first:
        return ClassState.PLANNED
    if today > last:
        return ClassState.FINISHED
    return ClassState.RUNNING


class Meeting(Protocol):
    """What the attendance rule needs of a session, stored or shown."""

    @property
    def cancelled(self) -> bool: ...

    @property
    def held_on(self) -> date: ...


def held_span(sessions: Iterable[Meeting]) -> tuple[date | None, date | None]:
    """The first and last day a session is held (cancelled ones are not)."""
    held = [s.held_on for s in sessions if not s.cancelled]
    return (min(held), max(held)) if held else (None, None)


class Closed(enum.Enum):
    """Why a session takes no attendance."""

    CANCELLED = "cancelled"
    NOT_HELD_YET = "not_held_yet"


def closed_for_attendance(session: Meeting, today: date) -> Closed | None:
    """A cancelled session, or one still ahead, takes no marks; None when it does."""
    if session.cancelled:
        return Closed.CANCELLED
    if session.held_on > today:
        return Closed.NOT_HELD_YET
    return None


def counted_marks(excused_counts: bool) -> tuple[AttendanceMark, ...]:
    """The marks a class's completion rule counts as attended."""
    return ATTENDED + ((AttendanceMark.EXCUSED,) if excused_counts else ())


@dataclass(frozen=True)
class Progress:
    """How far one enrolled person is toward completing his class."""

    enrollment_id: str
    attended_here: int
    carried_over: int  # attended at classes he left on a transfer
    required: int

    @property
    def attended(self) -> int:
        return self.attended_here + self.carried_over

    @property
    def eligible(self) -> bool:
        """The completion rule: enough sessions counted, here and carried from a transfer."""
        return self.attended >= self.required
