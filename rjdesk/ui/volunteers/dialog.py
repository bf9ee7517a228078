"""Adding and changing a community volunteer: contact, roles, background check, trainings."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialogButtonBox,
                               QHeaderView, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QWidget)

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.sites import SiteView
from rjdesk.services.volunteers import records as volunteers
from rjdesk.services.volunteers.records import TrainingInput, VolunteerInput, VolunteerView
from rjdesk.ui.common.forms import (READ_ONLY_STYLE, DateEntryError, FieldErrors, app_icon,
                                    child, load_form, parse_us_date, show_read_only)
from rjdesk.ui.common.record_dialog import RecordDialog
from rjdesk.ui.volunteers.marks import edit_style, mark_edit, mark_item

#: The dates typed as MM/DD/YYYY; a victim speaker's consent and screening are booked on.
DATE_FIELDS = ["background_check_on", "background_check_expires", "speaker_consent_on",
               "speaker_screened_on"]
SPEAKER_DATES = ("speaker_consent_on", "speaker_screened_on")
TEXT_FIELDS = ["last_name", "first_name", "email", "phone", "address", *DATE_FIELDS]
FIELDS = ["last_name", "first_name", "site_code", "email", "phone", "address", "active",
          *DATE_FIELDS, "trainings", "notes"]
TRAINING_COLUMNS = ("Training", "Completed", "Expires")
RESTRICTED_FIELDS = ("email", "phone", "address")
RESTRICTED = "restricted"
RESTRICTED_TIP = ("A victim speaker's contact details are shown to victim services, "
                  "administrators and the central office only.")


class VolunteerDialog(RecordDialog):
    """New volunteer (``volunteer=None``) or a change; ``saved`` afterwards."""

    def __init__(self, db: Database, actor: Actor, site_choices: list[SiteView],
                 volunteer: VolunteerView | None = None, *, read_only: bool = False,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, read_only=read_only)
        self.db, self.actor, self.volunteer = db, actor, volunteer
        self.today = today or date.today()
        self.saved: VolunteerView | None = None
        self.form = load_form("volunteer_dialog", self)
        self.setWindowIcon(app_icon())
        self.edits = {name: child(self.form, QLineEdit, name) for name in TEXT_FIELDS}
        self.site = child(self.form, QComboBox, "site_code")
        self.active = child(self.form, QCheckBox, "active")
        self.notes = child(self.form, QPlainTextEdit, "notes")
        self.roles = {role: child(self.form, QCheckBox, f"role_{role.value}")
                      for role in VolunteerRole}
        self.trainings = child(self.form, QTableWidget, "trainings")
        self.buttons = child(self.form, QDialogButtonBox, "buttons")
        self.errors = FieldErrors(self.form, FIELDS)
        self.trainings.setColumnCount(len(TRAINING_COLUMNS))
        self.trainings.setHorizontalHeaderLabels(TRAINING_COLUMNS)
        self.trainings.verticalHeader().hide()
        self.trainings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trainings.verticalHeader().setDefaultSectionSize(
            self.trainings.fontMetrics().height() + 8)
        header = self.trainings.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        date_width = self.trainings.fontMetrics().horizontalAdvance("00/00/00000") + 16
        for column in (1, 2):
            header.resizeSection(column, date_width)
            self.trainings.horizontalHeaderItem(column).setToolTip(
                "MM/DD/YYYY" + (" (blank: does not expire)" if column == 2 else ""))
        for site in site_choices:
            self.site.addItem(site.label, site.code)
        # the box fits the form (sized to the longest site name it made the dialog wider than
        # a 1024 screen); the list it opens shows whole names
        metrics, view = self.site.fontMetrics(), self.site.view()
        view.setMinimumWidth(max((metrics.horizontalAdvance(s.label) for s in site_choices),
                                 default=0) + view.verticalScrollBar().sizeHint().width() +
                             2 * metrics.averageCharWidth())
        child(self.form, QPushButton, "add_training").clicked.connect(
            lambda: self.add_training())
        child(self.form, QPushButton, "remove_training").clicked.connect(self.remove_training)
        self._fill(volunteer)
        if volunteer is not None and volunteer.contact_restricted:
            self._restrict_contact()
        self.mark_clean()
        self.connect_buttons(self.buttons)
        if read_only:
            self._make_read_only()
        self.mark_expiry()
        for name in ("background_check_expires", *SPEAKER_DATES):
            self.edits[name].textChanged.connect(self.mark_expiry)
        self.roles[VolunteerRole.VICTIM_SPEAKER].toggled.connect(self.mark_expiry)
        self.trainings.itemChanged.connect(self._training_changed)

    def mark_expiry(self) -> None:
        """The background check and each training red when expired, amber within 30 days."""
        edit = self.edits["background_check_expires"]
        try:
            until = parse_us_date(edit.text())
        except DateEntryError:
            until = None
        if not mark_edit(edit, until, self.today) and self.read_only:
            edit.setStyleSheet(READ_ONLY_STYLE)
        speaker = self.roles[VolunteerRole.VICTIM_SPEAKER].isChecked()
        for name in SPEAKER_DATES:
            field = self.edits[name]
            missing = speaker and not field.text().strip()
            field.setStyleSheet(edit_style("missing") if missing else
                                READ_ONLY_STYLE if self.read_only else "")
            field.setToolTip("Missing: a victim speaker cannot be booked without it."
                             if missing else "")
        self.trainings.blockSignals(True)
        try:
            for row in range(self.trainings.rowCount()):
                item = self.trainings.item(row, 2)
                if item is not None:
                    try:
                        expires = parse_us_date(item.text())
                    except DateEntryError:
                        expires = None
                    mark_item(item, expires, self.today)
        finally:
            self.trainings.blockSignals(False)

    def _training_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 2:
            self.mark_expiry()

    def _make_read_only(self) -> None:
        show_read_only(*self.edits.values(), self.notes)
        if self.volunteer is not None and self.volunteer.contact_restricted:
            self._restrict_contact()  # "restricted" says why they are empty: it stays
        for widget in (self.site, self.active, *self.roles.values()):
            widget.setEnabled(False)
        self.trainings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trainings.setStyleSheet(f"QTableWidget {{ {READ_ONLY_STYLE} }}")
        for name in ("add_training", "remove_training"):
            child(self.form, QPushButton, name).hide()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

    def _restrict_contact(self) -> None:
        """A victim speaker's contact details are not for this role: the fields say so and
        stay read-only; the service keeps what is on file when the rest is saved."""
        for name in RESTRICTED_FIELDS:
            self.edits[name].setReadOnly(True)
            self.edits[name].setPlaceholderText(RESTRICTED)
            self.edits[name].setToolTip(RESTRICTED_TIP)
            self.edits[name].setStyleSheet(READ_ONLY_STYLE)
        self.notes.setReadOnly(True)
        self.notes.setPlaceholderText(RESTRICTED)
        self.notes.setToolTip(RESTRICTED_TIP)
        self.notes.setStyleSheet(READ_ONLY_STYLE)

    def _fill(self, v: VolunteerView | None) -> None:
        if v is None:
            self.setWindowTitle("New volunteer — RJ Desk")
            self.site.setCurrentIndex(max(0, self.site.findData(self.actor.site_code)))
            self.active.setChecked(True)
            return
        self.setWindowTitle(f"{v.name} — RJ Desk")
        for name, value in (("last_name", v.last_name), ("first_name", v.first_name),
                            ("email", v.email), ("phone", v.phone), ("address", v.address),
                            ("background_check_on", us_date(v.background_check_on)),
                            ("background_check_expires", us_date(v.background_check_expires)),
                            ("speaker_consent_on", us_date(v.speaker_consent_on)),
                            ("speaker_screened_on", us_date(v.speaker_screened_on))):
            self.edits[name].setText(value)
        self.site.setCurrentIndex(self.site.findData(v.site_code))
        self.active.setChecked(v.active)
        self.notes.setPlainText(v.notes)
        for role, box in self.roles.items():
            box.setChecked(role in v.roles)
        for t in v.trainings:
            self.add_training(t.name, us_date(t.completed_on), us_date(t.expires_on))

    def add_training(self, name: str = "", completed: str = "", expires: str = "") -> None:
        row = self.trainings.rowCount()
        self.trainings.insertRow(row)
        for column, text in enumerate((name or "", completed or "", expires or "")):
            self.trainings.setItem(row, column, QTableWidgetItem(text))
        if not name:
            self.trainings.setCurrentCell(row, 0)
            self.trainings.editItem(self.trainings.item(row, 0))

    def remove_training(self) -> None:
        for index in sorted({i.row() for i in self.trainings.selectedIndexes()}, reverse=True):
            self.trainings.removeRow(index)

    def _cell(self, row: int, column: int) -> str:
        item = self.trainings.item(row, column)
        return item.text().strip() if item else ""

    def snapshot(self) -> tuple:
        cells = tuple(self._cell(r, c) for r in range(self.trainings.rowCount())
                      for c in range(len(TRAINING_COLUMNS)))
        return (tuple(e.text() for e in self.edits.values()), self.site.currentData(),
                self.active.isChecked(), self.notes.toPlainText(),
                tuple(b.isChecked() for b in self.roles.values()), cells)

    def _dates(self, bad: dict[str, str]) -> dict[str, date | None]:
        found: dict[str, date | None] = {}
        for name in DATE_FIELDS:
            try:
                found[name] = parse_us_date(self.edits[name].text())
            except DateEntryError as exc:
                bad[name] = str(exc)
        return found

    def _trainings(self, bad: dict[str, str]) -> tuple[TrainingInput, ...]:
        out = []
        for row in range(self.trainings.rowCount()):
            name, done, expires = (self._cell(row, c) for c in range(3))
            if not (name or done or expires):
                continue
            try:
                completed = parse_us_date(done)
                until = parse_us_date(expires)
            except DateEntryError as exc:
                bad["trainings"] = f"Row {row + 1}: {exc}"
                continue
            if completed is None:
                bad["trainings"] = f"Row {row + 1}: enter the date the training was completed."
                continue
            out.append(TrainingInput(name, completed, until))
        return tuple(out)

    def build_request(self) -> VolunteerInput | None:
        bad: dict[str, str] = {}
        dates = self._dates(bad)
        trainings = self._trainings(bad)
        if bad:
            self.errors.show(bad)
            return None
        text = {name: self.edits[name].text() for name in TEXT_FIELDS}
        return VolunteerInput(
            last_name=text["last_name"], first_name=text["first_name"],
            site_code=str(self.site.currentData() or ""), email=text["email"],
            phone=text["phone"], address=text["address"],
            roles=frozenset(r for r, box in self.roles.items() if box.isChecked()),
            background_check_on=dates["background_check_on"],
            background_check_expires=dates["background_check_expires"],
            active=self.active.isChecked(), notes=self.notes.toPlainText(), trainings=trainings,
            speaker_consent_on=dates["speaker_consent_on"],
            speaker_screened_on=dates["speaker_screened_on"])

    def submit(self, request: VolunteerInput) -> VolunteerView:
        if self.volunteer is None:
            return volunteers.create_volunteer(self.db, self.actor, request)
        saved = volunteers.update_volunteer(self.db, self.actor, self.volunteer.id, request,
                                            expected_updated_at=self.volunteer.updated_at)
        if saved.warnings:  # saved all the same: the person hears what it means now
            QMessageBox.warning(self, "RJ Desk", "\n\n".join(saved.warnings))
        return saved
