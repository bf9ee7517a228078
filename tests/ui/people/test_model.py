"""The people model on its own, without any view: paging, filter reset, each column."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.people import query as people_query
from rjdesk.services.people.query import PeopleFilter
from rjdesk.ui.people.model import COLUMNS, ROW_ID_ROLE, PeopleTableModel


def test_rows_arrive_one_page_per_fetch_and_stop_at_the_end(db, staff, people, monkeypatch):
    calls = []
    real = people_query.list_offenders

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(people_query, "list_offenders", spy)
    model = PeopleTableModel(db, staff, page_size=3)
    assert model.rowCount() == 0 and model.canFetchMore()
    grown = []
    while model.canFetchMore():
        model.fetchMore()
        grown.append(model.rowCount())
    assert grown == [3, 6, 8]  # JCCC only: the ACC person is not on the staff's home list
    assert [c["limit"] for c in calls] == [3, 3, 3]
    assert calls[0]["after"] is None and calls[1]["after"] is not None
    model.fetchMore()  # at the end nothing more is asked
    assert len(calls) == 3 and model.rowCount() == 8


def test_set_filter_drops_the_rows_and_starts_over(db, staff, people):
    model = PeopleTableModel(db, staff, page_size=3)
    model.fetchMore()
    model.fetchMore()
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_filter(PeopleFilter(site_id=staff.site_id, query="nguyen"))
    assert resets == [True]
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert sorted(model.rows[i].doc_number for i in range(model.rowCount())) == \
        ["1000002", "1000003"]
    assert not model.canFetchMore()


def test_every_column_shows_the_row_as_staff_write_it(db, staff, people):
    model = PeopleTableModel(db, staff)
    model.fetchMore()
    row = next(i for i, r in enumerate(model.rows) if r.doc_number == "1000004")
    texts = [model.data(model.index(row, c)) for c in range(model.columnCount())]
    assert texts == ["1000004", "ÑÚÑEZ, José", "03/09/1975", "JCCC",
                     OffenderStatus.INCARCERATED.label, "01/04/2031", "HU 4"]
    assert model.data(model.index(row, 0), ROW_ID_ROLE) == people[3].id
    assert [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(len(COLUMNS))] == list(COLUMNS)


def test_the_list_is_in_name_order_with_accents_folded(db, staff, people):
    model = PeopleTableModel(db, staff)
    model.fetchMore()
    assert [r.doc_number for r in model.rows] == [
        "1000001", "1000003", "1000002", "1000004", "1000005", "1000006", "1000007", "1000008"]
