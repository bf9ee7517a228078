"""Moving offender records in and out as files: CSV import, CSV/XLSX export.

An import is all or nothing: a clerk fixing a spreadsheet wants every problem listed at once,
by line, and a file that was half imported is worse than one that was refused. Exports are
written to a temporary file beside the target and renamed into place, so a failure never
leaves a half-written file where a person would take it for a whole one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rjdesk.domain.base import Base, utcnow
from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Output, Permission
from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.services.core.context import Actor, acting, audit, require, require_output
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.core.files import Sheet, SpreadsheetOut
from rjdesk.services.people import query as pq
from rjdesk.services.people.records import OffenderInput, display_name, validate
from rjdesk.store.database import Database

COLUMNS = ("doc_number", "last_name", "first_name", "middle_name", "date_of_birth", "site_code",
           "status", "projected_release_date", "housing_unit")
REQUIRED = ("doc_number", "last_name", "first_name", "date_of_birth", "site_code")
LABELS = {"doc_number": "DOC number", "last_name": "last name", "first_name": "first name",
          "middle_name": "middle name", "date_of_birth": "date of birth", "site_code": "site",
          "status": "status", "projected_release_date": "projected release date",
          "housing_unit": "housing unit", "row": "row"}
EXPORT_PAGE = 1000
INSERT_CHUNK = 5000
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class RowProblem:
    """One reason one line of the file cannot be imported."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {LABELS.get(self.field, self.field)}: {self.message}"


class ImportRejected(InvalidInput):
    """Some rows are wrong; ``problems`` lists each one by line. Nothing was imported."""

    def __init__(self, file_name: str, problems: list[RowProblem]) -> None:
        lines = len({p.line for p in problems})
        super().__init__(f"{file_name}: {lines} {'row has' if lines == 1 else 'rows have'} "
                         "problems, so nothing was imported. Correct them and import the file "
                         "again.", "file")
        self.problems = problems

    def lines(self) -> list[str]:
        return [self.message, *(str(p) for p in self.problems)]


@dataclass(frozen=True)
class ImportReport:
    file_name: str
    imported: int
    #: People imported per site code.
    by_site: dict[str, int]


@dataclass(frozen=True)
class PersonRecord:
    """An offender as files and papers need him: separate names, site code, plain values."""

    id: str
    doc_number: str
    last_name: str
    first_name: str
    middle_name: str
    date_of_birth: date | None
    site_code: str
    status: OffenderStatus
    projected_release_date: date | None
    housing_unit: str


def _parse_date(raw: str, field: str) -> date | None:
    text = raw.strip()
    if not text:
        return None
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if m := _US_DATE.fullmatch(text):
            return date(int(m[3]), int(m[1]), int(m[2]))
    except ValueError:
        pass
    raise rules.RuleError(field, f"“{text}” is not a date; write it as 1988-04-12 or "
                                 "04/12/1988.")


