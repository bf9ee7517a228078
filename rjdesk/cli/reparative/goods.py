"""Reparative work's commands: goods."""

from __future__ import annotations

from rjdesk.cli.kit import Commands


def register(commands: Commands) -> None:
    """Declares this part's commands (none yet)."""
