"""The one check and write of offenders' hours, shared by the hours grid, a single entry and
the import of a coordinator's spreadsheet: a rule written here is the same rule everywhere.

A batch of claims is checked whole before anything is written, and every claim that cannot
stand gets its own sentence naming the person and the day. The reads do not grow with the
batch: the projects, the people, their transfers and every hour already on file for the
people and days involved are read in one query each, whatever the size of the crew.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people.models import Offender, OffenderTransfer
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import HoursStatus
from rjdesk.domain.reparative.models import HourEntry, Project
from rjdesk.services.core import settings
from rjdesk.services.core.context import Actor
from rjdesk.services.people.records import display_name

#: Ids per ``IN (…)``: well under SQLite's limit on bound values, whatever its build.
CHUNK = 500

T = TypeVar("T")


@dataclass(frozen=True)
class Claim:
    """Hours to put on file for one person, project and day; None takes them off."""

    offender_id: str
    project_id: str
    day: date
    hours: float | None


@dataclass(frozen=True)
class SaveResult:
    saved: int  # entries added or changed
    pending: int  # of those, how many wait for approval
    removed: int


def hours_text(value: float) -> str:
    """7.5, 25: hours as people write them."""
    return f"{rules.round2(value):g}"


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def clean_hours(value: float | None) -> tuple[float | None, str]:
    """The hours as stored (hundredths), or why they cannot be; None clears the entry."""
    if value is None:
        return None, ""
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return None, f"“{value}” is not a number of hours"
    if not math.isfinite(hours):
        return None, f"“{value}” is not a number of hours"
    hours = rules.round2(hours)
    if hours <= 0:
        return None, f"the hours must be more than zero, not {hours_text(hours)}"
    return hours, ""


def follow_merges(tx: Session, offender: Offender | None) -> Offender | None:
    """The record kept when ``offender``'s was merged into another (and so on)."""
    seen: set[str] = set()
    while offender is not None and offender.merged_into_id and offender.id not in seen:
        seen.add(offender.id)
        offender = tx.get(Offender, offender.merged_into_id)
    return offender


def project_problem(actor: Actor, project: Project | None, site: Site | None) -> str:
    """Why no hours can be logged on ``project`` by ``actor``, or ""."""
    if project is None or site is None:
        return "That project no longer exists."
    if not project.active:
        return f"The project “{project.name}” is closed; reopen it to log hours on it."
    if site.id != actor.site_id and not actor.may(Permission.ALL_SITES):
        return (f"“{project.name}” is a project of {site.code}; you can log hours at your own "
                f"site ({actor.site_code}) only.")
    return ""


@dataclass
class _OnFile:
    """What the database holds about the people and days of one batch."""

    projects: dict[str, tuple[Project, Site]]
    offenders: dict[str, Offender]
    moves: dict[str, list[rules.Move]]
    entries: dict[tuple[str, str, date], HourEntry]  # (offender, project, day)
    day_totals: dict[tuple[str, date], float]  # (offender, day), declined hours left out


def _read(tx: Session, claims: Sequence[Claim]) -> _OnFile:
    project_ids = sorted({c.project_id for c in claims})
    offender_ids = sorted({c.offender_id for c in claims})
    days = sorted({c.day for c in claims})
    projects = {p.id: (p, s) for p, s in tx.execute(
        select(Project, Site).join(Site, Site.id == Project.site_id)
        .where(Project.id.in_(project_ids)))}
    offenders: dict[str, Offender] = {}
    moves: dict[str, list[rules.Move]] = defaultdict(list)
    entries: dict[tuple[str, str, date], HourEntry] = {}
    totals: dict[tuple[str, date], float] = defaultdict(float)
    for ids in _chunks(offender_ids):
        offenders.update((o.id, o) for o in tx.scalars(select(Offender)
                                                       .where(Offender.id.in_(ids))))
        for oid, on, from_site, to_site in tx.execute(
                select(OffenderTransfer.offender_id, OffenderTransfer.transferred_on,
                       OffenderTransfer.from_site_id, OffenderTransfer.to_site_id)
                .where(OffenderTransfer.offender_id.in_(ids))):
            moves[oid].append(rules.Move(on, from_site, to_site))
        for e in tx.scalars(select(HourEntry).where(HourEntry.offender_id.in_(ids),
                                                    HourEntry.worked_on.in_(days))):
            entries[(e.offender_id, e.project_id, e.worked_on)] = e
            if e.status is not HoursStatus.DECLINED:
                totals[(e.offender_id, e.worked_on)] += e.hours
    return _OnFile(projects, offenders, moves, entries, totals)


def _counted(entry: HourEntry | None) -> float:
    return entry.hours if entry is not None and entry.status is not HoursStatus.DECLINED else 0.0


