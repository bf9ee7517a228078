"""The workstation database as the layers above services see it: a handle to pass to every
service call, and opening one (with its migrations and checks). The window and the command
line get their database here and never reach into ``rjdesk.store`` themselves."""

from __future__ import annotations

from rjdesk.store.database import Database
from rjdesk.store.migrate import DatabaseError, open_database

__all__ = ["Database", "DatabaseError", "open_database"]
