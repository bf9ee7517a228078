"""Reparation/Accountability Boards and victim impact: case steps, needs, agreement tasks,
meeting purposes, and what a victim's statement is."""

from __future__ import annotations

import enum


class CaseStatus(str, enum.Enum):
    """A board case's steps, in order; ``returned`` (to court, with a reason) ends it early."""

    REFERRED = "referred"
    SCHEDULED = "scheduled"
    AGREEMENT = "agreement"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {
            "referred": "Referred",
            "scheduled": "Scheduled",
            "agreement": "Agreement signed",
            "in_progress": "In progress",
            "completed": "Completed",
            "returned": "Returned to court",
        }[self.value]

    @property
    def closed(self) -> bool:
        return self in (CaseStatus.COMPLETED, CaseStatus.RETURNED)


class Need(str, enum.Enum):
    """What the board found the offender needs."""

    EMPLOYMENT = "employment"
    EDUCATION = "education"
    SUBSTANCE_USE = "substance_use"
    MENTAL_HEALTH = "mental_health"
    HOUSING = "housing"
    FAMILY = "family"
    PEERS = "peers"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "employment": "Employment",
            "education": "Education",
            "substance_use": "Substance use",
            "mental_health": "Mental health",
            "housing": "Housing",
            "family": "Family",
            "peers": "Peers",
            "other": "Other",
        }[self.value]


class TaskKind(str, enum.Enum):
    """A task of the reparative agreement; some are measured in hours, some in money."""

    APOLOGY_LETTER = "apology_letter"
    COMMUNITY_SERVICE = "community_service"
    RESTITUTION = "restitution"
    CLASS_OR_TREATMENT = "class_or_treatment"
    ESSAY = "essay"
    DIALOGUE = "dialogue"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "apology_letter": "Apology letter",
            "community_service": "Community service",
            "restitution": "Restitution",
            "class_or_treatment": "Class or treatment",
            "essay": "Essay",
            "dialogue": "Victim-offender dialogue",
            "other": "Other",
        }[self.value]

    @property
    def in_hours(self) -> bool:
        return self is TaskKind.COMMUNITY_SERVICE

    @property
    def in_money(self) -> bool:
        return self is TaskKind.RESTITUTION


class MeetingStatus(str, enum.Enum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class HearingPurpose(str, enum.Enum):
    """Why a case is on a meeting's agenda."""

    FIRST = "first"
    MID_TERM = "mid_term"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        return {"first": "First meeting", "mid_term": "Mid-term review",
                "closing": "Closing meeting"}[self.value]


class ReportStatus(str, enum.Enum):
    """A court report (Sentencing Assessment Report) being prepared, then sent to court."""

    DRAFT = "draft"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "submitted": "Submitted to court"}[self.value]


class StatementStatus(str, enum.Enum):
    """Whether a victim gave a statement, or why there is none (RSMo 217.762)."""

    GIVEN = "given"
    DECLINED = "declined"
    UNREACHABLE = "unreachable"

    @property
    def label(self) -> str:
        return {"given": "Statement given", "declined": "Declined to give a statement",
                "unreachable": "Could not be reached"}[self.value]


class Notify(str, enum.Enum):
    """How a victim wishes to be told of hearings and release."""

    NONE = "none"
    MAIL = "mail"
    PHONE = "phone"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return {"none": "Does not wish to be notified", "mail": "By mail",
                "phone": "By phone", "email": "By email"}[self.value]


class Loss(str, enum.Enum):
    """The kinds of economic loss a victim may itemize; each is a column of cents."""

    MEDICAL = "medical"
    COUNSELING = "counseling"
    PROPERTY = "property"
    LOST_WAGES = "lost_wages"
    FUNERAL = "funeral"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"medical": "Medical", "counseling": "Counseling", "property": "Property",
                "lost_wages": "Lost wages", "funeral": "Funeral", "other": "Other"}[self.value]

    @property
    def column(self) -> str:
        return f"loss_{self.value}_cents"
