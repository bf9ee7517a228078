"""ICVC's pure rules, checked without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rjdesk.domain.icvc import rules
from rjdesk.domain.icvc.enums import AttendanceMark, CrimeTopic
from rjdesk.domain.icvc.rules import ClassState, Closed


@dataclass(frozen=True)
class Meeting:
    held_on: date
    cancelled: bool = False


def test_session_dates_follow_the_weekdays_and_skip_days_off() -> None:
    monday = date(2026, 3, 2)
    dates = rules.session_dates(monday, frozenset({0, 2}), 4, {date(2026, 3, 4)})
    assert dates == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 11), date(2026, 3, 16)]


def test_topics_open_with_orientation_and_end_with_closing() -> None:
    assert rules.default_topics(1) == [CrimeTopic.ORIENTATION]
    topics = rules.default_topics(14)
    assert topics[0] is CrimeTopic.ORIENTATION and topics[-1] is CrimeTopic.CLOSING
    assert topics[1:-1] == [*rules.CORE_TOPICS, rules.CORE_TOPICS[0], rules.CORE_TOPICS[1]]


def test_class_state_by_day() -> None:
    first, last = date(2026, 3, 2), date(2026, 4, 27)
    assert rules.class_state(False, first, last, date(2026, 3, 1)) is ClassState.PLANNED
    assert rules.class_state(False, first, last, first) is ClassState.RUNNING
    assert rules.class_state(False, first, last, last) is ClassState.RUNNING
    assert rules.class_state(False, first, last, date(2026, 4, 28)) is ClassState.FINISHED
    assert rules.class_state(True, first, last, date(2026, 3, 9)) is ClassState.CANCELLED
    assert rules.class_state(False, None, None, date(2026, 3, 9)) is ClassState.PLANNED


def test_class_state_reads_as_its_word_and_has_a_label() -> None:
    assert ClassState.RUNNING == "running" and f"{ClassState.RUNNING}" == "running"
    assert [s.label for s in ClassState] == ["Planned", "Running", "Finished", "Cancelled"]
    assert [s for s in ClassState if s.over] == [ClassState.FINISHED, ClassState.CANCELLED]


def test_held_span_leaves_out_cancelled_sessions() -> None:
    sessions = [Meeting(date(2026, 3, 2), cancelled=True), Meeting(date(2026, 3, 9)),
                Meeting(date(2026, 3, 16)), Meeting(date(2026, 3, 23), cancelled=True)]
    assert rules.held_span(sessions) == (date(2026, 3, 9), date(2026, 3, 16))
    assert rules.held_span([Meeting(date(2026, 3, 2), cancelled=True)]) == (None, None)


def test_a_cancelled_or_future_session_takes_no_attendance() -> None:
    today = date(2026, 3, 9)
    assert rules.closed_for_attendance(Meeting(today), today) is None
    assert rules.closed_for_attendance(Meeting(date(2026, 3, 2)), today) is None
    assert rules.closed_for_attendance(Meeting(date(2026, 3, 10)), today) is Closed.NOT_HELD_YET
    assert rules.closed_for_attendance(Meeting(today, cancelled=True), today) is Closed.CANCELLED


def test_completion_counts_excused_only_where_the_class_says_so() -> None:
    assert set(rules.counted_marks(False)) == {AttendanceMark.PRESENT, AttendanceMark.LATE}
    assert AttendanceMark.EXCUSED in rules.counted_marks(True)
    assert AttendanceMark.ABSENT not in rules.counted_marks(True)


def test_sessions_carried_from_a_transfer_count_toward_completion() -> None:
    assert not rules.Progress("e", 7, 0, 8).eligible
    progress = rules.Progress("e", 5, 3, 8)
    assert progress.attended == 8 and progress.eligible
