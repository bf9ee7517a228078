"""``python -m rjdesk.cli``: the command-line tool, as ``rjdesk-cli`` starts it."""

import sys

from rjdesk.cli.main import main

sys.exit(main())
