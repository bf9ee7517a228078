"""One ICVC class: its header and the tabs a facilitator works in — sessions, roster,
attendance (with scan mode) and completion.

The window is not modal: the main window's menus (Lock, Sync, Help) stay in reach while a class
is open, and the window fits the screen it opens on, 1024×768 included.

After any change the window reads the class once more and the tab in view reads its rows;
the other tabs read theirs when they are next shown, so a change costs what is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTabWidget,
                               QVBoxLayout, QWidget)

from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.icvc import printouts, schedule
from rjdesk.services.icvc.schedule import ClassView
from rjdesk.ui.common.forms import app_icon
from rjdesk.ui.common.screen_fit import fit_to_screen
from rjdesk.ui.common.widgets import print_to_preview
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.attendance import AttendanceTab
from rjdesk.ui.icvc.common import STATE_LABELS, ClassAccess, ClassTab, date_span
from rjdesk.ui.icvc.completion_tab import CompletionTab
from rjdesk.ui.icvc.roster_tab import RosterTab
from rjdesk.ui.icvc.sessions_tab import SessionsTab

STATE_COLOURS = {"planned": "#1f3a5f", "running": "#1b5e20", "finished": "#555555",
                 "cancelled": "#8c1d18"}


def access_for(actor: Actor, cls: ClassView) -> ClassAccess:
    if not actor.may(Permission.RUN_ICVC):
        return ClassAccess(False)
    if cls.site_id != actor.site_id and not actor.may(Permission.ALL_SITES):
        return ClassAccess(True, f"This class is at {cls.site_code}; you can change classes "
                                 f"of your own site ({actor.site_code}) only.")
    return ClassAccess(True)


class ClassWindow(QDialog):
    """The class ``class_id``; Escape closes it, Ctrl+1…4 pick a tab, Ctrl+P prints what the
    tab in view shows (Ctrl+L, the lock, is the main window's and works here too)."""

    def __init__(self, db: Database, actor: Actor, class_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.class_id = db, actor, class_id
        self.setWindowIcon(app_icon())
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.cls = schedule.get_class(db, actor, class_id, today=icvc_common.today())
        self.access = access_for(actor, self.cls)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.state_label = QLabel()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.seats_label = QLabel()
        self.seats_label.setStyleSheet("font-size: 11pt;")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.state_label)
        top.addStretch(1)
        top.addWidget(self.seats_label)

        self.sessions_tab = SessionsTab(db, actor, self.access, self)
        self.roster_tab = RosterTab(db, actor, self.access, self)
        self.attendance_tab = AttendanceTab(db, actor, self.access, self)
        self.completion_tab = CompletionTab(db, actor, self.access, self)
        self.tabs = QTabWidget()
        for tab, title in ((self.sessions_tab, "&Sessions"), (self.roster_tab, "&Roster"),
                           (self.attendance_tab, "&Attendance"),
                           (self.completion_tab, "&Completion")):
            self.tabs.addTab(tab, title)
            tab.changed.connect(self.reload)
            tab.others_changed.connect(lambda tab=tab: self._others_stale(tab))
        self._stale: set[ClassTab] = set(self.all_tabs())
        self.tabs.currentChanged.connect(lambda _i: self._show_current())

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        for n in range(4):
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self,
                      activated=lambda n=n: self.tabs.setCurrentIndex(n))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self,
                  activated=self.print_shown)
        self._show_header()
        self._show_current()
        fit_to_screen(self, 1080, 720)

    def bring_forward(self) -> None:
        """Show the window in front (it may be behind the main window, being not modal)."""
        self.show()
        self.raise_()
        self.activateWindow()

    def all_tabs(self) -> list[ClassTab]:
        return [self.sessions_tab, self.roster_tab, self.attendance_tab, self.completion_tab]

    def _show_header(self) -> None:
        c = self.cls
        self.setWindowTitle(f"{c.title} — {c.site_code} — RJ Desk")
        self.heading.setText(c.title)
        colour = STATE_COLOURS.get(c.state, "#333333")
        self.state_label.setText(STATE_LABELS.get(c.state, c.state))
        self.state_label.setStyleSheet(f"color: white; background: {colour}; padding: 2px 8px;"
                                       " border-radius: 3px; font-weight: 600;")
        held = [s for s in c.sessions if not s.cancelled]
        first = held[0].held_on if held else None
        last = held[-1].held_on if held else None
        excused = "excused absences count" if c.excused_counts else \
            "excused absences do not count"
        where = f" · {c.location}" if c.location else ""
        self.details.setText(
            f"{c.site_code} — {c.site_name}{where} · Facilitator: {c.facilitator}<br>"
            f"{date_span(first, last)}, {len(held)} sessions · completes with "
            f"{c.sessions_required} attended ({excused})")
        waiting = f" · {c.waitlisted} waiting" if c.waitlisted else ""
        self.seats_label.setText(f"Seats {c.enrolled}/{c.capacity}{waiting}")
        self.seats_label.setToolTip(f"{c.seats_left} seat{'s' if c.seats_left != 1 else ''} "
                                    "free")

    def _show_current(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, ClassTab) and tab in self._stale:
            self._stale.discard(tab)
            tab.show_class(self.cls)

    def _others_stale(self, tab: ClassTab) -> None:
        self._stale = set(self.all_tabs()) - {tab}

    def reload(self) -> None:
        """Something changed: read the class again; tabs read their rows when shown."""
        self.cls = schedule.get_class(self.db, self.actor, self.class_id,
                                      today=icvc_common.today())
        self._show_header()
        self._stale = set(self.all_tabs())
        self._show_current()

    def show_tab(self, tab: ClassTab) -> ClassTab:
        self.tabs.setCurrentWidget(tab)
        return tab

    # -- printing (Ctrl+P) -------------------------------------------------------------------

    def print_shown(self) -> str:
        """Print what the tab in view shows: the sessions tab the sign-in sheet of the selected
        session, the others the class summary (everyone, their marks and where each stands).
        Returns why nothing was printed, also said on the tab, or ``""``."""
        if self.tabs.currentWidget() is not self.sessions_tab:
            self.print_summary()
            return ""
        tab = self.sessions_tab
        s = tab.selected_session()
        if s is None:
            reason = "Choose a session to print its sign-in sheet."
        elif s.cancelled:
            reason = "This session is cancelled: it has no sign-in sheet."
        else:
            tab.print_sign_in_sheet()
            return ""
        tab.message.say(reason, "info")
        return reason

    def print_summary(self) -> None:
        db, actor, class_id = self.db, self.actor, self.class_id
        print_to_preview(
            self, lambda out, progress: printouts.print_class_summary(db, actor, class_id, out,
                                                                      progress=progress),
            label="Printing the class summary…", title=f"Class summary — {self.cls.title}",
            prefix="class-summary")
