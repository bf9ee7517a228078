"""A refused sign-in costs the same whether the user name exists or not.

    .venv/bin/rjdesk-cli demo --db /tmp/refusal.sqlite3
    .venv/bin/python bench/bench_refusal_cost.py /tmp/refusal.sqlite3

Prints the median time of 16 refused sign-ins of each kind (four tries on each of four demo
accounts, so none locks; sixteen names that do not exist) and of 8 good ones. Use a copy of a
demo database: the failures are recorded in it.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from pathlib import Path

from rjdesk.services.admin import auth
from rjdesk.services.core.database import Database, open_database
from rjdesk.services.core.errors import SignInFailed


def median_ms(db: Database, tries: list[tuple[str, str]]) -> float:
    spent = []
    for user, password in tries:
        started = time.perf_counter()
        with contextlib.suppress(SignInFailed):
            auth.sign_in(db, user, password)
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def main() -> None:
    db = open_database(Path(sys.argv[1]))
    users = ["staff", "coordinator", "officer", "central"]
    wrong = [(u, "wrong") for u in users for _ in range(4)]
    print(f"wrong password: {median_ms(db, wrong):.0f} ms")
    print(f"unknown user:   {median_ms(db, [(f'nobody{i}', 'x') for i in range(16)]):.0f} ms")
    print(f"right password: {median_ms(db, [('admin', 'demo')] * 8):.0f} ms")


if __name__ == "__main__":
    main()
