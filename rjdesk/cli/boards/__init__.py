"""Reparation/Accountability Boards' commands, declared by their parts: boards, members and
meetings (``meetings``)."""

from __future__ import annotations

from rjdesk.cli.boards import meetings
from rjdesk.cli.kit import Commands


def register(commands: Commands) -> None:
    for part in (meetings,):
        part.register(commands)
