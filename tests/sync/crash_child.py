"""One sync round on a workstation database, run as its own process so that a test can kill it
part-way with SIGKILL (see ``test_crash``).

    python crash_child.py DATABASE SHARE [--trace] [--die-at STEP]
    python crash_child.py --serve

The database is opened and the round run exactly as the program does it (``open_database`` with
the real clock, ``run_round`` with a ``Share`` of the share folder). ``ready`` is printed once the
database is open and the round about to start, ``done <outcome> <seconds>`` when it has ended.
With ``--serve`` the same runs are forked on request from one process (see ``serve``).

``--trace`` prints, as ``step <name> <start> <end>`` in seconds since ``ready``, when the steps
worth killing in ran: placing a bundle on the share and applying one. The test reads them once to
aim its kills; a traced round is never killed.

``--die-at STEP`` makes the process send itself SIGKILL at one precise step:

``priors-fixed``     the changes to publish and their priors are committed; no file written yet
``bundle-verified``  the bundle is written and read back under its temporary name, not renamed
``bundle-placed``    the bundle has its final name on the share; the database does not know yet
``mid-apply``        every change of a bundle is merged, its transaction not yet committed
``applied``          a bundle's transaction is committed; the round goes no further
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from rjdesk.store.migrate import open_database
from rjdesk.sync import pull as pull_module
from rjdesk.sync.merge import Merger
from rjdesk.sync.round import run_round
from rjdesk.sync.share import Share

STEPS = ("priors-fixed", "bundle-verified", "bundle-placed", "mid-apply", "applied")


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)  # never reached: the signal cannot be caught


def is_bundle(path: Path) -> bool:
    return path.suffix == ".rjb"


def instrument(die_at: str | None, trace: bool, started: list[float]) -> None:
    """Wrap the steps a kill should land in or next to; nothing else changes."""

    def report(name: str, begin: float) -> None:
        if trace:
            print(f"step {name} {begin - started[0]:.4f} {time.monotonic() - started[0]:.4f}",
                  flush=True)

    real_publish, real_bundle_path = Share.publish, Share.bundle_path

    @functools.wraps(real_publish)
    def publish(self: Share, target: Path, write, verify) -> None:  # noqa: ANN001
        if not is_bundle(target):
            return real_publish(self, target, write, verify)

        def verify_then(temp: Path) -> None:
            verify(temp)
            if die_at == "bundle-verified":
                die()

        begin = time.monotonic()
        real_publish(self, target, write, verify_then)
        report("publish", begin)
        if die_at == "bundle-placed":
            die()

    @functools.wraps(real_bundle_path)
    def bundle_path(self: Share, *args, **kwargs) -> Path:  # noqa: ANN002, ANN003
        if die_at == "priors-fixed":
            die()  # publish_pending asks for the name right after committing the priors
        return real_bundle_path(self, *args, **kwargs)

    real_apply, real_take = Merger.apply, pull_module._take

    @functools.wraps(real_apply)
    def apply(self: Merger, changes):  # noqa: ANN001, ANN202
        merged = real_apply(self, changes)
        if die_at == "mid-apply":
            die()
        return merged

    @functools.wraps(real_take)
    def take(*args, **kwargs) -> bool:  # noqa: ANN002, ANN003
        begin = time.monotonic()
        taken = real_take(*args, **kwargs)
        if taken:
            report("apply", begin)
            if die_at == "applied":
                die()
        return taken

    Share.publish, Share.bundle_path = publish, bundle_path
    Merger.apply, pull_module._take = apply, take


def run(database: Path, share: Path, *, trace: bool = False, die_at: str | None = None) -> None:
    started = [0.0]
    if trace or die_at:
        instrument(die_at, trace, started)
    db = open_database(database)
    started[0] = time.monotonic()
    print("ready", flush=True)
    report, db = run_round(db, share)
    db.close()
    print(f"done {report.outcome} {time.monotonic() - started[0]:.4f}", flush=True)


def serve() -> None:
    """Fork one process per job line read (JSON: ``run``'s arguments); print ``pid <n>`` for it,
    then reap it on a ``reap`` line and print ``exit <code>`` (negative: killed by a signal).
    A process forked from this one, which has imported everything already, starts at once;
    it is reaped only when asked, so until then its id cannot pass to another process."""
    for line in sys.stdin:
        job = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run(Path(job["database"]), Path(job["share"]), trace=job.get("trace", False),
                    die_at=job.get("die_at"))
            except BaseException:  # noqa: BLE001 - the test reads it
                traceback.print_exc()
                print("failed", flush=True)
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        print(f"pid {pid}", flush=True)
        if sys.stdin.readline().strip() != "reap":
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path, nargs="?")
    parser.add_argument("share", type=Path, nargs="?")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--die-at", choices=STEPS)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args(argv)
    if args.serve:
        serve()
    elif args.database and args.share:
        run(args.database, args.share, trace=args.trace, die_at=args.die_at)
    else:
        parser.error("a database and a share, or --serve")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
