"""The paged rows model on its own, without any view or database: one page per fetch, the
cursor handed back, a restart from the top."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from rjdesk.ui.common.table_model import PagedRowsModel


@dataclass(frozen=True)
class Row:
    id: str
    name: str


class Letters(PagedRowsModel):
    """Rows a…g, three to a page; the cursor is the index of the next row."""

    columns = ("Name",)

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[object] = []
        self.all = [Row(str(i), chr(ord("a") + i)) for i in range(7)]

    def fetch_page(self, cursor: int | None) -> tuple[list, int | None]:
        self.asked.append(cursor)
        start = cursor or 0
        end = start + 3
        return self.all[start:end], end if end < len(self.all) else None

    def cell(self, row: Row, column: int, role: int) -> object:
        return row.name if role == Qt.ItemDataRole.DisplayRole else None


def test_pages_arrive_one_per_fetch_with_the_cursor_handed_back():
    model = Letters()
    sizes = []
    while model.canFetchMore():
        model.fetchMore()
        sizes.append(model.rowCount())
    assert sizes == [3, 6, 7] and model.complete
    assert model.asked == [None, 3, 6]
    model.fetchMore()  # at the end nothing more is asked
    assert model.asked == [None, 3, 6]
    assert model.data(model.index(6, 0)) == "g" and model.headerData(
        0, Qt.Orientation.Horizontal) == "Name"


def test_refresh_starts_over_from_the_top_and_rows_are_found_by_id():
    model = Letters()
    model.fetchMore()
    assert model.row_of("2") == 2 and model.row_of("5") == -1
    assert model.row_at(1) == Row("1", "b") and model.row_at(9) is None
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    model.refresh()
    assert resets and model.rowCount() == 0 and model.canFetchMore() and not model.complete
    model.fetchMore()
    assert model.asked[-1] is None
