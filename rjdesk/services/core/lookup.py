"""Reading a record together with the site it belongs to: most use cases need both, to check
the person's site and to name it, and a record that is gone reads as NotFound everywhere."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.base import Base
from rjdesk.domain.core.models import Site
from rjdesk.services.core.errors import NotFound

#: A record with an ``id`` and a ``site_id``.
AtSite = TypeVar("AtSite", bound=Base)


def with_site(tx: Session, model: type[AtSite], row_id: str,
              missing: str) -> tuple[AtSite, Site]:
    """The record and its site, in one query; NotFound saying ``missing`` when it is gone."""
    columns = model.__table__.c
    row = tx.execute(select(model, Site).join(Site, Site.id == columns.site_id)
                     .where(columns.id == row_id)).first()
    if row is None:
        raise NotFound(missing)
    return row[0], row[1]
