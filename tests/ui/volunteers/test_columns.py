"""The Volunteers page read on a 1024×768 screen: every column header whole, the long form in
its tooltip, no cell cut (the long name and all three roles included), no sideways
scrolling."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle

from rjdesk.domain.core.enums import Role
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core import sites
from rjdesk.services.volunteers import records as volunteers
from rjdesk.ui.shell.main_window import MainWindow
from rjdesk.ui.volunteers.dialog import VolunteerDialog
from rjdesk.ui.volunteers.view import VolunteersPage

TODAY = date.today()


@pytest.fixture
def page_at_1024(qtbot, db, make_user):
    coordinator = make_user(Role.VOLUNTEER_COORDINATOR)
    for last, first, days, roles in (
            ("Castañeda-Villanueva", "María José", -3, tuple(VolunteerRole)),
            ("Nguyễn", "Văn An", 12, (VolunteerRole.VICTIM_SPEAKER,)),
            ("Bell", "Ed", 400, (VolunteerRole.PROJECT_SUPERVISOR,
                                 VolunteerRole.VICTIM_SPEAKER))):
        volunteers.create_volunteer(db, coordinator, volunteers.VolunteerInput(
            last_name=last, first_name=first, site_code="JCCC", roles=frozenset(roles),
            background_check_on=TODAY - timedelta(days=700),
            background_check_expires=TODAY + timedelta(days=days)))
    window = MainWindow(db, coordinator, idle_ms=600_000)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.go_to("Volunteers")
    assert isinstance(page, VolunteersPage) and len(page.model.rows) == 3
    qtbot.waitUntil(lambda: page.table.viewport().width() > 500)
    return page


def _row(model, name: str) -> int:
    return next(i for i, row in enumerate(model.rows) if row.name.startswith(name))


def test_every_header_is_read_whole_at_1024_wide(page_at_1024):
    table = page_at_1024.table
    header = table.horizontalHeader()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    model = table.model()
    for column in range(model.columnCount()):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        needed = header.fontMetrics().horizontalAdvance(text) + 2 * margin
        assert needed <= header.sectionSize(column), f"{text!r} is cut"
    assert header.length() <= table.viewport().width()  # no sideways scrolling


def test_no_cell_is_cut_at_1024_wide(page_at_1024):
    table = page_at_1024.table
    for column in (0, 1, 2, 3, 4):  # the name and the roles too, all three of them
        assert table.sizeHintForColumn(column) <= table.horizontalHeader().sectionSize(column)
    model = page_at_1024.model
    assert model.index(_row(model, "CASTAÑEDA"), 3).data() == \
        f"{TODAY - timedelta(days=3):%m/%d/%Y} (expired)"


def test_the_headers_are_short_and_their_tooltips_long(page_at_1024):
    model = page_at_1024.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Name", "Site", "Roles", "Check expires", "Active"]
    tip = model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Background check expires")
    assert all(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
               for c in range(5))
    # the roles, whole in their column at 1024 wide, whole in the tooltip too if narrower
    roles = model.index(_row(model, "CASTAÑEDA"), 2)
    assert roles.data(Qt.ItemDataRole.ToolTipRole) == roles.data() == \
        "Board member, Project supervisor, Victim speaker"


def test_the_volunteer_dialog_fits_a_1024_screen(qtbot, db, make_user):
    """Its site box took the longest site name's width and the dialog came out 1029 wide."""
    dialog = VolunteerDialog(db, make_user(Role.VOLUNTEER_COORDINATOR), sites.list_sites(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.layout().minimumSize().width() <= dialog.width() <= 1024 - 16
    assert dialog.height() <= 768 - 40
    names = [dialog.site.itemText(i) for i in range(dialog.site.count())]
    longest = max(dialog.site.fontMetrics().horizontalAdvance(name) for name in names)
    assert dialog.site.view().minimumWidth() >= longest  # the list shows whole names
