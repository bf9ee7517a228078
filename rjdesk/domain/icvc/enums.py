"""ICVC: session topics, enrollment states, attendance marks.
"""

from __future__ import annotations

import enum


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
