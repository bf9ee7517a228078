"""Scan mode: DOC numbers read at the door, one after another, each answered at once.

A barcode scanner types the number and presses Enter (some are set up to press Tab: that
counts as Enter here). The answer shows large, in a colour and
a word of its own, and goes to the top of the log; the input empties and keeps the focus, so
the next person can scan without anyone touching the keyboard. Nothing here opens a window.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.icvc import attendance
from rjdesk.services.icvc.attendance import ScanOutcome, ScanResult
from rjdesk.services.icvc.schedule import SessionView
from rjdesk.ui.common.widgets import TONES
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.common import long_date

#: The word and the tone of each answer; the three reds differ by their word.
OUTCOMES = {ScanOutcome.MARKED_PRESENT: ("PRESENT", "ok"),
            ScanOutcome.ALREADY_MARKED: ("ALREADY MARKED", "warn"),
            ScanOutcome.NOT_ON_ROSTER: ("NOT ON THIS ROSTER", "error"),
            ScanOutcome.UNKNOWN_NUMBER: ("UNKNOWN NUMBER", "error"),
            ScanOutcome.NOT_A_NUMBER: ("NOT A DOC NUMBER", "error")}
REFUSED = ("CANNOT TAKE ATTENDANCE", "error")
LOG_LENGTH = 500


class ScanPanel(QWidget):
    """Scanning for one session; ``finished`` when the facilitator goes back to the grid."""

    finished = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 beep: bool = True) -> None:
        super().__init__(parent)
        self.db, self.actor, self.beep = db, actor, beep
        self.session: SessionView | None = None
        self.marked_any = False
        self.present = 0
        self.last: ScanResult | None = None
        self.last_tone = ""

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.back_button = QPushButton("&Back to the grid (Esc)", self)
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.finish)
        prompt = QLabel("Scan the barcode on the sign-in sheet or ID card, or type a DOC "
                        "number and press Enter.", self)
        prompt.setWordWrap(True)
        self.input = QLineEdit(self)
        self.input.setObjectName("scan_input")
        self.input.setMaxLength(40)
        self.input.setPlaceholderText("DOC number")
        big = QFont(self.input.font())
        big.setPointSizeF(big.pointSizeF() * 2)
        self.input.setFont(big)
        self.input.returnPressed.connect(self.submit)
        self.input.installEventFilter(self)
        self.result = QLabel("Ready for the first scan.", self)
        self.result.setObjectName("scan_result")
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(self.fontMetrics().height() * 5)
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._paint_result("info")
        self.count_label = QLabel(self)
        self.log = QListWidget(self)
        self.log.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(prompt)
        layout.addWidget(self.input)
        layout.addWidget(self.result)
        row = QHBoxLayout()
        row.addWidget(QLabel("Scans so far (newest first):", self))
        row.addStretch(1)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        layout.addWidget(self.log, 1)

    def start(self, session: SessionView) -> None:
        self.session, self.marked_any, self.present, self.last = session, False, 0, None
        self.heading.setText(f"Scanning: {session.label} — {long_date(session.held_on)} — "
                             f"{session.topic.label}")
        self.log.clear()
        self.result.setText("Ready for the first scan.")
        self._paint_result("info")
        self.count_label.setText("")
        self.input.clear()
        self.input.setFocus()

    def submit(self) -> ScanResult | None:
        """Answer one scan, log it, and be ready for the next."""
        raw = self.input.text()
        self.input.clear()
        self.input.setFocus()
        if self.session is None or not raw.strip():
            return None
        try:
            result = attendance.scan(self.db, self.actor, self.session.id, raw,
                                     today=icvc_common.today())
        except Refused as exc:
            result = None
            word, tone, text = *REFUSED, exc.message
        else:
            word, tone = OUTCOMES[result.outcome]
            text = result.message
            if result.ok:
                self.marked_any = True
                self.present += 1
        self.last, self.last_tone = result, tone
        self.result.setText(f"<div style='font-size: 20pt; font-weight: 700'>{word}</div>"
                            f"<div style='font-size: 13pt'>{text}</div>")
        self._paint_result(tone)
        item = QListWidgetItem(f"{datetime.now():%H:%M:%S}  {word}: {text}")
        fg, bg = TONES[tone]
        item.setForeground(QColor(fg))
        item.setBackground(QColor(bg))
        self.log.insertItem(0, item)
        while self.log.count() > LOG_LENGTH:
            self.log.takeItem(self.log.count() - 1)
        self.count_label.setText(f"{self.present} marked present in this scan")
        if tone == "error" and self.beep:
            QApplication.beep()
        return result

    def _paint_result(self, tone: str) -> None:
        fg, bg = TONES[tone]
        self.result.setStyleSheet(f"color: {fg}; background: {bg}; border: 2px solid {fg}; "
                                  "border-radius: 6px; padding: 10px;")

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().showEvent(event)
        self.input.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.finish()
                return True
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.submit()  # the focus stays here for the next scan
                return True
        return super().eventFilter(watched, event)

    def finish(self) -> None:
        self.finished.emit()

