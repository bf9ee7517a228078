"""The self-test's checks of the ICVC area: a finished class's papers, rendered and kept for
the font check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rjdesk.ui.common.checks import Check, SelfTest, expect, registrar

CHECKS: list[Check] = []
check = registrar(CHECKS)


@check("ICVC papers", needs=("sign-in",))
def check_icvc_papers(t: SelfTest) -> str:
    """A finished demo class's sign-in sheet, certificates (with their QR codes) and summary."""
    from rjdesk.domain.icvc.enums import EnrollmentStatus
    from rjdesk.services.icvc import printouts, roster, schedule

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    finished = [c for c in schedule.list_classes(db, actor, actor.site_id)
                if c.state == "finished" and c.enrolled]
    expect(finished, "the demo has no finished ICVC class")
    class_id = finished[0].id
    held = [s for s in schedule.get_class(db, actor, class_id).sessions if not s.cancelled]
    completed = [e.id for e in roster.roster(db, actor, class_id)
                 if e.status == EnrollmentStatus.COMPLETED][:3]
    expect(held and completed, "the finished class has no sessions or no one completed it")
    papers: dict[str, Callable[[Path], int]] = {
        "ICVC sign-in sheet": lambda out: printouts.print_roster(db, actor, held[0].id, out),
        "ICVC certificates": lambda out: printouts.print_certificates(db, actor, completed, out),
        "ICVC class summary": lambda out: printouts.print_class_summary(db, actor, class_id, out),
    }
    for name, render in papers.items():
        out = t.folder / f"{name.replace(' ', '-')}.pdf"
        pages = render(out)
        expect(pages > 0 and out.stat().st_size > 0, f"{name}: an empty PDF")
        t.pdfs[name], t.page_counts[name] = out, pages
    return ", ".join(name.removeprefix("ICVC ") for name in papers)
