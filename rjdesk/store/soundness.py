"""Before a database is written: can it be (a read-only file or folder), and should it be (a
damaged file, which every write would spread)?

The damage check is SQLite's ``PRAGMA quick_check`` — every page of every table and index read
and its structure checked, without cross-checking each index against its table — run when the
database is opened (2.5 s at a million people: see bench/README.md). It is not run again on a
file exactly as RJ Desk left it: closing a sound, writable database notes its size, time and
inode in ``<database>.checked``, and a file that still matches them was not touched since.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rjdesk.store import private

log = logging.getLogger(__name__)

#: Seconds the check on opening may take; a larger file is checked only this far (logged), and
#: ``rjdesk-cli check`` always checks it whole.
QUICK_CHECK_BUDGET = 20.0
_STEPS_BETWEEN_LOOKS = 100_000  # SQLite virtual machine steps between two looks at the clock


def read_only_uri(path: Path, *, immutable: bool) -> str:
    """SQLite's URI opening ``path`` for reading only. ``immutable`` also tells SQLite that
    nobody writes it meanwhile, so it makes no -wal/-shm beside it (which a read-only folder
    could not hold, and which a read-only file would leave behind)."""
    return (f"{Path(path).resolve().as_uri()}?mode=ro"
            + ("&immutable=1" if immutable else ""))


def _stamp_file(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def _stamp(path: Path) -> dict[str, int] | None:
    """The database file as it stands, or None while a -wal holds part of it."""
    if path.with_name(path.name + "-wal").exists():
        return None
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


def remember_sound(path: Path) -> None:
    """Note the database file as RJ Desk leaves it (closed, sound): opening it unchanged needs
    no new check. Nothing is noted while another connection keeps a -wal beside it.

    The file's time is first set a second back (to a whole second): a write after this, however
    soon, gives it the time of that write, so it cannot match (file times tick coarsely)."""
    stamp_file = _stamp_file(path)
    try:
        if path.with_name(path.name + "-wal").exists():
            stamp_file.unlink(missing_ok=True)
            return
        os.utime(path, ns=(path.stat().st_atime_ns, (time.time_ns() // 10**9 - 1) * 10**9))
        stamp = _stamp(path)
        if stamp is None:
            stamp_file.unlink(missing_ok=True)
            return
        temp = private.new_file(stamp_file.with_name(f".{stamp_file.name}.{os.getpid()}"))
        temp.write_text(json.dumps(stamp), encoding="utf-8")
        os.replace(temp, stamp_file)
    except OSError:  # only a check saved, never a reason to fail
        log.info("Could not note %s as checked.", path, exc_info=True)


def _unchanged_since_checked(path: Path) -> bool:
    try:
        noted = json.loads(_stamp_file(path).read_text(encoding="utf-8"))
        return bool(noted == _stamp(path))
    except (OSError, ValueError):
        return False


def is_read_only(path: Path) -> bool:
    """The database file, or the folder it is in (which must hold its journal), is
    read-only."""
    return private.read_only(path) or private.read_only(path.parent)


def wal_in_use(path: Path) -> bool:
    """A -wal beside the database holds changes not yet in the file itself."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


@contextmanager
def leaving_nothing(path: Path) -> Iterator[None]:
    """Reading a WAL database makes -wal/-shm files beside it; remove those a look made, so a
    database is left exactly as it was found (a -wal with content is never thrown away)."""
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {c for c in companions if c.exists()}
    try:
        yield
    finally:
        for companion in companions:
            if companion not in existed and companion.exists():
                if companion.name.endswith("-wal") and companion.stat().st_size:
                    continue
                companion.unlink(missing_ok=True)


def damage(path: Path, budget: float = QUICK_CHECK_BUDGET) -> str | None:
    """What SQLite's quick check finds wrong with the database at ``path`` (its first
    finding), or None when it finds nothing or runs out of time."""
    if _unchanged_since_checked(path):
        return None
    _stamp_file(path).unlink(missing_ok=True)  # noted again only once sound and closed
    deadline = time.monotonic() + budget
    with leaving_nothing(path):
        try:
            con = sqlite3.connect(read_only_uri(path, immutable=not wal_in_use(path)), uri=True)
        except sqlite3.DatabaseError as exc:
            return str(exc)
        try:
            con.set_progress_handler(lambda: time.monotonic() > deadline, _STEPS_BETWEEN_LOOKS)
            rows = [row[0] for row in con.execute("PRAGMA quick_check(1)")]
        except sqlite3.OperationalError as exc:
            if time.monotonic() > deadline:
                log.warning("The check of %s on opening ran out of its %.0f s; run "
                            "`rjdesk-cli check`.", path, budget)
                return None
            return str(exc)
        except sqlite3.DatabaseError as exc:
            return str(exc)
        finally:
            con.close()
    if rows == ["ok"]:
        return None
    found = (rows[0] if rows else "no answer").replace("*** in database main ***", "")
    return " ".join(found.split())  # one line
