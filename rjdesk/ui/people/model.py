"""The people list as a Qt table model: one page from the service at a time, never the table.

A central-office workstation holds a million people, so the model keeps only the rows a view
has scrolled to plus the keyset cursor of the next page; the view asks for more through
``canFetchMore``/``fetchMore`` as the user scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from rjdesk.domain.core.formats import us_date
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.people import query as people_query
from rjdesk.services.people.query import OffenderRow, PeopleFilter
from rjdesk.ui.common.table_model import PagedRowsModel

PAGE = people_query.PAGE_SIZE

COLUMNS = ("DOC number", "Name", "Date of birth", "Site", "Status", "Projected release",
           "Housing unit")
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def cell_text(row: OffenderRow, column: int) -> str:
    if column == 0:
        return row.doc_number
    if column == 1:
        return row.name
    if column == 2:
        return us_date(row.date_of_birth)
    if column == 3:
        return row.site_code
    if column == 4:
        return row.status.label
    if column == 5:
        return us_date(row.projected_release_date)
    if column == 6:
        return row.housing_unit
    return ""


class PeopleTableModel(PagedRowsModel):
    """Rows loaded so far, the filter, and where the next page starts."""

    columns = COLUMNS

    def __init__(self, db: Database, actor: Actor, flt: PeopleFilter | None = None, *,
                 page_size: int = PAGE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.page_size = db, actor, page_size
        self.filter = flt or PeopleFilter(site_id=actor.default_site_id)
        self.rows: list[OffenderRow] = []

    def cell(self, row: OffenderRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == ROW_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2, 5):
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        return None

    def fetch_page(self, cursor: tuple[str, str] | None) -> tuple[list, tuple[str, str] | None]:
        page = people_query.list_offenders(self.db, self.actor, self.filter, after=cursor,
                                           limit=self.page_size)
        return page.rows, page.next_after

    def set_filter(self, flt: PeopleFilter) -> None:
        """Start over with another filter: the loaded rows and the cursor are dropped."""
        self.beginResetModel()
        self.filter = flt
        self.start_over()
        self.endResetModel()
