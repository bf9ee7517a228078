"""Printed documents about people: the data gathered, checked and audited; the PDF itself is
drawn by ``rjdesk.printing`` (pure: data in, PDF out)."""


from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from rjdesk.domain.core.permissions import Output
from rjdesk.printing.people.people_list import PeopleListRow, render_people_list
from rjdesk.services.core.context import Actor, audit, require_output, require_output_role
from rjdesk.services.core.files import write_pdf
from rjdesk.services.core.sites import site_by_code
from rjdesk.services.people.exchange import iter_people
from rjdesk.store.database import Database


def print_people_list(db: Database, actor: Actor, site_code: str, out: Path | BinaryIO, *,
                      printed_at: datetime | None = None,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """The people list of one site as a PDF; returns its page count.

    A path is written through a temporary file, so a failed or cancelled print leaves nothing
    that looks like a finished list; the print is audited, as every paper with personal data.
    """
    require_output_role(actor, Output.PEOPLE_LIST)
    with db.reading() as tx:
        site = site_by_code(tx, site_code)
        site_id, code, name = site.id, site.code, site.name
    require_output(actor, Output.PEOPLE_LIST, site_id)
    rows = [PeopleListRow(doc_number=p.doc_number, last_name=p.last_name,
                          first_name=p.first_name, middle_name=p.middle_name,
                          date_of_birth=p.date_of_birth, status=p.status.label,
                          projected_release=p.projected_release_date,
                          housing_unit=p.housing_unit)
            for p in iter_people(db, actor, site_id)]
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "site", site_id,
              f"People list of {code} printed: {len(rows):,} people, {pages} pages")
        tx.flush()

    def render(target: str | Path | BinaryIO) -> int:
        return render_people_list(rows, site_name=name, site_code=code, printed_at=printed_at,
                                  printed_by=actor.display_name, out=target, progress=progress)

    return write_pdf(db, actor, out, render, record)

