"""What lapses: each active volunteer's background check and trainings that have expired or
expire within a number of days, and victim speakers with no consent or screening on file (they
cannot be booked). The record, the list and the coordinator's printable list read it here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission, reads_all_sites
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant, VolunteerTraining
from rjdesk.printing.volunteers import expiring as paper
from rjdesk.services.core.context import Actor, audit, require
from rjdesk.services.core.errors import InvalidInput, NotAllowed
from rjdesk.services.core.files import write_pdf
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

#: Within this many days an item is "soon" (amber); the list offers these spans.
SOON_DAYS = 30
SPANS = (30, 60, 90)


def expiry_state(expires_on: date | None, today: date) -> str:
    """``"expired"`` (red), ``"soon"`` (amber, within 30 days) or ``""``."""
    if expires_on is None:
        return ""
    if expires_on < today:
        return "expired"
    return "soon" if expires_on <= today + timedelta(days=SOON_DAYS) else ""


def state_text(expires_on: date | None, today: date) -> str:
    """The words beside a date: "expired 3 days ago", "expires in 12 days", "expires today"."""
    if expires_on is None:
        return "missing"
    days = (expires_on - today).days
    if days < 0:
        return f"expired {-days} day{'' if days == -1 else 's'} ago"
    if days == 0:
        return "expires today"
    return f"expires in {days} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class ExpiringItem:
    volunteer_id: str
    name: str
    site_code: str
    credential: str
    expires_on: date | None  # None: a victim speaker's consent or screening is missing
    state: str  # "expired", "soon", "missing" or "" (later than 30 days, within the span)
    status: str  # "Expired 3 days ago", "Expires in 40 days", "Missing: cannot be booked"


def _item(v: Volunteer, code: str, credential: str, until: date | None,
          today: date) -> ExpiringItem:
    if until is None:
        return ExpiringItem(v.id, display_name(v.last_name, v.first_name), code, credential,
                            None, "missing", "Missing (cannot be booked)")
    text = state_text(until, today)
    return ExpiringItem(v.id, display_name(v.last_name, v.first_name), code, credential,
                        until, expiry_state(until, today), text[0].upper() + text[1:])


def _gather(tx: Session, site_id: str | None, within: int, today: date) -> list[ExpiringItem]:
    limit = today + timedelta(days=within)
    base = (select(Volunteer, Site.code).join(Site, Site.id == Volunteer.site_id)
            .where(Volunteer.active.is_(True)))
    if site_id:
        base = base.where(Volunteer.site_id == site_id)
    items = [_item(v, code, "Background check", v.background_check_expires, today)
             for v, code in tx.execute(base.where(Volunteer.background_check_expires <= limit))]
    trained = (select(Volunteer, Site.code, VolunteerTraining)
               .join(Site, Site.id == Volunteer.site_id)
               .join(VolunteerTraining, VolunteerTraining.volunteer_id == Volunteer.id)
               .where(Volunteer.active.is_(True), VolunteerTraining.expires_on <= limit))
    if site_id:
        trained = trained.where(Volunteer.site_id == site_id)
    latest: dict[tuple[str, str], tuple[Volunteer, str, VolunteerTraining]] = {}
    for v, code, t in tx.execute(trained):
        latest[(v.id, t.name.casefold())] = (v, code, t)
    renewed = {(vid, name.casefold()) for vid, name, until in tx.execute(
        select(VolunteerTraining.volunteer_id, VolunteerTraining.name,
               VolunteerTraining.expires_on)
        .where(VolunteerTraining.volunteer_id.in_({k[0] for k in latest})))
        if until is None or until > limit}
    for key, (v, code, t) in latest.items():
        if key not in renewed:  # a later course of the same training renewed it
            items.append(_item(v, code, f"Training: {t.name}", t.expires_on, today))
    speakers = base.where(Volunteer.id.in_(
        select(VolunteerRoleGrant.volunteer_id)
        .where(VolunteerRoleGrant.role == VolunteerRole.VICTIM_SPEAKER)))
    for v, code in tx.execute(speakers):
        if v.speaker_consent_on is None:
            items.append(_item(v, code, "Speaker consent", None, today))
        if v.speaker_screened_on is None:
            items.append(_item(v, code, "Speaker screening", None, today))
    return sorted(items, key=lambda i: (i.expires_on is not None, i.expires_on or today,
                                        i.name, i.credential))


def _check_span(within: int) -> None:
    if within < 1 or within > 366:
        raise InvalidInput("Ask for 1 to 366 days (30, 60 or 90 are the usual).", "within")


def list_expiring(db: Database, actor: Actor, site_id: str | None, within: int = SOON_DAYS, *,
                  today: date | None = None) -> list[ExpiringItem]:
    """Active volunteers' credentials expired or expiring within ``within`` days of ``today``,
    missing speaker consent and screening first, then soonest first. ``site_id`` None: every
    site."""
    require(actor, Permission.VIEW_VOLUNTEERS)
    _check_span(within)
    with db.reading() as tx:
        return _gather(tx, site_id, within, today or date.today())


def print_expiring(db: Database, actor: Actor, site_id: str | None, out: Path | BinaryIO, *,
                   within: int = SOON_DAYS, printed_at: datetime | None = None,
                   today: date | None = None) -> int:
    """The coordinator's printable list; the actor's own site unless the role reads every
    site. Returns the page count."""
    require(actor, Permission.VIEW_VOLUNTEERS)
    if not actor.may(Permission.PRINT_PEOPLE):
        raise NotAllowed(f"Your role ({actor.role.label}) does not allow you to print "
                         "volunteer lists.")
    if site_id != actor.site_id and not reads_all_sites(actor.role):
        raise NotAllowed("You can print the volunteers of your own site only.")
    _check_span(within)
    printed_at = printed_at or datetime.now()
    day = today or printed_at.date()
    with db.reading() as tx:
        site = tx.get(Site, site_id) if site_id else None
        items = _gather(tx, site_id, within, day)
    header = paper.ExpiringHeader(site.name if site else "All sites", site.code if site else "",
                            within, day)
    lines = [paper.ExpiringLine(i.name, i.site_code, i.credential, i.expires_on, i.status,
                          i.state in ("expired", "missing")) for i in items]

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "site", site_id,
              f"Expiring volunteer credentials within {within} days ({len(lines)} items, "
              f"{pages} {'page' if pages == 1 else 'pages'})")

    render: Callable[[Path | BinaryIO], int] = lambda target: paper.render_expiring_list(  # noqa: E731 - one call
        header, lines, printed_at=printed_at, printed_by=actor.display_name, out=target)
    return write_pdf(db, actor, out, render, record)
