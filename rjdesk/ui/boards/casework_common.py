"""What the case and court report screens share: the day they compare with, dates and hours
read from what is typed (saying why at the field), the red of what is late, and printing a
boards paper into the preview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.common.forms import DateEntryError, parse_us_date
from rjdesk.ui.common.widgets import print_to_preview

#: Late tasks and cases with late tasks, everywhere in these screens (the text says it too).
RED = "#b3261e"
GREY = "#6b6b6b"


def today() -> date:
    """The day the screens compare with (one place, so a test can hold the clock)."""
    return date.today()


def read_date(edit: QLineEdit, field: str, label: str, bad: dict[str, str], *,
              required: bool = True) -> date | None:
    """The date typed in ``edit`` (MM/DD/YYYY); a message under ``field`` in ``bad`` if none."""
    try:
        found = parse_us_date(edit.text())
    except DateEntryError as exc:
        bad[field] = str(exc)
        return None
    if found is None and required:
        bad[field] = f"Enter the {label} (MM/DD/YYYY)."
    return found


def read_hours(edit: QLineEdit, field: str, bad: dict[str, str], *,
               required: bool = True) -> float | None:
    text = edit.text().replace(",", "").strip()
    if not text:
        if required:
            bad[field] = "Enter the hours, such as 4 or 2.5."
        return None
    try:
        return float(text)
    except ValueError:
        bad[field] = f"“{edit.text().strip()}” is not a number of hours; write it as 4 or 2.5."
        return None


def hours_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def may_print_cases(actor: Actor) -> bool:
    return actor.may(Permission.VIEW_BOARDS) and actor.may(Permission.PRINT_PEOPLE)


def may_print_victims(actor: Actor) -> bool:
    return actor.may(Permission.EDIT_COURT_REPORTS) and actor.may(Permission.PRINT_PEOPLE)


def preview_paper(parent: QWidget, db: Database, actor: Actor, which: str, record_id: str,
                  title: str) -> None:
    """A boards paper (``board_report``, ``agreement``, ``victim_impact``) written off the GUI
    thread into a temporary PDF, then shown in the preview to print or save."""
    from rjdesk.services.boards import printouts

    make: Callable[..., object] = {"board_report": printouts.print_board_report,
                                   "agreement": printouts.print_agreement,
                                   "victim_impact": printouts.print_victim_impact}[which]

    def work(out: Path, _progress: Callable[[int, int], None]) -> int:
        make(db, actor, record_id, out, today=today())
        return 1

    print_to_preview(parent, work, label=f"Making the {title.lower()}…", title=title,
                     prefix=which.replace("_", "-"))
