"""Court reports in the demo: the demo officer's Sentencing Assessment Reports with their
victims' statements in every state — given with itemized losses, declined, not reachable with
a family member answering, one victim in the Address Confidentiality Program (the substitute
address only), one who died and whose husband answered — and one report with no victim yet,
for the officer to fill in. Losses are whole cents; names come from the demo's name lists.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from rjdesk.demo import names
from rjdesk.demo.boards.words import (
    ACP_ADDRESS,
    DESCRIPTIONS,
    HARMS_FELT,
    INJURIES,
    OTHER_LOSSES,
    RELATIONSHIPS,
    REPAIR,
    WELFARE,
    court_of,
)
from rjdesk.demo.context import Place
from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import Loss, Notify, ReportStatus, StatementStatus
from rjdesk.domain.people.rules import fold

#: (status, due in days from today, submitted days ago, its victims' kinds)
HOME_REPORTS: tuple[tuple[ReportStatus, int, int | None, tuple[str, ...]], ...] = (
    (ReportStatus.DRAFT, 10, None, ("itemized", "given")),
    (ReportStatus.DRAFT, 21, None, ("declined", "unreachable")),
    (ReportStatus.DRAFT, 6, None, ("acp", "bereaved")),
    (ReportStatus.DRAFT, 28, None, ()),
    (ReportStatus.SUBMITTED, -18, 20, ("given",)),
    (ReportStatus.SUBMITTED, -75, 77, ("declined", "itemized")),
)
RANDOM_KINDS = ("given", "given", "itemized", "declined", "unreachable")
ZIP_CODES = {"Jefferson City": ("65101", "65109"), "Springfield": ("65802", "65804", "65807"),
             "Kansas City": ("64106", "64111", "64130"), "St. Louis": ("63104", "63110", "63118"),
             "Columbia": ("65201", "65203")}


class Reports:
    """Writes the reports of one office, all prepared by one officer."""

    def __init__(self, rng: random.Random, today: date, office: Place, officer_id: str,
                 stamp: Callable[[date], datetime]) -> None:
        self.rng, self.today, self.office, self.officer = rng, today, office, officer_id
        self.stamp = stamp
        self.court, self.code = court_of(office.city)
        self.reports: list[dict] = []
        self.statements: list[dict] = []

    def add(self, offender_id: str, since: date, status: ReportStatus, due_in: int,
            submitted_ago: int | None, kinds: tuple[str, ...]) -> None:
        rng, today = self.rng, self.today
        due = today + timedelta(days=due_in)
        made = max(since, due - timedelta(days=rng.randint(21, 35)))
        made = min(made, today)
        submitted = today - timedelta(days=submitted_ago) if submitted_ago is not None else None
        if submitted is not None:
            made = min(made, submitted - timedelta(days=7))
        number = f"{made:%y}{self.code}-CR{rng.randint(100, 99999):05d}"
        rid = rules.report_key(offender_id, self.court, number)
        self.reports.append({
            "id": rid, "site_id": self.office.id, "offender_id": offender_id,
            "officer_id": self.officer, "court": self.court, "case_number": number,
            "due_on": due, "status": status, "submitted_on": submitted,
            "created_at": self.stamp(made), "updated_at": self.stamp(submitted or made)})
        taken_by = submitted or today
        seen: set[str] = set()
        for kind in kinds:
            row = self._victim(rid, kind, made, taken_by)
            while row["id"] in seen:  # two victims of one name: draw again
                row = self._victim(rid, kind, made, taken_by)
            seen.add(row["id"])
            self.statements.append(row)

    def _victim(self, rid: str, kind: str, made: date, by: date) -> dict:
        rng = self.rng
        female = rng.random() < 0.55
        last, first, _ = names.pick(rng, female, volunteer=True)
        mail = "".join(ch for ch in fold(f"{first}.{last}") if ch.isascii()
                       and (ch.isalnum() or ch == ".")).strip(".")
        mail = mail if any(ch.isalnum() for ch in mail) else "victim"
        span = max(0, (by - made).days)
        row: dict = {
            "id": rules.statement_key(rid, last, first), "report_id": rid,
            "last_name": last, "first_name": first, "description": rng.choice(DESCRIPTIONS),
            "address": (f"{rng.randint(100, 9999)} {rng.choice(names.STREETS)}, "
                        f"{self.office.city}, MO {self.zip_code()}"),
            "acp": False, "phone": f"({rng.choice((573, 314, 816, 417))}) 555-04"
                                   f"{rng.randint(0, 99):02d}",
            "email": f"{mail}@example.com" if rng.random() < 0.6 else "",
            "notify": rng.choice((Notify.MAIL, Notify.PHONE, Notify.EMAIL, Notify.NONE)),
            "status": StatementStatus.GIVEN,
            "taken_on": made + timedelta(days=rng.randint(0, span)),
            "answered_by": "", "answered_relationship": "",
            **{loss.column: 0 for loss in Loss}, "loss_other_text": "",
            "injury": "", "psychological_harm": "", "welfare_change": "",
            "counseling_requested": False, "repair": "",
            "updated_at": None}
        if row["notify"] is Notify.EMAIL and not row["email"]:
            row["notify"] = Notify.MAIL
        if kind in ("given", "itemized", "acp", "bereaved"):
            self._statement(row, itemized=kind == "itemized")
        if kind == "declined":
            row["status"] = StatementStatus.DECLINED
        elif kind == "unreachable":
            row["status"] = StatementStatus.UNREACHABLE
            row["notify"] = Notify.NONE
            row["phone"] = ""
            self._family(row, last, rng.choice(RELATIONSHIPS[:3]))
        elif kind == "acp":
            row.update(address=ACP_ADDRESS, acp=True, phone="", email="", notify=Notify.MAIL)
        elif kind == "bereaved":
            row["description"] = "driver of the other car; died of the injuries"
            row["injury"] = "Died of the injuries nine days after the crash."
            row["loss_funeral_cents"] = rng.randint(6000, 14000) * 100
            self._family(row, last, "husband" if female else "wife")
        row["updated_at"] = self.stamp(row["taken_on"])
        return row

    def zip_code(self) -> str:
        """A ZIP code of the office's city where the demo knows them, else of Missouri."""
        known = ZIP_CODES.get(self.office.city)
        return self.rng.choice(known) if known else str(self.rng.randint(63001, 65899))

    def _statement(self, row: dict, *, itemized: bool) -> None:
        rng = self.rng
        losses = [Loss.MEDICAL, Loss.COUNSELING, Loss.PROPERTY, Loss.LOST_WAGES]
        chosen = losses if itemized else rng.sample(losses, rng.randint(1, 2))
        for loss in chosen:
            row[loss.column] = rng.randint(80, 6000) * 100 + rng.choice((0, 0, 25, 50, 99))
        if itemized:
            row["loss_other_cents"] = rng.randint(40, 900) * 100
            row["loss_other_text"] = rng.choice(OTHER_LOSSES)
        row.update(injury=rng.choice(INJURIES), psychological_harm=rng.choice(HARMS_FELT),
                   welfare_change=rng.choice(WELFARE), repair=rng.choice(REPAIR),
                   counseling_requested=rng.random() < 0.4)

    def _family(self, row: dict, last: str, relationship: str) -> None:
        female = relationship in ("mother", "sister", "daughter", "wife")
        _, first, _ = names.pick(self.rng, female, volunteer=True)
        row["answered_by"] = f"{first} {last}"
        row["answered_relationship"] = relationship
