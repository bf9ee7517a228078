"""Agreement tasks in the demo and their progress: hours logged a few at a time, payments in
whole cents, never more than required or owed, each on its own day (the progress key is the
task and the day), and a task reaching its hours or its amount is done on that day."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rjdesk.demo.boards.words import HOURS, TASKS
from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import TaskKind

HALF_HOURS_PER_ENTRY = (6, 8, 10, 12)  # 3 to 6 hours a day of service
PAYMENT_NOTES = ("Money order", "Cashier's check", "Paid at the office", "Online payment")
HOURS_NOTES = ("", "", "Saturday shift", "Evening shift", "Signed off by the site supervisor")


@dataclass
class PlannedTask:
    kind: TaskKind
    description: str
    due_on: date
    hours_required: float | None = None
    amount_cents: int | None = None
    done_on: date | None = None
    progress: list[tuple[date, float | None, int | None, str]] = field(default_factory=list)

    def id(self, case_id: str) -> str:
        return rules.task_key(case_id, self.kind.value, self.description)


def agreement(rng: random.Random, agreed: date, kinds: list[TaskKind]) -> list[PlannedTask]:
    """The tasks of an agreement signed on ``agreed``: each due within 90 days of it."""
    out = []
    for kind in kinds:
        due = agreed + timedelta(days=rng.randint(30, rules.DEFAULT_DUE_DAYS))
        task = PlannedTask(kind, rng.choice(TASKS[kind]), due)
        if kind.in_hours:
            task.hours_required = rng.choice(HOURS)
        elif kind.in_money:
            task.amount_cents = rng.randint(150, 2500) * 100 + rng.choice((0, 0, 25, 50))
        out.append(task)
    return out


def work(rng: random.Random, task: PlannedTask, lo: date, hi: date, *, finish: bool) -> None:
    """Progress on ``task`` between ``lo`` and ``hi`` (both included): all of it (``finish``,
    then done on the last day) or a part, never all."""
    span = (hi - lo).days + 1
    if span <= 0:
        return
    if task.hours_required is not None:
        _hours(rng, task, lo, span, finish=finish)
    elif task.amount_cents is not None:
        _payments(rng, task, lo, span, finish=finish)
    elif finish:
        task.done_on = lo + timedelta(days=rng.randrange(span))


def _days(rng: random.Random, lo: date, span: int, n: int) -> list[date]:
    return [lo + timedelta(days=d) for d in sorted(rng.sample(range(span), min(n, span)))]


def _split(total: int, n: int) -> list[int]:
    share, rest = divmod(total, n)
    return [share + (1 if i < rest else 0) for i in range(n)]


def _hours(rng: random.Random, task: PlannedTask, lo: date, span: int, *,
           finish: bool) -> None:
    required = int((task.hours_required or 0) * 2)  # in half hours
    target = required if finish else rng.randint(max(1, required // 5), required * 4 // 5)
    target = min(target, span * 20)  # at most ten hours a day
    if target <= 0:
        return
    n = max(-(-target // 20), round(target / rng.choice(HALF_HOURS_PER_ENTRY)), 1)
    days = _days(rng, lo, span, n)
    parts = _split(target, len(days))
    task.progress = [(d, p / 2, None, rng.choice(HOURS_NOTES)) for d, p in zip(days, parts)]
    if target == required:
        task.done_on = days[-1]


def _payments(rng: random.Random, task: PlannedTask, lo: date, span: int, *,
              finish: bool) -> None:
    amount = task.amount_cents or 0
    paid = amount if finish else min(amount - 1, rng.randint(1, 8) * amount // 10 // 100 * 100)
    if paid <= 0:
        return
    days = _days(rng, lo, span, rng.randint(1, 4))
    dollars = _split(paid // 100, len(days))
    parts = [d * 100 for d in dollars]
    parts[-1] += paid % 100
    task.progress = [(d, None, p, rng.choice(PAYMENT_NOTES))
                     for d, p in zip(days, parts) if p > 0]
    if paid == amount:
        task.done_on = task.progress[-1][0]


def task_rows(stamp: Callable[[date], datetime], case_id: str, tasks: list[PlannedTask],
              by: str, made: date) -> tuple[list[dict], list[dict]]:
    """The task rows of a case and their progress rows, with the services' keys."""
    rows, progress = [], []
    for t in tasks:
        tid = t.id(case_id)
        last = max([made, *(p[0] for p in t.progress), *([t.done_on] if t.done_on else [])])
        rows.append({"id": tid, "case_id": case_id, "kind": t.kind, "description": t.description,
                     "due_on": t.due_on, "hours_required": t.hours_required,
                     "amount_cents": t.amount_cents, "done_on": t.done_on,
                     "updated_at": stamp(last)})
        for day, hours, cents, note in t.progress:
            progress.append({"id": rules.progress_key(tid, day), "task_id": tid,
                             "happened_on": day, "hours": hours, "amount_cents": cents,
                             "note": note, "recorded_by": by})
    return rows, progress
