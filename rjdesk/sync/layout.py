"""The share's layout: where each kind of file goes, and the naming rule each must match.

Anything that does not fully match its folder's rule (``x (1).rjb``, a sync tool's conflict
copy, a temporary file) is not ours: never listed, never read.

Layout::

    SHARE/
      deployment.json                       written once when the deployment is created
      roster/roster-000001.json             approved workstations, signed; highest valid one rules
      requests/<ws>.json                    a workstation asking to join
      keys/<ws>.key                         the deployment key sealed to one workstation
      keys/<ws>-<generation:06d>.key        a later generation of it, after a revocation
      bundles/<ws>/<ws>-<first:010d>-<last:010d>.rjb   a workstation's changes, seq first..last
      snapshots/<ws>-<stamp:016x>.rjs       a full signed copy of the records
      acks/<ws>/<ws>-<n:010d>.json          what that workstation has applied (newest n rules)
      archive/bundles/<ws>/...              bundles every site has applied and a snapshot covers
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_WS = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
WS_RE = re.compile(_WS)
BUNDLE_RE = re.compile(rf"(?P<ws>{_WS})-(?P<first>[0-9]{{10}})-(?P<last>[0-9]{{10}})\.rjb")
SNAPSHOT_RE = re.compile(rf"(?P<ws>{_WS})-(?P<stamp>[0-9a-f]{{16}})\.rjs")
ACK_RE = re.compile(rf"(?P<ws>{_WS})-(?P<n>[0-9]{{10}})\.json")
ROSTER_RE = re.compile(r"roster-(?P<n>[0-9]{6})\.json")
REQUEST_RE = re.compile(rf"(?P<ws>{_WS})\.json")


@dataclass(frozen=True, order=True)
class BundleRef:
    ws: str
    first: int
    last: int
    path: Path
    size: int
    mtime: float


@dataclass(frozen=True, order=True)
class SnapshotRef:
    ws: str
    stamp: int
    path: Path
    size: int
    mtime: float


def is_workstation_id(value: str) -> bool:
    return WS_RE.fullmatch(value) is not None


def parse_bundle_name(name: str) -> tuple[str, int, int] | None:
    m = BUNDLE_RE.fullmatch(name)
    return (m["ws"], int(m["first"]), int(m["last"])) if m and m["first"] <= m["last"] else None


def parse_snapshot_name(name: str) -> tuple[str, int] | None:
    m = SNAPSHOT_RE.fullmatch(name)
    return (m["ws"], int(m["stamp"], 16)) if m else None


def parse_ack_name(name: str) -> tuple[str, int] | None:
    m = ACK_RE.fullmatch(name)
    return (m["ws"], int(m["n"])) if m else None


def parse_roster_name(name: str) -> int | None:
    m = ROSTER_RE.fullmatch(name)
    return int(m["n"]) if m else None


def parse_request_name(name: str) -> str | None:
    m = REQUEST_RE.fullmatch(name)
    return m["ws"] if m else None


def _id(ws: str) -> str:
    """A name made from a bad id is one our own listings would ignore: refuse it here."""
    if not is_workstation_id(ws):
        raise ValueError(f"not a workstation id: {ws!r}")
    return ws


def _num(n: int, digits: int, base: int = 10) -> int:
    if not 0 <= n < base ** digits:
        raise ValueError(f"{n} does not fit the name")
    return n
