"""Boards' and victim impact's pure rules: record keys, money as people type it, who may sit,
quorum, the order of a case's steps, due dates. No database, no clock: pass ``today`` in."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from rjdesk.domain.boards.enums import CaseStatus
from rjdesk.domain.people.rules import fold

NAMESPACE = uuid.UUID("a3f0c7d2-64be-4f1e-8c59-1b7e2d9a0c41")

#: Members present for a meeting to decide anything.
QUORUM = 3
#: A task is due this many days after the agreement unless the board sets another date.
DEFAULT_DUE_DAYS = 90
#: Largest amount the program takes: $10,000,000.00, far above any restitution ordered.
MAX_CENTS = 1_000_000_000


def _key(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def board_key(site_id: str) -> str:
    return _key("board", site_id)


def member_key(board_id: str, volunteer_id: str) -> str:
    return _key("member", board_id, volunteer_id)


def case_key(offender_id: str, court: str, case_number: str) -> str:
    return _key("case", offender_id, fold(court), _case_number(case_number))


def step_key(case_id: str, status: CaseStatus) -> str:
    return _key("step", case_id, status.value)


def meeting_key(board_id: str, day: date, starts_at: str) -> str:
    return _key("meeting", board_id, day.isoformat(), starts_at.strip())


def attendance_key(meeting_id: str, member_id: str) -> str:
    return _key("present", meeting_id, member_id)


def hearing_key(meeting_id: str, case_id: str) -> str:
    return _key("hearing", meeting_id, case_id)


def task_key(case_id: str, kind: str, description: str) -> str:
    return _key("task", case_id, kind, fold(description))


def progress_key(task_id: str, day: date) -> str:
    return _key("progress", task_id, day.isoformat())


def report_key(offender_id: str, court: str, case_number: str) -> str:
    return _key("report", offender_id, fold(court), _case_number(case_number))


def statement_key(report_id: str, last_name: str, first_name: str) -> str:
    return _key("victim", report_id, fold(last_name), fold(first_name))


def _case_number(text: str) -> str:
    return re.sub(r"[\s\-./]", "", text).upper()


# -- money -----------------------------------------------------------------------------------

_MONEY = re.compile(r"^\$?\s*(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<cents>\d{0,2}))?$")


def parse_money(text: str) -> int:
    """Cents from what people type: ``$1,200.00``, ``1200``, ``1,200.5``, ``.75``.

    Raises ``ValueError`` with the reason, in words for the field, for anything else: a
    negative amount, text, a third decimal, commas in the wrong places."""
    typed = text.strip()
    if not typed:
        raise ValueError("Enter an amount.")
    if typed.startswith("-") or typed.startswith("$-") or typed.startswith("("):
        raise ValueError(f"“{typed}” is negative; enter the amount without a minus sign.")
    match = _MONEY.match(typed.replace(" ", ""))
    if match is None or (match["whole"] is None and not match["cents"]):
        if re.fullmatch(r"\$?[\d,]*\.\d{3,}", typed.replace(" ", "")):
            raise ValueError(f"“{typed}” has more than two decimals; amounts are in cents.")
        if re.fullmatch(r"\$?[\d,.]+", typed.replace(" ", "")):
            raise ValueError(f"“{typed}” is not an amount: write it as 1200, 1,200 or "
                             "1,200.00.")
        raise ValueError(f"“{typed}” is not an amount of money: enter dollars and cents, "
                         "such as 1,200.00.")
    whole = int((match["whole"] or "0").replace(",", ""))
    cents = int((match["cents"] or "").ljust(2, "0"))
    total = whole * 100 + cents
    if total > MAX_CENTS:
        raise ValueError(f"{money(total)} is more than this program records "
                         f"({money(MAX_CENTS)}).")
    return total


def money(cents: int) -> str:
    """``$1,200.00`` (a minus sign before the dollar sign when negative)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}${whole:,}.{part:02d}"


# -- who may sit -----------------------------------------------------------------------------

def sitting_problem(*, day: date, term_start: date, term_end: date, trained_on: date | None,
                    check_on: date | None, check_expires: date | None, active: bool,
                    board_member_role: bool) -> str:
    """Why a member cannot sit on ``day``, in words, or ""."""
    if not active:
        return "is not an active volunteer"
    if not board_member_role:
        return "does not hold the board-member role"
    if day < term_start:
        return f"has a term that starts on {term_start:%m/%d/%Y}"
    if day > term_end:
        return f"has a term that ended on {term_end:%m/%d/%Y}"
    if trained_on is None or trained_on > day:
        return "has not completed the board training"
    if check_on is None or check_on > day:
        return "has no background check on file"
    if check_expires is not None and check_expires < day:
        return f"has a background check that expired on {check_expires:%m/%d/%Y}"
    return ""


def chair_problem(chair_from: date | None, chair_to: date | None) -> str:
    """Why a chair's term cannot be saved, or "": both dates or neither, at most a year."""
    if chair_from is None and chair_to is None:
        return ""
    if chair_from is None or chair_to is None:
        return "Enter both the first and the last day as chair."
    if chair_to < chair_from:
        return "The last day as chair is before the first."
    if chair_to > one_year_after(chair_from):
        return (f"A chair is elected for at most a year: from {chair_from:%m/%d/%Y} the "
                f"term ends by {one_year_after(chair_from):%m/%d/%Y}.")
    return ""


def one_year_after(day: date) -> date:
    """The day before the same date next year (Feb 29 → Feb 28)."""
    try:
        return day.replace(year=day.year + 1) - timedelta(days=1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


# -- a case's steps --------------------------------------------------------------------------

_ORDER = [CaseStatus.REFERRED, CaseStatus.SCHEDULED, CaseStatus.AGREEMENT,
          CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED]


def step_problem(current: CaseStatus, wanted: CaseStatus) -> str:
    """Why a case at ``current`` cannot move to ``wanted``, or "": one step forward at a time;
    returned to court from any open step."""
    if current.closed:
        return f"The case is closed ({current.label.lower()}); it takes no further step."
    if wanted is CaseStatus.RETURNED:
        return ""
    if wanted is current:
        return f"The case is already {current.label.lower()}."
    if wanted not in _ORDER or _ORDER.index(wanted) != _ORDER.index(current) + 1:
        following = _ORDER[_ORDER.index(current) + 1]
        return (f"A {current.label.lower()} case moves next to “{following.label}”, "
                f"not to “{wanted.label}”.")
    return ""


def default_due(agreement_on: date) -> date:
    return agreement_on + timedelta(days=DEFAULT_DUE_DAYS)


def overdue(due_on: date, done: bool, today: date) -> bool:
    return not done and due_on < today
