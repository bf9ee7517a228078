"""The self-test's checks of the people area: its printout made as the People page makes it,
names in every script printed with their barcodes, and its dialogs opened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import QDialog

from rjdesk.ui.common.checks import Check, SelfTest, expect, registrar, run_in_background

CHECKS: list[Check] = []
check = registrar(CHECKS)

#: People whose names need more than Latin-1: Vietnamese, Spanish, Cyrillic, Greek, Romanian.
NON_LATIN = [("1000002", "Nguyễn", "Thị Ánh Tuyết"), ("1000004", "Ñúñez Peña", "José Ángel"),
             ("1000010", "Смирнов", "Дмитрий Иванович"),
             ("1000011", "Παπαδόπουλος", "Γιώργος"), ("1000007", "Ștefan", "Ion")]


@check("people list", needs=("sign-in",))
def check_people_list(t: SelfTest) -> str:
    """The printout as the People page makes it: the service, off the GUI thread."""
    from rjdesk.services.people.printouts import print_people_list

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    out = t.folder / "people-list.pdf"
    pages = run_in_background(lambda _progress: print_people_list(db, actor, actor.site_code, out),
                              "Printing the people list")
    expect(isinstance(pages, int) and pages > 0 and out.stat().st_size > 0, "an empty PDF")
    assert isinstance(pages, int)
    t.pdfs["people list"], t.page_counts["people list"] = out, pages
    return f"{pages} pages"


@check("non-Latin names", needs=("paths",))
def check_non_latin_names(t: SelfTest) -> str:
    from rjdesk.printing.core.barcodes import Code128Barcode
    from rjdesk.printing.core.fonts import missing_glyphs
    from rjdesk.printing.people.people_list import PeopleListRow, render_people_list

    rows = [PeopleListRow(doc_number=doc, last_name=last, first_name=first, middle_name="",
                          date_of_birth=date(1980 + i, 1 + i, 1), status="Incarcerated",
                          projected_release=None, housing_unit=f"HU {i}")
            for i, (doc, last, first) in enumerate(NON_LATIN)]
    boxes = {ch for _doc, last, first in NON_LATIN for ch in missing_glyphs(last + first)}
    expect(not boxes, f"the fonts cannot print {''.join(sorted(boxes))}")
    for doc, _last, _first in NON_LATIN:
        Code128Barcode(doc)  # the barcode each row carries
    out = t.folder / "non-latin.pdf"
    pages = render_people_list(rows, site_name="Jefferson City Correctional Center",
                               site_code="JCCC", printed_at=datetime.now(),
                               printed_by="RJ Desk self-test", out=out)
    expect(pages > 0 and out.stat().st_size > 0, "an empty PDF")
    t.pdfs["non-Latin names"], t.page_counts["non-Latin names"] = out, pages
    return "Vietnamese, Spanish, Cyrillic, Greek"


def dialogs(t: SelfTest) -> list[Callable[[], QDialog]]:
    """A new person, a correction, a read-only record, a transfer and the duplicates list."""
    from rjdesk.services.core import sites
    from rjdesk.services.people import query as people_query
    from rjdesk.services.people import records as people
    from rjdesk.services.people.query import PeopleFilter
    from rjdesk.ui.people.person_dialog import DuplicatesDialog, PersonDialog
    from rjdesk.ui.people.transfer_dialog import TransferDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    choices = sites.list_sites(db)
    row = people_query.list_offenders(db, actor, PeopleFilter(site_id=actor.site_id),
                                      limit=1).rows[0]
    person = people.get_offender(db, actor, row.id)
    return [
        lambda: PersonDialog(db, actor, choices), lambda: PersonDialog(db, actor, choices, person),
        lambda: PersonDialog(db, actor, choices, person, read_only=True),
        lambda: TransferDialog(db, actor, row, choices),
        lambda: DuplicatesDialog(db, actor, row, people_query.possible_duplicates(db, actor,
                                                                                  row.id)),
    ]
