"""Finding the class a change is about, and checking the person may change it: every ICVC use
case starts so, and a refusal reads the same from each of them."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from rjdesk.domain.core.models import Site
from rjdesk.domain.icvc.models import Enrollment, IcvcClass, IcvcSession
from rjdesk.services.core.context import Actor, require_site
from rjdesk.services.core.errors import NotFound
from rjdesk.services.core.lookup import with_site

#: A row that belongs to one class: a session of it or a place in it.
InClass = TypeVar("InClass", IcvcSession, Enrollment)

_GONE = {IcvcSession: "That session no longer exists.",
         Enrollment: "That enrollment no longer exists."}


def load_class(tx: Session, class_id: str) -> tuple[IcvcClass, Site]:
    """The class and its site, or NotFound."""
    return with_site(tx, IcvcClass, class_id, "That class no longer exists.")


def class_to_change(tx: Session, actor: Actor, class_id: str) -> tuple[IcvcClass, Site]:
    """The class and its site, once it is known that ``actor`` may change classes there."""
    cls, site = load_class(tx, class_id)
    require_site(actor, site.id, "classes")
    return cls, site


def load_row(tx: Session, model: type[InClass], row_id: str) -> tuple[InClass, IcvcClass, Site]:
    """A session or enrollment with its class and site; NotFound when the row is gone."""
    row = tx.get(model, row_id)
    if row is None:
        raise NotFound(_GONE[model])
    cls, site = load_class(tx, row.class_id)
    return row, cls, site


def row_to_change(tx: Session, actor: Actor, model: type[InClass],
                  row_id: str) -> tuple[InClass, IcvcClass, Site]:
    """A session or enrollment with its class and site, once it is known that ``actor`` may
    change that class."""
    row, cls, site = load_row(tx, model, row_id)
    require_site(actor, site.id, "classes")
    return row, cls, site
