"""The shipped register of department sites, read without a database.

Kept apart from :mod:`rjdesk.services.core.sites` so that a command that only lists the
register (``rjdesk-cli sites`` before any database exists, a site code checked before one is
opened) starts without loading the database layer.
"""

from __future__ import annotations

import csv

from rjdesk import paths


def read_register() -> list[dict[str, str]]:
    """The shipped register of sites (resources/data/mo-sites.csv), one dict per row."""
    with open(paths.data_file("mo-sites.csv"), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def register_codes() -> set[str]:
    """Every site code the register knows."""
    return {row["code"] for row in read_register()}
