"""Reparative work's pure rules: record keys, slip numbers, where an offender was on a day,
the recipient duplicate key and stock. No database, no clock: pass ``today`` in."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rjdesk.domain.people.rules import fold

NAMESPACE = uuid.UUID("5d1c9e2a-8b7f-4a36-9e0d-2f6b8c4a1e73")

#: Most hours one person can work in one day, across every project and workstation.
MAX_DAY_HOURS = 24.0
#: The daily amount above which an entry waits for approval, unless a site sets its own.
DEFAULT_APPROVAL_ABOVE = 8.0


def _key(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def project_key(site_id: str, name: str) -> str:
    return _key("project", site_id, fold(name))


def supervisor_key(project_id: str, volunteer_id: str) -> str:
    return _key("supervisor", project_id, volunteer_id)


def hours_key(offender_id: str, project_id: str, day: date) -> str:
    return _key("hours", offender_id, project_id, day.isoformat())


def volunteer_hours_key(volunteer_id: str, project_id: str, day: date) -> str:
    return _key("volunteer-hours", volunteer_id, project_id, day.isoformat())


def item_type_key(name: str, unit: str) -> str:
    return _key("item", fold(name), unit)


def production_key(project_id: str, item_type_id: str, day: date) -> str:
    return _key("production", project_id, item_type_id, day.isoformat())


def delivery_key(slip_number: str) -> str:
    return _key("delivery", slip_number.strip().upper())


def line_key(delivery_id: str, item_type_id: str, project_id: str | None) -> str:
    return _key("line", delivery_id, item_type_id, project_id or "")


_ORG_WORDS = re.compile(r"\b(the|inc|incorporated|llc|of|and|co|corp|corporation)\b")


def match_key(name: str) -> str:
    """An organization's name as the duplicate check compares it: folded, without
    punctuation, "The", "Inc.", "of" and "and" (so "The Salvation Army, Inc." is
    "salvation army")."""
    words = re.sub(r"[^\w\s]", " ", fold(name).replace("&", " and "))
    return " ".join(_ORG_WORDS.sub(" ", words).split())


def recipient_key(kind: str, name: str, address: str) -> str:
    return _key("recipient", kind, match_key(name), fold(address))


def round2(value: float) -> float:
    return round(float(value) + 0.0, 2)


# -- slip numbers ------------------------------------------------------------------------------

#: Site codes may hold a hyphen (PP-01, CSC-STJ): the year and the number anchor the end.
SLIP_RULE = re.compile(r"^([A-Z0-9][A-Z0-9-]{1,9})-(\d{4})-(\d{5,})$")


@dataclass(frozen=True)
class SlipNumber:
    """``JCCC-2026-10042``: site code, year, then the workstation's desk number within its
    site followed by its own four-digit count. Each enrolled workstation of a site has its own
    desk number (given when it joins, never reused), so two workstations can never issue one
    number, offline or not; it reads well over the phone."""

    site_code: str
    year: int
    desk: int
    count: int

    def __str__(self) -> str:
        return f"{self.site_code}-{self.year:04d}-{self.desk}{self.count:04d}"


def parse_slip(text: str) -> SlipNumber | None:
    """A slip number as typed or scanned (any case, spaces around); None if it is not one."""
    found = SLIP_RULE.match(text.strip().upper())
    if not found:
        return None
    tail = found.group(3)
    return SlipNumber(found.group(1), int(found.group(2)), int(tail[:-4]), int(tail[-4:]))


MAX_SLIPS_PER_DESK = 9999


# -- where an offender was ---------------------------------------------------------------------

@dataclass(frozen=True)
class Move:
    """A transfer as the rule needs it."""

    on: date
    from_site: str
    to_site: str


def at_site_on(current_site: str, moves: Iterable[Move], site: str, day: date) -> bool:
    """Whether an offender was at ``site`` on ``day``, from his transfers: he is at a site
    from the day he was moved there until the day he was moved away (both days count, the
    day of a move belongs to both sites). With no transfer on file he has always been where
    he is now."""
    ordered = sorted(moves, key=lambda m: m.on)
    if not ordered:
        return site == current_site
    # where he was before the first move, then after each
    stays: list[tuple[date | None, date | None, str]] = []
    start: date | None = None
    where = ordered[0].from_site
    for move in ordered:
        stays.append((start, move.on, where))
        start, where = move.on, move.to_site
    stays.append((start, None, where))
    return any(s == site and (a is None or a <= day) and (b is None or day <= b)
               for a, b, s in stays)


# -- stock -------------------------------------------------------------------------------------

def committed(status: str, ordered: float, delivered: float | None) -> float:
    """How much of a delivery line is out of stock: what went out once delivered, what is set
    aside while prepared, nothing once cancelled."""
    if status == "cancelled":
        return 0.0
    if status in ("delivered", "received") and delivered is not None:
        return delivered
    return ordered
