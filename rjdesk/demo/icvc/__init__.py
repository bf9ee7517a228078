"""ICVC in the demo: classes at every site in every state, with rosters, attendance,
certificates, victim speakers and progress that follows a transfer (see ``build``)."""

from __future__ import annotations

from rjdesk.demo.context import DemoPart
from rjdesk.demo.icvc.build import plan_icvc
from rjdesk.demo.icvc.plan import estimate

DEMO = DemoPart("icvc", plan_icvc)

__all__ = ["DEMO", "estimate"]
