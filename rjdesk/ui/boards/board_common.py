"""What the board and meeting screens share: the day they compare with (one place, so a test
can hold the clock), the P&P offices a board sits at, dates as people type them, the quorum in
words, and a meeting's papers printed into the preview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QLineEdit, QTableView, QWidget

from rjdesk.domain.boards.rules import QUORUM
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.boards.meetings import MeetingView
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, DateEntryError, parse_us_date
from rjdesk.ui.common.jobs import report_error
from rjdesk.ui.common.widgets import print_to_preview

#: The red of a member who may not sit, and the grey of what is past.
FLAG_TEXT = QColor("#b3261e")
GREY = QColor("#8a8a8a")


def today() -> date:
    """The day the board screens work on; tests replace this function, never the clock."""
    return date.today()


def offices(choices: list[SiteView]) -> list[SiteView]:
    """The Probation and Parole offices, where boards sit, in code order."""
    return sorted((s for s in choices if s.kind is SiteKind.PP_OFFICE), key=lambda s: s.code)


def office_combo(parent: QWidget, choices: list[SiteView], actor: Actor) -> QComboBox:
    """The offices to choose from, on the actor's own office when it is one (the first office
    otherwise: an administrator at a correctional center looks at some board)."""
    combo = QComboBox(parent)
    for site in offices(choices):
        combo.addItem(site.label, site.code)
    combo.setCurrentIndex(max(0, combo.findData(actor.site_code)))
    combo.setMinimumContentsLength(30)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def fit_columns(table: QTableView, samples: dict[int, str], stretch: int) -> None:
    """Each column as wide as its sample text (dates are wider than average letters); the
    ``stretch`` column takes the rest."""
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    for column, sample in samples.items():
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def office_label(parent: QWidget, combo: QComboBox) -> QLabel:
    label = QLabel("O&ffice", parent)
    label.setBuddy(combo)
    return label


def date_edit(value: date | None = None, placeholder: str = "MM/DD/YYYY") -> QLineEdit:
    edit = QLineEdit(us_date(value) if value else "")
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(10)
    return edit


def read_date(edit: QLineEdit, field: str, bad: dict[str, str], *,
              required: str = "") -> date | None:
    """The date in ``edit``; what cannot be read (or a blank ``required`` one) goes to ``bad``
    under ``field`` with the words to say at the field."""
    try:
        found = parse_us_date(edit.text())
    except DateEntryError as exc:
        bad[field] = str(exc)
        return None
    if found is None and required:
        bad[field] = required
    return found


def may_run(actor: Actor, site_code: str) -> bool:
    """Whether the actor runs the board of ``site_code`` (his own office, or any for a role
    over every site); the services say the same again, and have the last word."""
    return actor.may(Permission.RUN_BOARDS) and (
        actor.site_code == site_code or actor.may(Permission.ALL_SITES))


def quorum_text(eligible: int) -> str:
    """"3 of 3 needed present": the members present who may sit, against the quorum."""
    text = f"{eligible} of {QUORUM} needed present"
    return f"{text}: the board may decide" if eligible >= QUORUM else \
        f"{text}: no decision without a quorum"


def error_label(name: str) -> QLabel:
    """The hidden line under a widget where the message of the field ``name`` shows."""
    label = QLabel()
    label.setObjectName(f"{name}_error")
    label.setStyleSheet(ERROR_LABEL_STYLE)
    label.setWordWrap(True)
    return label


def print_meeting_paper(parent: QWidget, db: Database, actor: Actor, meeting: MeetingView,
                        which: str, refused: Callable[[str], None]) -> None:
    """A meeting's agenda (``which="agenda"``) or minutes, written off the GUI thread into a
    temporary PDF, then previewed to print; a refusal goes to ``refused``."""
    from rjdesk.services.boards import printouts

    render = printouts.print_agenda if which == "agenda" else printouts.print_minutes
    meeting_id = meeting.id

    def work(out: Path, progress: Callable[[int, int], None]) -> int:
        render(db, actor, meeting_id, out, today=today(), progress=progress)
        return 1

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Refused):
            refused(exc.message)
        else:
            report_error(parent, exc)

    print_to_preview(parent, work, label=f"Making the meeting's {which}…",
                     title=f"Board meeting {us_date(meeting.held_on)} — {which}",
                     prefix=f"board-{which}", on_error=failed)
