"""Test data for items, recipients and deliveries: projects made directly (their service is
another part's), everything else through the services."""

from __future__ import annotations

from datetime import date

from rjdesk.domain.people.rules import site_key
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import ProjectCategory, RecipientType, Unit
from rjdesk.domain.reparative.models import Project
from rjdesk.services.core.context import Actor, acting
from rjdesk.services.reparative import items, recipients
from rjdesk.store.database import Database

TODAY = date(2026, 11, 20)


def make_project(db: Database, actor: Actor, name: str = "Quilting", site: str = "JCCC", *,
                 active: bool = True) -> str:
    """A project row, written and signed as ``actor``'s (it syncs like one the service made)."""
    with acting(db, actor) as tx:
        site_id = site_key(site)
        project = Project(id=rules.project_key(site_id, name), site_id=site_id, name=name,
                          category=ProjectCategory.SEWING, description="", active=active)
        tx.add(project)
        return project.id


def quilts(db: Database, actor: Actor, project_id: str, made: float = 40,
           day: date = date(2026, 11, 2)) -> items.ItemTypeView:
    """The item "Quilt" (made once), and ``made`` of them made by the project."""
    found = [t for t in items.list_item_types(db, actor) if t.name == "Quilt"]
    quilt = found[0] if found else items.create_item_type(db, actor, "Quilt", Unit.EACH)
    items.record_production(db, actor, project_id, quilt.id, day, made, today=max(day, TODAY))
    return quilt


def shelter(db: Database, actor: Actor, name: str = "Hope House Shelter",
            allow_duplicate: bool = False, **kw: str) -> recipients.RecipientView:
    return recipients.create_recipient(db, actor, recipients.RecipientInput(
        RecipientType.SHELTER, name, city="Jefferson City", **kw),
        allow_duplicate=allow_duplicate)
