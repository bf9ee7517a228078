"""Boards' and victim impact's commands, declared by their parts: court reports and their
victims' statements (``court``)."""

from __future__ import annotations

from rjdesk.cli.boards import court
from rjdesk.cli.kit import Commands


def register(commands: Commands) -> None:
    for part in (court,):
        part.register(commands)
