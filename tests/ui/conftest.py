"""Qt fixtures: people with names in several scripts, pages and windows per role."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.ui.common import jobs

#: (DOC number, last, first, date of birth) — sorted order by folded name is the list order.
PEOPLE = [
    ("1000001", "Adams", "John", date(1980, 1, 2)),
    ("1000002", "Nguyễn", "Văn An", date(1988, 4, 12)),
    ("1000003", "Nguyen", "Thi Hoa", date(1990, 6, 1)),
    ("1000004", "Ñúñez", "José", date(1975, 3, 9)),
    ("1000005", "O'Brien", "Patrick", date(1969, 12, 31)),
    ("1000006", "Smith", "Anna", date(2001, 7, 4)),
    ("1000007", "Ștefan", "Ion", date(1983, 5, 5)),
    ("1000008", "Zhang", "Wei", date(1995, 8, 8)),
]


@pytest.fixture
def people(add_offender):
    """Eight people at JCCC (one more at another site) whose names test folding."""
    made = []
    for i, (doc, last, first, born) in enumerate(PEOPLE, 1):
        made.append(add_offender(doc, last, first, date_of_birth=born,
                                 housing_unit=f"HU {i}",
                                 projected_release_date=date(2031, 1, i)))
    made.append(add_offender("2000001", "Elsewhere", "Ed", site="ACC",
                             status=OffenderStatus.INCARCERATED))
    return made


@pytest.fixture
def central(make_user):
    return make_user(Role.CENTRAL_OFFICE, "CO")


@pytest.fixture(autouse=True)
def _error_windows_never_block(monkeypatch):
    """An unexpected error window would wait forever for a click no test makes: record it and
    fail the test instead. Tests that expect one patch ``show_exception`` themselves."""
    from rjdesk.ui.common import error_dialog
    shown: list[BaseException] = []
    monkeypatch.setattr(error_dialog.ExceptionDialog, "exec",
                        lambda self: shown.append(self.details_text) or 0)
    yield
    assert not shown, f"an error window opened: {shown[0]!r}"


@pytest.fixture(autouse=True)
def _no_stray_jobs():
    """Each test leaves no worker running into the next one."""
    yield
    QThreadPool.globalInstance().waitForDone(5000)
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()
    assert jobs.running_jobs() == 0
