"""Reparation/Accountability Boards' commands, declared by their parts: boards, members and
meetings (``meetings``); cases, their agreements and progress (``cases``)."""

from __future__ import annotations

from rjdesk.cli.boards import cases, meetings
from rjdesk.cli.kit import Commands


def register(commands: Commands) -> None:
    for part in (meetings, cases,):
        part.register(commands)
