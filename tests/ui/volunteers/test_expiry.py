"""Expired and soon-expiring credentials are flagged on the record and in the list, the
coordinator's list of what expires opens, prints and opens a volunteer, and clearing a
speaker's consent is said at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from rjdesk.domain.core.enums import Role
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core import sites
from rjdesk.services.volunteers import records as volunteers
from rjdesk.ui.volunteers import marks
from rjdesk.ui.volunteers.dialog import VolunteerDialog
from rjdesk.ui.volunteers.expiring_view import ExpiringDialog
from rjdesk.ui.volunteers.view import VolunteersTableModel

TODAY = date.today()
RED, AMBER = marks.TEXT["expired"].name(), marks.TEXT["soon"].name()


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.VOLUNTEER_COORDINATOR)


def _add(db, actor, last: str, check_in_days: int, **kw) -> volunteers.VolunteerView:
    return volunteers.create_volunteer(db, actor, volunteers.VolunteerInput(
        last_name=last, first_name="Pat", site_code="JCCC",
        background_check_on=TODAY - timedelta(days=800),
        background_check_expires=TODAY + timedelta(days=check_in_days), **kw))


def test_the_record_shows_an_expired_check_red_and_a_training_due_soon_amber(
        qtbot, db, coordinator):
    v = _add(db, coordinator, "Anderson", -3, trainings=(
        volunteers.TrainingInput("PREA", TODAY - timedelta(days=300),
                                 TODAY + timedelta(days=10)),
        volunteers.TrainingInput("Orientation", TODAY - timedelta(days=300), None)))
    dialog = VolunteerDialog(db, coordinator, sites.list_sites(db),
                             volunteers.get_volunteer(db, coordinator, v.id))
    qtbot.addWidget(dialog)
    check = dialog.edits["background_check_expires"]
    assert RED in check.styleSheet() and check.toolTip() == "Expired 3 days ago."
    prea, orientation = (dialog.trainings.item(r, 2) for r in range(2))
    assert prea.foreground().color().name() == AMBER
    assert prea.toolTip() == "Expires in 10 days."
    assert orientation.toolTip() == ""
    # typing a renewed date takes the mark away at once
    check.setText((TODAY + timedelta(days=700)).strftime("%m/%d/%Y"))
    assert check.styleSheet() == "" and check.toolTip() == ""


def test_the_list_marks_expired_red_and_soon_amber_with_words(db, coordinator):
    _add(db, coordinator, "Expired", -1)
    _add(db, coordinator, "Later", 200)
    _add(db, coordinator, "Soon", 20)
    model = VolunteersTableModel(db, coordinator)
    model.fetchMore()
    texts = [model.data(model.index(r, 3)) for r in range(3)]
    assert texts[0].endswith("(expired)") and texts[2].endswith("(expires soon)")
    assert "(" not in texts[1]
    colours = [model.data(model.index(r, 3), Qt.ItemDataRole.ForegroundRole) for r in range(3)]
    assert colours[0].color().name() == RED and colours[2].color().name() == AMBER
    assert colours[1] is None
    assert model.data(model.index(2, 3), Qt.ItemDataRole.ToolTipRole) == \
        "Background check expires in 20 days."


def test_clearing_a_speakers_consent_is_said_when_saving(qtbot, db, coordinator, monkeypatch):
    v = _add(db, coordinator, "Okafor", 300, roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
             speaker_consent_on=TODAY - timedelta(days=30),
             speaker_screened_on=TODAY - timedelta(days=29))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    dialog = VolunteerDialog(db, coordinator, sites.list_sites(db),
                             volunteers.get_volunteer(db, coordinator, v.id))
    qtbot.addWidget(dialog)
    dialog.edits["speaker_consent_on"].clear()
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.speaker_consent_on is None
    assert said == ["Speaker consent date cleared: OKAFOR, Pat cannot be booked to speak "
                    "until it is entered again."]


def test_the_expiring_list_spans_30_60_90_days_and_opens_a_volunteer(qtbot, db, coordinator):
    _add(db, coordinator, "Soon", 20)
    later = _add(db, coordinator, "Later", 50)
    opened: list[str] = []
    dialog = ExpiringDialog(db, coordinator, sites.list_sites(db),
                            open_volunteer=opened.append)
    qtbot.addWidget(dialog)
    assert [r.name for r in dialog.model.rows] == ["SOON, Pat"]
    assert dialog.count.text() == "1 item, 0 expired or missing"
    assert dialog.model.data(dialog.model.index(0, 4)) == "Expires in 20 days"
    dialog.span.setCurrentIndex(dialog.span.findData(60))
    assert [r.name for r in dialog.model.rows] == ["SOON, Pat", "LATER, Pat"]
    dialog.table.selectRow(1)
    dialog.open_selected()
    assert opened == [later.id]
    assert dialog.print_button.isEnabled()


def test_printing_another_sites_list_says_why_it_cannot(qtbot, db, coordinator):
    dialog = ExpiringDialog(db, coordinator, sites.list_sites(db))
    qtbot.addWidget(dialog)
    dialog.site.setCurrentIndex(dialog.site.findData(None))  # "All sites"
    assert not dialog.print_button.isEnabled()
    assert dialog.print_button.toolTip() == ("You can print the list of your own site only: "
                                             "choose it in Site.")


def test_a_speaker_without_consent_is_marked_on_the_record(qtbot, db, coordinator):
    dialog = VolunteerDialog(db, coordinator, sites.list_sites(db))
    qtbot.addWidget(dialog)
    consent = dialog.edits["speaker_consent_on"]
    assert consent.styleSheet() == ""  # not a speaker: nothing is missing
    dialog.roles[VolunteerRole.VICTIM_SPEAKER].setChecked(True)
    assert RED in consent.styleSheet()
    assert consent.toolTip() == "Missing: a victim speaker cannot be booked without it."
    consent.setText(TODAY.strftime("%m/%d/%Y"))
    assert consent.styleSheet() == "" and consent.toolTip() == ""
