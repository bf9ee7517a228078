"""How dates and times read on screen and paper, written once (US usage, as DOC's forms)."""

from __future__ import annotations

from datetime import date, datetime

US_DATE = "%m/%d/%Y"
US_DATE_TIME = "%m/%d/%Y %H:%M"


def us_date(value: date | None) -> str:
    """``04/12/1988``; blank for no date."""
    return value.strftime(US_DATE) if value else ""


def us_date_time(value: datetime | None) -> str:
    """``04/12/2026 14:05``; blank for no time."""
    return value.strftime(US_DATE_TIME) if value else ""
