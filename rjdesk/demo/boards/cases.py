"""Board cases in the demo, each one the story the services would have written: referred by
the officer, put on a meeting's agenda (scheduled), an agreement signed at the first meeting,
progress logged (in progress), a mid-term review, a closing meeting (completed) — or returned
to the court with its reason. Every step has its dated ``CaseStep``, in order, and the case's
status is its last step.

A board meets every other week on the same weekday; the demo officer's board next meets
within the coming week, and one of its past meetings was cancelled. Hearings fall on those
days: held ones with the members present (at least three who could sit that day), the
minutes and every decision; the coming one with its agenda.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rjdesk.demo.boards.members import HISTORY, PlannedBoard
from rjdesk.demo.boards.tasks import PlannedTask, agreement, work
from rjdesk.demo.boards.words import (
    CANCELLED_MINUTES,
    DECISIONS_CLOSING,
    DECISIONS_FIRST,
    DECISIONS_MID,
    LOCATIONS,
    MEETING_TIMES,
    OUTCOMES,
    RETURN_REASONS,
)
from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus as S
from rjdesk.domain.boards.enums import HearingPurpose as P
from rjdesk.domain.boards.enums import MeetingStatus
from rjdesk.domain.boards.enums import TaskKind as K

#: The demo officer's board: two cases of each step, several in progress (one with overdue
#: tasks, one with every task done, to be closed at the coming meeting) and returned ones.
HOME_STORIES = ("referred", "referred", "scheduled", "scheduled", "agreement", "agreement",
                "overdue", "in_progress", "in_progress", "all_done", "completed", "completed",
                "completed", "no_show", "reoffended")
#: Elsewhere, stories are drawn with these weights.
STORIES = {"referred": 1, "scheduled": 1, "agreement": 1, "in_progress": 3, "completed": 3,
           "no_show": 0.5, "reoffended": 0.5}
EXTRAS = (K.ESSAY, K.DIALOGUE, K.OTHER, K.CLASS_OR_TREATMENT)
MID_TERM_AFTER = 42


@dataclass
class Story:
    """What happened to one case: its steps, its hearings and its agreement."""

    referred: date
    steps: list[tuple[S, date, str]] = field(default_factory=list)
    hearings: list[tuple[date, P, str]] = field(default_factory=list)
    agreed: date | None = None
    tasks: list[PlannedTask] = field(default_factory=list)
    return_reason: str = ""
    outcome: str = ""

    @property
    def status(self) -> S:
        return self.steps[-1][0]

    @property
    def status_on(self) -> date:
        return self.steps[-1][1]


class Calendar:
    """A board's meeting days: every other ``weekday`` back over the demo's year, and the
    next one ahead; ``cancelled`` (home only) is a past day on which nothing was heard."""

    def __init__(self, rng: random.Random, today: date, *, home: bool) -> None:
        weekday = 1 if home else rng.randrange(4)  # the officer's board meets on Tuesdays
        ahead = (weekday - today.weekday() - 1) % 7 + 1
        self.next = today + timedelta(days=ahead)
        days = []
        day = self.next - timedelta(days=14)
        while day >= today - timedelta(days=HISTORY):
            days.append(day)
            day -= timedelta(days=14)
        days.reverse()
        self.cancelled = days[-5] if home else None
        self.past = [d for d in days if d != self.cancelled]
        self.starts_at = "18:00" if home else rng.choice(MEETING_TIMES)
        self.location = LOCATIONS[0] if home else rng.choice(LOCATIONS)

    def between(self, lo: date, hi: date) -> list[date]:
        return [d for d in self.past if lo <= d <= hi]

    def after(self, day: date) -> date | None:
        return next((d for d in self.past if d > day), None)


class Stories:
    """Draws each case's story on a board's calendar."""

    def __init__(self, rng: random.Random, today: date, cal: Calendar, *, home: bool) -> None:
        self.rng, self.today, self.cal, self.home = rng, today, cal, home
        self.agreements = 0

    def tell(self, kind: str) -> Story | None:
        rng, today, cal = self.rng, self.today, self.cal
        if kind == "referred":
            story = Story(today - timedelta(days=rng.randint(0, 12)))
            story.steps.append((S.REFERRED, story.referred, ""))
            return story
        if kind == "scheduled":
            story = Story(today - timedelta(days=rng.randint(4, 25)))
            self._scheduled(story, min(today, story.referred + timedelta(rng.randint(1, 3))))
            story.hearings.append((cal.next, P.FIRST, ""))
            return story
        windows = {"agreement": (27, 0), "in_progress": (110, 35), "overdue": (165, 100),
                   "all_done": (150, 60), "completed": (HISTORY - 35, 120),
                   "no_show": (200, 14), "reoffended": (250, 120)}
        older, newer = windows[kind]
        days = cal.between(today - timedelta(days=older), today - timedelta(days=newer))
        if not days:
            return None
        first = rng.choice(days[-2:] if kind == "agreement" else days)
        story = Story(first - timedelta(days=rng.randint(10, 30)))
        self._scheduled(story, story.referred + timedelta(days=rng.randint(1, 5)))
        if kind == "no_show":
            reason = RETURN_REASONS[0]
            story.hearings.append((first, P.FIRST, reason))
            story.steps.append((S.RETURNED, first, reason))
            story.return_reason = reason
            return story
        self._agree(story, first)
        if kind == "agreement":
            return story
        start = first + timedelta(days=rng.randint(1, 10))
        story.steps.append((S.IN_PROGRESS, start, ""))
        if kind == "reoffended":
            return self._reoffended(story, first, start)
        if kind == "completed":
            return self._completed(story, first, start)
        finish_all = kind == "all_done"
        for t in story.tasks:
            finish = finish_all or rng.random() < (0.7 if t.kind is K.APOLOGY_LETTER else 0.35)
            if kind == "overdue" and t.kind in (K.RESTITUTION, K.COMMUNITY_SERVICE):
                finish = False  # behind on what takes longest: overdue now
            work(rng, t, start, min(t.due_on, today) if finish else today, finish=finish)
        if not finish_all and all(t.done_on for t in story.tasks):
            story.tasks[-1].done_on = None  # at least one still open
            story.tasks[-1].progress = story.tasks[-1].progress[:-1]
        mid = cal.after(first + timedelta(days=MID_TERM_AFTER))
        if mid is not None:
            story.hearings.append((mid, P.MID_TERM, rng.choice(DECISIONS_MID)))
        if finish_all:
            story.hearings.append((cal.next, P.CLOSING, ""))
        elif mid is None:
            story.hearings.append((cal.next, P.MID_TERM, ""))
        return story

    def _scheduled(self, story: Story, on: date) -> None:
        story.steps.append((S.REFERRED, story.referred, ""))
        story.steps.append((S.SCHEDULED, on, ""))

    def _agree(self, story: Story, first: date) -> None:
        rng = self.rng
        if self.home:
            kinds = [K.APOLOGY_LETTER, K.COMMUNITY_SERVICE, K.RESTITUTION,
                     EXTRAS[self.agreements % len(EXTRAS)]]
        else:
            kinds = [k for k, p in ((K.APOLOGY_LETTER, 0.8), (K.COMMUNITY_SERVICE, 0.8),
                                    (K.RESTITUTION, 0.5)) if rng.random() < p]
            extra = rng.choice((*EXTRAS, None, None))
            kinds += [extra] if extra else []
            kinds = kinds or [K.APOLOGY_LETTER]
        self.agreements += 1
        story.agreed = first
        story.tasks = agreement(rng, first, kinds)
        story.hearings.append((first, P.FIRST, rng.choice(DECISIONS_FIRST)))
        story.steps.append((S.AGREEMENT, first, ""))

    def _completed(self, story: Story, first: date, start: date) -> Story | None:
        rng = self.rng
        for t in story.tasks:
            work(rng, t, start, t.due_on, finish=True)
        done = max(t.done_on or start for t in story.tasks)
        closing = self.cal.after(done)
        if closing is None:
            return None
        mid = self.cal.after(first + timedelta(days=MID_TERM_AFTER))
        if mid is not None and mid < closing:
            story.hearings.append((mid, P.MID_TERM, rng.choice(DECISIONS_MID)))
        story.hearings.append((closing, P.CLOSING, rng.choice(DECISIONS_CLOSING)))
        story.steps.append((S.COMPLETED, closing, ""))
        story.outcome = rng.choice(OUTCOMES)
        return story

    def _reoffended(self, story: Story, first: date, start: date) -> Story | None:
        rng = self.rng
        back = self.cal.after(first + timedelta(days=50))
        if back is None or back >= self.today:
            return None
        for t in story.tasks:
            finish = rng.random() < 0.3
            work(rng, t, start, min(t.due_on, back) if finish else back - timedelta(1),
                 finish=finish)
        reason = RETURN_REASONS[1]
        story.hearings.append((back, P.MID_TERM, reason))
        story.steps.append((S.RETURNED, back, reason))
        story.return_reason = reason
        return story


def meeting_minutes(rng: random.Random, starts_at: str, present: int,
                    heard: list[P]) -> str:
    first = heard.count(P.FIRST)
    mid = heard.count(P.MID_TERM)
    closing = heard.count(P.CLOSING)
    hour, minute = (int(x) for x in starts_at.split(":"))
    parts = [f"Opened at {hour}:{minute + rng.randint(1, 9):02d} by the chair; {present} members "
             "present, a quorum."]
    if first:
        parts.append(f"{first} first meeting{'s' if first > 1 else ''}: harm discussed, "
                     "needs assessed, agreements drawn up.")
    if mid:
        parts.append(f"{mid} mid-term review{'s' if mid > 1 else ''}.")
    if closing:
        parts.append(f"{closing} closing meeting{'s' if closing > 1 else ''}.")
    parts.append(f"Adjourned at {hour + 1}:{rng.choice(('20', '35', '50'))}.")
    return " ".join(parts)


def board_meetings(rng: random.Random, board: PlannedBoard, cal: Calendar,
                   heard: dict[date, list[tuple[str, P, str]]], today: date,
                   stamp: Callable[[date], datetime]) -> tuple[list[dict], list[dict], list[dict]]:
    """The meeting rows of a board, the members present at each held one (three or more who
    could sit that day) and the hearings, with the services' keys."""
    meetings, present, hearings = [], [], []
    days = sorted(set(heard) | ({cal.cancelled} if cal.cancelled else set()))
    for day in days:
        mid = rules.meeting_key(board.id, day, cal.starts_at)
        cases = heard.get(day, [])
        status = (MeetingStatus.CANCELLED if day == cal.cancelled else
                  MeetingStatus.HELD if day < today else MeetingStatus.PLANNED)
        minutes = CANCELLED_MINUTES if status is MeetingStatus.CANCELLED else ""
        if status is MeetingStatus.HELD:
            able = board.sitting(day)
            chosen = rng.sample(able, min(len(able), rng.randint(3, 6)))
            if len(chosen) < 3:
                raise AssertionError(f"no quorum at {board.name} on {day}")  # by the plan
            present += [{"id": rules.attendance_key(mid, m.id), "meeting_id": mid,
                         "member_id": m.id} for m in chosen]
            minutes = meeting_minutes(rng, cal.starts_at, len(chosen), [p for _, p, _ in cases])
        meetings.append({"id": mid, "board_id": board.id, "site_id": board.site.id,
                         "held_on": day, "starts_at": cal.starts_at, "location": cal.location,
                         "status": status, "minutes": minutes,
                         "updated_at": stamp(min(day, today))})
        hearings += [{"id": rules.hearing_key(mid, cid), "meeting_id": mid, "case_id": cid,
                      "purpose": purpose, "decision": decision,
                      "updated_at": stamp(min(day, today))}
                     for cid, purpose, decision in cases]
    return meetings, present, hearings