@dataclass(frozen=True)
class Checked:
    """A batch checked: the problem of each claim that does not stand, by its index, and
    what writing the batch needs."""

    problems: dict[int, str]
    cleaned: dict[int, float | None]
    on_file: _OnFile
    after: dict[tuple[str, date], float]  # each person's day as it will be


def check(tx: Session, actor: Actor, claims: Sequence[Claim], today: date) -> Checked:
    """Check every claim (one per person, project and day) without writing anything.

    The day's limit counts every project's hours on file for that person and day (declined
    ones aside: they were not worked) with this batch in place of what it replaces."""
    on_file = _read(tx, claims)
    problems: dict[int, str] = {}
    cleaned: dict[int, float | None] = {}
    after = dict(on_file.day_totals)
    unchanged: set[int] = set()
    for i, c in enumerate(claims):
        hours, problem = clean_hours(c.hours)
        cleaned[i] = hours
        entry = on_file.entries.get((c.offender_id, c.project_id, c.day))
        if entry is not None and hours is not None and entry.hours == hours:
            unchanged.add(i)  # written already: nothing to check, and it counts as it does
            continue
        key = (c.offender_id, c.day)
        after[key] = after.get(key, 0.0) - _counted(entry) + (hours or 0.0)
        offender = on_file.offenders.get(c.offender_id)
        project, site = on_file.projects.get(c.project_id, (None, None))
        who = (f"{display_name(offender.last_name, offender.first_name)} on {us_date(c.day)}"
               if offender else f"On {us_date(c.day)}")
        if not problem and offender is None:
            problem = "that person is no longer on file"
        if not problem and (why := project_problem(actor, project, site)):
            problem = why[0].lower() + why[1:].rstrip(".")
        if not problem and offender is not None and offender.merged_into_id:
            problem = "this record was merged into another; log the hours on that one"
        if not problem and hours is not None and c.day > today:
            problem = "the date is in the future"
        if not problem and hours is not None and project is not None and site is not None \
                and offender is not None and not rules.at_site_on(
                    offender.site_id, on_file.moves.get(offender.id, ()), site.id, c.day):
            problem = f"not at {site.code} that day (see the transfers on the record)"
        if problem:
            problems[i] = f"{who}: {problem}."
    for i, c in enumerate(claims):
        hours = cleaned[i]
        total = after[(c.offender_id, c.day)]
        if i in problems or i in unchanged or hours is None or total <= rules.MAX_DAY_HOURS:
            continue
        offender = on_file.offenders[c.offender_id]
        who = f"{display_name(offender.last_name, offender.first_name)} on {us_date(c.day)}"
        other = hours_text(total - hours)
        problems[i] = (f"{who}: {hours_text(hours)} hours is more than 24 in one day "
                       f"(already {other} h that day)." if hours > rules.MAX_DAY_HOURS else
                       f"{who}: {hours_text(hours)} hours would make {hours_text(total)} in "
                       f"one day, more than 24 (already {other} h that day).")
    return Checked(problems, cleaned, on_file, after)


def write(tx: Session, actor: Actor, claims: Sequence[Claim], checked: Checked) -> SaveResult:
    """Write a batch ``check`` found without problems. An entry whose day comes to more than
    the approval amount waits for approval; one left unchanged keeps its status."""
    if checked.problems:
        raise ValueError("a batch with problems is never written")
    cleaned, on_file, after = checked.cleaned, checked.on_file, checked.after
    above = settings.read(tx, settings.APPROVAL_ABOVE)
    saved = pending = removed = 0
    for i, c in enumerate(claims):
        hours = cleaned[i]
        entry = on_file.entries.get((c.offender_id, c.project_id, c.day))
        if hours is None:
            if entry is not None:
                tx.delete(entry)
                removed += 1
            continue
        if entry is not None and entry.hours == hours:
            continue  # unchanged: its status (and who decided it) stands
        status = (HoursStatus.PENDING if after[(c.offender_id, c.day)] > above
                  else HoursStatus.APPROVED)
        if entry is None:
            project = on_file.projects[c.project_id][0]
            tx.add(HourEntry(id=rules.hours_key(c.offender_id, c.project_id, c.day),
                             offender_id=c.offender_id, project_id=c.project_id,
                             site_id=project.site_id, worked_on=c.day, hours=hours,
                             status=status, entered_by=actor.user_id, decided_by="",
                             decided_at=None, note=""))
        else:
            entry.hours, entry.status, entry.entered_by = hours, status, actor.user_id
            entry.decided_by, entry.decided_at, entry.note = "", None, ""
            entry.updated_at = utcnow()
        saved += 1
        pending += status is HoursStatus.PENDING
    tx.flush()
    return SaveResult(saved, pending, removed)
