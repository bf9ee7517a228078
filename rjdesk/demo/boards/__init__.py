"""Reparation boards and victim impact in the demo: boards with members at the P&P offices,
cases at every step with their meetings and agreements, and court reports with victims'
statements (see ``build``)."""

from __future__ import annotations

from rjdesk.demo.boards.build import estimate, plan_boards
from rjdesk.demo.context import DemoPart

DEMO = DemoPart("boards", plan_boards)

__all__ = ["DEMO", "estimate"]
