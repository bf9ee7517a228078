"""``python -m rjdesk``: the desktop program, as the ``rjdesk`` command starts it."""

import sys

from rjdesk.app import main

sys.exit(main())
