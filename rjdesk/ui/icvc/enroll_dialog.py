"""Enrolling someone in a class: find him by name or DOC number among the people of the
class's site, then one service call seats him — or, when the class is full and the facilitator
agrees, puts him on the waitlist."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import roster
from rjdesk.services.icvc.roster import ClassFull, EnrollmentView
from rjdesk.services.icvc.schedule import ClassView
from rjdesk.services.people.query import OffenderRow, PeopleFilter
from rjdesk.ui.common.forms import ERROR_LABEL_STYLE, FieldErrors, app_icon
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.people.model import PeopleTableModel
from rjdesk.ui.people.view import SEARCH_DELAY_MS, list_table, size_columns


class EnrollDialog(QDialog):
    """People of the class's site, searchable and paged; ``saved`` is the enrollment made."""

    def __init__(self, db: Database, actor: Actor, cls: ClassView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.cls = db, actor, cls
        self.saved: EnrollmentView | None = None
        self.setWindowTitle(f"Enroll in {cls.title} — RJ Desk")
        self.setWindowIcon(app_icon())
        self.model = PeopleTableModel(db, actor, PeopleFilter(site_id=cls.site_id),
                                      parent=self)
        layout = QVBoxLayout(self)
        seats = (f"{cls.seats_left} seat{'s' if cls.seats_left != 1 else ''} free" if
                 cls.seats_left else "the class is full: he would go on the waitlist")
        intro = QLabel(f"Enroll someone at {cls.site_code} in <b>{cls.title}</b> ({seats}).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find by name or DOC number")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.table = list_table(self)
        self.table.setObjectName("people_list")  # the message goes under it, no outline
        self.table.setModel(self.model)
        size_columns(self.table, {0: 11, 2: 12, 3: 8, 4: 13, 5: 15, 6: 14}, stretch=1)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        error = QLabel(self)
        error.setObjectName("offender_error")
        error.setStyleSheet(ERROR_LABEL_STYLE)
        layout.addWidget(error)
        form_error = QLabel(self)
        form_error.setObjectName("form_error")
        layout.addWidget(form_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Enroll")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, ["offender"], {"waitlist": "offender",
                                                      "class": "offender"})
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.apply_filter()
        self.resize(860, 480)

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(PeopleFilter(site_id=self.cls.site_id,
                                           query=self.search.text().strip()))
        if self.model.canFetchMore():
            self.model.fetchMore()
        if self.model.rows:
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search and event.key() == Qt.Key.Key_Down:
                self.apply_filter()
                self.table.setFocus()
                return True
            if watched is self.table and event.key() == Qt.Key.Key_Up and \
                    self.table.currentIndex().row() <= 0:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    def selected_row(self) -> OffenderRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def choose(self, offender_id: str) -> bool:
        row = self.model.row_of(offender_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def accept(self) -> None:
        person = self.selected_row()
        if person is None:
            self.errors.show({"offender": "Choose the person to enroll."})
            return
        try:
            self.saved = self._enroll(person, waitlist_ok=False)
        except ClassFull:
            answer = QMessageBox.question(
                self, "The class is full",
                f"The class is full — put {person.name} on the waitlist?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes)
            if answer != QMessageBox.StandardButton.Yes:
                return
            try:
                self.saved = self._enroll(person, waitlist_ok=True)
            except Refused as exc:
                self.errors.show_refusal(exc)
                return
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()

    def _enroll(self, person: OffenderRow, *, waitlist_ok: bool) -> EnrollmentView:
        return roster.enroll(self.db, self.actor, self.cls.id, person.id,
                             waitlist_ok=waitlist_ok, today=icvc_common.today())
