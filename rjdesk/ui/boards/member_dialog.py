"""A member of a board: the volunteer (one of the office's volunteers holding the board-member
role), the term, the day the board training was completed, and the year as chair if elected.

Saving is one service call; a refusal stays in the dialog under its field. A volunteer whose
background check has expired may be put on the board while it is renewed, but cannot sit: the
dialog says so at the volunteer before the first save, and saves on the second OK.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout,
                               QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.services.boards import boards
from rjdesk.services.boards.boards import BoardView, MemberInput, MemberView
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.volunteers.records import VolunteerRow
from rjdesk.ui.boards import board_common as bc
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon, field_row, fit_width
from rjdesk.ui.common.record_dialog import RecordDialog

FIELDS = ["volunteer_id", "term_start", "term_end", "trained_on", "chair_from", "chair_to"]


def expired_check(volunteer: VolunteerRow | None, day: date) -> str:
    """What to say at the volunteer when his or her background check has expired, or ""."""
    expires = volunteer.background_check_expires if volunteer else None
    if volunteer is None or expires is None or expires >= day:
        return ""
    return (f"{volunteer.name} has a background check that expired on {us_date(expires)}: "
            "a member cannot sit until it is renewed on the volunteer's record. Press OK "
            "again to put the volunteer on the board anyway.")


class MemberDialog(RecordDialog):
    """A new member (``member=None``) or a change to one; ``saved`` holds the MemberView."""

    discard_question = "Close without saving the member?"

    def __init__(self, db: Database, actor: Actor, board: BoardView,
                 volunteers: list[VolunteerRow], member: MemberView | None = None, *,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent, read_only=read_only)
        self.db, self.actor, self.board, self.member = db, actor, board, member
        self.saved: MemberView | None = None
        self.volunteers = {v.id: v for v in volunteers}
        self._warned = ""  # the volunteer already warned of an expired check
        self.setWindowTitle(f"{member.name if member else 'New board member'} — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(f"{board.name} ({board.site_code}).\nVolunteers of the office who hold "
                       "the board-member role. Dates are written MM/DD/YYYY.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.volunteer = QComboBox()
        on_board = {m.volunteer_id for m in board.members}
        if member is not None:
            self.volunteer.addItem(member.name, member.volunteer_id)
            self.volunteer.setEnabled(False)
            self.volunteer.setToolTip("A member's term changes here; another volunteer is "
                                      "a new member.")
        else:
            self.volunteer.addItem("Choose a volunteer…", "")
            for v in volunteers:
                if v.id not in on_board and v.active:
                    check = (f" — check to {us_date(v.background_check_expires)}"
                             if v.background_check_expires else " — no check on file")
                    self.volunteer.addItem(f"{v.name}{check}", v.id)
        today = bc.today()
        self.term_start = bc.date_edit(member.term_start if member else today)
        self.term_end = bc.date_edit(member.term_end if member else None)
        self.trained_on = bc.date_edit(member.trained_on if member else None,
                                       "MM/DD/YYYY (blank: not yet trained)")
        self.chair_from = bc.date_edit(member.chair_from if member else None,
                                       "MM/DD/YYYY (blank: not chair)")
        self.chair_to = bc.date_edit(member.chair_to if member else None,
                                     "at most a year after the first day")
        field_row(form, "&Volunteer", "volunteer_id", self.volunteer)
        field_row(form, "Term &starts", "term_start", self.term_start)
        field_row(form, "Term &ends", "term_end", self.term_end)
        field_row(form, "&Trained on", "trained_on", self.trained_on)
        field_row(form, "&Chair from", "chair_from", self.chair_from)
        field_row(form, "Chair &to", "chair_to", self.chair_to)
        layout.addLayout(form)
        form_error = QLabel()
        form_error.setObjectName("form_error")
        form_error.setStyleSheet(ERROR_LABEL_STYLE)
        layout.addWidget(form_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, FIELDS)
        self.connect_buttons(buttons)
        if read_only:
            for widget in (self.volunteer, self.term_start, self.term_end, self.trained_on,
                           self.chair_from, self.chair_to):
                widget.setEnabled(False)
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.mark_clean()
        fit_width(self, 520)

    def choose(self, volunteer_id: str) -> bool:
        """Choose a volunteer offered in the list; False when he or she is not offered."""
        index = self.volunteer.findData(volunteer_id)
        if index >= 0:
            self.volunteer.setCurrentIndex(index)
        return index >= 0

    # -- saving ------------------------------------------------------------------------------

    def snapshot(self) -> tuple:
        return (self.volunteer.currentData(), self.term_start.text(), self.term_end.text(),
                self.trained_on.text(), self.chair_from.text(), self.chair_to.text())

    def build_request(self) -> MemberInput | None:
        bad: dict[str, str] = {}
        volunteer_id = str(self.volunteer.currentData() or "")
        if not volunteer_id:
            bad["volunteer_id"] = "Choose the volunteer who sits on the board."
        start = bc.read_date(self.term_start, "term_start", bad,
                             required="Enter the first day of the term.")
        end = bc.read_date(self.term_end, "term_end", bad,
                           required="Enter the last day of the term.")
        trained = bc.read_date(self.trained_on, "trained_on", bad)
        chair_from = bc.read_date(self.chair_from, "chair_from", bad)
        chair_to = bc.read_date(self.chair_to, "chair_to", bad)
        if not bad and self.member is None and volunteer_id != self._warned and (
                warning := expired_check(self.volunteers.get(volunteer_id), bc.today())):
            self._warned = volunteer_id
            bad["volunteer_id"] = warning
        if bad:
            assert self.errors is not None
            self.errors.show(bad)
            return None
        assert start is not None and end is not None
        return MemberInput(volunteer_id, start, end, trained, chair_from, chair_to)

    def submit(self, request: MemberInput) -> MemberView:
        return boards.save_member(self.db, self.actor, self.board.id, request,
                                  today=bc.today())
