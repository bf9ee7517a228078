"""An offender's standing with the department.
"""

from __future__ import annotations

import enum


class OffenderStatus(str, enum.Enum):
    INCARCERATED = "incarcerated"
    SUPERVISED = "supervised"
    DISCHARGED = "discharged"

    @property
    def label(self) -> str:
        return self.value.capitalize()
