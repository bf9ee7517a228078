"""Reparative work's commands, declared by three parts: hours and projects (``work``),
items, recipients and deliveries (``goods``), totals, papers and files (``reports``)."""

from __future__ import annotations

from rjdesk.cli.kit import Commands
from rjdesk.cli.reparative import goods, reports, work


def register(commands: Commands) -> None:
    for part in (work, goods, reports):
        part.register(commands)
