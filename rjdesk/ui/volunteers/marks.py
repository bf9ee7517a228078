"""Red for an expired credential, amber for one that expires within 30 days: the same marks on
the volunteer record, in the list and on the expiring-credentials page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLineEdit, QTableWidgetItem

from rjdesk.services.volunteers.expiring import expiry_state, state_text

TEXT = {"expired": QColor("#b3261e"), "soon": QColor("#7a4f00"), "missing": QColor("#b3261e")}
BACKGROUND = {"expired": QColor("#fde7e5"), "soon": QColor("#fff4d6"),
              "missing": QColor("#fde7e5")}


def edit_style(state: str) -> str:
    if state not in TEXT:
        return ""
    return (f"QLineEdit {{ color: {TEXT[state].name()}; background: "
            f"{BACKGROUND[state].name()}; font-weight: bold; }}")


def mark_edit(edit: QLineEdit, expires_on: date | None, today: date) -> str:
    """Colour a date field by its expiry and say in its tooltip how far off it is; returns the
    state ("expired", "soon" or "")."""
    state = expiry_state(expires_on, today)
    edit.setStyleSheet(edit_style(state))
    edit.setToolTip(state_text(expires_on, today).capitalize() + "." if state else "")
    return state


def mark_item(item: QTableWidgetItem, expires_on: date | None, today: date) -> str:
    state = expiry_state(expires_on, today)
    if state:
        item.setForeground(QBrush(TEXT[state]))
        item.setBackground(QBrush(BACKGROUND[state]))
        item.setToolTip(state_text(expires_on, today).capitalize() + ".")
    else:
        item.setData(Qt.ItemDataRole.ForegroundRole, None)
        item.setData(Qt.ItemDataRole.BackgroundRole, None)
        item.setToolTip("")
    return state
