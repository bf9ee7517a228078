"""The people area's printed documents, declared once: the self-test and the tests find them
here through ``rjdesk.printing.core.documents.documents()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rjdesk.printing.core.documents import SAMPLE, Document, SampleName
from rjdesk.printing.people.people_list import TITLE, PeopleListRow, render_people_list


def _people_list_sample(names: Sequence[SampleName]) -> Mapping[str, object]:
    """Everyone on one list, some with no release date on file."""
    rows = [PeopleListRow(doc_number=n.doc_number, last_name=n.last_name,
                          first_name=n.first_name, middle_name="",
                          date_of_birth=SAMPLE.day.replace(year=1970 + i),
                          status="Incarcerated", housing_unit=f"HU {1 + i}-A",
                          projected_release=SAMPLE.day.replace(year=2028) if i % 2 else None)
            for i, n in enumerate(names)]
    return {"rows": rows, "site_name": SAMPLE.site_name, "site_code": SAMPLE.site_code,
            "printed_at": SAMPLE.printed_at, "printed_by": SAMPLE.staff}


DOCUMENTS = (
    Document("people-list", TITLE, render_people_list, _people_list_sample),
)

__all__ = ["DOCUMENTS"]
