"""Sync settings (administrators): where the central share is, and who this workstation is.

Saving looks at the share, which can take the network's timeout on an unreachable server, so
the one service call runs off the GUI thread; a refusal comes back to its field.
"""

from __future__ import annotations

from PySide6.QtCore import QDir
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QLineEdit,
                               QPushButton, QWidget)

from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.syncing import control as sync_control
from rjdesk.services.syncing.control import SavedSettings, SyncSettings
from rjdesk.ui.common.forms import FieldErrors, app_icon, child, fit_width, load_form
from rjdesk.ui.common.jobs import Job, report_error, run_job
from rjdesk.ui.common.site_picker import chosen_site_code, fill_site_picker

FIELDS = ["share_path", "workstation_name", "site"]


class SyncSettingsDialog(QDialog):
    """Shows the settings as loaded; ``saved`` afterwards (with notes, e.g. share offline)."""

    def __init__(self, db: Database, actor: Actor, current: SyncSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: SavedSettings | None = None
        self.job: Job | None = None
        self.form = load_form("sync_settings", self)
        self.setWindowIcon(app_icon())
        self.share_path = child(self.form, QLineEdit, "share_path")
        self.browse = child(self.form, QPushButton, "browse")
        self.workstation_name = child(self.form, QLineEdit, "workstation_name")
        self.site = child(self.form, QComboBox, "site")
        self.errors = FieldErrors(self.form, FIELDS)
        fill_site_picker(self.site)
        self.share_path.setText(current.share_path)
        self.workstation_name.setText(current.workstation_name)
        self.site.setCurrentIndex(self.site.findData(current.site_code))
        self.browse.clicked.connect(self.choose_folder)
        self.buttons = child(self.form, QDialogButtonBox, "buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)  # Ctrl+S, as every dialog
        fit_width(self, 620)

    def site_code(self) -> str:
        """The chosen site's code, or what was typed (the service then names it)."""
        return chosen_site_code(self.site) or self.site.currentText().strip()

    def choose_folder(self) -> None:
        start = self.share_path.text().strip() or QDir.homePath()
        folder = QFileDialog.getExistingDirectory(self, "The central share", start)
        if folder:
            self.share_path.setText(QDir.toNativeSeparators(folder))

    def wanted(self) -> SyncSettings:
        return SyncSettings(self.share_path.text(), self.workstation_name.text(),
                            self.site_code())

    def accept(self) -> None:
        """One call, off the GUI thread (it looks at the share); the dialog waits for it."""
        if self.job is not None:
            return
        db, actor, wanted = self.db, self.actor, self.wanted()
        self.buttons.setEnabled(False)
        self.job = run_job(self, lambda _progress: sync_control.save_settings(db, actor, wanted),
                           label="Looking at the central share…", cancellable=False,
                           on_done=self._saved, on_error=self._refused)
        self.job.finished.connect(self._job_over)

    def _job_over(self) -> None:
        self.job = None
        self.buttons.setEnabled(True)

    def _saved(self, saved: SavedSettings) -> None:
        self.saved = saved
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, Refused):
            self.errors.show_refusal(exc)
        else:
            report_error(self, exc)

    def reject(self) -> None:
        if self.job is None:  # a save under way ends first: the result must reach its field
            super().reject()
