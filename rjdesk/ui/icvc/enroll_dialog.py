"""Enrolling someone in a class: find him by name or DOC number among the people of the
class's site, then one service call seats him — or, when the class is full and the facilitator
agrees, puts him on the waitlist."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import roster
from rjdesk.services.icvc.roster import ClassFull, EnrollmentView
from rjdesk.services.icvc.schedule import ClassView
from rjdesk.services.people.query import OffenderRow, PeopleFilter
from rjdesk.ui.common.chooser import SearchChooser
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.people.model import PeopleTableModel


class EnrollDialog(SearchChooser):
    """People of the class's site, searchable and paged; ``saved`` is the enrollment made."""

    model: PeopleTableModel

    def __init__(self, db: Database, actor: Actor, cls: ClassView,
                 parent: QWidget | None = None) -> None:
        seats = (f"{cls.seats_left} seat{'s' if cls.seats_left != 1 else ''} free" if
                 cls.seats_left else "the class is full: he would go on the waitlist")
        super().__init__(PeopleTableModel(db, actor, PeopleFilter(site_id=cls.site_id)),
                         title=f"Enroll in {cls.title}",
                         intro=f"Enroll someone at {cls.site_code} in <b>{cls.title}</b> "
                               f"({seats}).",
                         placeholder="Find by name or DOC number", field="offender",
                         list_name="people_list",
                         columns={0: 11, 2: 12, 3: 8, 4: 13, 5: 15, 6: 14}, stretch=1,
                         aliases={"waitlist": "offender", "class": "offender"}, parent=parent)
        self.db, self.actor, self.cls = db, actor, cls
        self.saved: EnrollmentView | None = None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Enroll")
        self.apply_filter()
        self.resize(860, 480)

    def restart(self, query: str) -> None:
        self.model.set_filter(PeopleFilter(site_id=self.cls.site_id, query=query))

    def selected_row(self) -> OffenderRow | None:
        row = self.selected()
        return row if isinstance(row, OffenderRow) else None

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
