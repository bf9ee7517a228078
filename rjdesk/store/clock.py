"""The hybrid logical clock that orders every change, and its stamps.

An HLC value is ``wall milliseconds << 16 | counter``: it follows the wall clock, never goes
back (a change is always stamped above every change this database already holds, its own or
applied from others), and survives restarts because it is read from the change log itself.
The capture triggers compute it in SQL (``store.database`` registers ``rj_now_ms()`` on each
connection); Python needs it only to read stamps back and to judge how far off a clock is.

A *stamp* orders two writes of one field: the HLC as 16 hex digits, ``@``, the workstation id.
Stamps compare as strings; the empty stamp is the baseline (rows that predate any change log).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime

from rjdesk.store import capture

COUNTER_BITS = 16
BASELINE = ""

#: Where the capture triggers read the wall clock; tests give a database a skewed one.
WallClock = Callable[[], float]


def wall_ms(clock: WallClock = time.time) -> int:
    return int(clock() * 1000)


def physical_ms(hlc: int) -> int:
    return hlc >> COUNTER_BITS


def stamp(hlc: int, origin: str) -> str:
    return f"{hlc:016x}@{origin}"


def stamp_hlc(value: str) -> int:
    return int(value[:16], 16) if value else 0


def stamp_origin(value: str) -> str:
    return value[17:] if value else ""


def hlc_time(hlc: int) -> datetime:
    """The wall time an HLC stands for (UTC, naive like every stored time)."""
    return datetime.fromtimestamp(physical_ms(hlc) / 1000, UTC).replace(tzinfo=None)


def register(dbapi_connection: sqlite3.Connection, clock: WallClock = time.time) -> None:
    """Give a SQLite connection the ``rj_now_ms()`` the capture triggers stamp with.

    A connection without it cannot write a synced table at all, which is the point: no write
    escapes the change log. It gets the triggers' ``rj_author()`` too (``capture``)."""
    dbapi_connection.create_function("rj_now_ms", 0, lambda: wall_ms(clock))
    capture.register(dbapi_connection)