def _parse_status(raw: str, kind: SiteKind) -> OffenderStatus:
    text = raw.strip().lower()
    if not text:  # people at a prison are in it; elsewhere they are under supervision
        return (OffenderStatus.INCARCERATED if kind is SiteKind.INSTITUTION
                else OffenderStatus.SUPERVISED)
    for status in OffenderStatus:
        if text in (status.value, status.label.lower()):
            return status
    raise rules.RuleError("status", f"“{raw.strip()}” is not a status; use incarcerated, "
                                    "supervised or discharged.")


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column name) of every non-blank row, read as they are needed
    (a statewide file has a million); the header checked first."""
    if path.suffix.lower() not in (".csv", ".txt"):
        raise InvalidInput(f"{path.name}: people are imported from a CSV file (in Excel: Save "
                           "As “CSV UTF-8”).", "file")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = [h.strip().lower() for h in next(reader, [])]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise InvalidInput(f"{path.name}: the first line must name the columns; "
                                   f"{', '.join(missing)} missing. Expected: "
                                   f"{','.join(COLUMNS)}.", "file")
            _check_header(path.name, header)
            start = reader.line_num + 1
            for values in reader:
                if any(v.strip() for v in values):
                    yield start, {h: (values[i] if i < len(values) else "")
                                  for i, h in enumerate(header)}
                start = reader.line_num + 1
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is not UTF-8 text; save it as “CSV UTF-8”.",
                           "file") from None
    except csv.Error as exc:
        raise InvalidInput(f"{path.name}, line {reader.line_num}: {exc}.", "file") from None


def _check_header(file_name: str, header: list[str]) -> None:
    """Every column named once and known: a column the import would drop, or a second
    ``site_code`` whose value would quietly win over the first, is refused by name."""
    unknown = [f"column {i} has no name" if not h else f"“{h}”"
               for i, h in enumerate(header, start=1) if h not in COLUMNS]
    twice = sorted({h for h in header if h in COLUMNS and header.count(h) > 1})
    problems = []
    if unknown:
        problems.append(f"unknown {'column' if len(unknown) == 1 else 'columns'} "
                        f"{', '.join(unknown)}")
    if twice:
        problems.append(f"{', '.join(twice)} named more than once")
    if problems:
        raise InvalidInput(f"{file_name}: {'; '.join(problems)}, so nothing was imported. "
                           f"The columns are: {','.join(COLUMNS)}.", "file")


def import_people(db: Database, actor: Actor, path: Path, *,
                  today: date | None = None) -> ImportReport:
    """Import every row of a CSV file in one transaction, or none of them."""
    require(actor, Permission.IMPORT_PEOPLE)
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"There is no file {path}.", "file")
    today = today or date.today()
    with acting(db, actor) as tx:
        sites = {s.code: s for s in tx.scalars(select(Site))}
        checked = [(line, *_check_row(raw, sites, actor, today))
                   for line, raw in _read_rows(path)]
        if not checked:
            raise InvalidInput(f"{path.name} has no people in it, only a header.", "file")
        first_line: dict[str, int] = {}
        for line, doc, _, _, errors in checked:
            if doc is not None and doc in first_line:
                errors["doc_number"] = f"DOC number {doc} is also on line {first_line[doc]}."
            elif doc is not None:
                first_line[doc] = line
        on_file = _on_file(tx, list(first_line))
        for line, doc, _, _, errors in checked:
            if doc in on_file and first_line[doc] == line:
                errors["doc_number"] = f"DOC number {doc} is already on file: {on_file[doc]}."
        problems = [RowProblem(line, field, message) for line, _, _, _, errors in checked
                    for field, message in errors.items()]
        if problems:
            raise ImportRejected(path.name, problems)
        good: list[tuple[OffenderInput, Site]] = []
        for line, _, data, site, _ in checked:
            if data is None or site is None:  # _check_row leaves them out only with errors
                raise AssertionError(f"line {line} has no problems but was not cleaned")
            good.append((data, site))
        del checked
        now = utcnow()
        offender_table = Base.metadata.tables[Offender.__tablename__]
        try:
            for i in range(0, len(good), INSERT_CHUNK):
                chunk = good[i:i + INSERT_CHUNK]
                tx.execute(insert(offender_table),
                           [_record(data, site, now) for data, site in chunk])
        except IntegrityError:
            raise InvalidInput("Someone added some of these people while the file was being "
                               "imported; import it again to see which.", "file") from None
        by_site: dict[str, int] = {}
        for _, site in good:
            by_site[site.code] = by_site.get(site.code, 0) + 1
        audit(tx, actor, "import", "offender", None,
              f"Imported {len(good):,} offenders from {path.name} ({sites_summary(by_site)})")
    return ImportReport(path.name, len(good), by_site)


def sites_summary(by_site: dict[str, int], most: int = 6) -> str:
    """"JCCC 400, PP-27 40" for a few sites; "75 sites" for a statewide file."""
    if len(by_site) > most:
        return f"{len(by_site)} sites"
    return ", ".join(f"{code} {n:,}" for code, n in sorted(by_site.items()))


def _on_file(tx: Session, numbers: list[str]) -> dict[str, str]:
    """Which of these DOC numbers are on file already, with whom: "NAME, First, SITE"."""
    found: dict[str, str] = {}
    for i in range(0, len(numbers), 500):
        for doc, last, first, middle, code in tx.execute(
                select(Offender.doc_number, Offender.last_name, Offender.first_name,
                       Offender.middle_name, Site.code).join(Site, Site.id == Offender.site_id)
                .where(Offender.doc_number.in_(numbers[i:i + 500]))):
            found[doc] = f"{display_name(last, first, middle)}, {code}"
    return found


def _check_row(raw: dict[str, str], sites: dict[str, Site], actor: Actor, today: date
               ) -> tuple[str | None, OffenderInput | None, Site | None, dict[str, str]]:
    """One row checked by the same rules as the person form, plus what only a file can get
    wrong (dates and statuses as text, site codes). Returns the normalized DOC number (None
    if it is wrong), the cleaned input and site (None if anything is wrong), and the errors."""
    errors: dict[str, str] = {}
    code = raw.get("site_code", "").strip().upper()
    site = sites.get(code)
    if not code:
        errors["site_code"] = "Enter the site code."
    elif site is None:
        errors["site_code"] = f"There is no site with the code “{code}”."
    elif site.id != actor.site_id and not actor.may(Permission.ALL_SITES):
        errors["site_code"] = (f"You can import people of your own site ({actor.site_code}) "
                               f"only, not {code}.")
    values: dict[str, object] = {}
    for field in ("date_of_birth", "projected_release_date"):
        try:
            values[field] = _parse_date(raw.get(field, ""), field)
        except rules.RuleError as exc:
            errors[field] = exc.message
    try:
        values["status"] = _parse_status(raw.get("status", ""),
                                         site.kind if site else SiteKind.INSTITUTION)
    except rules.RuleError as exc:
        errors["status"] = exc.message
    data = OffenderInput(doc_number=raw.get("doc_number", ""),
                         last_name=raw.get("last_name", ""), first_name=raw.get("first_name", ""),
                         site_code=code or "?", middle_name=raw.get("middle_name", ""),
                         housing_unit=raw.get("housing_unit", ""),
                         **values)  # type: ignore[arg-type]  # dates and status as parsed; missing ones take the defaults
    cleaned, field_errors = validate(data, today)
    for field, message in field_errors.items():
        errors.setdefault(field, message)
    try:
        doc: str | None = rules.normalize_doc_number(data.doc_number)
    except rules.RuleError:
        doc = None
    return doc, (None if errors else cleaned), (None if errors else site), errors


def _record(data: OffenderInput, site: Site, now: datetime) -> dict[str, object]:
    """The offender row, with the derived columns every other writer computes too."""
    return {"id": rules.offender_key(data.doc_number), "doc_number": data.doc_number,
            "last_name": data.last_name, "first_name": data.first_name,
            "middle_name": data.middle_name, "date_of_birth": data.date_of_birth,
            "site_id": site.id, "status": data.status,
            "projected_release_date": data.projected_release_date,
            "housing_unit": data.housing_unit, "merged_into_id": None, "created_at": now,
            "updated_at": now,
            **rules.offender_derived(data.doc_number, data.last_name, data.first_name,
                                     data.middle_name)}


def iter_people(db: Database, actor: Actor, site_id: str | None, *,
                page_size: int = EXPORT_PAGE) -> Iterator[PersonRecord]:
    """Everyone on the people list of a site (or all sites) in name order, a page at a time:
    the list's own pages, with the separate name parts the list joins into one."""
    after = None
    while True:
        page = pq.list_offenders(db, actor, pq.PeopleFilter(site_id=site_id), after=after,
                                 limit=page_size)
        with db.reading() as tx:
            parts = {r[0]: r[1:] for r in tx.execute(
                select(Offender.id, Offender.last_name, Offender.first_name,
                       Offender.middle_name).where(Offender.id.in_([r.id for r in page.rows])))}
        for r in page.rows:
            last, first, middle = parts[r.id]
            yield PersonRecord(r.id, r.doc_number, last, first, middle, r.date_of_birth,
                               r.site_code, r.status, r.projected_release_date, r.housing_unit)
        if page.next_after is None:
            return
        after = page.next_after


