"""The boards' commands, declared by their parts: papers and files (``papers``)."""

from __future__ import annotations

from rjdesk.cli.boards import papers
from rjdesk.cli.kit import Commands


def register(commands: Commands) -> None:
    for part in (papers,):
        part.register(commands)
