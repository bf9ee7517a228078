"""The Qt binding must not leak references: PySide6 6.12.0 drops a reference to None on every
call of a method that returns nothing, and on Python 3.11 (where None is not immortal) a
program left running aborts with "deallocating None". This fails on such a binding."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_calls_that_return_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(500):
        label.setText(str(i))
        QApplication.processEvents()
    assert sys.getrefcount(None) - before > -50
