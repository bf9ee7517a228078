"""A workstation killed (SIGKILL) part-way through a sync round loses nothing.

The round runs in a child process (``crash_child.py``) on a copy of a two-workstation deployment
where WS1 has made thousands of changes: killed while WS1 publishes them, or while WS0 applies
them. After each kill the database passes SQLite's and RJ Desk's integrity checks, the bundle is
applied wholly or not at all, every file the share's listings show opens and verifies (what a kill
leaves behind is only temporaries the listings ignore), and an ordinary round afterwards brings
both workstations to the same records.

The kills land at seeded random moments: a third anywhere in the round, a third in its critical
step (placing the bundle; applying it), a third after that step, as measured from traced rounds
of the same process. Fixed crash points (``--die-at``) hit the moments worth testing every time.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert

from rjdesk.domain.people import rules
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.services.admin import auth
from rjdesk.services.core.context import acting
from rjdesk.store.digest import integrity_problems, state_digest
from rjdesk.store.migrate import open_database
from rjdesk.sync import crypto, health, state
from rjdesk.sync.bundles import open_bundle
from rjdesk.sync.container import read_body, read_manifest
from rjdesk.sync.deployment import canonical
from rjdesk.sync.publish import Identity, pending_count
from rjdesk.sync.round import run_round
from rjdesk.sync.share import Share, parse_ack_name
from tests.sync.harness import PASSWORD, Deployment

CHILD = Path(__file__).with_name("crash_child.py")
#: Offenders WS1 adds, one change each: enough that writing and applying take a while.
CHANGES = 3000
FIRST_DOC = 9_000_000
#: Kills per scenario; the seed makes the series of delays the same every run.
KILLS = 12
SEED = 20240611
#: What a publish may leave behind when killed: its temporary files, and the clock probe.
TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}\.tmp(\.body|\.part)?|\.probe-[0-9a-f]{8}\.tmp")
CHILD_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


# --- the deployment, made once --------------------------------------------------------------

@dataclass(frozen=True)
class Templates:
    """Two copies of one deployment: WS1's changes not yet published, and published."""

    unpublished: Path
    published: Path
    ws1: str
    first: int  # WS1's new changes are seq first..last
    last: int
    members: dict
    deployment: str
    deployment_key: bytes
    ws1_digest: str  # WS1's records, which WS0 holds too once it has applied the bundle

    @property
    def bundle_name(self) -> str:
        return f"{self.ws1}-{self.first:010d}-{self.last:010d}.rjb"


def add_offenders(db, actor, count: int) -> None:  # noqa: ANN001
    """Many offenders in one transaction, through the change capture like any write."""
    site = rules.site_key("JCCC")
    rows = []
    for i in range(count):
        doc, last, first = str(FIRST_DOC + i), f"Crash{i:05d}", "Test"
        rows.append({"id": rules.offender_key(doc), "doc_number": doc, "last_name": last,
                     "first_name": first, "middle_name": "", "date_of_birth": date(1980, 1, 2),
                     "site_id": site, "status": OffenderStatus.INCARCERATED,
                     "projected_release_date": None, "housing_unit": "", "merged_into_id": None,
                     "search_text": rules.search_text(doc, last, first),
                     "sort_name": rules.sort_name(last, first)})
    with acting(db, actor) as session:
        session.execute(insert(Offender), rows)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    unpublished = tmp_path_factory.mktemp("crash") / "unpublished"
    d = Deployment(unpublished, 2)
    try:
        with d[1].db.reading() as session:
            c = session.connection()
            assert pending_count(c, d[1].me()) == 0
            first = int(state.get(c, state.PUBLISHED_SEQ, "0") or 0) + 1
        add_offenders(d[1].db, d[1].actor, CHANGES)
        with d[0].db.reading() as session:
            c = session.connection()
            who = Identity.load(c)
            members = state.get_json(c, state.ROSTER)["members"]
        ws1 = d[1].me()
    finally:
        d.close()
    published = unpublished.with_name("published")
    shutil.copytree(unpublished, published)
    db = open_database(published / "ws1.sqlite3")
    try:
        report, db = run_round(db, published / "share")
        assert report.outcome == "synced" and report.published == CHANGES
        with db.reading() as session:
            digest = state_digest(session.connection())
    finally:
        db.close()
    return Templates(unpublished, published, ws1, first, first + CHANGES - 1, members,
                     who.deployment, who.deployment_key, digest)


