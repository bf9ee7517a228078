"""Building the demo on first start: the window says what is being written from the first
moment, its bar moves once the parts are counted, and the program answers all along."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from rjdesk import app as rjapp
from rjdesk.demo import builder
from rjdesk.services.admin import auth
from rjdesk.services.core.database import open_database
from rjdesk.ui.common import jobs

SETTING_UP = "Setting up the sites and the staff accounts…"
WRITING = "Writing people, volunteers and programs…"
INDEXING = "Indexing names for search and saving…"


def test_the_demo_build_says_what_it_writes_from_the_start(qapp, tmp_path, monkeypatch):
    db = open_database(tmp_path / "demo.sqlite3")
    reports: list[tuple[float, int, int, str]] = []  # as the window got them
    shown: list[tuple[str, int, int]] = []  # the progress window: words, maximum, value
    beats: list[float] = []  # the window's own timer, to tell whether it answers

    on_progress = jobs.Job._on_progress

    def seen(job, done: int, total: int, text: str) -> None:
        reports.append((time.monotonic(), done, total, text))
        on_progress(job, done, total, text)

    monkeypatch.setattr(jobs.Job, "_on_progress", seen)
    add_users = builder.add_users

    def slow_accounts(*args: object) -> None:
        """The accounts as a slow workstation makes them: password hashes for a second (a
        build earlier in this process left the demo's own hashes cached)."""
        add_users(*args)
        until = time.monotonic() + 1.0
        while time.monotonic() < until:
            auth.hash_password("a password of a slow workstation")

    monkeypatch.setattr(builder, "add_users", slow_accounts)

    def look() -> None:
        beats.append(time.monotonic())
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                shown.append((widget.labelText(), widget.maximum(), widget.value()))

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(20)
    try:
        assert rjapp.build_demo_database(db)
        assert not auth.needs_first_run(db)  # it was built
    finally:
        timer.stop()
        db.close()

    # said in words from the start, before anything is counted, then counted under the words
    assert reports[0][1:] == (0, 0, SETTING_UP)
    counting = next(i for i, r in enumerate(reports) if r[2] > 0)
    assert reports[counting][1:] == (0, reports[counting][2], WRITING)
    said = [r[3] for r in reports]
    assert sorted(set(said), key=said.index) == [SETTING_UP, WRITING, INDEXING]
    assert reports[-1][1] == reports[-1][2]  # it ends full
    # the window showed those words over a busy bar while the accounts were made, then a bar
    # part way along: it moved
    assert (SETTING_UP, 0) in {(text, maximum) for text, maximum, _ in shown}
    assert any(0 < value < maximum for _, maximum, value in shown)
    # and it answered all along: its timer ran while the accounts were made
    started, counted = reports[0][0], reports[counting][0]
    assert sum(1 for t in beats if started <= t <= counted) >= 5
