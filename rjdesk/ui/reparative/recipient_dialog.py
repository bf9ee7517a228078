"""Adding and changing a recipient, warned of a possible duplicate before it is saved, and
merging two records of one organization."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.reparative.enums import RecipientType
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.services.reparative import recipients
from rjdesk.services.reparative.recipients import (PossibleDuplicate, RecipientInput,
                                                   RecipientView)
from rjdesk.ui.common.forms import FieldErrors, app_icon, enum_data, field_row, ok_cancel
from rjdesk.ui.common.record_dialog import RecordDialog
from rjdesk.ui.common.widgets import TONES

TEXT_FIELDS = ["name", "abbreviation", "address", "city", "contact_name", "phone", "email"]
LABELS = {"name": "&Name", "abbreviation": "A&bbreviation", "address": "&Address",
          "city": "&City", "contact_name": "C&ontact", "phone": "&Phone", "email": "&Email"}


def match_line(r: RecipientView) -> str:
    place = f", {r.city}" if r.city else ""
    short = f" ({r.abbreviation})" if r.abbreviation else ""
    return f"{r.name}{short}{place} — {r.kind.label}" + ("" if r.active else " (inactive)")


class RecipientDialog(RecordDialog):
    """A new recipient (``recipient=None``) or a change; ``saved`` afterwards. A new one whose
    name or abbreviation matches another's shows the matches first: save it anyway, or use
    the one on file (``saved`` is then that one)."""

    def __init__(self, db: Database, actor: Actor, recipient: RecipientView | None = None, *,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent, read_only=read_only or bool(recipient and recipient.withheld))
        self.db, self.actor, self.recipient = db, actor, recipient
        self.saved: RecipientView | None = None
        self.allow_duplicate = False
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for kind in RecipientType:
            if kind is not RecipientType.VICTIM or actor.may(Permission.VIEW_VICTIMS) or \
                    (recipient is not None and recipient.kind is kind):
                self.kind.addItem(kind.label, kind.value)
        field_row(form, "&Type", "kind", self.kind)
        self.edits: dict[str, QLineEdit] = {}
        for name in TEXT_FIELDS:
            self.edits[name] = QLineEdit()
            field_row(form, LABELS[name], name, self.edits[name])
        layout.addLayout(form)
        self.duplicates = self._duplicate_panel()
        layout.addWidget(self.duplicates)
        self.buttons = ok_cancel(self, layout)
        self.errors = FieldErrors(self, ["kind", *TEXT_FIELDS])
        self._fill(recipient)
        self.mark_clean()
        if self.read_only:
            self._make_read_only()
        self.setMinimumWidth(520)

    def _duplicate_panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setObjectName("possible_duplicate")
        fg, bg = TONES["warn"]
        panel.setStyleSheet(f"QFrame#possible_duplicate {{ background: {bg}; "
                            f"border: 1px solid {fg}; border-radius: 3px; }}")
        box = QVBoxLayout(panel)
        self.duplicate_text = QLabel(panel)
        self.duplicate_text.setWordWrap(True)
        self.duplicate_text.setStyleSheet(f"color: {fg};")
        self.matches = QListWidget(panel)
        self.matches.setMaximumHeight(90)
        row = QHBoxLayout()
        self.save_anyway = QPushButton("Save &anyway", panel)
        self.save_anyway.clicked.connect(self.save_despite_duplicate)
        self.use_existing = QPushButton("&Use existing", panel)
        self.use_existing.clicked.connect(self.take_existing)
        row.addStretch(1)
        row.addWidget(self.save_anyway)
        row.addWidget(self.use_existing)
        box.addWidget(self.duplicate_text)
        box.addWidget(self.matches)
        box.addLayout(row)
        panel.hide()
        return panel

    def _fill(self, r: RecipientView | None) -> None:
        if r is None:
            self.setWindowTitle("New recipient — RJ Desk")
            return
        self.setWindowTitle(f"{r.display} — RJ Desk")
        self.kind.setCurrentIndex(max(0, self.kind.findData(r.kind.value)))
        for name in TEXT_FIELDS:
            self.edits[name].setText(str(getattr(r, name)))

    def _make_read_only(self) -> None:
        self.kind.setEnabled(False)
        for edit in self.edits.values():
            edit.setReadOnly(True)
        self.buttons.setStandardButtons(self.buttons.StandardButton.Close)  # Close rejects

    def snapshot(self) -> tuple:
        return (self.kind.currentData(), *(e.text() for e in self.edits.values()))

    def build_request(self) -> RecipientInput | None:
        kind = enum_data(self.kind.currentData(), RecipientType)
        if kind is None:
            self.errors.show({"kind": "Choose the type of recipient."})
            return None
        text = {name: self.edits[name].text() for name in TEXT_FIELDS}
        return RecipientInput(kind=kind, **text)

    def submit(self, request: RecipientInput) -> RecipientView:
        if self.recipient is not None:
            return recipients.update_recipient(self.db, self.actor, self.recipient.id, request)
        return recipients.create_recipient(self.db, self.actor, request,
                                           allow_duplicate=self.allow_duplicate)

    def accept(self) -> None:
        """RecordDialog's save, with a possible duplicate answered in the panel, not at a
        field."""
        self.duplicates.hide()
        if self.read_only:
            QDialog.accept(self)
            return
        request = self.build_request()
        if request is None:
            return
        try:
            self.saved = self.submit(request)
        except PossibleDuplicate as exc:
            self._show_duplicates(exc)
            return
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        QDialog.accept(self)

    def _show_duplicates(self, exc: PossibleDuplicate) -> None:
        self.errors.clear()
        self.duplicate_text.setText(f"{exc.message} Is it one of these?")
        self.matches.clear()
        for match in exc.matches:
            item = QListWidgetItem(match_line(match))
            item.setData(Qt.ItemDataRole.UserRole, match)
            self.matches.addItem(item)
        self.matches.setCurrentRow(0)
        self.duplicates.show()
        self.use_existing.setFocus()

    def save_despite_duplicate(self) -> None:
        self.allow_duplicate = True
        self.accept()

    def take_existing(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        self.saved = item.data(Qt.ItemDataRole.UserRole)
        QDialog.accept(self)


class MergeDialog(QDialog):
    """Two records of one organization made one: ``keep`` stays, the one chosen here gives it
    every delivery and is closed as merged."""

    def __init__(self, db: Database, actor: Actor, keep: RecipientView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.keep = db, actor, keep
        self.saved: RecipientView | None = None
        self.setWindowTitle("Merge recipients — RJ Desk")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(f"Keep <b>{match_line(keep)}</b> and move every delivery of the record "
                       f"chosen below to it; that record is then closed as merged.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.other = QComboBox()
        self.other.setEditable(True)
        self.other.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.other.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        for r in recipients.list_recipients(db, actor):
            if r.id != keep.id and r.active and not r.withheld:
                self.other.addItem(match_line(r), r.id)
        self.other.setCurrentIndex(-1)
        field_row(form, "&Merge this one into it", "merge_id", self.other)
        layout.addLayout(form)
        buttons = ok_cancel(self, layout)
        buttons.button(buttons.StandardButton.Ok).setText("Merge")
        self.errors = FieldErrors(self, ["merge_id"], {"keep_id": "merge_id"})
        self.setMinimumWidth(560)

    def choose(self, recipient_id: str) -> None:
        self.other.setCurrentIndex(self.other.findData(recipient_id))

    def accept(self) -> None:
        index = self.other.findText(self.other.currentText())
        merge_id = self.other.itemData(index) if index >= 0 else None
        if merge_id is None:
            self.errors.show({"merge_id": "Choose the other record of this organization."})
            return
        try:
            self.saved = recipients.merge_recipients(self.db, self.actor, self.keep.id,
                                                     str(merge_id))
        except Refused as exc:
            self.errors.show_refusal(exc)
            return
        super().accept()