def copy_of(template: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(template, target)
    return target


# --- the child processes -------------------------------------------------------------------

@dataclass
class Run:
    killed: bool
    lines: list[str]

    def steps(self) -> dict[str, tuple[float, float]]:
        found = {}
        for line in self.lines:
            if line.startswith("step "):
                _, name, begin, end = line.split()
                found.setdefault(name, (float(begin), float(end)))
        return found

    def seconds(self) -> float:
        return float(next(line for line in self.lines if line.startswith("done ")).split()[2])


class Children:
    """Runs ``crash_child`` rounds, each in a process of its own forked from one server that has
    imported RJ Desk already, so a series of kills does not wait for Python to start each time.
    A run's process is killed by its id, and reaped by the server only afterwards."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self._start()

    def _start(self) -> None:
        self.stderr = self.log.open("a")
        self.proc = subprocess.Popen([sys.executable, str(CHILD), "--serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, text=True, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc, self.lines), daemon=True).start()

    @staticmethod
    def _read(proc: subprocess.Popen, lines: queue.Queue) -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put("")

    def _next(self) -> str:
        try:
            line = self.lines.get(timeout=CHILD_TIMEOUT_S)
        except queue.Empty:
            line = ""
        if not line:
            pytest.fail(f"the child processes stopped answering:\n{self.log.read_text()}")
        return line

    def _send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def run(self, root: Path, ws: int, *, kill_after: float | None = None,
            die_at: str | None = None, trace: bool = False) -> Run:
        """One round of workstation ``ws``; its process is killed ``kill_after`` seconds after
        it is ready (if still running), or kills itself at ``die_at``."""
        pid, lines, code = None, [], None
        try:
            self._send(json.dumps({"database": str(root / f"ws{ws}.sqlite3"),
                                   "share": str(root / "share"), "trace": trace,
                                   "die_at": die_at}))
            while pid is None or not lines:  # the server's "pid", the child's "ready": any order
                line = self._next()
                if line.startswith("pid "):
                    pid = int(line.split()[1])
                else:
                    lines.append(line)
            if lines == ["ready"] and kill_after is not None:
                time.sleep(kill_after)
                os.kill(pid, signal.SIGKILL)  # not reaped yet: still this child, running or not
            self._send("reap")
            while not (line := self._next()).startswith("exit "):
                lines.append(line)
            code = int(line.split()[1])
        except BaseException:
            self._restart(pid if code is None else None)
            raise
        killed = code == -signal.SIGKILL
        assert lines[0] == "ready" and (killed or code == 0), \
            f"the child failed ({code}): {lines}\n{self.log.read_text()}"
        assert killed or lines[-1].startswith("done synced"), lines
        return Run(killed, lines)

    def _restart(self, child: int | None) -> None:
        """After a run that went wrong: end its process (not reaped, so still ours) and the
        server, and start a server afresh for the next test."""
        if child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        self.proc.kill()
        self.close()
        self._start()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


@pytest.fixture(scope="module")
def children(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Children]:
    server = Children(tmp_path_factory.mktemp("children") / "stderr.txt")
    yield server
    server.close()


# --- what must hold after a kill ------------------------------------------------------------

def assert_sound(path: Path) -> None:
    """SQLite's own check (which also recovers what the killed process left in the log), then
    RJ Desk's (foreign keys, people search index)."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    db = open_database(path)
    try:
        with db.reading() as session:
            c = session.connection()
            assert integrity_problems(c) == []
            assert state.get(c, "capture_off") is None
    finally:
        db.close()


def facts(path: Path, t: Templates) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        one = lambda sql, *args: con.execute(sql, args).fetchone()[0]  # noqa: E731
        return {
            "offenders": one("SELECT count(*) FROM offender WHERE doc_number BETWEEN ? AND ?",
                             str(FIRST_DOC), str(FIRST_DOC + CHANGES - 1)),
            "changes": one("SELECT count(*) FROM sync_change WHERE origin = ? AND seq BETWEEN ? "
                           "AND ?", t.ws1, t.first, t.last),
            "without_prior": one("SELECT count(*) FROM sync_change WHERE origin = ? AND seq "
                                 "BETWEEN ? AND ? AND prior IS NULL", t.ws1, t.first, t.last),
            "applied": one("SELECT count(*) FROM sync_applied WHERE origin = ? AND first_seq = ? "
                           "AND last_seq = ?", t.ws1, t.first, t.last),
            "published": int(one("SELECT coalesce(max(value), 0) FROM sync_state WHERE key = ?",
                                 state.PUBLISHED_SEQ)),
        }
    finally:
        con.close()


def assert_share_sound(share_dir: Path, t: Templates) -> None:
    """Every file a listing shows opens and verifies; every other file is one no listing will
    ever show (a temporary) or one read by its fixed name."""
    share = Share(share_dir)
    keys = {ws: crypto.unb64(m["signing_key"]) for ws, m in t.members.items()}
    shown = set()
    for ref in share.list_bundles() + share.list_bundles(archived=True):
        opened = open_bundle(ref.path, name=ref.path.name, signer_key=keys.get,
                             deployment=t.deployment, deployment_key=t.deployment_key,
                             schema_known=lambda s: True)
        assert len(opened.changes) == ref.last - ref.first + 1
        shown.add(ref.path)
    for snap in share.list_snapshots():
        info = read_manifest(snap.path, verify_key_for=lambda m: keys.get(m.get("origin")))
        assert sum(len(b) for b in read_body(snap.path, info,
                                             deployment_key=t.deployment_key)) > 0
        shown.add(snap.path)
    acks = share.latest_acks()
    assert health.read_acks(share, t.members).keys() == acks.keys()
    for ws_dir in share_dir.glob("acks/*"):
        for path in ws_dir.iterdir():
            if (parsed := parse_ack_name(path.name)) and parsed[0] == ws_dir.name:
                ack = json.loads(path.read_bytes())  # the newest, or one it superseded
                assert crypto.verify(keys[parsed[0]], canonical(ack),
                                     crypto.unb64(ack["signature"]))
                shown.add(path)
    for _, path in share.list_rosters() + share.list_requests():
        json.loads(path.read_bytes())
        shown.add(path)
    fixed = {share.deployment_path(), *(share.key_path(ws) for ws in t.members)}
    for path in share_dir.rglob("*"):
        if path.is_file() and path not in shown and path not in fixed:
            assert TEMPORARY.fullmatch(path.name), f"{path.relative_to(share_dir)} on the share"


def assert_whole_or_nothing_applied(root: Path, t: Templates) -> bool:
    found = facts(root / "ws0.sqlite3", t)
    applied = {"offenders": CHANGES, "changes": CHANGES, "applied": 1}
    nothing = {"offenders": 0, "changes": 0, "applied": 0}
    got = {k: found[k] for k in applied}
    assert got in (applied, nothing), got
    return got == applied


def assert_whole_or_nothing_published(root: Path, t: Templates) -> bool:
    found = facts(root / "ws1.sqlite3", t)
    assert found["offenders"] == found["changes"] == CHANGES
    assert found["without_prior"] in (0, CHANGES)
    published = found["published"] == t.last
    assert found["published"] in (t.first - 1, t.last)
    assert found["applied"] == published  # its own bundle is recorded as held
    on_share = (root / "share" / "bundles" / t.ws1 / t.bundle_name).exists()
    assert on_share or not published  # never marked published without the file on the share
    if on_share or published:
        assert found["without_prior"] == 0
    return published


def sync(root: Path, ws: int):  # noqa: ANN201
    db = open_database(root / f"ws{ws}.sqlite3")
    try:
        report, db = run_round(db, root / "share")
        with db.reading() as session:
            digest = state_digest(session.connection())
    finally:
        db.close()
    assert report.outcome == "synced" and report.rejected == [] and report.held == [], \
        report.lines()
    return report, digest


def assert_recovers_after_apply_kill(root: Path, t: Templates) -> None:
    _, digest = sync(root, 0)
    assert digest == t.ws1_digest
    assert facts(root / "ws0.sqlite3", t)["offenders"] == CHANGES


def assert_recovers_after_publish_kill(root: Path, t: Templates) -> None:
    published, digest1 = sync(root, 1)
    assert published.pending == 0
    applied, digest0 = sync(root, 0)
    assert applied.changes_applied == CHANGES
    assert digest0 == digest1


# --- random kills ---------------------------------------------------------------------------

def aimed_delays(rng: random.Random, whole: float, step: tuple[float, float]) -> list[float]:
    """A third of the kills anywhere in the round, a third in (and just around) its critical
    step, a third in what follows it."""
    begin, end = step
    margin = 0.1 * (end - begin) + 0.002
    spans = [(0.0, whole), (max(0.0, begin - margin), end + margin), (end, max(end, whole))]
    return [rng.uniform(*spans[i % 3]) for i in range(KILLS)]


def kill_series(children: Children, t: Templates, tmp_path: Path, *, template: Path, ws: int,
                step: str, check: Callable[[Path], bool], recover: Callable[[Path], None]) -> None:
    # measured twice: the first run of a series may be slowed by cold caches
    calibration = min((children.run(copy_of(template, tmp_path, f"calibration-{n}"), ws,
                                    trace=True) for n in range(2)), key=Run.seconds)
    window = calibration.steps()[step]
    rng = random.Random(f"{SEED}-{step}")
    outcomes = []
    for n, delay in enumerate(aimed_delays(rng, calibration.seconds(), window)):
        root = copy_of(template, tmp_path, f"kill-{n}")
        run = children.run(root, ws, kill_after=delay)
        where = f"kill {n} at {delay * 1000:.0f} ms (the {step} ran {window[0] * 1000:.0f}–" \
                f"{window[1] * 1000:.0f} ms of {calibration.seconds() * 1000:.0f} ms)"
        try:
            assert_sound(root / f"ws{ws}.sqlite3")
            done = check(root)
            assert_share_sound(root / "share", t)
            recover(root)
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from exc
        outcomes.append((run.killed, done))
        shutil.rmtree(root)
    # the kills found the round running, and some found the step not yet done
    assert sum(killed for killed, _ in outcomes) >= KILLS // 3, outcomes
    assert (True, False) in outcomes, outcomes


@pytest.mark.slow
def test_killed_while_applying_a_bundle(children: Children, templates: Templates,
                                        tmp_path: Path) -> None:
    t = templates
    kill_series(children, t, tmp_path, template=t.published, ws=0, step="apply",
                check=lambda root: assert_whole_or_nothing_applied(root, t),
                recover=lambda root: assert_recovers_after_apply_kill(root, t))


@pytest.mark.slow
def test_killed_while_publishing_a_bundle(children: Children, templates: Templates,
                                          tmp_path: Path) -> None:
    t = templates
    kill_series(children, t, tmp_path, template=t.unpublished, ws=1, step="publish",
                check=lambda root: assert_whole_or_nothing_published(root, t),
                recover=lambda root: assert_recovers_after_publish_kill(root, t))


# --- fixed crash points ---------------------------------------------------------------------

@pytest.mark.parametrize("step, published, on_share", [
    ("priors-fixed", False, False),     # nothing written: published next time
    ("bundle-verified", False, False),  # only a temporary on the share: invisible, then junk
    ("bundle-placed", False, True),     # on the share, the database not told: adopted next time
])
def test_killed_at_a_step_of_publishing(children: Children, templates: Templates,
                                        tmp_path: Path, step: str, published: bool,
                                        on_share: bool) -> None:
    t = templates
    root = copy_of(t.unpublished, tmp_path, step)
    assert children.run(root, 1, die_at=step).killed
    assert_sound(root / "ws1.sqlite3")
    assert assert_whole_or_nothing_published(root, t) is published
    assert (root / "share" / "bundles" / t.ws1 / t.bundle_name).exists() is on_share
    assert facts(root / "ws1.sqlite3", t)["without_prior"] == 0  # the priors were fixed first
    assert_share_sound(root / "share", t)
    assert_recovers_after_publish_kill(root, t)


@pytest.mark.parametrize("step, applied", [("mid-apply", False), ("applied", True)])
def test_killed_at_a_step_of_applying(children: Children, templates: Templates,
                                      tmp_path: Path, step: str, applied: bool) -> None:
    t = templates
    root = copy_of(t.published, tmp_path, step)
    assert children.run(root, 0, die_at=step).killed
    assert_sound(root / "ws0.sqlite3")
    assert assert_whole_or_nothing_applied(root, t) is applied
    assert_share_sound(root / "share", t)
    assert_recovers_after_apply_kill(root, t)


def test_killed_after_placing_a_bundle_then_used_again(children: Children,
                                                        templates: Templates,
                                                        tmp_path: Path) -> None:
    """Killed between placing the bundle and recording it; the coordinator starts RJ Desk
    again and signs in (an audited change) before the next round: the bundle on the share is
    taken as it is, not published again over a longer range (which the others would refuse)."""
    t = templates
    root = copy_of(t.unpublished, tmp_path, "restarted")
    assert children.run(root, 1, die_at="bundle-placed").killed
    db = open_database(root / "ws1.sqlite3")
    try:
        auth.sign_in(db, "admin", PASSWORD)
    finally:
        db.close()
    _, digest1 = sync(root, 1)
    _, digest0 = sync(root, 0)
    assert digest0 == digest1
