"""Importing hours from the spreadsheets coordinators keep: a CSV with the columns
``doc_number,project,date,hours``, one line per person, project and day.

All or nothing, as the people import: every bad line is named with its number and reason at
once, and a file that cannot be imported whole changes nothing. Each line passes the very check
the hours grid uses (``hours_check``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people import rules as people_rules
from rjdesk.domain.people.models import Offender
from rjdesk.domain.reparative.models import Project
from rjdesk.services.core.context import Actor, acting, audit, require
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.reparative.hours_check import CHUNK, Claim, check, follow_merges, write
from rjdesk.store.database import Database

COLUMNS = ("doc_number", "project", "date", "hours")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class ImportResult:
    saved: int
    pending: int  # of those saved, how many wait for approval


class ImportErrors(InvalidInput):
    """Some lines are wrong; ``bad_lines`` names each (line number, reason). Nothing was
    saved. ``lines()`` is the message and each problem, as every import's refusal says it."""

    def __init__(self, file_name: str, lines: list[tuple[int, str]]) -> None:
        count = len({n for n, _ in lines})
        super().__init__(f"{file_name}: {count} {'line has' if count == 1 else 'lines have'} "
                         "problems, so nothing was imported. Correct them and import the file "
                         "again.", "file")
        self.bad_lines = lines

    def lines(self) -> list[str]:
        return [self.message, *(f"line {n}: {why}" for n, why in self.bad_lines)]


def parse_date(text: str) -> date | None:
    """MM/DD/YYYY or YYYY-MM-DD; None when it is neither, or no such day."""
    try:
        if m := _US_DATE.fullmatch(text):
            return date(int(m[3]), int(m[1]), int(m[2]))
        if m := _ISO_DATE.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, values by column) of every line that is not blank; the header first."""
    if path.suffix.lower() not in (".csv", ".txt"):
        raise InvalidInput(f"{path.name}: hours are imported from a CSV file (in Excel: Save "
                           "As “CSV UTF-8”).", "file")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = [h.strip().lower() for h in next(reader, [])]
            missing = [c for c in COLUMNS if c not in header]
            twice = sorted({h for h in header if h and header.count(h) > 1})
            if missing or twice:
                what = (f"{', '.join(missing)} missing" if missing else
                        f"{', '.join(twice)} named more than once")
                raise InvalidInput(f"{path.name}: the first line must name the columns "
                                   f"{','.join(COLUMNS)}; {what}.", "file")
            start = reader.line_num + 1
            for values in reader:
                if any(v.strip() for v in values):
                    yield start, {h: (values[i].strip() if i < len(values) else "")
                                  for i, h in enumerate(header)}
                start = reader.line_num + 1
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is not UTF-8 text; save it as “CSV UTF-8”.",
                           "file") from None
    except csv.Error as exc:
        raise InvalidInput(f"{path.name}: {exc}.", "file") from None


def _offenders(tx: Session, numbers: list[str]) -> dict[str, Offender]:
    """The people by DOC number (the record kept, for one merged into another)."""
    found: dict[str, Offender] = {}
    for start in range(0, len(numbers), CHUNK):
        for o in tx.scalars(select(Offender).where(
                Offender.doc_number.in_(numbers[start:start + CHUNK]))):
            kept = follow_merges(tx, o)
            if kept is not None:
                found[o.doc_number] = kept
    return found


def _parse(line: int, raw: dict[str, str], projects: dict[str, Project],
           site_code: str) -> tuple[str, str, date, float] | str:
    """(DOC number, project id, day, hours) of a line, or why it cannot be read."""
    problems = []
    doc = ""
    try:
        doc = people_rules.normalize_doc_number(raw["doc_number"])
    except people_rules.RuleError as exc:
        problems.append(exc.message)
    project = projects.get(people_rules.fold(raw["project"]))
    if not raw["project"]:
        problems.append("Enter the project's name.")
    elif project is None:
        problems.append(f"{site_code} has no project named “{raw['project']}”.")
    day = parse_date(raw["date"])
    if day is None:
        problems.append(f"“{raw['date']}” is not a date; write it as 12/01/2026 or "
                        "2026-12-01." if raw["date"] else "Enter the date.")
    try:
        hours = float(raw["hours"].replace(",", "."))
    except ValueError:
        problems.append(f"“{raw['hours']}” is not a number of hours." if raw["hours"]
                        else "Enter the hours.")
    if problems or project is None or day is None:
        return " ".join(problems)
    return doc, project.id, day, hours


def import_hours(db: Database, actor: Actor, path: Path, *,
                 today: date | None = None) -> ImportResult:
    """Save every line of the file in one transaction, or none (``ImportErrors``)."""
    require(actor, Permission.RUN_REPARATIVE)
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"There is no file {path}.", "file")
    with acting(db, actor) as tx:
        projects = {people_rules.fold(p.name): p for p in tx.scalars(
            select(Project).where(Project.site_id == actor.site_id))}
        problems: dict[int, list[str]] = {}
        parsed: list[tuple[int, tuple[str, str, date, float]]] = []
        for line, raw in _rows(path):
            result = _parse(line, raw, projects, actor.site_code)
            if isinstance(result, str):
                problems.setdefault(line, []).append(result)
            else:
                parsed.append((line, result))
        if not parsed and not problems:
            raise InvalidInput(f"{path.name} has no hours in it, only a header.", "file")
        offenders = _offenders(tx, sorted({doc for _, (doc, *_) in parsed}))
        claims: list[Claim] = []
        lines: list[int] = []
        first: dict[tuple[str, str, date], int] = {}
        for line, (doc, project_id, day, hours) in parsed:
            offender = offenders.get(doc)
            if offender is None:
                problems.setdefault(line, []).append(f"No one has the DOC number {doc}.")
                continue
            key = (offender.id, project_id, day)
            if key in first:
                problems.setdefault(line, []).append(
                    f"The same person, project and date are on line {first[key]}; put the "
                    "day's hours on one line.")
                continue
            first[key] = line
            claims.append(Claim(offender.id, project_id, day, hours))
            lines.append(line)
        checked = check(tx, actor, claims, today or date.today())
        for i, message in checked.problems.items():
            problems.setdefault(lines[i], []).append(message)
        if problems:
            raise ImportErrors(path.name, [(n, " ".join(m)) for n, m in sorted(problems.items())])
        saved = write(tx, actor, claims, checked)
        audit(tx, actor, "import", "reparative_hours", None,
              f"{path.name}: {saved.saved} entries ({saved.pending} waiting for approval)")
        return ImportResult(saved.saved, saved.pending)
