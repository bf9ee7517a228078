"""The board page: the board of an office (the user's own when it is one), opened with one
button while it has none, and its members with their term, training, background check, chair,
and whether each can sit today — in red with the reason when not. Add member… and Edit
member… (Enter) open the member dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.boards import boards
from rjdesk.services.boards.boards import BoardView, MemberView
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.volunteers import records as volunteers
from rjdesk.services.volunteers.records import VolunteerRow
from rjdesk.ui.boards import board_common as bc
from rjdesk.ui.boards.member_dialog import MemberDialog
from rjdesk.ui.common.list_page import ListPage
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine

COLUMNS = ("Member", "Term", "Trained", "Check expires", "Chair", "Can sit today")


def term_text(m: MemberView) -> str:
    return f"{us_date(m.term_start)} – {us_date(m.term_end)}"


def chair_text(m: MemberView) -> str:
    """"to 12/31/2026" for the chair of the day, "from …" or "was, to …" for another year."""
    if m.chair_from is None or m.chair_to is None:
        return ""
    if m.chair:
        return f"to {us_date(m.chair_to)}"
    return f"from {us_date(m.chair_from)}" if m.chair_from > bc.today() else \
        f"was, to {us_date(m.chair_to)}"


class MembersTableModel(RowsTableModel):
    """The members of one board as seen today, with each one's background check expiry."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MemberView] = []
        self.checks: dict[str, VolunteerRow] = {}

    def cell(self, row: MemberView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            volunteer = self.checks.get(row.volunteer_id)
            expires = volunteer.background_check_expires if volunteer else None
            return (row.name, term_text(row),
                    us_date(row.trained_on) if row.trained_on else "not trained",
                    us_date(expires) if expires else "—", chair_text(row),
                    "Yes" if row.can_sit else f"No: {row.problem}")[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 5 and not row.can_sit:
                return QBrush(bc.FLAG_TEXT)
            if column == 2 and row.trained_on is None:
                return QBrush(bc.FLAG_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and not row.can_sit:
            return f"{row.name} {row.problem}: the member stays on the board but cannot sit."
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.chair_from and \
                row.chair_to:
            return f"Chair from {us_date(row.chair_from)} to {us_date(row.chair_to)}"
        if role == Qt.ItemDataRole.FontRole and column == 4 and row.chair:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def show(self, board: BoardView | None, checks: list[VolunteerRow]) -> None:
        self.beginResetModel()
        self.rows = list(board.members) if board else []
        self.checks = {v.id: v for v in checks}
        self.endResetModel()


class BoardPage(ListPage):
    """The board of the chosen office and its members."""

    title = "Board"
    model: MembersTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, MembersTableModel(), parent,
                         intro="Members who cannot sit today (term ended, training not "
                               "completed, background check expired) stay on the board in "
                               "red until it is put right; a meeting counts only those who "
                               "may sit.")
        self.site_choices = sites.list_sites(db)
        self.board: BoardView | None = None
        self.volunteers: list[VolunteerRow] = []
        self.dialog: MemberDialog | None = None
        self.office = bc.office_combo(self, self.site_choices, actor)
        self.heading = QLabel(self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("&Open the board", self)
        self.open_button.setToolTip("Open the board of this office")
        self.open_button.clicked.connect(self.open_board)
        self.header.addWidget(bc.office_label(self, self.office))
        self.header.addWidget(self.office)
        self.header.addSpacing(12)
        self.header.addWidget(self.open_button)
        self.header.addStretch(1)
        self.layout().insertWidget(1, self.heading)  # the board's name, under the office
        bc.fit_columns(self.table, {0: "NGUYỄN, Thị Lan Ab", 1: "00/00/0000 – 00/00/0000",
                                    2: "not trained", 3: "Check expires",
                                    4: "was, to 00/00/0000"}, stretch=5)
        self.add_button = QPushButton("&Add member…", self)
        self.add_button.setToolTip("Put a volunteer on the board (Ctrl+N)")
        self.add_button.clicked.connect(self.create)
        self.edit_button = QPushButton("&Edit member…", self)
        self.edit_button.setToolTip("Change the selected member's term, training or chair "
                                    "(Enter or double-click)")
        self.edit_button.clicked.connect(self.open_selected)
        self.message = MessageLine(self)
        self.add_actions(self.add_button, self.edit_button, message=self.message)
        self.office.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()

    # -- what the main window asks -----------------------------------------------------------

    def site_code(self) -> str:
        return str(self.office.currentData() or "")

    def may_change(self) -> bool:
        return bc.may_run(self.actor, self.site_code())

    def new_reason(self) -> str:
        if not self.actor.may(Permission.RUN_BOARDS):
            return f"Your role ({self.actor.role.label}) cannot run boards."
        if not self.may_change():
            return f"You run the board of your own office ({self.actor.site_code}) only."
        if self.board is None:
            return f"{self.site_code()} has no board yet: open it first."
        return ""

    def refresh(self) -> None:
        selected = self.selected_row()
        code = self.site_code()
        try:
            self.board = boards.board_for_site(self.db, self.actor, code,
                                               today=bc.today()) if code else None
            site_id = self.board.site_id if self.board else ""
            self.volunteers = self._board_volunteers(site_id) if site_id else []
        except Refused as exc:
            self.board, self.volunteers = None, []
            self.message.say(exc.message, "error")
        self.model.show(self.board, self.volunteers)
        if self.board is None:
            self.heading.setText(f"{code or 'No office'} has no board yet." if code
                                 else "There is no Probation and Parole office.")
        else:
            chair = self.board.chair()
            self.heading.setText(f"<b>{self.board.name}</b>" +
                                 (f" — chair: {chair.name}" if chair else " — no chair today"))
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.table.selectRow(row)
        elif self.model.rows:
            self.table.selectRow(0)
        self._update()
        self.actions_changed.emit()

    def _board_volunteers(self, site_id: str) -> list[VolunteerRow]:
        """Every volunteer of the office holding the board-member role (a few tens)."""
        found: list[VolunteerRow] = []
        after = None
        while True:
            rows, after = volunteers.list_volunteers(self.db, self.actor, site_id,
                                                     role=VolunteerRole.BOARD_MEMBER,
                                                     after=after)
            found.extend(rows)
            if after is None:
                return found

    def _update(self) -> None:
        members = self.model.rows
        may = self.may_change()
        self.open_button.setVisible(self.board is None and may and bool(self.site_code()))
        self.add_button.setVisible(self.actor.may(Permission.RUN_BOARDS))
        self.add_button.setEnabled(self.board is not None and may)
        self.edit_button.setText("&Edit member…" if may else "&Open member…")
        self.edit_button.setEnabled(self.selected_row() is not None)
        away = sum(1 for m in members if not m.can_sit)
        text = f"{len(members)} member{'s' if len(members) != 1 else ''}" if members \
            else "No members"
        if away:
            text += f", {away} cannot sit today"
        self.count_label.setText(text)

    def selected_row(self) -> MemberView | None:
        row = super().selected_row()
        return row if isinstance(row, MemberView) else None

    # -- actions -----------------------------------------------------------------------------

    def open_board(self) -> None:
        try:
            board = boards.open_board(self.db, self.actor, self.site_code(), today=bc.today())
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self.refresh()
        self.message.say(f"Opened: {board.name}. Add its members next.", "ok")

    def create(self) -> None:
        if self.new_reason() or self.board is None:
            return
        self._run(MemberDialog(self.db, self.actor, self.board, self.volunteers, parent=self))

    def open_selected(self) -> MemberDialog | None:
        member = self.selected_row()
        if member is None or self.board is None:
            return None
        dialog = MemberDialog(self.db, self.actor, self.board, self.volunteers, member,
                              read_only=not self.may_change(), parent=self)
        self._run(dialog)
        return dialog

    def _run(self, dialog: MemberDialog) -> None:
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            saved: MemberView = dialog.saved
            self.refresh()
            if (row := self.model.row_of(saved.id)) >= 0:
                self.table.selectRow(row)
            if saved.problem:
                self.message.say(f"Saved. {saved.name} {saved.problem}, and cannot sit "
                                 "until that is put right.", "warn")
            else:
                self.message.say(f"Saved: {saved.name} may sit.", "ok")
