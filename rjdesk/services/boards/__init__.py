"""Reparation/Accountability Boards and victim impact: boards and their members, referrals and
their steps, meetings, agreements and their progress, court reports and victims' statements,
papers and files. ``common`` holds what several of them share: reading a case, moving it a
step, and who may see a report's victims.

Importing the package registers the cases' reaction to a transfer (see
``services.core.hooks``): an offender's open cases follow him to his new office.
"""

from rjdesk.services.boards import cases
from rjdesk.services.core import hooks

hooks.on_transfer(cases.on_transfer)
