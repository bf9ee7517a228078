"""Reparative records written straight into the tables, for the reports' tests: totals, papers
and files read what the other reparative services write, and must not wait for them. Each
write names its author (change capture refuses one without)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from rjdesk.domain.core.models import Site
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import (
    DeliveryStatus,
    HoursStatus,
    ProjectCategory,
    RecipientType,
    Unit,
)
from rjdesk.domain.reparative.models import (
    Delivery,
    DeliveryLine,
    HourEntry,
    ItemType,
    Production,
    Project,
    ProjectSupervisor,
    Recipient,
)
from rjdesk.services.core.context import Actor
from rjdesk.store.capture import authored_by
from rjdesk.store.database import Database


@dataclass
class Book:
    """Writes reparative rows as ``author`` would."""

    db: Database
    author: Actor

    def _add(self, *rows: object) -> None:
        with authored_by(self.author.user_id), self.db.transaction() as tx:
            tx.add_all(rows)

    def site_id(self, code: str) -> str:
        with self.db.reading() as tx:
            found = tx.scalar(select(Site.id).where(Site.code == code))
        assert found, code
        return found

    def project(self, name: str, site: str = "JCCC",
                category: ProjectCategory = ProjectCategory.SEWING, *,
                supervisors: tuple[str, ...] = (), active: bool = True) -> str:
        site_id = self.site_id(site)
        pid = rules.project_key(site_id, name)
        self._add(Project(id=pid, site_id=site_id, name=name, category=category,
                          description="", active=active))
        self._add(*[ProjectSupervisor(id=rules.supervisor_key(pid, v), project_id=pid,
                                      volunteer_id=v) for v in supervisors])
        return pid

    def hours(self, offender_id: str, project_id: str, day: date, hours: float,
              status: HoursStatus = HoursStatus.APPROVED) -> str:
        with self.db.reading() as tx:
            project = tx.get(Project, project_id)
            assert project is not None
            site_id = project.site_id
        key = rules.hours_key(offender_id, project_id, day)
        self._add(HourEntry(id=key, offender_id=offender_id, project_id=project_id,
                            site_id=site_id, worked_on=day, hours=hours, status=status,
                            entered_by=self.author.user_id))
        return key

    def item(self, name: str, unit: Unit = Unit.EACH, produce: bool = False) -> str:
        key = rules.item_type_key(name, unit.value)
        self._add(ItemType(id=key, name=name, unit=unit, produce=produce))
        return key

    def made(self, project_id: str, item_id: str, day: date, quantity: float) -> None:
        with self.db.reading() as tx:
            project = tx.get(Project, project_id)
            assert project is not None
            site_id = project.site_id
        self._add(Production(id=rules.production_key(project_id, item_id, day),
                             project_id=project_id, site_id=site_id, item_type_id=item_id,
                             made_on=day, quantity=quantity))

    def recipient(self, name: str, kind: RecipientType = RecipientType.SHELTER, *,
                  address: str = "", city: str = "", contact: str = "",
                  phone: str = "") -> str:
        key = rules.recipient_key(kind.value, name, address)
        self._add(Recipient(id=key, kind=kind, name=name, abbreviation="", address=address,
                            city=city, contact_name=contact, phone=phone, email="",
                            match_key=rules.match_key(name)))
        return key

    def delivery(self, slip: str, recipient_id: str,
                 lines: list[tuple[str, str | None, float, float | None]], *,
                 site: str = "JCCC", status: DeliveryStatus = DeliveryStatus.PREPARED,
                 prepared_on: date = date(2026, 10, 1), delivered_on: date | None = None,
                 delivered_by: str = "", received_by: str = "",
                 received_on: date | None = None) -> str:
        """``lines``: (item type, project, ordered, delivered)."""
        key = rules.delivery_key(slip)
        self._add(Delivery(id=key, slip_number=slip, site_id=self.site_id(site),
                           recipient_id=recipient_id, status=status, prepared_on=prepared_on,
                           delivered_on=delivered_on, delivered_by=delivered_by,
                           received_by=received_by, received_on=received_on, notes=""))
        self._add(*[DeliveryLine(id=rules.line_key(key, item, project), delivery_id=key,
                                 item_type_id=item, project_id=project, quantity_ordered=o,
                                 quantity_delivered=d) for item, project, o, d in lines])
        return key
