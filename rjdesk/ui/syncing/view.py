"""The Sync page: how sync stands, "Sync now", the conflicts a person settles, the files refused.

Conflicts are few (two sites changing one field before either synced), so both lists are read
whole; they are read again after every round and every decision.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from rjdesk.domain.core.formats import us_date_time
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.syncing import control as sync_control
from rjdesk.services.syncing import review as sync_review
from rjdesk.services.syncing.control import SyncReport, SyncStatus
from rjdesk.services.syncing.review import ConflictView, RejectedView
from rjdesk.ui.common.list_page import list_table, size_columns
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.table_model import RowsTableModel
from rjdesk.ui.common.widgets import MessageLine
from rjdesk.ui.syncing.controller import SyncController
from rjdesk.ui.syncing.settings_dialog import SyncSettingsDialog
from rjdesk.ui.syncing.status import describe, plural, report_lines

CONFLICT_COLUMNS = ("What", "Record", "Now", "Other value", "Other value from", "Changed",
                    "Settled")
REJECTED_COLUMNS = ("File", "Why refused", "When", "Kept here as")
REJECTED_ADVICE = ("Nothing in these files was applied, and they are not tried again. Tell the "
                   "RJ Desk administrator: the list says which file was damaged, altered or "
                   "came from outside this deployment, and a copy of each is kept on this "
                   "computer.")
CONFLICTS_INTRO = ("Two workstations changed the same thing before they synced. The later "
                   "change is in the record now; the other one was kept here. Choose which "
                   "stays: your choice reaches every workstation at the next sync.")


def local_stamp(at: datetime | None) -> str:
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return us_date_time(at.astimezone())


class ConflictsTableModel(RowsTableModel):
    columns = CONFLICT_COLUMNS

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[ConflictView] = []
        self.include_resolved = False

    def load(self) -> None:
        rows = sync_review.list_conflicts(self.db, self.actor,
                                          include_resolved=self.include_resolved)
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def cell(self, row: ConflictView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.what, row.record, row.current, row.other, row.loser_from,
                    local_stamp(row.loser_at), "Settled" if row.resolved else "")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{row.what} — {row.record}\nNow: {row.current} (from {row.winner_from}, "
                    f"{local_stamp(row.winner_at)})\nOther value: {row.other} (from "
                    f"{row.loser_from}, {local_stamp(row.loser_at)})")
        return None

    def row_of(self, conflict_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == conflict_id), -1)


class RejectedTableModel(RowsTableModel):
    columns = REJECTED_COLUMNS

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[RejectedView] = []

    def load(self) -> None:
        rows = sync_review.list_rejected(self.db)
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def cell(self, row: RejectedView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.file, row.reason, _rejected_at(row.at), row.kept_as)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            why = f"{row.reason}: {row.message}" if row.message else row.reason
            return f"{row.file}\n{why}\nKept here as {row.kept_as}"
        return None


def _rejected_at(raw: str) -> str:
    try:
        return local_stamp(datetime.fromisoformat(str(raw)))
    except ValueError:
        return str(raw)


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet("font-weight: 600; font-size: 11pt;")
    return label


class SyncPage(Page):
    """For staff who settle conflicts and administrators who set sync up."""

    title = "Sync"

    def __init__(self, db: Database, actor: Actor, controller: SyncController,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.controller = controller
        self.may_review = actor.may(Permission.REVIEW_CONFLICTS)
        self.may_configure = actor.may(Permission.CONFIGURE_SYNC)

        self.state_label = QLabel(self)
        self.state_label.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = MessageLine(self)
        self.sync_button = QPushButton("&Sync now", self)
        self.sync_button.clicked.connect(self.sync_now)
        self.settings_button = QPushButton("Sync se&ttings…", self)
        self.settings_button.setToolTip("The central share, this workstation's name and site")
        self.settings_button.clicked.connect(self.open_settings)
        self.settings_button.setVisible(self.may_configure)
        self.settings_message = MessageLine(self)
        summary = QGroupBox("This workstation", self)
        top = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(self.state_label)
        text.addWidget(self.details)
        top.addLayout(text, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        box = QVBoxLayout(summary)
        box.addLayout(top)
        box.addWidget(self.warnings)
        box.addWidget(self.settings_message)

        self.conflicts = ConflictsTableModel(db, actor, self)
        self.conflict_table = list_table(self)
        self.conflict_table.setModel(self.conflicts)
        self.conflict_table.setAccessibleName("Conflicts to review")
        size_columns(self.conflict_table, {0: 26, 1: 26, 2: 16, 3: 16, 4: 20, 5: 19, 6: 8},
                     stretch=1)
        self.conflict_table.setColumnHidden(6, True)
        self.show_settled = QCheckBox("Show sett&led", self)
        self.show_settled.setToolTip("List the conflicts already settled too")
        self.show_settled.toggled.connect(self._settled_toggled)
        self.keep_current_button = QPushButton("Keep &current", self)
        self.keep_current_button.setToolTip("The value the record holds now stays")
        self.keep_current_button.clicked.connect(lambda: self.settle("current"))
        self.keep_other_button = QPushButton("Keep &other…", self)
        self.keep_other_button.setToolTip("Put the other workstation's value back")
        self.keep_other_button.clicked.connect(lambda: self.settle("other"))
        self.conflict_message = MessageLine(self)
        self.conflict_count = QLabel(self)
        conflicts_head = QHBoxLayout()
        conflicts_head.addWidget(_heading("Conflicts to review", self))
        conflicts_head.addStretch(1)
        conflicts_head.addWidget(self.conflict_count)
        conflicts_head.addSpacing(12)
        conflicts_head.addWidget(self.show_settled)
        intro = QLabel(CONFLICTS_INTRO, self)
        intro.setWordWrap(True)
        decide = QHBoxLayout()
        decide.addWidget(self.keep_current_button)
        decide.addWidget(self.keep_other_button)
        decide.addWidget(self.conflict_message, 100)
        decide.addStretch(1)  # the buttons keep their size while no message shows
        for widget in (self.conflict_table, self.show_settled, self.keep_current_button,
                       self.keep_other_button):
            widget.setVisible(self.may_review)

        self.rejected = RejectedTableModel(db, self)
        self.rejected_table = list_table(self)
        self.rejected_table.setModel(self.rejected)
        self.rejected_table.setAccessibleName("Refused files")
        size_columns(self.rejected_table, {0: 44, 1: 30, 2: 19}, stretch=3)
        self.rejected_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # names differ last
        advice = QLabel(REJECTED_ADVICE, self)
        advice.setWordWrap(True)
        self.rejected_count = QLabel(self)
        rejected_head = QHBoxLayout()
        rejected_head.addWidget(_heading("Refused files", self))
        rejected_head.addStretch(1)
        rejected_head.addWidget(self.rejected_count)

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addSpacing(6)
        if self.may_review:
            layout.addLayout(conflicts_head)
            layout.addWidget(intro)
            layout.addWidget(self.conflict_table, 3)
            layout.addLayout(decide)
            layout.addSpacing(6)
        layout.addLayout(rejected_head)
        layout.addWidget(advice)
        layout.addWidget(self.rejected_table, 1)

        self.conflict_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.conflicts.modelReset.connect(self._update_buttons)
        controller.status_changed.connect(self._show_status)
        controller.running_changed.connect(lambda _running: self._show_status(
            controller.status))
        controller.round_finished.connect(self._round_finished)
        self.refresh()

    # -- the summary -------------------------------------------------------------------------

    def _show_status(self, status: SyncStatus | None) -> None:
        shown = describe(status, running=self.controller.running)
        self.state_label.setText(shown.text)
        lines = []
        if status is not None:
            where = status.share_path or "not set"
            lines.append(f"Central share: {where}")
            name = status.workstation_name or "(no name)"
            lines.append(f"This workstation: {name}"
                         + (f", {status.site_code}" if status.site_code else ""))
            if status.configured and not status.enrolled:
                lines.append("It has not asked to join the deployment yet: an administrator "
                             "runs rjdesk-cli enroll request on it.")
            elif status.enrolled and not status.approved:
                lines.append("It waits for an administrator to approve it, who first compares "
                             f"its fingerprint: {status.fingerprint}.")
            if status.enrolled:
                lines.append(f"Changes made here waiting to go out: {status.pending:,}")
            last = status.last
            if last is not None:
                at = local_stamp(status.last_at)
                first, *rest = report_lines(last)
                lines.append(f"Last round{' ' + at if at else ''}: {first}")
                lines += [line for line in rest if not line.startswith("Warning: ")]
        self.details.setText("\n".join(lines))
        warnings = list(status.last.warnings) if status and status.last else []
        if warnings:
            self.warnings.say("\n".join(f"Warning: {w}" for w in warnings), "warn")
        else:
            self.warnings.clear_message()
        reason = self.controller.why_not()
        self.sync_button.setEnabled(not reason)
        self.sync_button.setToolTip(reason or "Sync with the central share now (F9)")

    def _round_finished(self, report: SyncReport) -> None:
        self.refresh_lists()
        if report.new_conflicts and self.may_review:
            self.conflict_message.say(f"The last round found "
                                      f"{plural(report.new_conflicts, 'new conflict')}.", "warn")

    def sync_now(self) -> None:
        self.controller.sync_now()

    def open_settings(self) -> None:
        if not self.may_configure:
            return
        dialog = SyncSettingsDialog(self.db, self.actor, sync_control.settings_of(self.db),
                                    parent=self)
        self.settings_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return
        notes = dialog.saved.notes
        self.settings_message.say(" ".join(notes) if notes else "Sync settings saved.",
                                  "warn" if notes else "ok")
        self.controller.refresh_status()
        self.controller.sync_in_background()

    # -- conflicts ---------------------------------------------------------------------------

    def selected_conflict(self) -> ConflictView | None:
        rows = self.conflict_table.selectionModel().selectedRows()
        return self.conflicts.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        row = self.selected_conflict()
        open_row = row is not None and not row.resolved
        self.keep_current_button.setEnabled(open_row)
        self.keep_other_button.setEnabled(open_row)
        n = sum(1 for r in self.conflicts.rows if not r.resolved)
        self.conflict_count.setText("None to review" if n == 0 else
                                    f"{plural(n, 'conflict')} to review")

    def _settled_toggled(self, checked: bool) -> None:
        self.conflicts.include_resolved = checked
        self.conflict_table.setColumnHidden(6, not checked)
        self.refresh_lists()

    def confirm_keep_other(self, row: ConflictView) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Keep the other value",
                          f"{row.what}, {row.record}:\n\nPut back “{row.other}” (from "
                          f"{row.loser_from}) in place of “{row.current}”?\n\nEvery workstation "
                          "gets the change at its next sync.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.button(QMessageBox.StandardButton.Yes).setText("Keep &other")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def settle(self, keep: str) -> None:
        row = self.selected_conflict()
        if row is None or row.resolved or not self.may_review:
            return
        if keep == "other" and not self.confirm_keep_other(row):
            return
        try:
            sync_review.resolve(self.db, self.actor, row.id, keep)
        except Refused as exc:
            self.conflict_message.say(exc.message, "error")
            self.refresh_lists()
            return
        kept = row.current if keep == "current" else row.other
        self.conflict_message.say(f"Kept “{kept}” — {row.what}, {row.record}.", "ok")
        self.refresh_lists()
        self.controller.refresh_status()
        if keep == "other":
            self.controller.records_changed.emit()
        self._select_next(row.id)

    def _select_next(self, settled_id: str) -> None:
        index = self.conflicts.row_of(settled_id)
        target = index + 1 if index >= 0 else 0
        while target < len(self.conflicts.rows) and self.conflicts.rows[target].resolved:
            target += 1
        if target < len(self.conflicts.rows):
            self.conflict_table.selectRow(target)
        self.conflict_table.setFocus()

    # -- what the main window asks -----------------------------------------------------------

    def refresh_lists(self) -> None:
        if self.may_review:
            selected = self.selected_conflict()
            try:
                self.conflicts.load()
            except Refused as exc:
                self.conflict_message.say(exc.message, "error")
            if selected is not None and (i := self.conflicts.row_of(selected.id)) >= 0:
                self.conflict_table.selectRow(i)
        self.rejected.load()
        n = len(self.rejected.rows)
        self.rejected_count.setText("None refused" if n == 0 else f"{plural(n, 'file')}")
        self._update_buttons()

    def refresh(self) -> None:
        self.refresh_lists()
        self._show_status(self.controller.refresh_status())

    def focus_search(self) -> None:
        (self.conflict_table if self.may_review else self.rejected_table).setFocus()

    def new_reason(self) -> str:
        return "Nothing is added on the Sync page."

    def print_reason(self) -> str:
        return "There is no printout of the Sync page."
