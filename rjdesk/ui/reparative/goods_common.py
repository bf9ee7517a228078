"""What the goods pages share: quantities as people write them, the day as the pages see it,
and a refusal shown at its place in a dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from rjdesk.domain.reparative.enums import Unit
from rjdesk.services.core.sites import SiteView

#: The red of a shortfall and of an expired check, everywhere in the area.
RED = "#b3261e"


def today() -> date:
    """The day the pages compare with (one place, so a test can hold the clock)."""
    return date.today()


def qty(value: float | None) -> str:
    """12, 2.5, 1,250 — no trailing zeros, thousands grouped."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float | None, unit: Unit) -> str:
    return f"{qty(value)} {unit.label}" if value is not None else ""


def parse_quantity(text: str) -> float | None:
    """A quantity typed (commas allowed); None when it is not a number."""
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return None


def site_combo(parent: QWidget, choices: list[SiteView], current_id: str | None, *,
               everywhere: str = "") -> QComboBox:
    """The sites to choose from; ``everywhere`` adds a first item for every site (None)."""
    combo = QComboBox(parent)
    if everywhere:
        combo.addItem(everywhere, None)
    for site in choices:
        combo.addItem(site.label, site.id)
    combo.setCurrentIndex(max(0, combo.findData(current_id)))
    return combo
