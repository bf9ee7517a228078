"""A court report with its victims' impact: the report (court, case, officer, due date), then
— for those the service shows them to — its victims, one chosen at a time into the victim
impact form; for everyone else one sentence says they are withheld, and no victim's name is
on any widget, title or tooltip. Submit to court and Print victim impact from here."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from rjdesk.domain.boards.enums import ReportStatus
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.boards import court_reports, victims
from rjdesk.services.boards.court_reports import ReportView
from rjdesk.services.boards.victims import VictimView
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Refused
from rjdesk.ui.boards import casework_common as kc
from rjdesk.ui.boards.victim_form import VictimForm
from rjdesk.ui.common.forms import app_icon
from rjdesk.ui.common.widgets import MessageLine

WITHHELD = ("Victims' statements are withheld: only victim services, administrators and the "
            "officer of this report may see them.")


def victim_line(v: VictimView) -> str:
    return f"{v.name} — {v.status.label}"


class ReportEditor(QDialog):
    """``changed`` once anything was saved here, so the list reads again."""

    def __init__(self, db: Database, actor: Actor, report: ReportView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.report = db, actor, report
        self.changed = False
        self.current: VictimView | None = None
        self._clean: tuple = ()
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.status_line = MessageLine(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.status_line)
        self.withheld = QLabel(WITHHELD, self)
        self.withheld.setObjectName("victims_withheld")
        self.withheld.setWordWrap(True)
        self.withheld.setStyleSheet("color: #7a4f00; background: #fff4d6; padding: 8px;")
        self.form: VictimForm | None = None
        self.victim_list: QListWidget | None = None
        self.message = MessageLine(self)
        if report.victims is None:
            layout.addWidget(self.withheld)
            layout.addStretch(1)
        else:
            self.withheld.hide()
            layout.addLayout(self._victims_area(), 1)
        layout.addWidget(self.message)
        layout.addLayout(self._bar())
        self.show_report(report)
        if report.victims is not None:
            self.resize(1000, 700)
        else:
            self.resize(640, 300)

    # -- building ----------------------------------------------------------------------------

    def _victims_area(self) -> QHBoxLayout:
        area = QHBoxLayout()
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Victims</b>", self))
        self.victim_list = QListWidget(self)
        self.victim_list.setMaximumWidth(230)
        self.victim_list.currentItemChanged.connect(self._chosen)
        side.addWidget(self.victim_list, 1)
        self.add_button = QPushButton("&Add victim", self)
        self.add_button.clicked.connect(self.add_victim)
        self.remove_button = QPushButton("Remo&ve victim", self)
        self.remove_button.clicked.connect(self.remove_victim)
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        area.addLayout(side)
        body = QVBoxLayout()
        self.form = VictimForm(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        body.addWidget(scroll, 1)
        self.save_button = QPushButton("&Save victim", self)
        self.save_button.setToolTip("Save this victim's statement (Ctrl+S)")
        self.save_button.clicked.connect(self.save_victim)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_victim)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        body.addLayout(row)
        area.addLayout(body, 1)
        return area

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.submit_button = QPushButton("Su&bmit to court", self)
        self.submit_button.clicked.connect(self.submit_report)
        self.print_button = QPushButton("&Print victim impact…", self)
        self.print_button.clicked.connect(
            lambda: kc.preview_paper(self, self.db, self.actor, "victim_impact",
                                     self.report.id, "Victim impact"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bar.addWidget(self.submit_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        return bar

    # -- showing -----------------------------------------------------------------------------

    @property
    def may_edit(self) -> bool:
        r = self.report
        return (self.actor.may(Permission.EDIT_COURT_REPORTS) and r.status is ReportStatus.DRAFT
                and (r.site_code == self.actor.site_code or self.actor.may(Permission.ALL_SITES)))

    def show_report(self, r: ReportView) -> None:
        self.report = r
        self.setWindowTitle(f"Court report on {r.offender_name} — {r.court} {r.case_number} "
                            "— RJ Desk")
        self.heading.setText(f"<span style='font-size: 15pt; font-weight: 700'>"
                             f"{r.offender_name}</span> &nbsp; DOC {r.doc_number}")
        n = r.victim_count
        self.facts.setText(
            f"<b>Court:</b> {r.court}, case {r.case_number}<br><b>Officer:</b> "
            f"{r.officer_name or '—'} ({r.site_code}) &nbsp; <b>Due:</b> {us_date(r.due_on)}"
            f"<br><b>Victims:</b> {n}")
        if r.status is ReportStatus.SUBMITTED and r.submitted_on:
            self.status_line.say(f"Submitted to court on {us_date(r.submitted_on)}.", "ok")
        else:
            self.status_line.say("Draft: the statements may still change.", "info")
        self.submit_button.setVisible(self.may_edit)
        self.print_button.setVisible(r.victims is not None and kc.may_print_victims(self.actor))
        if r.victims is not None and self.victim_list is not None:
            self._fill_list(r.victims, self.current.id if self.current else None)

    def _fill_list(self, shown: tuple[VictimView, ...], keep: str | None) -> None:
        assert self.victim_list is not None and self.form is not None
        self.victim_list.blockSignals(True)
        self.victim_list.clear()
        for v in shown:
            item = QListWidgetItem(victim_line(v))
            item.setData(Qt.ItemDataRole.UserRole, v)
            self.victim_list.addItem(item)
        index = next((i for i, v in enumerate(shown) if v.id == keep), 0 if shown else -1)
        self.victim_list.setCurrentRow(index)
        self.victim_list.blockSignals(False)
        self._show_victim(shown[index] if index >= 0 else None)  # what is on file now
        editing = self.may_edit
        self.add_button.setVisible(editing)
        self.remove_button.setVisible(editing and bool(shown))
        self.save_button.setVisible(editing)
        self.form.set_read_only(not editing)

    def _show_victim(self, v: VictimView | None) -> None:
        assert self.form is not None
        self.current = v
        self.form.fill(v)
        self._clean = self.form.snapshot()

    def _chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if not self._may_leave():
            assert self.victim_list is not None
            self.victim_list.blockSignals(True)
            self.victim_list.setCurrentItem(previous)
            self.victim_list.blockSignals(False)
            return
        self._show_victim(item.data(Qt.ItemDataRole.UserRole) if item is not None else None)

    def _may_leave(self) -> bool:
        if self.form is None or self.form.snapshot() == self._clean:
            return True
        answer = QMessageBox.question(
            self, "RJ Desk", "Leave this victim's statement without saving your changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    # -- acting ------------------------------------------------------------------------------

    def add_victim(self) -> None:
        if self.form is None or not self._may_leave():
            return
        assert self.victim_list is not None
        self.victim_list.blockSignals(True)
        self.victim_list.clearSelection()
        self.victim_list.setCurrentRow(-1)
        self.victim_list.blockSignals(False)
        self._show_victim(None)
        self.form.edits["last_name"].setFocus()

    def save_victim(self) -> None:
        if self.form is None or not self.may_edit:
            return
        request = self.form.request()
        if request is None:
            return
        try:
            saved = victims.save_statement(self.db, self.actor, self.report.id, request,
                                           statement_id=self.current.id if self.current else None,
                                           today=kc.today())
        except Refused as exc:
            self.form.errors.show_refusal(exc)
            return
        self.changed = True
        assert self.report.victims is not None
        others = [v for v in self.report.victims if v.id != saved.id]
        shown = tuple(sorted([*others, saved], key=lambda v: (v.last_name.casefold(),
                                                               v.first_name.casefold())))
        self.current = saved
        self.report = _with_victims(self.report, shown)
        self.show_report(self.report)
        self.message.say(f"Statement saved ({saved.status.label.lower()}).", "ok")

    def remove_victim(self) -> None:
        if self.current is None or not self.may_edit:
            return
        answer = QMessageBox.question(
            self, "RJ Desk", "Take this victim off the report? Their statement is deleted.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            victims.remove_statement(self.db, self.actor, self.current.id)
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self.changed = True
        assert self.report.victims is not None
        gone = self.current.id
        self.current = None
        self.report = _with_victims(self.report, tuple(v for v in self.report.victims
                                                       if v.id != gone))
        self.show_report(self.report)
        self.message.say("Victim taken off the report.", "ok")

    def submit_report(self) -> None:
        answer = QMessageBox.question(
            self, "RJ Desk", f"Mark the report submitted to court today ({us_date(kc.today())})?"
            " Its statements can no longer change afterwards.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            view = court_reports.submit_report(self.db, self.actor, self.report.id,
                                               kc.today(), today=kc.today())
        except Refused as exc:
            self.message.say(exc.message, "error")
            return
        self.changed = True
        self.show_report(view)
        self.message.say("Submitted to court.", "ok")


def _with_victims(r: ReportView, shown: tuple[VictimView, ...]) -> ReportView:
    return replace(r, victims=shown, victim_count=len(shown))
