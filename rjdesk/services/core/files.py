"""Files a service writes for a person: in place only when whole, and audited with it;
spreadsheet exports refused, written and audited one way."""

from __future__ import annotations

import csv
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from rjdesk.domain.core.text import spreadsheet_safe
from rjdesk.services.core.context import Actor, acting
from rjdesk.services.core.errors import InvalidInput
from rjdesk.store import private
from rjdesk.store.database import Database

XLSX_MAX_ROWS = 1_048_575  # a worksheet's rows, less the header
#: How many rows an export writes between two progress reports.
PROGRESS_EVERY = 1000


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed onto it when the block succeeds and removed
    when it fails. Errors name ``out``, not the temporary file a person never asked for.
    The file is owner-only from its first byte: it holds personal data."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        private.new_file(tmp)
        yield tmp
        private.tighten(tmp, private.FILE)  # a writer that made the file anew
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(out)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_audited(db: Database, actor: Actor, out: Path, write: Callable[[Path], int],
                  record: Callable[[Session, int], None]) -> int:
    """Write ``out`` through a temporary file and audit it in the same transaction, committed
    only once the file is in place: a file that could not be put in place leaves no record,
    and a record never lacks its file. Returns what ``write`` counted (pages, rows)."""
    with acting(db, actor) as tx, replacing(out) as tmp:
        count = write(tmp)
        record(tx, count)
        tx.flush()
    return count


def write_pdf(db: Database, actor: Actor, out: Path | BinaryIO,
              render: Callable[[Path | BinaryIO], int],
              record: Callable[[Session, int], None]) -> int:
    """Render to ``out`` (a path, as ``write_audited``; or an open stream) and audit it."""
    if isinstance(out, (str, Path)):
        return write_audited(db, actor, Path(out), render, record)
    with acting(db, actor) as tx:
        pages = render(out)
        record(tx, pages)
    return pages


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet export's layout: the worksheet's name, its columns and their widths."""

    name: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]  # xlsx column widths, in characters


@dataclass(frozen=True)
class SpreadsheetOut:
    """Where a spreadsheet export goes, checked before any work: every export of personal
    data refuses, writes and audits the same way."""

    path: Path
    kind: str  # ".csv" or ".xlsx"
    what: str  # what the rows are, plural: "people"

    @classmethod
    def checked(cls, out: Path, what: str) -> SpreadsheetOut:
        """Refuse a file that is neither .csv nor .xlsx."""
        path = Path(out)
        kind = path.suffix.lower()
        if kind not in (".csv", ".xlsx"):
            raise InvalidInput(f"{what.capitalize()} are exported to a .csv or .xlsx file; "
                               f"“{path.name}” is neither.", "out")
        return cls(path, kind, what)

    def check_fits(self, total: int) -> None:
        """Refuse, before writing, more rows than one Excel sheet holds."""
        if self.kind == ".xlsx" and total > XLSX_MAX_ROWS:
            raise InvalidInput(f"{total:,} {self.what} do not fit on one Excel sheet; export "
                               "them as CSV, or one site at a time.", "out")

    def write(self, db: Database, actor: Actor, sheet: Sheet, rows: Iterable[Sequence[object]],
              record: Callable[[Session, int], None],
              progress: Callable[[int], None] | None = None) -> int:
        """Write the rows (streamed, so memory stays flat) and audit them; returns how many.
        ``progress`` hears the count every ``PROGRESS_EVERY`` rows."""
        writer = _write_csv if self.kind == ".csv" else _write_xlsx
        return write_audited(db, actor, self.path, lambda tmp: writer(tmp, sheet, rows, progress),
                             record)

#: The control characters an .xlsx file cannot hold (as openpyxl refuses them).
_NOT_IN_A_CELL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _write_csv(path: Path, sheet: Sheet, rows: Iterable[Sequence[object]],
               progress: Callable[[int], None] | None) -> int:
    # With a byte-order mark: Excel opens it as UTF-8, so Nguyễn stays Nguyễn.
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(sheet.columns)
        for row in rows:
            writer.writerow([_text(v) for v in row])
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    return count


def _xlsx_value(value: object) -> str | float | Decimal | date | time | timedelta | None:
    """``value`` as a spreadsheet cell holds it: text, a number, a date or time, or nothing.
    Anything else in an export's row is a mistake in that export."""
    if isinstance(value, str):
        # openpyxl refuses control characters with an exception; a cell never needs them
        return _NOT_IN_A_CELL.sub("\ufffd", value)
    if value is None or isinstance(value, (int, float, Decimal, date, time, timedelta)):
        return value
    raise TypeError(f"A spreadsheet cell cannot hold {type(value).__name__} {value!r}.")


def _write_xlsx(path: Path, sheet: Sheet, rows: Iterable[Sequence[object]],
                progress: Callable[[int], None] | None) -> int:
    from openpyxl import Workbook  # a second's import, needed only here
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)  # streams rows to disk: memory stays flat at any size
    ws = book.create_sheet(sheet.name)
    ws.freeze_panes = "A2"
    for index, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.append(sheet.columns)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws)
            cell.value = _xlsx_value(value)
            if cell.data_type == "f":
                cell.data_type = "s"  # text that reads like a formula stays text
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        ws.append(cells)
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    book.save(path)
    return count
