"""Random reparative work for the convergence test: every shared reparative table written at
several workstations, often the same rows. Items, recipients and deliveries go through their
services; projects, supervisors and hours are written directly, as their services would."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from rjdesk.domain.people.models import Offender
from rjdesk.domain.people.rules import site_key
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import (
    DeliveryStatus,
    HoursStatus,
    ProjectCategory,
    RecipientType,
    Unit,
)
from rjdesk.domain.reparative.models import (
    HourEntry,
    Project,
    ProjectSupervisor,
    VolunteerHours,
)
from rjdesk.domain.volunteers.models import Volunteer
from rjdesk.services.core.context import acting
from rjdesk.services.reparative import deliveries, items, recipients
from rjdesk.services.volunteers.records import VolunteerInput, create_volunteer

PROJECTS = ("Quilting", "Garden")
ITEMS = (("Quilt", Unit.EACH), ("Tomatoes", Unit.POUND))
NAMES = ("Hope House", "Rainbow Center", "Meals of Mercy")


def _day(rng: random.Random) -> date:
    return date.today() - timedelta(days=rng.randrange(3))


def _project(rng: random.Random, site: str) -> str:
    return rules.project_key(site_key(site), rng.choice(PROJECTS))


def _direct(rng: random.Random, ws, sites: list[str]) -> None:  # noqa: ANN001
    """Projects, supervisors, offenders' and volunteers' hours, as their services write them."""
    site = rng.choice(sites)
    with acting(ws.db, ws.actor) as tx:
        pid = _project(rng, site)
        project = tx.get(Project, pid)
        if project is None:
            name = next(n for n in PROJECTS if rules.project_key(site_key(site), n) == pid)
            tx.add(Project(id=pid, site_id=site_key(site), name=name,
                           category=ProjectCategory.SEWING, description="", active=True))
            return
        what = rng.random()
        if what < 0.3:
            project.description = rng.choice(["", "Tuesdays", "Mornings"])
            project.active = rng.random() < 0.8
            return
        volunteers = list(tx.scalars(select(Volunteer.id)))
        offenders = list(tx.scalars(select(Offender.id)))
        if what < 0.5 and volunteers:
            vid = rng.choice(volunteers)
            key = rules.supervisor_key(pid, vid)
            if (row := tx.get(ProjectSupervisor, key)) is not None:
                tx.delete(row)
            else:
                tx.add(ProjectSupervisor(id=key, project_id=pid, volunteer_id=vid))
        elif what < 0.6 and volunteers:
            vid, day = rng.choice(volunteers), _day(rng)
            key = rules.volunteer_hours_key(vid, pid, day)
            if (vrow := tx.get(VolunteerHours, key)) is None:
                tx.add(VolunteerHours(id=key, volunteer_id=vid, project_id=pid, worked_on=day,
                                      hours=2.0))
            else:
                vrow.hours = rng.choice([1.5, 3.0])
        elif offenders:
            oid, day = rng.choice(offenders), _day(rng)
            key = rules.hours_key(oid, pid, day)
            if (hrow := tx.get(HourEntry, key)) is None:
                tx.add(HourEntry(id=key, offender_id=oid, project_id=pid, site_id=site_key(site),
                                 worked_on=day, hours=rng.choice([4.0, 6.5]),
                                 status=HoursStatus.APPROVED, entered_by=ws.actor.user_id))
            elif rng.random() < 0.3:
                tx.delete(hrow)
            else:
                hrow.hours = rng.choice([3.0, 7.5, 10.0])
                hrow.status = rng.choice(list(HoursStatus))


def _recipient(rng: random.Random, ws) -> None:  # noqa: ANN001
    have = recipients.list_recipients(ws.db, ws.actor)
    if not have or rng.random() < 0.4:
        recipients.create_recipient(ws.db, ws.actor, recipients.RecipientInput(
            rng.choice([RecipientType.SHELTER, RecipientType.VICTIM]), rng.choice(NAMES),
            address=rng.choice(["", "1 Main St"])), allow_duplicate=rng.random() < 0.5)
    elif rng.random() < 0.8 or len(have) < 2:
        r = rng.choice(have)
        recipients.update_recipient(ws.db, ws.actor, r.id, recipients.RecipientInput(
            r.kind, r.name, abbreviation=r.abbreviation, address=r.address,
            city=rng.choice(["", "Fulton", "Jefferson City"]),
            phone=rng.choice(["", "573-555-0101"])))
    else:
        keep, gone = rng.sample(have, 2)
        recipients.merge_recipients(ws.db, ws.actor, keep.id, gone.id)


def _delivery(rng: random.Random, ws) -> None:  # noqa: ANN001
    rows, _ = deliveries.list_deliveries(ws.db, ws.actor, None)
    if rows and rng.random() < 0.5:
        d = deliveries.get_delivery(ws.db, ws.actor, rng.choice(rows).id)
        if d.status is DeliveryStatus.PREPARED and rng.random() < 0.3:
            deliveries.cancel_delivery(ws.db, ws.actor, d.id, "test")
        elif d.status is DeliveryStatus.PREPARED:
            deliveries.mark_delivered(ws.db, ws.actor, d.id, delivered_on=d.prepared_on,
                                      delivered_by=rng.choice(["Ray", "Ann"]),
                                      quantities={d.lines[0].id: 0.5})
        else:
            deliveries.confirm_receipt(ws.db, ws.actor, d.id, received_by="Lee",
                                       received_on=date.today())
        return
    stock = [s for s in items.stock(ws.db, ws.actor, site_key(ws.site)) if s.on_hand >= 1]
    people = recipients.list_recipients(ws.db, ws.actor)
    if stock and people:
        line = deliveries.LineInput(rng.choice(stock).item_type_id, None, 1)
        deliveries.create_delivery(ws.db, ws.actor, deliveries.DeliveryInput(
            ws.site, rng.choice(people).id, date.today(), (line,)))


def reparative_op(rng: random.Random, ws, sites: list[str]) -> None:  # noqa: ANN001
    what = rng.random()
    if what < 0.35:
        _direct(rng, ws, sites)
    elif what < 0.45:
        name, unit = rng.choice(ITEMS)
        items.create_item_type(ws.db, ws.actor, name, unit, produce=unit is Unit.POUND)
    elif what < 0.6:
        kinds = items.list_item_types(ws.db, ws.actor)
        if kinds:
            items.record_production(ws.db, ws.actor, _project(rng, ws.site),
                                    rng.choice(kinds).id, _day(rng), rng.choice([2, 5]))
    elif what < 0.8:
        _recipient(rng, ws)
    else:
        _delivery(rng, ws)


#: The shared reparative tables, each of which the convergence test writes at two workstations.
TABLES = ("reparative_project", "reparative_supervisor", "reparative_hours",
          "reparative_volunteer_hours", "reparative_item_type", "reparative_production",
          "reparative_recipient", "reparative_delivery", "reparative_delivery_line")


def write_every_table_twice(d) -> None:  # noqa: ANN001
    """The first two workstations write the same rows of every reparative table, each without
    the other's changes: a project, its supervisor, a crew member's and the supervisor's hours,
    the item, what was made, the recipient; then one delivery, which one cancels while the
    other marks it delivered."""
    first, second = d[0], d[1]
    volunteer = create_volunteer(first.db, first.actor, VolunteerInput(
        last_name="Ortiz", first_name="Ana", site_code="JCCC"))
    with acting(first.db, first.actor) as tx:
        offender = tx.scalar(select(Offender.id))
    assert offender is not None, "the convergence test makes an offender first"
    d.sync_all()
    today = date.today()
    for ws, hours in ((first, 4.0), (second, 6.0)):
        rng = random.Random(int(hours))
        with acting(ws.db, ws.actor) as tx:
            pid = rules.project_key(site_key("JCCC"), "Quilting")
            tx.add(Project(id=pid, site_id=site_key("JCCC"), name="Quilting",
                           category=ProjectCategory.SEWING, description=f"by {ws.name}",
                           active=True))
            tx.flush()  # the rows below refer to it
            tx.add(ProjectSupervisor(id=rules.supervisor_key(pid, volunteer.id), project_id=pid,
                                     volunteer_id=volunteer.id))
            tx.add(HourEntry(id=rules.hours_key(offender, pid, today), offender_id=offender,
                             project_id=pid, site_id=site_key("JCCC"), worked_on=today,
                             hours=hours, status=HoursStatus.APPROVED,
                             entered_by=ws.actor.user_id))
            tx.add(VolunteerHours(id=rules.volunteer_hours_key(volunteer.id, pid, today),
                                  volunteer_id=volunteer.id, project_id=pid, worked_on=today,
                                  hours=hours / 2))
        quilt = items.create_item_type(ws.db, ws.actor, "Quilt", Unit.EACH)
        items.record_production(ws.db, ws.actor, pid, quilt.id, today, hours)
        recipients.create_recipient(ws.db, ws.actor, recipients.RecipientInput(
            RecipientType.SHELTER, "Hope House", city=rng.choice(["Fulton", "Mexico"])))
    d.sync_all()
    home = recipients.list_recipients(first.db, first.actor)[0]
    made = deliveries.create_delivery(first.db, first.actor, deliveries.DeliveryInput(
        "JCCC", home.id, today, (deliveries.LineInput(quilt.id, pid, 3),)))
    d.sync_all()
    deliveries.cancel_delivery(first.db, first.actor, made.id, "changed plans")
    deliveries.mark_delivered(second.db, second.actor, made.id, delivered_on=today,
                              delivered_by="Ray", quantities={made.lines[0].id: 2})
