"""Adding and correcting an offender record, and folding a duplicate record into the right one.

The dialogs get their data already loaded; saving is one service call, and a refusal keeps the
dialog open with each message under its field. Dates are typed (MM/DD/YYYY) so that a date not
entered stays visibly blank instead of defaulting to some day.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.core.sites import SiteView
from rjdesk.services.people import records as people
from rjdesk.services.people.query import DuplicateCandidate, OffenderRow
from rjdesk.services.people.records import OffenderInput, OffenderView
from rjdesk.ui.common.forms import (READ_ONLY_STYLE, DateEntryError, FieldErrors, app_icon, child,
                                    enum_data, fit_width, load_form, parse_us_date,
                                    show_read_only)
from rjdesk.ui.common.record_dialog import RecordDialog

TEXT_FIELDS = ["doc_number", "last_name", "first_name", "middle_name", "date_of_birth",
               "projected_release_date", "housing_unit"]
FIELDS = ["doc_number", "last_name", "first_name", "middle_name", "date_of_birth", "site_code",
          "status", "projected_release_date", "housing_unit"]


class PersonDialog(RecordDialog):
    """New person (``offender=None``) or a correction of ``offender``; ``saved`` afterwards."""

    def __init__(self, db: Database, actor: Actor, site_choices: list[SiteView],
                 offender: OffenderView | None = None, *, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, read_only=read_only)
        self.db, self.actor, self.offender = db, actor, offender
        self.saved: OffenderView | None = None
        #: The site asked for with *Transfer…* instead of a save; the page opens the transfer.
        self.transfer_to: str | None = None
        self.form = load_form("person_dialog", self)
        self.setWindowIcon(app_icon())
        self.edits = {name: child(self.form, QLineEdit, name) for name in TEXT_FIELDS}
        self.site = child(self.form, QComboBox, "site_code")
        self.status = child(self.form, QComboBox, "status")
        self.buttons = child(self.form, QDialogButtonBox, "buttons")
        for site in site_choices:
            self.site.addItem(site.label, site.code)
        # The box is as wide as the form (the longest site name would make the form wider
        # than the dialog, and a wrapped message under a field then loses its second line);
        # the list it opens is as wide as the longest name.
        metrics, view = self.site.fontMetrics(), self.site.view()
        view.setMinimumWidth(max((metrics.horizontalAdvance(s.label) for s in site_choices),
                                 default=0) + view.verticalScrollBar().sizeHint().width() +
                             2 * metrics.averageCharWidth())
        for status in OffenderStatus:
            self.status.addItem(status.label, status)
        self._fill(offender, site_choices)
        self.errors = FieldErrors(self.form, FIELDS)
        self.mark_clean()
        self.connect_buttons(self.buttons)
        if read_only:
            self._make_read_only()
        elif offender is not None:
            self._offer_transfer(offender)
        fit_width(self, 520)

    def _offer_transfer(self, offender: OffenderView) -> None:
        """A new site here is a transfer dated today: say so before saving, and offer the
        transfer dialog, where a date and a reason can be given."""
        self.site_note = QLabel(self.form)
        self.site_note.setWordWrap(True)
        self.transfer_button = QPushButton("&Transfer instead…", self.form)
        self.transfer_button.setToolTip("Close this without saving and open the transfer, "
                                        "with its date and reason")
        self.transfer_button.clicked.connect(self._transfer_instead)
        box = self.form.findChild(QVBoxLayout, "site_code_box")
        if box is not None:
            box.addWidget(self.site_note)
            box.addWidget(self.transfer_button, 0, Qt.AlignmentFlag.AlignLeft)

        def changed() -> None:
            code = self.site.currentData()
            moving = bool(code) and code != offender.site_code
            self.site_note.setText(
                f"Saving records a transfer from {offender.site_code} to {code} dated today; "
                f"{offender.full_name} then leaves {offender.site_code}'s list." if moving
                else "")
            self.site_note.setVisible(moving)
            self.transfer_button.setVisible(moving)
            self.errors._make_room()

        self.site.currentIndexChanged.connect(changed)
        changed()

    def _transfer_instead(self) -> None:
        self.transfer_to = str(self.site.currentData() or "") or None
        QDialog.reject(self)  # the page opens the transfer; nothing here is saved

    def _fill(self, offender: OffenderView | None, site_choices: list[SiteView]) -> None:
        if offender is None:
            self.setWindowTitle("New person — RJ Desk")
            self.site.setCurrentIndex(max(0, self.site.findData(self.actor.site_code)))
            home = next((s for s in site_choices if s.code == self.actor.site_code), None)
            supervised = home is not None and home.kind is SiteKind.PP_OFFICE
            self.status.setCurrentIndex(self.status.findData(
                OffenderStatus.SUPERVISED if supervised else OffenderStatus.INCARCERATED))
            return
        self.setWindowTitle(f"{offender.full_name} — RJ Desk")
        values = {"doc_number": offender.doc_number, "last_name": offender.last_name,
                  "first_name": offender.first_name, "middle_name": offender.middle_name,
                  "date_of_birth": us_date(offender.date_of_birth),
                  "projected_release_date": us_date(offender.projected_release_date),
                  "housing_unit": offender.housing_unit}
        for name, value in values.items():
            self.edits[name].setText(value)
        doc = self.edits["doc_number"]
        doc.setReadOnly(True)
        doc.setStyleSheet(READ_ONLY_STYLE)
        doc.setToolTip("A DOC number cannot be changed once saved. Add the person under the "
                       "right number, then merge this record into it.")
        self.site.setCurrentIndex(self.site.findData(offender.site_code))
        self.status.setCurrentIndex(self.status.findData(offender.status))

    def _make_read_only(self) -> None:
        show_read_only(*self.edits.values())
        self.site.setEnabled(False)
        self.status.setEnabled(False)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().showEvent(event)
        first = "last_name" if self.offender else "doc_number"
        self.edits[first].setFocus()

    def snapshot(self) -> tuple:
        return (tuple(e.text() for e in self.edits.values()), self.site.currentData(),
                self.status.currentData())

    def build_request(self) -> OffenderInput | None:
        """The request from the fields, or None after showing which dates cannot be read."""
        dates: dict[str, date | None] = {}
        bad: dict[str, str] = {}
        for name in ("date_of_birth", "projected_release_date"):
            try:
                dates[name] = parse_us_date(self.edits[name].text())
            except DateEntryError as exc:
                bad[name] = str(exc)
        if bad:
            self.errors.show(bad)
            return None
        text = {name: self.edits[name].text() for name in TEXT_FIELDS}
        return OffenderInput(
            doc_number=text["doc_number"], last_name=text["last_name"],
            first_name=text["first_name"], site_code=str(self.site.currentData() or ""),
            middle_name=text["middle_name"], date_of_birth=dates["date_of_birth"],
            status=enum_data(self.status.currentData(), OffenderStatus) or
            OffenderStatus.INCARCERATED,
            projected_release_date=dates["projected_release_date"],
            housing_unit=text["housing_unit"])

    def submit(self, request: OffenderInput) -> OffenderView:
        if self.offender is None:
            return people.create_offender(self.db, self.actor, request)
        return people.update_offender(self.db, self.actor, self.offender.id, request,
                                      expected_updated_at=self.offender.updated_at)


class DuplicatesDialog(QDialog):
    """Records that may be the same person; a role that may merge folds one into the other."""

    COLUMNS = ("DOC number", "Name", "Date of birth", "Site", "Status", "Likeness")

    def __init__(self, db: Database, actor: Actor, person: OffenderRow,
                 candidates: list[DuplicateCandidate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.person = db, actor, person
        self.candidates = list(candidates)
        self.merged: OffenderView | None = None
        self.setWindowTitle("Possible duplicates — RJ Desk")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Records with the same date of birth and a similar name as "
                       f"<b>{person.name}</b> (DOC {person.doc_number}, {person.site_code}):")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.candidates), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for r, cand in enumerate(self.candidates):
            row = cand.row
            for c, text in enumerate((row.doc_number, row.name, us_date(row.date_of_birth),
                                      row.site_code, row.status.label,
                                      f"{cand.similarity:.0%}")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.clicked.connect(self.merge_selected)
        if actor.may(Permission.MERGE_OFFENDERS):
            buttons.addWidget(self.merge_button)
        else:
            self.merge_button.hide()
            self.next_step = QLabel("If two of these are one person, ask an administrator to "
                                    "merge them: give both DOC numbers and say which is right.")
            self.next_step.setWordWrap(True)
            layout.addWidget(self.next_step)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        if self.candidates:
            self.table.selectRow(0)
        self.resize(720, 320)

    def merge_selected(self) -> None:
        """Ask which record is kept, then one call folds the other into it."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        other = self.candidates[rows[0].row()].row
        box = QMessageBox(QMessageBox.Icon.Question, "Merge records",
                          f"{self.person.name} (DOC {self.person.doc_number}) and {other.name} "
                          f"(DOC {other.doc_number}) will become one record. Everything linked "
                          f"to the other moves to the one you keep. This cannot be undone.\n\n"
                          f"Which DOC number is right?", parent=self)
        keep_this = box.addButton(f"Keep {self.person.doc_number}",
                                  QMessageBox.ButtonRole.AcceptRole)
        keep_other = box.addButton(f"Keep {other.doc_number}", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is keep_this:
            keep, gone = self.person.id, other.id
        elif box.clickedButton() is keep_other:
            keep, gone = other.id, self.person.id
        else:
            return
        try:
            self.merged = people.merge_offenders(self.db, self.actor, keep, gone)
        except Refused as exc:
            QMessageBox.warning(self, "RJ Desk", exc.message)
            return
        self.accept()
