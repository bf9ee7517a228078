"""What a volunteer may do.
"""

from __future__ import annotations

import enum


class VolunteerRole(str, enum.Enum):
    BOARD_MEMBER = "board_member"
    VICTIM_SPEAKER = "victim_speaker"
    PROJECT_SUPERVISOR = "project_supervisor"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()
