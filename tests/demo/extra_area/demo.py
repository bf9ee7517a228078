"""The test area's demo part: it draws nothing and writes nothing, but reports progress, a
count and a clause for the demo's audit event, and sees every person written before it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from rjdesk.demo.context import DemoContext, DemoPart, Tick, Written

STEPS = 5


@dataclass
class ExtraPlan:
    ctx: DemoContext
    steps: int = STEPS
    seen: list[str] = field(default_factory=list)

    def write(self, session: Session, tick: Tick) -> Written:
        tick(self.steps)
        return Written({"extras": len(self.seen)}, f"Extra: {len(self.seen):,} people seen")


def plan_extra(ctx: DemoContext, scale: int) -> ExtraPlan:
    plan = ExtraPlan(ctx)
    ctx.person_watchers.append(lambda row, _history: plan.seen.append(row["doc_number"]))
    return plan


DEMO = DemoPart("extra", plan_extra)
