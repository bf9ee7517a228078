"""A screen the person may only read looks read-only: grey fields without typing hints, a grid
that says it cannot be marked, and a disabled Print that says why."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from rjdesk.domain.core.enums import Role
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core import sites
from rjdesk.services.people import records as people_service
from rjdesk.services.volunteers import records as volunteers
from rjdesk.ui.common.forms import READ_ONLY_STYLE
from rjdesk.ui.icvc.attendance import AttendanceTab
from rjdesk.ui.icvc.common import ClassAccess
from rjdesk.ui.people.person_dialog import PersonDialog
from rjdesk.ui.people.view import PeoplePage
from rjdesk.ui.volunteers.dialog import VolunteerDialog


@pytest.fixture
def central(make_user):
    return make_user(Role.CENTRAL_OFFICE)


def test_a_person_opened_read_only_shows_grey_fields_without_hints(qtbot, db, central,
                                                                  add_offender):
    person = add_offender("1234567", "Adams", "John")
    shown = people_service.get_offender(db, central, person.id)
    dialog = PersonDialog(db, central, sites.list_sites(db), shown, read_only=True)
    qtbot.addWidget(dialog)
    for name, edit in dialog.edits.items():
        assert edit.isReadOnly(), name
        assert edit.placeholderText() == "", name  # no "optional", no "MM/DD/YYYY"
        assert edit.styleSheet() == READ_ONLY_STYLE, name


def test_a_volunteer_opened_read_only_shows_grey_fields_without_hints(qtbot, db, admin,
                                                                     central):
    v = volunteers.create_volunteer(db, admin, volunteers.VolunteerInput(
        last_name="Okafor", first_name="Chidi", site_code="JCCC",
        roles=frozenset({VolunteerRole.BOARD_MEMBER}), background_check_on=date(2025, 1, 2),
        background_check_expires=date(2099, 1, 2)))
    dialog = VolunteerDialog(db, central, sites.list_sites(db),
                             volunteers.get_volunteer(db, central, v.id), read_only=True)
    qtbot.addWidget(dialog)
    for name, edit in dialog.edits.items():
        assert edit.isReadOnly() and edit.placeholderText() == "", name
        assert edit.styleSheet() == READ_ONLY_STYLE, name
    assert dialog.notes.isReadOnly() and dialog.notes.placeholderText() == ""
    assert not dialog.site.isEnabled()


def test_an_editable_volunteer_keeps_its_typing_hints(qtbot, db, make_user):
    dialog = VolunteerDialog(db, make_user(Role.VOLUNTEER_COORDINATOR), sites.list_sites(db))
    qtbot.addWidget(dialog)
    assert dialog.edits["email"].placeholderText() == "optional"
    assert not dialog.edits["email"].isReadOnly()


def test_the_attendance_grid_of_a_reader_says_it_cannot_be_marked(qtbot, db, central, staff):
    read = AttendanceTab(db, central, ClassAccess(False))
    qtbot.addWidget(read)
    assert "Type" not in read.hint.text()
    assert read.hint.text().startswith(f"{Role.CENTRAL_OFFICE.label}: you can look at "
                                       "attendance here, not mark it.")
    elsewhere = AttendanceTab(db, staff, ClassAccess(True, "This class is at ACC."))
    qtbot.addWidget(elsewhere)
    assert elsewhere.hint.text().startswith("This class is at ACC.")
    runs = AttendanceTab(db, staff, ClassAccess(True))
    qtbot.addWidget(runs)
    assert runs.hint.text().startswith("Type <b>P</b> present")


def test_print_list_under_all_sites_says_why_when_pointed_at(qtbot, db, central):
    page = PeoplePage(db, central)
    qtbot.addWidget(page)
    page.show()
    page.site_filter.setCurrentIndex(page.site_filter.findData(None))
    button = page.print_button
    assert button.isVisible() and not button.isEnabled()
    at = QPoint(5, 5)
    QApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, at, button.mapToGlobal(at)))
    assert QToolTip.text() == "Choose one site in the site list to print its people list."
    page.site_filter.setCurrentIndex(page.site_filter.findData(central.site_id))
    qtbot.waitUntil(button.isEnabled, timeout=2000)
    assert button.toolTip() == "Print the list of the chosen site (Ctrl+P)"
    QToolTip.hideText()
