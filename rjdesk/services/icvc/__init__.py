"""ICVC's use cases: classes, sessions, rosters, attendance, completion, printouts.

Importing the package registers ICVC's reaction to a transfer (see ``services.core.hooks``).
"""

from rjdesk.services.core import hooks
from rjdesk.services.icvc import roster

hooks.on_transfer(roster.on_transfer)