PEOPLE_SHEET = Sheet("People", COLUMNS, (12, 22, 18, 16, 14, 10, 14, 14, 14))


def export_people(db: Database, actor: Actor, out: Path, site_id: str | None, *,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Write the people of a site (or all sites) to ``out``, .csv or .xlsx by its extension,
    in the columns ``import_people`` reads; returns how many were written."""
    require_output(actor, Output.PEOPLE_EXPORT, site_id)
    db.require_writable()  # its audit event cannot be kept: refused before reading anything
    target = SpreadsheetOut.checked(out, "people")
    with db.reading() as tx:
        site = tx.get(Site, site_id) if site_id else None
    if site_id and site is None:
        raise InvalidInput("That site does not exist.", "site")
    total = pq.count_offenders(db, actor, site_id)
    target.check_fits(total)

    def record(tx: Session, count: int) -> None:
        audit(tx, actor, "export", "offender", None,
              f"Exported {count:,} offenders of {site.code if site else 'all sites'} to "
              f"{target.path.name}")

    return target.write(db, actor, PEOPLE_SHEET,
                        (_cells(p) for p in iter_people(db, actor, site_id)), record,
                        (lambda n: progress(n, total)) if progress else None)


def _cells(p: PersonRecord) -> list[object]:
    return [p.doc_number, p.last_name, p.first_name, p.middle_name, p.date_of_birth,
            p.site_code, p.status.value, p.projected_release_date, p.housing_unit]
