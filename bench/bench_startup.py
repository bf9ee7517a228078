"""Start-up, each figure beside its baseline measured in the same run.

    .venv/bin/python bench/bench_startup.py --db demo.sqlite3 --runs 10

Runs each command as a whole new process, alternating them, and prints the median wall time
of each and its ratio to the baseline:

- the program, from process start until the sign-in window has been shown (``rjdesk --db DB``
  with the sign-in dialog closed as soon as it is drawn), against a bare PySide6 process that
  shows a QMainWindow with a QTableView;
- ``rjdesk-cli --help``, ``rjdesk-cli sites`` and ``rjdesk-cli check --db DB`` against
  ``python -c "import sqlalchemy"``.

Run it offscreen (``QT_QPA_PLATFORM=offscreen``) or on a display; a quiet machine gives the
steadiest figures, and the ratios hold when it is not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent

#: The program up to its sign-in window, then out: the dialog is shown, drawn, and refused.
PROGRAM = """
import sys
from PySide6.QtWidgets import QApplication, QDialog
from rjdesk.ui.shell import signin

def shown_then_closed(self):
    self.show()
    QApplication.processEvents()
    return QDialog.DialogCode.Rejected

signin.SignInDialog.exec = shown_then_closed
from rjdesk import app
sys.exit(app.main(sys.argv[1:]))
"""

BARE_QT = """
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.show()
app.processEvents()
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def pair(name: str, command: list[str], baseline: list[str], runs: int) -> None:
    wall(command), wall(baseline)  # warm the file cache
    mine, base = [], []
    for _ in range(runs):
        mine.append(wall(command))
        base.append(wall(baseline))
    m, b = statistics.median(mine), statistics.median(base)
    print(f"{name:<34} {m:6.3f} s   baseline {b:6.3f} s   ratio {m / b:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a demo database (rjdesk-cli demo)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    py, cli = str(BIN / "python"), str(BIN / "rjdesk-cli")
    sqlalchemy = [py, "-c", "import sqlalchemy"]
    print(f"median of {args.runs} runs each, alternating with the baseline")
    pair("program start -> sign-in window", [py, "-c", PROGRAM, "--db", str(args.db)],
         [py, "-c", BARE_QT], args.runs)
    pair("rjdesk-cli --help", [cli, "--help"], sqlalchemy, args.runs)
    pair("rjdesk-cli sites", [cli, "sites"], sqlalchemy, args.runs)
    pair("rjdesk-cli check", [cli, "check", "--db", str(args.db)], sqlalchemy, args.runs)


if __name__ == "__main__":
    main()
