"""A crew's week of hours saved through the service, as the hours grid saves it.

    .venv/bin/python bench/bench_crew_week.py --crew 30 --runs 5

A new workstation gets a project with a cleared supervisor and a crew of ``--crew`` people; each
run saves a fresh week (7 days × crew, every cell new) and then the same week changed (every
cell a new value), through ``hours.save_grid``, and prints the median and range of both. The
baseline beside them is the same rows written by one bulk insert of SQLAlchemy Core, with
change capture, signing, checks and audit all left out: what the service adds on top.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, insert

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import HoursStatus, ProjectCategory
from rjdesk.domain.reparative.models import HourEntry
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.admin import auth
from rjdesk.services.core.database import open_database
from rjdesk.services.people import records as people
from rjdesk.services.reparative import hours, projects
from rjdesk.services.volunteers import records as volunteers
from rjdesk.store.capture import capture_off

PASSWORD = "bench-password-1"
FIRST_MONDAY = date(2025, 1, 6)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # names take no digits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crew", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "crew.sqlite3")
        admin = auth.setup_workstation(db, site_code="JCCC", workstation_name="BENCH-1",
                                       admin_username="admin", admin_name="Bench Admin",
                                       admin_password=PASSWORD)
        auth.create_user(db, admin, username="coord", display_name="Bench Coordinator",
                         role=Role.VOLUNTEER_COORDINATOR, site_code="JCCC", password=PASSWORD)
        coord = auth.sign_in(db, "coord", PASSWORD)
        today = FIRST_MONDAY + timedelta(weeks=2 * args.runs + 2)
        ann = volunteers.create_volunteer(db, admin, volunteers.VolunteerInput(
            "Smith", "Ann", "JCCC", roles=frozenset({VolunteerRole.PROJECT_SUPERVISOR}),
            background_check_on=date(2024, 1, 2)), today=today)
        quilts = projects.create_project(db, coord, projects.ProjectInput(
            "JCCC", "Quilts", ProjectCategory.SEWING, supervisor_ids=(ann.id,)), today=today)
        crew = [people.create_offender(db, admin, people.OffenderInput(
            str(4_000_000 + i), "Crew", LETTERS[i % 26] * (1 + i // 26), "JCCC",
            date_of_birth=date(1990, 1, 1))).id for i in range(args.crew)]
        new, changed, bulk = [], [], []
        for run in range(args.runs):
            week = [FIRST_MONDAY + timedelta(weeks=2 * run, days=d) for d in range(7)]
            for label, value, times in (("new", 6.0, new), ("changed", 7.5, changed)):
                cells = [hours.HoursCell(o, d, value) for o in crew for d in week]
                started = time.perf_counter()
                result = hours.save_grid(db, coord, quilts.id, cells, today=today)
                times.append(time.perf_counter() - started)
                assert result.saved == len(cells), (label, result)
            rows = [{"id": rules.hours_key(o, quilts.id, d + timedelta(weeks=1)),
                     "offender_id": o, "project_id": quilts.id, "site_id": quilts.site_id,
                     "worked_on": d + timedelta(weeks=1), "hours": 6.0,
                     "status": HoursStatus.APPROVED} for o in crew for d in week]
            with db.transaction() as tx, capture_off(tx.connection()):
                started = time.perf_counter()
                tx.execute(insert(HourEntry), rows)
                bulk.append(time.perf_counter() - started)
                tx.execute(delete(HourEntry).where(HourEntry.id.in_([r["id"] for r in rows])))
        db.close()
    cells = args.crew * 7
    print(f"a crew of {args.crew}, 7 days: {cells} cells, {args.runs} runs, median (min-max) s")
    for name, times in (("save_grid, every cell new", new),
                        ("save_grid, every cell changed", changed),
                        ("baseline: one bulk insert, nothing checked", bulk)):
        print(f"  {name}: {statistics.median(times):.3f} "
              f"({min(times):.3f}-{max(times):.3f})")


if __name__ == "__main__":
    main()
