"""Reparative work in the demo: projects of every category at every institution, a year of
hours, items made, recipients of every type and deliveries in every state (see ``build``)."""

from __future__ import annotations

from rjdesk.demo.context import DemoPart
from rjdesk.demo.reparative.build import estimate, plan_reparative

DEMO = DemoPart("reparative", plan_reparative)

__all__ = ["DEMO", "estimate"]
