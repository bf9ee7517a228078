"""``rjdesk --self-test`` from source: every check passes here, and a broken part is named.

The frozen build runs the same self-test in tests/test_frozen.py; here it proves the checks
themselves, fast, on the source checkout.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading

import pytest
from PySide6.QtCore import QTimer
from reportlab.pdfgen import canvas

from rjdesk import app as rjapp
from rjdesk import paths
from rjdesk.ui.shell import self_test
from rjdesk.ui.shell.self_test import Check, CheckFailed, process_events
from rjdesk.ui.shell.self_test_checks import font_problems, pdf_fonts


@pytest.fixture
def keep_hooks(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


def test_the_self_test_passes_from_source(qapp, capsys, keep_hooks, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert rjapp.main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "self-test: ok"
    names = [c.name for c in self_test.all_checks()]
    for name in names:
        assert any(line.startswith(f"ok   {name}") for line in lines), (name, lines)
    assert {"migrations", "forms", "main window", "dialogs", "fonts", "non-Latin names"} <= \
        set(names)
    # Its database was a temporary one, now gone; the workstation's was never made.
    assert list(tmp_path.iterdir()) == []
    assert not paths.default_database().exists()
    assert "self-test: ok" in (paths.user_log_dir() / "rjdesk.log").read_text(encoding="utf-8")


def _ok(_state) -> str:
    return "fine"


def _broken(_state) -> None:
    raise CheckFailed("the font file is missing")


def _crashes(_state) -> None:
    {}["x"]  # noqa: B018 - an unexpected error, reported with its type


def test_a_failure_is_named_and_what_depends_on_it_does_not_run(capsys, monkeypatch):
    checks = [Check("paths", _ok), Check("fonts", _broken), Check("people list", _crashes),
              Check("pdf preview", _ok, needs=("fonts",))]
    monkeypatch.setattr(self_test, "all_checks", lambda: checks)
    assert self_test.run() == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["ok   paths (fine)", "FAIL fonts: the font file is missing",
                       "FAIL people list: KeyError: 'x'",
                       "FAIL pdf preview: not run, fonts failed",
                       "self-test: FAILED (3 checks)"]


def test_an_exception_in_a_qt_handler_fails_the_check(qapp, capsys, keep_hooks):
    def raises_later(_state) -> None:
        QTimer.singleShot(0, lambda: 1 / 0)
        process_events()

    assert self_test.run_checks([Check("main window", raises_later)]) == 1
    assert "FAIL main window: ZeroDivisionError" in capsys.readouterr().out


@pytest.mark.parametrize(("env", "offscreen", "expected"), [
    ({}, False, "offscreen"),                                 # no display at all
    ({"DISPLAY": ":0"}, False, None),                         # a real X display: use it
    ({"WAYLAND_DISPLAY": "wayland-0"}, False, None),
    ({"DISPLAY": ":0"}, True, "offscreen"),                   # asked for
    ({"QT_QPA_PLATFORM": "minimal"}, False, "minimal"),       # chosen by whoever started it
])
def test_offscreen_when_there_is_no_display_or_when_asked(monkeypatch, env, offscreen, expected):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    self_test.choose_platform(offscreen=offscreen)
    assert os.environ.get("QT_QPA_PLATFORM") == expected


def _pdf_with_helvetica(path) -> bytes:
    page = canvas.Canvas(str(path))
    page.drawString(72, 720, "Helvetica is not embedded")
    page.save()
    return path.read_bytes()


def test_fonts_are_read_from_the_pdf_bytes(tmp_path):
    helvetica = _pdf_with_helvetica(tmp_path / "base14.pdf")
    assert pdf_fonts(helvetica) == {"Helvetica": False}
    assert font_problems(helvetica) == ["Helvetica is not a shipped DejaVu font"]
    bare = (b"<< /BaseFont /AAAAAA+DejaVuSans /Type /Font >> "
            b"<< /FontName /AAAAAA+DejaVuSans /Type /FontDescriptor >>")
    assert font_problems(bare) == ["AAAAAA+DejaVuSans is not embedded"]
    assert font_problems(b"%PDF-1.4 no fonts") == ["the PDF names no font"]
