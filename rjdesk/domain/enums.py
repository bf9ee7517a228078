"""The fixed vocabularies of the domain, as the users name them."""

from __future__ import annotations

import enum


class SiteKind(str, enum.Enum):
    INSTITUTION = "institution"
    COMMUNITY_SUPERVISION_CENTER = "community_supervision_center"
    PP_OFFICE = "pp_office"
    CENTRAL_OFFICE = "central_office"

    @property
    def label(self) -> str:
        return {
            "institution": "Correctional center",
            "community_supervision_center": "Community supervision center",
            "pp_office": "Probation and Parole office",
            "central_office": "Central office",
        }[self.value]


class OffenderStatus(str, enum.Enum):
    INCARCERATED = "incarcerated"
    SUPERVISED = "supervised"
    DISCHARGED = "discharged"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Role(str, enum.Enum):
    ADMINISTRATOR = "administrator"
    INSTITUTION_STAFF = "institution_staff"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator"
    PP_OFFICER = "pp_officer"
    BOARD_COORDINATOR = "board_coordinator"
    VICTIM_SERVICES = "victim_services"
    CENTRAL_OFFICE = "central_office"

    @property
    def label(self) -> str:
        return {
            "administrator": "Administrator",
            "institution_staff": "Institution staff / ICVC facilitator",
            "volunteer_coordinator": "Volunteer coordinator",
            "pp_officer": "P&P officer",
            "board_coordinator": "Board coordinator",
            "victim_services": "Victim services",
            "central_office": "Central office (read-only)",
        }[self.value]


class VolunteerRole(str, enum.Enum):
    BOARD_MEMBER = "board_member"
    VICTIM_SPEAKER = "victim_speaker"
    PROJECT_SUPERVISOR = "project_supervisor"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class CrimeTopic(str, enum.Enum):
    """The topics of an ICVC session: the federal model curriculum's core crime units."""

    ORIENTATION = "orientation"
    PROPERTY_CRIME = "property_crime"
    ASSAULT = "assault"
    ROBBERY = "robbery"
    HATE_AND_BIAS = "hate_and_bias"
    GANG_VIOLENCE = "gang_violence"
    SEXUAL_ASSAULT = "sexual_assault"
    CHILD_ABUSE = "child_abuse"
    DOMESTIC_VIOLENCE = "domestic_violence"
    IMPAIRED_DRIVING = "impaired_driving"
    HOMICIDE = "homicide"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        return {
            "orientation": "Orientation and class contract",
            "property_crime": "Property crime",
            "assault": "Assault",
            "robbery": "Robbery",
            "hate_and_bias": "Hate and bias crime",
            "gang_violence": "Gang violence",
            "sexual_assault": "Sexual assault",
            "child_abuse": "Child abuse and neglect",
            "domestic_violence": "Domestic violence",
            "impaired_driving": "Drunk or impaired driving",
            "homicide": "Homicide",
            "closing": "Closing and post-test",
        }[self.value]


class EnrollmentStatus(str, enum.Enum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def holds_seat(self) -> bool:
        return self in (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)


class AttendanceMark(str, enum.Enum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"
    LATE = "late"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def short(self) -> str:
        """One letter for the attendance grid and its keyboard: P, A, E, L."""
        return self.value[0].upper()
