"""The main window: pages by role, menus with nothing dead in them, and the idle lock.

The pages are the areas' (each area's ui package declares its own, see ui.common.registry);
each is built when first opened and rebuilt when another person signs in at the lock, so a
window never shows one person's pages to another. Every page keeps the one page contract
(ui.common.page) and the menus ask the current page whether, and why not, an action can be used.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMainWindow, QMessageBox, QStackedWidget,
                               QVBoxLayout, QWidget)

import rjdesk
from rjdesk import paths
from rjdesk.services.core import settings
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.admin.passwords import ChangePasswordDialog
from rjdesk.ui.common import error_dialog, registry
from rjdesk.ui.common.forms import app_icon
from rjdesk.ui.common.page import Page
from rjdesk.ui.common.registry import PageEntry
from rjdesk.ui.common.scanning import ScanListener
from rjdesk.ui.shell.idle_lock import (IdleWatcher, KeyAnywhere, LockCover, other_windows,
                                      status_separator)
from rjdesk.ui.shell.signin import SignInDialog, is_demo
from rjdesk.ui.syncing import SYNC_PAGE
from rjdesk.ui.syncing.controller import SyncController
from rjdesk.ui.syncing.status import SyncIndicator

ORGANIZATION, APPLICATION = "MissouriDOC", "RJDesk"
SHORTCUTS = [("Ctrl+F", "Find: go to the search box"), ("Ctrl+N", "New person, volunteer or class"),
             ("Enter", "Open the selected row"), ("Escape", "Clear the search / close a form"),
             ("Down", "From the search box into the list"), ("Ctrl+S", "Save a form"),
             ("Ctrl+P", "Print the list shown"),
             ("Ctrl+L", "Lock RJ Desk now, from any of its windows"),
             ("Ctrl+1, 2, …", "Go to a page"), ("F5", "Refresh the page"),
             ("F9 or Ctrl+Shift+S", "Sync with the central share now"),
             ("F1", "This help"), ("Ctrl+Q", "Quit")]


def qsettings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, actor: Actor, *, idle_ms: int | None = None) -> None:
        super().__init__()
        self.db, self.actor = db, actor
        self.setWindowIcon(app_icon())
        self.idle_minutes = settings.get(db, settings.IDLE_LOCK_MINUTES)
        self.idle = IdleWatcher(idle_ms if idle_ms is not None else self.idle_minutes * 60_000,
                                self)
        self.idle.idle.connect(lambda: self.lock(idle=True))
        self.lock_dialog: SignInDialog | None = None
        self._covers: list[LockCover] = []
        self._retired: list[QWidget] = []

        self.nav = QListWidget()
        self.nav.setFixedWidth(190)
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 7px 8px; }")
        self.pages = QStackedWidget()
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(6, 6, 6, 0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.lock_page = QLabel(f'<p align="center"><img src="{paths.icons_dir() / "rjdesk.svg"}" '
                                f'width="96" height="96"></p><p align="center" style="font-size:'
                                f' 14pt">RJ Desk is locked.</p>')
        self.lock_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.screens = QStackedWidget()
        self.screens.addWidget(workspace)
        self.screens.addWidget(self.lock_page)
        self.setCentralWidget(self.screens)
        self.nav.currentRowChanged.connect(self._show_page)

        self.site_label, self.user_label = QLabel(), QLabel()
        for label in (self.site_label, self.user_label):
            label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addWidget(self.site_label)
        self.statusBar().addWidget(status_separator())
        self.statusBar().addWidget(self.user_label)
        self.sync = SyncController(db, self)
        self.sync_indicator = SyncIndicator()
        self.sync_indicator.clicked.connect(self.show_sync_page)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self._build_menus()
        self.sync.status_changed.connect(self._sync_status_changed)
        self.sync.running_changed.connect(lambda _running: self._sync_status_changed())
        self.sync.records_changed.connect(self.refresh_all)
        self._sync_status_changed()
        self.set_actor(actor)
        self._restore_settings()
        self.idle.start()
        # a code scanned anywhere (a delivery slip) opens what it names, unless locked
        self.scanner = ScanListener(self, lambda: registry.scan_handlers(self.actor),
                                    paused=lambda: self.locked, parent=self)
        self.scanner.install()
        # Ctrl+L locks from a class window or an open form as well as from here
        self.lock_key = KeyAnywhere(QKeySequence("Ctrl+L"), self.lock, self)

    # -- pages, by role ----------------------------------------------------------------------

    def page_entries(self) -> list[PageEntry]:
        """The areas' pages this person may see, in the areas' order."""
        return registry.pages(self.actor)

    def set_actor(self, actor: Actor) -> None:
        """(Re)build everything that depends on who is signed in."""
        previous = self.nav.currentItem().text() if self.nav.currentItem() else "People"
        self.actor = actor
        while self.pages.count():
            old = self.pages.widget(0)
            self.pages.removeWidget(old)
            old.hide()
            self._retired.append(old)  # an old page may still be under an unwinding dialog
        self._entries = self.page_entries()
        self._may_add = registry.may_add_anywhere(actor)
        self._may_print = registry.may_print_anywhere(actor)
        self._built: dict[int, Page] = {}
        self.nav.blockSignals(True)
        self.nav.clear()
        for entry in self._entries:
            self.nav.addItem(QListWidgetItem(entry.title))
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.pages.addWidget(holder)
        self.nav.blockSignals(False)
        self._rebuild_view_menu()
        titles = [entry.title for entry in self._entries]
        self.nav.setCurrentRow(titles.index(previous) if previous in titles else 0)
        self._show_page(self.nav.currentRow())
        # the program's name last: the window system adds it to a title not ending with it
        self.setWindowTitle(f"{actor.site_code} — {actor.display_name} — RJ Desk")
        self.site_label.setText(f"{actor.site_code} — {actor.site_name}")
        self.user_label.setText(f"{actor.display_name} ({actor.username}) · {actor.role.label}")
        self.user_label.setToolTip(f"Signed in as {actor.display_name} ({actor.username}), "
                                   f"{actor.role.label}. The database is named in Help → About.")
        self.sync_indicator.set_clickable(SYNC_PAGE in self.page_titles())
        self._sync_status_changed()

    def page(self, index: int | None = None) -> Page | None:
        index = self.nav.currentRow() if index is None else index
        return self._built.get(index)

    def page_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def go_to(self, title: str) -> Page | None:
        self.nav.setCurrentRow(self.page_titles().index(title))
        return self.page()

    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        if index not in self._built:
            page = self._entries[index].make(self)
            self.pages.widget(index).layout().addWidget(page)
            self._built[index] = page
            page.actions_changed.connect(self._update_actions)
        self.pages.setCurrentIndex(index)
        if index < len(self.view_actions):
            self.view_actions[index].setChecked(True)
        self._update_actions()

    # -- menus -------------------------------------------------------------------------------

    def _action(self, menu, text: str, slot: Callable[[], object],  # noqa: ANN001 - a QMenu
                shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.print_action = self._action(file, "&Print…", self.print_page,
                                         QKeySequence.StandardKey.Print)
        self.sync_action = self._action(file, "S&ync now", self.sync_now, "F9")
        self.sync_action.setShortcuts([QKeySequence("F9"), QKeySequence("Ctrl+Shift+S")])
        file.addSeparator()
        self.lock_action = self._action(file, "&Lock", self.lock, "Ctrl+L")
        self._action(file, "Change &password…", self.change_password)
        self._action(file, "Sign &out…", self.sign_out)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        self.find_action = self._action(edit, "&Find", self.find, QKeySequence.StandardKey.Find)
        self.new_action = self._action(edit, "&New…", self.create, QKeySequence.StandardKey.New)
        self.view_menu = bar.addMenu("&View")
        self.view_actions: list[QAction] = []
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "RJ Desk &help", self.show_help,
                     QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&About RJ Desk", self.show_about)
        for menu in (file, edit, self.view_menu, help_menu):
            menu.setToolTipsVisible(True)  # a disabled item's tooltip says why

    def _rebuild_view_menu(self) -> None:
        self.view_menu.clear()
        group = QActionGroup(self)
        self.view_actions = []
        for i, entry in enumerate(self._entries):
            action = self._action(self.view_menu, entry.title,
                                  lambda i=i: self.nav.setCurrentRow(i), f"Ctrl+{i + 1}")
            action.setCheckable(True)
            group.addAction(action)
            self.view_actions.append(action)
        self.view_menu.addSeparator()
        self._action(self.view_menu, "&Refresh", self.refresh, QKeySequence.StandardKey.Refresh)

    def _update_actions(self) -> None:
        page = self.page()
        if page is None:
            return
        self.print_action.setVisible(self._may_print)
        self._enable(self.print_action, page.print_reason(), "Print the list shown")
        # A role that can add nothing anywhere (the central office) gets no New at all.
        self.new_action.setVisible(self._may_add)
        self._enable(self.new_action, page.new_reason(), "Add a new record on this page")
        self._enable(self.find_action, page.find_reason(), "Go to the search box")

    @staticmethod
    def _enable(action: QAction, reason: str, tip: str) -> None:
        action.setEnabled(not reason)
        action.setToolTip(reason or tip)

    def print_page(self) -> None:
        page = self.page()
        if page is not None and not page.print_reason():
            page.print_page()

    def find(self) -> None:
        page = self.page()
        if page is not None and not page.find_reason():
            page.focus_search()

    def create(self) -> None:
        page = self.page()
        if page is not None and not page.new_reason():
            page.create()

    def refresh(self) -> None:
        page = self.page()
        if page is not None:
            page.refresh()

    def refresh_all(self) -> None:
        """Records changed under every open page (a sync round brought changes): read again
        what each page lists, as F5 does for one."""
        for page in self._built.values():
            page.refresh()

    # -- sync --------------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Sync, or say why not: F9 pressed on a workstation not set up must not do nothing."""
        reason = self.sync.why_not()
        if not reason:
            self.sync.sync_now()
        elif not self.sync.running:
            where = ("Set it up on the Sync page." if SYNC_PAGE in self.page_titles() else
                     "An administrator sets it up on the Sync page.")
            QMessageBox.information(self, "Sync now", f"{reason} {where}")

    def show_sync_page(self) -> None:
        if SYNC_PAGE in self.page_titles():
            self.go_to(SYNC_PAGE)

    def _sync_status_changed(self, _status: object = None) -> None:
        self.sync_indicator.show_status(self.sync.status, running=self.sync.running)
        # enabled unless a round runs, so that F9 can say why it cannot sync
        self.sync_action.setEnabled(not self.sync.running)
        self.sync_action.setToolTip(self.sync.why_not() or "Sync with the central share now (F9)")

    def show_help(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>"
                       for k, v in SHORTCUTS)
        box = QMessageBox(QMessageBox.Icon.NoIcon, "RJ Desk help",
                          "<p>Pick a page on the left. Type in the search box to find someone "
                          "by name or DOC number; accents and case do not matter.</p>"
                          f"<table>{rows}</table>", parent=self)
        box.exec()

    def show_about(self) -> None:
        log_file = error_dialog.current_log_file()
        box = QMessageBox(QMessageBox.Icon.NoIcon, "About RJ Desk",
                          f"<p><b>RJ Desk {rjdesk.__version__}</b></p>"
                          "<p>Restorative justice programs of the Missouri Department of "
                          "Corrections: ICVC, reparative boards, victim impact, community "
                          "service.</p>"
                          f"<p>Database: {self.db.path}<br>Log: {log_file or paths.user_log_dir()}"
                          "</p>", parent=self)
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy
        box.exec()

    # -- lock, sign out ----------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.lock_dialog is not None

    def lock(self, *, idle: bool = False) -> None:
        """Hide everything behind the lock — this window and every other one the program has
        open — and ask for the password (or another person). ``idle``: nobody was at the desk
        (the lock says for how long), rather than someone locking on purpose."""
        if self.locked or not self.isVisible():
            return
        self.idle.stop()
        self.screens.setCurrentWidget(self.lock_page)
        self.menuBar().setEnabled(False)
        for widget in other_windows(self):
            self._covers.append(LockCover(widget))
        dialog = SignInDialog(self.db, locked_for=self.actor,
                              idle_minutes=self.idle_minutes if idle else None,
                              demo=is_demo(self.db), parent=self)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.finished.connect(self._lock_finished)
        self.lock_dialog = dialog
        dialog.show()

    def _lock_finished(self, result: int) -> None:
        dialog, self.lock_dialog = self.lock_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted or dialog.actor is None:
            self.close()
            return
        if dialog.switched_user:
            for widget in other_windows(self, dialog):  # the other person's open windows
                if isinstance(widget, QDialog):
                    widget.done(QDialog.DialogCode.Rejected)
                else:
                    widget.close()
            self.set_actor(dialog.actor)
        for cover in self._covers:
            cover.lift()
        self._covers = []
        self.menuBar().setEnabled(True)
        self.screens.setCurrentIndex(0)
        self.idle.start()

    def change_password(self) -> None:
        ChangePasswordDialog(self.db, self.actor, parent=self).exec()

    def sign_out(self) -> None:
        self.idle.stop()
        self.hide()
        dialog = SignInDialog(self.db, demo=is_demo(self.db))
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
            self.set_actor(dialog.actor)
            self.show()
            self.idle.start()
        else:
            self.close()

    # -- window state ------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        store = qsettings()
        geometry = store.value("main_window/geometry")
        screen = QApplication.primaryScreen().availableGeometry()
        # Back where it was left — unless that was on a screen that is gone, or tiny.
        restored = (isinstance(geometry, QByteArray) and not geometry.isEmpty() and
                    self.restoreGeometry(geometry) and
                    screen.contains(self.geometry().center()) and
                    self.height() >= min(480, screen.height()))
        if not restored:
            self.resize(min(1280, screen.width() - 40), min(800, screen.height() - 40))
            if screen.width() <= 1440:  # a laptop screen: the list needs every pixel
                self.setWindowState(Qt.WindowState.WindowMaximized)
        state = store.value("main_window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        store = qsettings()
        store.setValue("main_window/geometry", self.saveGeometry())
        store.setValue("main_window/state", self.saveState())
        self.idle.uninstall()
        self.lock_key.uninstall()
        self.scanner.uninstall()
        self.sync.stop()
        super().closeEvent(event)
