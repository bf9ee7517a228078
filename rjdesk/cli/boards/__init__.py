"""Reparation/Accountability Boards' commands, declared by their parts: boards, members and
meetings (``meetings``); cases, their agreements and progress (``cases``); court reports and
their victims' statements (``court``); papers and files (``papers``)."""

from __future__ import annotations

from rjdesk.cli.boards import cases, court, meetings, papers
from rjdesk.cli.kit import Commands


def register(commands: Commands) -> None:
    for part in (meetings, cases, court, papers):
        part.register(commands)
