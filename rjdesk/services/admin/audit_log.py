"""Reading the audit trail (writing it is ``context.audit``, inside each service's transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_

from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor, require
from rjdesk.store.database import Database


@dataclass(frozen=True)
class AuditRow:
    id: str
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str | None
    summary: str


def list_events(db: Database, actor: Actor, *, entity_id: str | None = None,
                before: tuple[datetime, str] | None = None,
                limit: int = 200) -> tuple[list[AuditRow], tuple[datetime, str] | None]:
    """Newest first, one page at a time."""
    require(actor, Permission.VIEW_AUDIT)
    stmt = select(AuditEvent)
    if entity_id:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    if before:
        stmt = stmt.where(tuple_(AuditEvent.at, AuditEvent.id) < tuple_(*before))
    stmt = stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit + 1)
    with db.reading() as tx:
        events = list(tx.scalars(stmt))
    rows = [AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, e.summary)
            for e in events[:limit]]
    return rows, ((rows[-1].at, rows[-1].id) if len(events) > limit else None)
