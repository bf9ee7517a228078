"""The Volunteers page: community volunteers, a page at a time, with add and change."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QComboBox, QDialog, QHeaderView, QMessageBox, QPushButton, QWidget

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.volunteers import records as volunteers
from rjdesk.services.volunteers.expiring import expiry_state, state_text
from rjdesk.services.volunteers.records import VolunteerRow
from rjdesk.ui.common.forms import enum_data
from rjdesk.ui.common.list_page import ListPage, site_filter
from rjdesk.ui.common.table_model import PagedRowsModel
from rjdesk.ui.volunteers.dialog import VolunteerDialog
from rjdesk.ui.volunteers.expiring_view import ExpiringDialog
from rjdesk.ui.volunteers.marks import BACKGROUND, TEXT

PAGE = 200
#: Short words over the columns, so each is read whole on a 1024-wide screen; the long form is
#: each header's tooltip.
COLUMNS = ("Name", "Site", "Roles", "Check expires", "Active")
COLUMN_TIPS = ("Last name, first name",
               "The site the volunteer serves",
               "What the volunteer is cleared to do: board member, victim speaker, project "
               "supervisor",
               "Background check expires — red once expired, amber within 30 days",
               "Active: the volunteer still serves (No: kept on record, not booked)")
NAME, SITE, ROLES, CHECK, ACTIVE = range(len(COLUMNS))


def _expires_text(row: VolunteerRow, state: str) -> str:
    suffix = {"expired": " (expired)", "soon": " (expires soon)"}.get(state, "")
    return us_date(row.background_check_expires) + suffix


class VolunteersTableModel(PagedRowsModel):
    """Volunteers loaded so far and the keyset cursor of the next page."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, *, page_size: int = PAGE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.page_size = db, actor, page_size
        self.site_id: str | None = actor.default_site_id
        self.query = ""
        self.role: VolunteerRole | None = None
        self.today = date.today()
        self.rows: list[VolunteerRow] = []

    def cell(self, row: VolunteerRow, column: int, role: int) -> object:
        state = expiry_state(row.background_check_expires, self.today) if row.active else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.site_code, row.roles, _expires_text(row, state),
                    "Yes" if row.active else "No")[column]
        if column == ROLES and role == Qt.ItemDataRole.ToolTipRole:
            return row.roles  # whole, where a narrow column cuts it short
        if column == CHECK and state:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(TEXT[state])
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(BACKGROUND[state])
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Background check " + state_text(row.background_check_expires,
                                                        self.today) + "."
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[section] if 0 <= section < len(COLUMN_TIPS) else None
        return super().headerData(section, orientation, role)

    def fetch_page(self, cursor: tuple[str, str] | None) -> tuple[list, tuple[str, str] | None]:
        return volunteers.list_volunteers(self.db, self.actor, self.site_id, query=self.query,
                                          role=self.role, after=cursor, limit=self.page_size)

    def set_filter(self, site_id: str | None, query: str, role: VolunteerRole | None) -> None:
        self.beginResetModel()
        self.site_id, self.query, self.role = site_id, query, role
        self.start_over()
        self.today = date.today()
        self.endResetModel()


class VolunteersPage(ListPage):
    """Find volunteers by name, site and role; coordinators add and change them."""

    title = "Volunteers"
    model: VolunteersTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 page_size: int = PAGE) -> None:
        super().__init__(db, actor, VolunteersTableModel(db, actor, page_size=page_size),
                         parent, search_hint="Find a volunteer by name (Ctrl+F)")
        self.may_edit = actor.may(Permission.EDIT_VOLUNTEERS)
        self.site_choices = sites.list_sites(db)
        self.site_filter = site_filter(self, self.site_choices, actor)
        self.role_filter = QComboBox(self)
        self.role_filter.addItem("Any role", None)
        for role in VolunteerRole:
            self.role_filter.addItem(role.label, role)
        self._size_columns()
        self.new_button = QPushButton("&New volunteer…", self)
        self.new_button.setToolTip("Add a volunteer (Ctrl+N)")
        self.new_button.setVisible(self.may_edit)
        self.new_button.clicked.connect(self.create)
        self.edit_button = QPushButton("&Edit…" if self.may_edit else "&Open…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.expiring_button = QPushButton("E&xpiring credentials…", self)
        self.expiring_button.setToolTip("Background checks, trainings and speakers' consent "
                                        "that lapse in the next 30, 60 or 90 days")
        self.expiring_button.clicked.connect(self.show_expiring)
        assert self.search is not None
        self.header.addWidget(self.search, 3)
        self.header.addWidget(self.site_filter, 2)
        self.header.addWidget(self.role_filter, 1)
        self.add_actions(self.new_button, self.edit_button, self.expiring_button)
        self.site_filter.currentIndexChanged.connect(self.apply_filter)
        self.role_filter.currentIndexChanged.connect(self.apply_filter)
        self.model.modelReset.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.apply_filter()

    def _size_columns(self) -> None:
        """The name takes what is left; the site, the date and Yes/No are as wide as what they
        show (header included), so nothing there is cut; the roles get room for all of them."""
        header = self.table.horizontalHeader()
        every_role = ", ".join(role.label for role in VolunteerRole)
        header.resizeSection(ROLES, self.table.fontMetrics().horizontalAdvance(every_role) + 16)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (SITE, CHECK, ACTIVE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def apply_filter(self) -> None:
        super().apply_filter()
        assert self.search is not None
        self.model.set_filter(self.site_filter.currentData(), self.search.text().strip(),
                              enum_data(self.role_filter.currentData(), VolunteerRole))
        if self.model.canFetchMore():
            self.model.fetchMore()

    def _update(self) -> None:
        n = len(self.model.rows)
        more = "" if self.model.complete else " — scroll for more"
        self.count_label.setText(("No volunteers found" if n == 0 else f"Showing {n:,}") + more)
        self.edit_button.setEnabled(self.selected_row() is not None)

    def new_reason(self) -> str:
        return "" if self.may_edit else (f"Your role ({self.actor.role.label}) cannot add "
                                         f"volunteers.")

    def print_reason(self) -> str:
        return "There is no printout of the volunteer list yet."

    def refresh(self) -> None:
        self.apply_filter()

    def selected_row(self) -> VolunteerRow | None:
        row = super().selected_row()
        return row if isinstance(row, VolunteerRow) else None

    def open_selected(self) -> None:
        self.edit_selected()

    def create(self) -> None:
        if not self.may_edit:
            return
        dialog = VolunteerDialog(self.db, self.actor, self.site_choices, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_filter()

    def show_expiring(self) -> ExpiringDialog:
        dialog = ExpiringDialog(self.db, self.actor, self.site_choices,
                                open_volunteer=self.open_volunteer, parent=self)
        index = dialog.site.findData(self.site_filter.currentData())
        dialog.site.setCurrentIndex(max(0, index))
        self.expiring_dialog = dialog  # kept alive while open
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_volunteer(row.id)

    def open_volunteer(self, volunteer_id: str) -> None:
        try:
            volunteer = volunteers.get_volunteer(self.db, self.actor, volunteer_id)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        dialog = VolunteerDialog(self.db, self.actor, self.site_choices, volunteer,
                                 read_only=not self.may_edit, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self.apply_filter()
