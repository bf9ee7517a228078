"""The People page: find someone as you type, open, add, transfer, find duplicates, print.

The list is a lazily paged model (see people.model); typing restarts it after a short pause so
a fast typist costs one query, not one per key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QPushButton, QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.people import printouts
from rjdesk.services.people import query as people_query
from rjdesk.services.people import records as people
from rjdesk.services.people.query import OffenderRow, PeopleFilter
from rjdesk.ui.common.forms import enum_data
from rjdesk.ui.common.list_page import SEARCH_DELAY_MS, ListPage, site_filter, size_columns
from rjdesk.ui.common.widgets import print_to_preview
from rjdesk.ui.people.model import PAGE, PeopleTableModel
from rjdesk.ui.people.person_dialog import DuplicatesDialog, PersonDialog
from rjdesk.ui.people.transfer_dialog import TransferDialog

#: Column widths in average character widths (the name column takes the rest).
COLUMN_CHARS = {0: 11, 2: 12, 3: 8, 4: 13, 5: 15, 6: 14}


class PeoplePage(ListPage):
    """The people list with its filters and the actions on the selected person."""

    title = "People"
    model: PeopleTableModel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 page_size: int = PAGE, search_delay_ms: int = SEARCH_DELAY_MS) -> None:
        model = PeopleTableModel(db, actor, PeopleFilter(site_id=actor.default_site_id),
                                 page_size=page_size)
        super().__init__(db, actor, model, parent,
                         search_hint="Find by name or DOC number (Ctrl+F)",
                         search_delay_ms=search_delay_ms)
        self.may_edit = actor.may(Permission.EDIT_OFFENDERS)
        self.site_choices = sites.list_sites(db)
        self._total = 0
        self.site_filter = site_filter(self, self.site_choices, actor)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem("Any status", None)
        for status in OffenderStatus:
            self.status_filter.addItem(status.label, status)
        size_columns(self.table, COLUMN_CHARS, stretch=1)

        self.new_button = QPushButton("&New person…", self)
        self.new_button.setToolTip("Add a person (Ctrl+N)")
        self.edit_button = QPushButton("&Edit…" if self.may_edit else "&Open…", self)
        self.edit_button.setToolTip("Open the selected person (Enter or double-click)")
        self.transfer_button = QPushButton("&Transfer…", self)
        self.duplicates_button = QPushButton("Possible &duplicates…", self)
        self.print_button = QPushButton("&Print list…", self)
        self.print_button.setToolTip("Print the list of the chosen site (Ctrl+P)")
        self.new_button.clicked.connect(self.create)
        self.edit_button.clicked.connect(self.edit_selected)
        self.transfer_button.clicked.connect(lambda: self.transfer_selected())
        self.duplicates_button.clicked.connect(self.show_duplicates)
        self.print_button.clicked.connect(self.print_page)
        self.new_button.setVisible(self.may_edit)
        self.transfer_button.setVisible(self.may_edit)
        self.print_button.setVisible(actor.may(Permission.PRINT_PEOPLE))

        assert self.search is not None
        self.header.addWidget(self.search, 3)
        self.header.addWidget(self.site_filter, 2)
        self.header.addWidget(self.status_filter, 1)
        self.add_actions(self.new_button, self.edit_button, self.transfer_button,
                         self.duplicates_button, trailing=(self.print_button,))

        self.site_filter.currentIndexChanged.connect(self._site_changed)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._update_buttons)  # a reset drops the selection
        self.model.rowsInserted.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._site_changed()

    # -- filtering ---------------------------------------------------------------------------

    def current_filter(self) -> PeopleFilter:
        assert self.search is not None
        return PeopleFilter(site_id=self.site_filter.currentData(),
                            query=self.search.text().strip(),
                            status=enum_data(self.status_filter.currentData(),
                                             OffenderStatus))

    def apply_filter(self) -> None:
        super().apply_filter()
        if self.current_filter() != self.model.filter or not self.model.rows:
            self.model.set_filter(self.current_filter())
            if self.model.canFetchMore():
                self.model.fetchMore()
        self._update_buttons()

    def _site_changed(self) -> None:
        self._total = people_query.count_offenders(self.db, self.actor,
                                                   self.site_filter.currentData())
        self.apply_filter()
        self.actions_changed.emit()

    def _update_count(self) -> None:
        n = len(self.model.rows)
        more = "" if self.model.complete else " — scroll for more"
        flt = self.model.filter
        if flt.query or flt.status:
            found = "No one found" if n == 0 else f"Showing {n:,} found{more}"
            self.count_label.setText(found)
        else:
            where = self.site_filter.currentText().split(" — ")[0]
            self.count_label.setText(f"Showing {n:,} of {self._total:,} ({where}){more}")

    # -- what the main window's menus ask -----------------------------------------------------

    def new_reason(self) -> str:
        """Why New cannot be used here ("" when it can)."""
        return "" if self.may_edit else (f"Your role ({self.actor.role.label}) cannot add "
                                         f"people.")

    def print_reason(self) -> str:
        if not self.actor.may(Permission.PRINT_PEOPLE):
            return f"Your role ({self.actor.role.label}) cannot print people lists."
        if not self.site_filter.currentData():
            return "Choose one site in the site list to print its people list."
        return ""

    def refresh(self) -> None:
        """Read the rows again (after a sync, say), even when the filter is the same."""
        self._total = people_query.count_offenders(self.db, self.actor,
                                                   self.site_filter.currentData())
        self.model.set_filter(self.current_filter())
        if self.model.canFetchMore():
            self.model.fetchMore()
        self._update_buttons()
        self.actions_changed.emit()

    # -- actions on people --------------------------------------------------------------------

    def selected_row(self) -> OffenderRow | None:
        row = super().selected_row()
        return row if isinstance(row, OffenderRow) else None

    def open_selected(self) -> None:
        self.edit_selected()

    def _update_buttons(self) -> None:
        has = self.selected_row() is not None
        for button in (self.edit_button, self.transfer_button, self.duplicates_button):
            button.setEnabled(has)
        reason = self.print_reason()
        self.print_button.setEnabled(not reason)
        self.print_button.setToolTip(reason or "Print the list of the chosen site (Ctrl+P)")

    def select_person(self, offender_id: str, pages: int = 5) -> bool:
        """Select someone after a change, loading a few more pages if he is further down."""
        row = self.model.row_of(offender_id)
        while row < 0 and pages > 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(offender_id)
            pages -= 1
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _after_change(self, offender_id: str) -> None:
        """After a save: count again, reload from the top, and select the person changed."""
        self._total = people_query.count_offenders(self.db, self.actor,
                                                   self.site_filter.currentData())
        self.model.refresh()
        self.select_person(offender_id)
        self._update_buttons()

    def create(self) -> None:
        if not self.may_edit:
            return
        dialog = PersonDialog(self.db, self.actor, self.site_choices, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._after_change(dialog.saved.id)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            offender = people.get_offender(self.db, self.actor, row.id)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            self.model.refresh()
            return
        dialog = PersonDialog(self.db, self.actor, self.site_choices, offender,
                              read_only=not self.may_edit, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            saved = dialog.saved
            self._after_change(saved.id)
            if saved.site_code != offender.site_code:
                QMessageBox.information(self, "RJ Desk", f"{saved.full_name} was transferred "
                                        f"from {offender.site_code} to {saved.site_code} "
                                        f"today; the record's history keeps the move.")
        elif dialog.transfer_to:
            self.transfer_selected(to_site=dialog.transfer_to)

    def transfer_selected(self, to_site: str | None = None) -> None:
        row = self.selected_row()
        if row is None or not self.may_edit:
            return
        dialog = TransferDialog(self.db, self.actor, row, self.site_choices, parent=self)
        if to_site:
            dialog.site.setCurrentIndex(dialog.site.findData(to_site))
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._after_change(dialog.saved.id)

    def show_duplicates(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        candidates = people_query.possible_duplicates(self.db, self.actor, row.id)
        if not candidates:
            QMessageBox.information(self, "RJ Desk", f"No other record has {row.name}'s date of "
                                    f"birth and a similar name.")
            return
        dialog = DuplicatesDialog(self.db, self.actor, row, candidates, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.merged:
            self._after_change(dialog.merged.id)

    def print_page(self) -> None:
        """Print the chosen site's list into a temporary PDF off the GUI thread, then preview."""
        if self.print_reason():
            QMessageBox.information(self, "RJ Desk", self.print_reason())
            return
        site = next(s for s in self.site_choices if s.id == self.site_filter.currentData())
        db, actor = self.db, self.actor

        def work(out: Path, progress: Callable[[int, int], None]) -> int:
            return printouts.print_people_list(db, actor, site.code, out, progress=progress)

        print_to_preview(self, work, label=f"Printing the people list of {site.code}…",
                         progress_label="Printing the list…", title=f"People list {site.code}",
                         prefix=f"people-{site.code}")
