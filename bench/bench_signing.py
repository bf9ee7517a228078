"""Each account's own signatures: what they add to signing in and to a service's transaction.

    .venv/bin/python bench/bench_signing.py --runs 20

In a fresh database (first run, one administrator) it times: the password check alone (one
Argon2id hash check), opening the account's sealed key alone (one Argon2id derivation), a whole
sign-in (both, plus the sign-in's bookkeeping, signed), and one service transaction (adding an
offender and its audit event) with the actor's key and without it (the signing of its changes).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import open_database
from rjdesk.services.people.records import OffenderInput, create_offender
from rjdesk.sync import account_keys

PASSWORD = "bench-password-1"


def _ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "b.sqlite3")
        auth.setup_workstation(db, site_code="JCCC", workstation_name="BENCH-1",
                               admin_username="admin", admin_name="Bench Admin",
                               admin_password=PASSWORD)
        actor = auth.sign_in(db, "admin", PASSWORD)
        sealed = account_keys.new_keys(PASSWORD).sealed
        stored = auth.hash_password(PASSWORD)
        doc = iter(range(5_000_000, 6_000_000))

        def add(who: Actor) -> None:
            create_offender(db, who, OffenderInput(
                doc_number=str(next(doc)), last_name="Bench", first_name="Case", date_of_birth=date(1990, 1, 2),
                site_code="JCCC"))

        rows = [
            ("password check (Argon2id verify)", lambda: auth._verify(stored, PASSWORD)),
            ("opening the sealed key (Argon2id derive)",
             lambda: account_keys.unseal_key(sealed, PASSWORD)),
            ("sign-in, whole", lambda: auth.sign_in(db, "admin", PASSWORD)),
            ("add an offender, signed", lambda: add(actor)),
            ("add an offender, unsigned", lambda: add(replace(actor, signing_key=None))),
        ]
        for name, fn in rows:
            median, worst = _ms(fn, runs)
            print(f"{name:45} median {median:7.1f} ms   max {worst:7.1f} ms")
        db.close()


if __name__ == "__main__":
    main()
