"""Kinds of site and staff roles.
"""

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
