"""What lapses: expired and soon-expiring background checks and trainings, victim speakers who
cannot be booked, and the warning when a speaker's consent is cleared."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core import sites
from rjdesk.services.core.errors import InvalidInput, NotAllowed
from rjdesk.services.volunteers import expiring
from rjdesk.services.volunteers import records as vs

TODAY = date(2026, 12, 3)


def _input(last: str, **kw) -> vs.VolunteerInput:
    base = dict(last_name=last, first_name="Pat", site_code="JCCC",
                roles=frozenset({VolunteerRole.BOARD_MEMBER}),
                background_check_on=date(2024, 1, 1),
                background_check_expires=TODAY + timedelta(days=400))
    base.update(kw)
    return vs.VolunteerInput(**base)


def _add(db, actor, last: str, **kw) -> vs.VolunteerView:
    return vs.create_volunteer(db, actor, _input(last, **kw), today=TODAY)


@pytest.fixture
def crew(db, admin):
    """One volunteer per case, at JCCC, and one at another site."""
    _add(db, admin, "Expired", background_check_expires=TODAY - timedelta(days=3))
    _add(db, admin, "Soon", background_check_expires=TODAY + timedelta(days=12))
    _add(db, admin, "Later", background_check_expires=TODAY + timedelta(days=75))
    _add(db, admin, "Fine")
    _add(db, admin, "Trained", trainings=(
        vs.TrainingInput("PREA", date(2024, 1, 1), TODAY - timedelta(days=1)),))
    _add(db, admin, "Renewed", trainings=(
        vs.TrainingInput("PREA", date(2024, 1, 1), TODAY - timedelta(days=1)),
        vs.TrainingInput("PREA", date(2025, 1, 1), TODAY + timedelta(days=700))))
    _add(db, admin, "Retired", active=False, background_check_expires=TODAY - timedelta(days=9))
    _add(db, admin, "Speaker", roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
         speaker_screened_on=date(2025, 1, 1))
    _add(db, admin, "Away", site_code="ACC", background_check_expires=TODAY + timedelta(days=2))


def _seen(items):
    return [(i.name.split(",")[0], i.credential, i.state) for i in items]


def test_within_30_days_lists_expired_soon_and_missing_missing_first_then_soonest(
        db, admin, crew):
    jccc = sites.get_site(db, "JCCC").id
    items = expiring.list_expiring(db, admin, jccc, 30, today=TODAY)
    assert _seen(items) == [
        ("SPEAKER", "Speaker consent", "missing"),
        ("EXPIRED", "Background check", "expired"),
        ("TRAINED", "Training: PREA", "expired"),
        ("SOON", "Background check", "soon"),
    ]
    assert items[1].status == "Expired 3 days ago" and items[3].status == "Expires in 12 days"


def test_a_longer_span_reaches_further_and_every_site_adds_the_others(db, admin, crew):
    ninety = expiring.list_expiring(db, admin, None, 90, today=TODAY)
    seen = _seen(ninety)
    assert ("LATER", "Background check", "") in seen  # in the span, not yet amber
    assert ("AWAY", "Background check", "soon") in seen
    # a renewed training, an inactive volunteer and a far-off check are not listed
    assert not {"RENEWED", "RETIRED", "FINE"} & {s[0] for s in seen}


def test_the_marks_red_and_amber_are_decided_once() -> None:
    assert expiring.expiry_state(TODAY - timedelta(days=1), TODAY) == "expired"
    assert expiring.expiry_state(TODAY, TODAY) == "soon"
    assert expiring.expiry_state(TODAY + timedelta(days=30), TODAY) == "soon"
    assert expiring.expiry_state(TODAY + timedelta(days=31), TODAY) == ""
    assert expiring.expiry_state(None, TODAY) == ""
    assert expiring.state_text(TODAY - timedelta(days=1), TODAY) == "expired 1 day ago"
    assert expiring.state_text(TODAY, TODAY) == "expires today"


@pytest.mark.parametrize("within", [0, -30, 400])
def test_a_span_out_of_range_is_refused(db, admin, within) -> None:
    with pytest.raises(InvalidInput) as exc:
        expiring.list_expiring(db, admin, None, within, today=TODAY)
    assert exc.value.field == "within"


def test_clearing_a_speakers_consent_saves_with_a_warning(db, admin) -> None:
    speaker = _add(db, admin, "Okafor", roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
                   speaker_consent_on=date(2025, 1, 1), speaker_screened_on=date(2025, 1, 2))
    data = _input("Okafor", roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
                  speaker_consent_on=None, speaker_screened_on=date(2025, 1, 2))
    saved = vs.update_volunteer(db, admin, speaker.id, data, today=TODAY)
    assert saved.speaker_consent_on is None  # saved: consent may be withdrawn
    assert saved.warnings == ("Speaker consent date cleared: OKAFOR, Pat cannot be booked to "
                              "speak until it is entered again.",)
    # saving again with nothing cleared says nothing
    assert vs.update_volunteer(db, admin, speaker.id, data, today=TODAY).warnings == ()


def test_a_board_member_without_consent_gets_no_warning(db, admin) -> None:
    v = _add(db, admin, "Board", speaker_consent_on=date(2025, 1, 1))
    saved = vs.update_volunteer(db, admin, v.id, _input("Board"), today=TODAY)
    assert saved.warnings == ()


@pytest.mark.pdf_tools
def test_the_printout_is_refused_for_another_site_and_audited_for_ones_own(
        db, admin, make_user, crew, tmp_path, reader) -> None:
    coordinator = make_user(Role.VOLUNTEER_COORDINATOR)
    acc = sites.get_site(db, "ACC").id
    with pytest.raises(NotAllowed):
        expiring.print_expiring(db, coordinator, acc, tmp_path / "acc.pdf", today=TODAY)
    assert not (tmp_path / "acc.pdf").exists()
    out = tmp_path / "jccc.pdf"
    pages = expiring.print_expiring(db, coordinator, coordinator.site_id, out, within=30,
                                    today=TODAY)
    text = " ".join(" ".join(reader.pages_text(out)).split())
    assert pages == 1
    assert "EXPIRED, Pat JCCC Background check" in text and "Expired 3 days ago" in text
    assert "SOON" in text and "AWAY" not in text and "LATER" not in text
    assert "Missing (cannot be booked)" in text
    with db.reading() as session:
        printed = list(session.scalars(select(AuditEvent.summary)
                                       .where(AuditEvent.action == "print")))
    assert printed == ["Expiring volunteer credentials within 30 days (4 items, 1 page)"]
