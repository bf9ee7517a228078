"""The sync indicator in the status bar: offline or synced, when, what waits, what needs a person.

What it says is worked out by :func:`describe` from plain status data, so every state is tested
without a window. The words carry the state; the colour and the icon only help the eye.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QToolButton, QWidget

from rjdesk.domain.core.formats import us_date_time
from rjdesk.services.syncing.control import NOT_CONFIGURED, SyncReport, SyncStatus

#: Text and background by tone (the same tones as the message lines of the pages).
TONES = {"ok": ("", ""), "off": ("#555555", ""), "busy": ("#1f3a5f", "#e8f0fb"),
         "warn": ("#7a4f00", "#fff4d6"), "error": ("#8c1d18", "#fde7e5")}
ICONS = {"ok": QStyle.StandardPixmap.SP_DialogApplyButton,
         "busy": QStyle.StandardPixmap.SP_BrowserReload,
         "warn": QStyle.StandardPixmap.SP_MessageBoxWarning,
         "error": QStyle.StandardPixmap.SP_MessageBoxWarning,
         "off": QStyle.StandardPixmap.SP_MessageBoxInformation}


@dataclass(frozen=True)
class Indication:
    text: str
    tone: str      # ok | off | busy | warn | error
    tooltip: str


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def when(at: datetime | None, now: datetime | None = None) -> str:
    """``14:05`` today, ``05/03 14:05`` another day, in this workstation's time."""
    if at is None:
        return ""
    local = at.astimezone()
    today = (now or datetime.now(timezone.utc)).astimezone().date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if local.year == today.year:
        return f"{local:%m/%d} {local:%H:%M}"
    return us_date_time(local)


def at_when(at: datetime | None, now: datetime | None = None) -> str:
    """``at 14:05`` today, ``05/03 14:05`` another day."""
    text = when(at, now)
    return f"at {text}" if ":" in text and "/" not in text else text


OUTCOME_WORDS = {"synced": "synced", "offline": "the share was offline",
                 "waiting": "waiting", "joining": "not joined yet",
                 "not_enrolled": "not set up", "failed": "failed",
                 "incomplete": "partly synced",
                 NOT_CONFIGURED: "not set up"}


def report_lines(report: SyncReport) -> list[str]:
    """A round's report as a person reads it: what happened first, then what came of it."""
    first = OUTCOME_WORDS.get(report.outcome, report.outcome)
    if report.message:
        first += f" — {report.message}"
    lines = [first]
    if report.outcome in ("synced", "incomplete"):
        lines.append(f"Sent {plural(report.published, 'change')}, received "
                     f"{plural(report.changes_applied, 'change')} in "
                     f"{plural(report.bundles_applied, 'file')}.")
    if report.new_conflicts:
        lines.append(f"{plural(report.new_conflicts, 'new conflict')} to review.")
    lines += [f"Refused: {name}" for name in report.rejected]
    lines += [f"Waiting for an earlier file: {name}" for name in report.held]
    if report.snapshot:
        lines.append("Saved a full copy of the records on the share, for a new workstation "
                     "to start from.")
    if report.archived:
        lines.append(f"Archived {plural(report.archived, 'file')} every workstation holds.")
    lines += [f"Warning: {w}" for w in report.warnings]
    return lines


def _waiting(n: int) -> str:
    return "nothing waiting" if n == 0 else f"{plural(n, 'change')} waiting"


def describe(status: SyncStatus | None, *, running: bool = False,
             now: datetime | None = None) -> Indication:
    """What the indicator shows for this status."""
    if status is None:
        return Indication("Syncing…" if running else "Sync: not set up",
                          "busy" if running else "off", "")
    last = status.last
    tips: list[str] = []
    if status.share_path:
        tips.append(f"Share: {status.share_path}")
    if status.workstation_name:
        tips.append(f"This workstation: {status.workstation_name}"
                    + (f" ({status.site_code})" if status.site_code else ""))
    tone = "ok"
    if running:
        text, tone = "Syncing…", "busy"
    elif not status.configured:
        text, tone = "Sync: not set up", "off"
        tips.append("No central share is set for this workstation; an administrator sets it "
                    "on the Sync page (Sync settings…).")
    elif not status.enrolled:
        text, tone = "Sync: not set up", "off"
        tips.append("This workstation has not asked to join the deployment yet "
                    "(rjdesk-cli enroll request).")
    elif last is None or last.outcome in (NOT_CONFIGURED, "not_enrolled"):
        text, tone = "Sync: not run yet", "off"  # (or not since this workstation joined)
    elif last.outcome == "offline":
        text, tone = f"Offline — {_waiting(status.pending)}", "warn"
    elif last.outcome == "waiting":
        text = "Sync: waiting for approval" if not status.approved else "Sync: waiting"
        tone = "warn"
    elif last.outcome == "joining":
        text, tone = "Sync: not joined yet", "warn"
    elif last.outcome == "synced":
        text = f"Synced {at_when(status.last_at, now)}"
        if status.pending:
            text += f" · {status.pending:,} waiting"
    elif last.outcome == "incomplete":  # the share is there but took no files, or held one
        text, tone = f"Partly synced {at_when(status.last_at, now)} — "\
                     f"{_waiting(status.pending)}", "warn"
    else:
        text, tone = f"Sync failed {at_when(status.last_at, now)}", "error"
    if status.open_conflicts:
        text += f" · {plural(status.open_conflicts, 'conflict')}"
    if status.rejected_recent:
        text += f" · {status.rejected_recent:,} rejected"
    warnings = list(last.warnings) if last and not running else []
    if warnings:
        text += f" · {plural(len(warnings), 'warning')}"
    if tone not in ("busy", "off"):
        if status.open_conflicts or status.rejected_recent or tone == "error":
            tone = "error"
        elif warnings:
            tone = "warn"
    if last is not None:
        at = when(status.last_at, now)
        tips.append(f"Last round{' ' + at if at else ''}:")
        tips += [f"  {line}" for line in report_lines(last)]
    if status.pending and (last is None or last.outcome != "offline"):
        tips.append(f"{_waiting(status.pending).capitalize()} here to go out.")
    return Indication(text, tone, "\n".join(tips))


class SyncIndicator(QToolButton):
    """A flat button in the status bar; clicking it opens the Sync page (when there is one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_indicator")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F9 and the Sync page serve the keyboard
        self.indication = Indication("", "off", "")
        self.set_clickable(True)
        self.show_status(None)

    def set_clickable(self, clickable: bool) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor if clickable
                       else Qt.CursorShape.ArrowCursor)
        self._clickable = clickable

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - QMouseEvent
        if self._clickable:
            super().mousePressEvent(event)
        else:
            event.ignore()

    def show_status(self, status: SyncStatus | None, *, running: bool = False) -> None:
        self.indication = shown = describe(status, running=running)
        fg, bg = TONES[shown.tone]
        style = "QToolButton { padding: 1px 6px; border-radius: 3px;"
        if fg:
            style += f" color: {fg};"
        if bg:
            style += f" background: {bg};"
        self.setStyleSheet(style + " }")
        self.setIcon(self.style().standardIcon(ICONS[shown.tone]))
        self.setText(shown.text)
        tip = shown.tooltip + ("\n\nClick for the Sync page." if self._clickable and
                               shown.tooltip else "")
        self.setToolTip(tip)
        self.setAccessibleName(shown.text)
        self.setAccessibleDescription(shown.tooltip)
