"""Booking victim speakers: only cleared, consenting, screened speakers, one place at a time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.icvc.models import IcvcClass, IcvcSession, SpeakerBooking
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant
from rjdesk.services.core.context import Actor, acting, audit, require
from rjdesk.services.core.errors import AlreadyExists, InvalidInput, NotFound
from rjdesk.services.icvc.access import row_to_change
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

BOOKING_NAMESPACE = uuid.UUID("8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d")


@dataclass(frozen=True)
class SpeakerView:
    volunteer_id: str
    name: str
    cleared_until: date | None


def book_speaker(db: Database, actor: Actor, session_id: str, volunteer_id: str) -> SpeakerView:
    require(actor, Permission.RUN_ICVC)
    with acting(db, actor) as tx:
        session, cls, _ = row_to_change(tx, actor, IcvcSession, session_id)
        if session.cancelled:
            raise InvalidInput("That session was cancelled.", "session")
        v = tx.get(Volunteer, volunteer_id)
        if v is None or not v.active:
            raise NotFound("That volunteer is not active.", "speaker")
        name = display_name(v.last_name, v.first_name)
        is_speaker = tx.scalar(select(VolunteerRoleGrant.id).where(
            VolunteerRoleGrant.volunteer_id == v.id,
            VolunteerRoleGrant.role == VolunteerRole.VICTIM_SPEAKER))
        if not is_speaker:
            raise InvalidInput(f"{name} is not a victim speaker.", "speaker")
        if v.speaker_consent_on is None or v.speaker_consent_on > session.held_on:
            raise InvalidInput(f"{name} has no signed consent to speak on file for "
                               f"{us_date(session.held_on)}.", "speaker")
        if v.speaker_screened_on is None or v.speaker_screened_on > session.held_on:
            raise InvalidInput(f"{name} has not been screened as a speaker by "
                               f"{us_date(session.held_on)}.", "speaker")
        if v.background_check_on is None or (v.background_check_expires is not None and
                                             v.background_check_expires < session.held_on):
            until = (f" expired on {us_date(v.background_check_expires)}"
                     if v.background_check_expires else " is missing")
            raise InvalidInput(f"{name}'s clearance{until}; the session is on "
                               f"{us_date(session.held_on)}.", "speaker")
        if tx.get(SpeakerBooking, booking_key(session.id, v.id)) is not None:
            raise AlreadyExists(f"{name} is already booked for this session.", "speaker")
        clash = tx.execute(
            select(IcvcSession, IcvcClass.title)
            .join(SpeakerBooking, SpeakerBooking.session_id == IcvcSession.id)
            .join(IcvcClass, IcvcClass.id == IcvcSession.class_id)
            .where(SpeakerBooking.volunteer_id == v.id,
                   IcvcSession.held_on == session.held_on, IcvcSession.cancelled.is_(False),
                   IcvcSession.starts_at < session.ends_at,
                   IcvcSession.ends_at > session.starts_at)).first()
        if clash:
            other, title = clash
            raise InvalidInput(f"{name} is already booked at that time: {title}, "
                               f"{other.starts_at:%H:%M}–{other.ends_at:%H:%M}.", "speaker")
        tx.add(SpeakerBooking(id=booking_key(session.id, v.id), session_id=session.id,
                              volunteer_id=v.id))
        tx.flush()
        audit(tx, actor, "book_speaker", "icvc_class", cls.id,
              f"{name} for {us_date(session.held_on)}")
        return SpeakerView(v.id, name, v.background_check_expires)


def unbook_speaker(db: Database, actor: Actor, session_id: str, volunteer_id: str) -> None:
    require(actor, Permission.RUN_ICVC)
    with acting(db, actor) as tx:
        session, cls, _ = row_to_change(tx, actor, IcvcSession, session_id)
        booking = tx.get(SpeakerBooking, booking_key(session.id, volunteer_id))
        if booking is None:
            raise NotFound("That speaker is not booked for this session.", "speaker")
        v = tx.get(Volunteer, volunteer_id)
        tx.delete(booking)
        name = display_name(v.last_name, v.first_name) if v else "speaker"
        audit(tx, actor, "unbook_speaker", "icvc_class", cls.id,
              f"{name} no longer speaking on {us_date(session.held_on)}")


def speakers_of(db: Database, actor: Actor, session_id: str) -> list[SpeakerView]:
    require(actor, Permission.VIEW_ICVC)
    with db.reading() as tx:
        return [SpeakerView(v.id, display_name(v.last_name, v.first_name),
                            v.background_check_expires)
                for v in tx.scalars(select(Volunteer).join(
                    SpeakerBooking, SpeakerBooking.volunteer_id == Volunteer.id)
                    .where(SpeakerBooking.session_id == session_id)
                    .order_by(Volunteer.sort_name))]


def booking_key(session_id: str, volunteer_id: str) -> str:
    return str(uuid.uuid5(BOOKING_NAMESPACE, f"{session_id}/{volunteer_id}"))
