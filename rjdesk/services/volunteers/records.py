"""Community volunteers: contact, roles, trainings, background check with expiry."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.domain.people import rules
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining
from rjdesk.services.core.context import (
    Actor,
    acting,
    audit,
    audit_read,
    changed,
    require,
    require_site,
    snapshot,
)
from rjdesk.services.core.errors import Errors, InvalidInput, NotFound
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

EMAIL_RULE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_NAMESPACE = uuid.UUID("2b1f5a8e-7c3d-4e9f-a1b2-c3d4e5f60718")


@dataclass(frozen=True)
class TrainingInput:
    name: str
    completed_on: date
    expires_on: date | None = None


@dataclass(frozen=True)
class VolunteerInput:
    last_name: str
    first_name: str
    site_code: str
    email: str = ""
    phone: str = ""
    address: str = ""
    roles: frozenset[VolunteerRole] = frozenset()
    background_check_on: date | None = None
    background_check_expires: date | None = None
    active: bool = True
    notes: str = ""
    trainings: tuple[TrainingInput, ...] = ()
    speaker_consent_on: date | None = None
    speaker_screened_on: date | None = None


@dataclass(frozen=True)
class VolunteerView:
    id: str
    last_name: str
    first_name: str
    site_code: str
    email: str
    phone: str
    address: str
    roles: frozenset[VolunteerRole]
    background_check_on: date | None
    background_check_expires: date | None
    active: bool
    notes: str
    trainings: tuple[TrainingInput, ...] = field(default=())
    updated_at: datetime | None = None
    speaker_consent_on: date | None = None
    speaker_screened_on: date | None = None
    #: A victim speaker seen by a role without the right to see victims: the contact fields
    #: (e-mail, phone, address, notes) are empty, and the page says "restricted".
    contact_restricted: bool = False
    #: What the save did that the person should hear about though it was allowed (a victim
    #: speaker whose consent was cleared can no longer be booked); the dialog shows it.
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return display_name(self.last_name, self.first_name)

    def cleared_on(self, day: date) -> bool:
        """Whether the background check is valid on ``day``."""
        return bool(self.background_check_on and self.background_check_on <= day and
                    (self.background_check_expires is None or
                     self.background_check_expires >= day))


def validate(data: VolunteerInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for fld, label in (("last_name", "last name"), ("first_name", "first name")):
        try:
            rules.clean_name(fld, getattr(data, fld), required=True, label=label)
        except rules.RuleError as exc:
            errors[fld] = exc.message
    if data.email and not EMAIL_RULE.match(data.email.strip()):
        errors["email"] = f"“{data.email.strip()}” is not an e-mail address."
    if data.phone and len(re.sub(r"\D", "", data.phone)) not in (7, 10, 11):
        errors["phone"] = "A phone number has 10 digits (area code and number)."
    on, until = data.background_check_on, data.background_check_expires
    if on and on > today:
        errors["background_check_on"] = "The background check date is in the future."
    if until and not on:
        errors["background_check_on"] = "Enter the date of the background check."
    if on and until and until <= on:
        errors["background_check_expires"] = "The check expires before it was made."
    for fld, day in (("speaker_consent_on", data.speaker_consent_on),
                     ("speaker_screened_on", data.speaker_screened_on)):
        if day and day > today:
            errors[fld] = "This date is in the future."
    for t in data.trainings:
        if not t.name.strip():
            errors["trainings"] = "Every training needs a name."
        elif t.completed_on > today:
            errors["trainings"] = f"The training “{t.name}” is dated in the future."
        elif t.expires_on and t.expires_on <= t.completed_on:
            errors["trainings"] = f"The training “{t.name}” expires before it was completed."
    return errors


def _site(tx: Session, code: str) -> Site:
    site = tx.scalar(select(Site).where(Site.code == code.strip().upper()))
    if site is None:
        raise InvalidInput(f"There is no site with the code “{code}”.", "site_code")
    return site


def _write(tx: Session, volunteer: Volunteer, data: VolunteerInput, site: Site) -> None:
    volunteer.last_name = rules.clean_name("last_name", data.last_name, required=True,
                                           label="last name")
    volunteer.first_name = rules.clean_name("first_name", data.first_name, required=True,
                                            label="first name")
    volunteer.site_id = site.id
    volunteer.email = data.email.strip()
    volunteer.phone = data.phone.strip()
    volunteer.address = " ".join(data.address.split())
    volunteer.background_check_on = data.background_check_on
    volunteer.background_check_expires = data.background_check_expires
    volunteer.active = data.active
    volunteer.speaker_consent_on = data.speaker_consent_on
    volunteer.speaker_screened_on = data.speaker_screened_on
    volunteer.notes = data.notes.strip()
    volunteer.sort_name = rules.volunteer_derived(volunteer.last_name,
                                                  volunteer.first_name)["sort_name"]
    volunteer.updated_at = utcnow()
    tx.flush()
    tx.execute(delete(VolunteerRoleGrant).where(VolunteerRoleGrant.volunteer_id ==
                                                volunteer.id,
                                                VolunteerRoleGrant.role.not_in(data.roles)))
    have = set(tx.scalars(select(VolunteerRoleGrant.role)
                          .where(VolunteerRoleGrant.volunteer_id == volunteer.id)))
    for role in sorted(data.roles - have, key=lambda r: r.value):
        tx.add(VolunteerRoleGrant(id=str(uuid.uuid5(ROLE_NAMESPACE,
                                                    f"{volunteer.id}/{role.value}")),
                                  volunteer_id=volunteer.id, role=role))
    # Trainings are kept by their natural key, so saving a volunteer rewrites only what
    # changed and two sites adding the same training offline make one record.
    wanted = {training_key(volunteer.id, t.name.strip(), t.completed_on): t
              for t in data.trainings}
    tx.execute(delete(VolunteerTraining).where(
        VolunteerTraining.volunteer_id == volunteer.id,
        VolunteerTraining.id.not_in(list(wanted))))
    for key, t in wanted.items():
        row = tx.get(VolunteerTraining, key)
        if row is None:
            tx.add(VolunteerTraining(id=key, volunteer_id=volunteer.id, name=t.name.strip(),
                                     completed_on=t.completed_on, expires_on=t.expires_on))
        elif row.expires_on != t.expires_on:
            row.expires_on = t.expires_on


def training_key(volunteer_id: str, name: str, completed_on: object) -> str:
    return str(uuid.uuid5(ROLE_NAMESPACE, f"{volunteer_id}/training/{name.casefold()}/"
                                          f"{completed_on}"))


#: What a victim speaker's record holds that only roles allowed to see victims may read.
CONTACT_FIELDS = ("email", "phone", "address", "notes")


def _roles(tx: Session, volunteer_id: str) -> frozenset[VolunteerRole]:
    return frozenset(tx.scalars(select(VolunteerRoleGrant.role)
                                .where(VolunteerRoleGrant.volunteer_id == volunteer_id)))


#: A volunteer's contact details: a change to them is audited by name only (a speaker's are a
#: victim's, and the audit log is read and exported by roles that may not see them).
CONTACT = frozenset({"email", "phone", "address", "notes"})


def contact_hidden(actor: Actor, roles: frozenset[VolunteerRole]) -> bool:
    """A victim speaker is a victim: his or her contact details are for victim services,
    administrators and the central office only (the roles with VIEW_VICTIMS)."""
    return VolunteerRole.VICTIM_SPEAKER in roles and not actor.may(Permission.VIEW_VICTIMS)


def _view(tx: Session, v: Volunteer, actor: Actor) -> VolunteerView:
    site = tx.get(Site, v.site_id)
    roles = _roles(tx, v.id)
    trainings = tuple(TrainingInput(t.name, t.completed_on, t.expires_on)
                      for t in tx.scalars(select(VolunteerTraining)
                                          .where(VolunteerTraining.volunteer_id == v.id)
                                          .order_by(VolunteerTraining.completed_on)))
    view = VolunteerView(v.id, v.last_name, v.first_name, site.code if site else "", v.email,
                         v.phone, v.address, roles, v.background_check_on,
                         v.background_check_expires, v.active, v.notes, trainings, v.updated_at,
                         v.speaker_consent_on, v.speaker_screened_on)
    if contact_hidden(actor, roles):
        return replace(view, contact_restricted=True, email="", phone="", address="", notes="")
    return view


def _shows_victim_contact(view: VolunteerView) -> bool:
    return (VolunteerRole.VICTIM_SPEAKER in view.roles and not view.contact_restricted
            and any(getattr(view, f) for f in CONTACT_FIELDS))


def create_volunteer(db: Database, actor: Actor, data: VolunteerInput, *,
                     today: date | None = None) -> VolunteerView:
    require(actor, Permission.EDIT_VOLUNTEERS)
    errors = validate(data, today or date.today())
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        site = _site(tx, data.site_code)
        require_site(actor, site.id, "volunteers")
        volunteer = Volunteer(last_name="", first_name="", site_id=site.id)
        tx.add(volunteer)
        _write(tx, volunteer, data, site)
        audit(tx, actor, "create", "volunteer", volunteer.id,
              display_name(volunteer.last_name, volunteer.first_name))
        return _view(tx, volunteer, actor)


def update_volunteer(db: Database, actor: Actor, volunteer_id: str, data: VolunteerInput, *,
                     expected_updated_at: datetime | None = None,
                     today: date | None = None) -> VolunteerView:
    require(actor, Permission.EDIT_VOLUNTEERS)
    errors = validate(data, today or date.today())
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        volunteer = tx.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise NotFound("That volunteer no longer exists.")
        require_site(actor, volunteer.site_id, "volunteers")
        if expected_updated_at is not None and volunteer.updated_at != expected_updated_at:
            raise InvalidInput("Someone else changed this volunteer while you were editing. "
                               "Close the form and open the volunteer again.")
        site = _site(tx, data.site_code)
        if contact_hidden(actor, _roles(tx, volunteer.id)):
            # The form showed these fields restricted and empty: keep what is on file.
            data = replace(data, email=volunteer.email, phone=volunteer.phone,
                           address=volunteer.address, notes=volunteer.notes)
        before = (volunteer.speaker_consent_on, volunteer.speaker_screened_on)
        fields = snapshot(volunteer)
        _write(tx, volunteer, data, site)
        audit(tx, actor, "update", "volunteer", volunteer.id,
              display_name(volunteer.last_name, volunteer.first_name),
              changed(fields, snapshot(volunteer), unshown=CONTACT))
        return replace(_view(tx, volunteer, actor), warnings=_speaker_warnings(before, data))


def _speaker_warnings(before: tuple[date | None, date | None],
                      data: VolunteerInput) -> tuple[str, ...]:
    """A victim speaker's consent or screening cleared: allowed (it may have been withdrawn),
    but he or she can no longer be booked, and the person saving should know it now."""
    if VolunteerRole.VICTIM_SPEAKER not in data.roles:
        return ()
    cleared = [what for what, had, now in (("consent", before[0], data.speaker_consent_on),
                                           ("screening", before[1], data.speaker_screened_on))
               if had and not now]
    if not cleared:
        return ()
    name = display_name(data.last_name.strip(), data.first_name.strip())
    what = " and ".join(cleared)
    return (f"Speaker {what} date cleared: {name} cannot be booked to speak until it is "
            "entered again.",)


def get_volunteer(db: Database, actor: Actor, volunteer_id: str) -> VolunteerView:
    require(actor, Permission.VIEW_VOLUNTEERS)
    with db.reading() as tx:
        volunteer = tx.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise NotFound("That volunteer no longer exists.")
        view = _view(tx, volunteer, actor)
    if _shows_victim_contact(view):
        audit_read(db, actor, "view", "volunteer", view.id,
                   f"Contact details of victim speaker {view.name}")
    return view


@dataclass(frozen=True)
class VolunteerRow:
    id: str
    name: str
    site_code: str
    roles: str
    background_check_expires: date | None
    active: bool
    sort_key: tuple[str, str]


def list_volunteers(db: Database, actor: Actor, site_id: str | None, *, query: str = "",
                    role: VolunteerRole | None = None, after: tuple[str, str] | None = None,
                    limit: int = 200) -> tuple[list[VolunteerRow], tuple[str, str] | None]:
    """One page of volunteers in name order (keyset paging, as the people list)."""
    require(actor, Permission.VIEW_VOLUNTEERS)
    stmt = select(Volunteer, Site.code).join(Site, Site.id == Volunteer.site_id)
    if site_id:
        stmt = stmt.where(Volunteer.site_id == site_id)
    for term in rules.fold(without_controls(query)).split():
        stmt = stmt.where(Volunteer.sort_name.contains(term, autoescape=True))
    if role:
        stmt = stmt.where(Volunteer.id.in_(select(VolunteerRoleGrant.volunteer_id)
                                           .where(VolunteerRoleGrant.role == role)))
    if after:
        stmt = stmt.where(tuple_(Volunteer.sort_name, Volunteer.id) > tuple_(*after))
    stmt = stmt.order_by(Volunteer.sort_name, Volunteer.id).limit(limit + 1)
    with db.reading() as tx:
        found = list(tx.execute(stmt))
        ids = [v.id for v, _ in found]
        grants: dict[str, list[str]] = {}
        for vid, r in tx.execute(select(VolunteerRoleGrant.volunteer_id,
                                        VolunteerRoleGrant.role)
                                 .where(VolunteerRoleGrant.volunteer_id.in_(ids))):
            grants.setdefault(vid, []).append(r.label)
    rows = [VolunteerRow(v.id, display_name(v.last_name, v.first_name), code,
                         ", ".join(sorted(grants.get(v.id, []))), v.background_check_expires,
                         v.active, (v.sort_name, v.id)) for v, code in found[:limit]]
    text = " ".join(without_controls(query).split())
    if text and after is None and rows:  # a search that finds people: one event, not per row
        more = "+" if len(found) > limit else ""
        audit_read(db, actor, "search", "volunteer", None,
                   f"“{text[:60]}” found {len(rows)}{more}")
    return rows, (rows[-1].sort_key if len(found) > limit else None)
