"""Boards' commands, declared by their parts: cases, their agreements and progress
(``cases``)."""

from __future__ import annotations

from rjdesk.cli.boards import cases
from rjdesk.cli.kit import Commands


def register(commands: Commands) -> None:
    for part in (cases,):
        part.register(commands)
