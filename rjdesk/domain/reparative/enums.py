"""Reparative work: project categories, units, recipient types, hour and delivery states."""

from __future__ import annotations

import enum


class ProjectCategory(str, enum.Enum):
    SEWING = "sewing"
    WOODWORK = "woodwork"
    BICYCLES = "bicycles"
    KNITTING = "knitting"
    GARDEN = "garden"
    FOOD = "food"
    BRAILLE = "braille"
    ANIMALS = "animals"
    CLEAN_UP = "clean_up"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "sewing": "Sewing and quilts",
            "woodwork": "Woodwork and toys",
            "bicycles": "Bicycles and mobility aids",
            "knitting": "Knitting and crochet",
            "garden": "Garden and produce",
            "food": "Food",
            "braille": "Braille and narration",
            "animals": "Animal training",
            "clean_up": "Community clean-up",
            "other": "Other",
        }[self.value]


class Unit(str, enum.Enum):
    """How an item is counted. Pounds and tons are weights: produce totals convert them."""

    EACH = "each"
    POUND = "pound"
    TON = "ton"
    PAGE = "page"
    VOLUME = "volume"
    HOUR = "hour"

    @property
    def label(self) -> str:
        return {"each": "each", "pound": "lb", "ton": "ton", "page": "page",
                "volume": "volume", "hour": "hour"}[self.value]

    @property
    def pounds(self) -> float | None:
        """Pounds in one of this unit, for weights; None for counts."""
        return {"pound": 1.0, "ton": 2000.0}.get(self.value)


class RecipientType(str, enum.Enum):
    SHELTER = "shelter"
    DAYCARE = "daycare"
    NURSING_HOME = "nursing_home"
    MEALS_ON_WHEELS = "meals_on_wheels"
    HOSPITAL = "hospital"
    VICTIM = "victim"
    SCHOOL = "school"
    NOT_FOR_PROFIT = "not_for_profit"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "shelter": "Shelter",
            "daycare": "Daycare center",
            "nursing_home": "Nursing home",
            "meals_on_wheels": "Meals on wheels",
            "hospital": "Hospital",
            "victim": "Victim",
            "school": "School",
            "not_for_profit": "Not-for-profit organization",
            "other": "Other",
        }[self.value]


class HoursStatus(str, enum.Enum):
    """An hour entry counts once approved; one above the site's daily amount waits for a
    second staff member. Totals keep the three apart."""

    APPROVED = "approved"
    PENDING = "pending"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"approved": "Approved", "pending": "Waiting for approval",
                "declined": "Declined"}[self.value]


class DeliveryStatus(str, enum.Enum):
    PREPARED = "prepared"
    DELIVERED = "delivered"
    RECEIVED = "received"  # receipt confirmed: received by, on a date
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"prepared": "Prepared", "delivered": "Delivered",
                "received": "Receipt confirmed", "cancelled": "Cancelled"}[self.value]
