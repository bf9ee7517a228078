"""The shell's self-test checks (see :mod:`rjdesk.ui.shell.self_test`): the installation, the
database, signing in, the forms, the main window and every area's dialogs run first
(``BEFORE_AREAS``); then each area's own checks, declared in its ui package; then the checks
over what the areas printed (``AFTER_AREAS``): fonts and the preview.

Each is a small function on the shared :class:`SelfTest` state; it raises to fail and returns a
short detail for its "ok" line. They use the program as staff do, so a part the frozen build
left out fails here, not at a desk.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QImageReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from rjdesk import paths
from rjdesk.ui.common.checks import (Check, SelfTest, expect, open_and_close, process_events,
                                     registrar)

SEED = 20240501
BEFORE_AREAS: list[Check] = []
AFTER_AREAS: list[Check] = []
check = registrar(BEFORE_AREAS)
check_after_areas = registrar(AFTER_AREAS)


@contextmanager
def private_window_settings(folder: Path) -> Iterator[None]:
    """Window geometry goes to a file in ``folder`` while the self-test runs, so opening and
    closing the main window offscreen never changes the user's saved layout."""
    from rjdesk.ui.shell import main_window

    original = main_window.qsettings
    main_window.qsettings = lambda: QSettings(str(folder / "window.ini"),
                                              QSettings.Format.IniFormat)
    try:
        yield
    finally:
        main_window.qsettings = original


_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()]+)")


def pdf_fonts(data: bytes) -> dict[str, bool]:
    """Every font a PDF uses -> whether its glyphs are embedded (a /FontFile2 in its descriptor).

    Read from the bytes, without reportlab: a font descriptor is a flat dictionary, so the
    nearest ``<<`` before its /FontName and the next ``>>`` after enclose it.
    """
    embedded: set[str] = set()
    for m in _FONT_NAME.finditer(data):
        start, end = data.rfind(b"<<", 0, m.start()), data.find(b">>", m.end())
        if b"/FontFile2" in data[start:end]:
            embedded.add(m.group(1).decode("latin-1"))
    return {m.group(1).decode("latin-1"): m.group(1).decode("latin-1") in embedded
            for m in _BASE_FONT.finditer(data)}


def font_problems(data: bytes) -> list[str]:
    """Why a PDF's fonts are not the shipped DejaVu ones, embedded; empty when they are."""
    from rjdesk.printing.core.fonts import FONT_FILES

    found = pdf_fonts(data)
    if not found:
        return ["the PDF names no font"]
    problems = []
    for name, is_embedded in sorted(found.items()):
        family = name.split("+", 1)[-1]  # subsets read "AAAAAA+DejaVuSans"
        if family not in FONT_FILES:
            problems.append(f"{name} is not a shipped DejaVu font")
        elif not is_embedded:
            problems.append(f"{name} is not embedded")
    return problems


# -- the checks, in the order they run ----------------------------------------------------------

@check("paths")
def check_paths(_t: SelfTest) -> str:
    from rjdesk.printing.core.fonts import FONT_FILES

    folders = {"forms": paths.forms_dir(), "resources": paths.resources_dir(),
               "fonts": paths.fonts_dir(), "icons": paths.icons_dir(),
               "migrations": paths.migrations_dir() / "versions"}
    missing = [f"{what} ({where})" for what, where in folders.items() if not where.is_dir()]
    files = [paths.fonts_dir() / name for name in FONT_FILES.values()]
    files += [paths.data_file("mo-sites.csv"), paths.icons_dir() / "rjdesk.svg",
              paths.migrations_dir() / "env.py"]
    missing += [str(f) for f in files if not f.is_file()]
    expect(not missing, "missing " + ", ".join(missing))
    expect(any(paths.migrations_dir().glob("versions/*.py")), "no migration scripts")
    return str(paths.bundle_root())


def newest_migration() -> str:
    """The revision of the newest migration script this installation carries (the scripts
    are numbered: ``0003_sync.py`` is revision 0003)."""
    return max(p.name.split("_", 1)[0] for p in paths.migrations_dir().glob("versions/*.py")
               if p.name[:1].isdigit())


def schema_revision(database: Path) -> str | None:
    """The revision the migrations stamped in a database, read as any SQLite reader would."""
    with closing(sqlite3.connect(database)) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


@check("migrations", needs=("paths",))
def check_migrations(t: SelfTest) -> str:
    from rjdesk.services.core.database import open_database

    t.db = open_database(t.folder / "self-test.sqlite3")
    revision, head = schema_revision(t.db.path), newest_migration()
    expect(revision == head, f"schema {revision}, expected {head}")
    return f"schema {revision}"


@check("demo data", needs=("migrations",))
def check_demo_data(t: SelfTest) -> str:
    from rjdesk.demo.builder import build_demo

    assert t.db is not None
    summary = build_demo(t.db, scale=1, seed=SEED)
    expect(summary.offenders > 0 and summary.users > 0, f"the demo is empty: {summary}")
    return f"{summary.offenders} people, {summary.volunteers} volunteers"


@check("sign-in", needs=("demo data",))
def check_sign_in(t: SelfTest) -> None:
    from rjdesk.services.admin import auth

    assert t.db is not None
    t.actor = auth.sign_in(t.db, "admin", "demo")


@check("qt plugins")
def check_qt_plugins(_t: SelfTest) -> str:
    from rjdesk.ui.common.forms import app_icon

    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    expect({"svg", "ico"} <= formats, f"image formats: {sorted(formats)}")  # the icons
    expect(not app_icon().pixmap(48, 48).isNull(), "the program's icon does not draw")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    expect(printer.isValid(), "no print support")
    return f"platform {QGuiApplication.platformName()}"


@check("forms", needs=("paths",))
def check_forms(_t: SelfTest) -> str:
    from rjdesk.ui.common.forms import load_form

    names = sorted(p.stem for p in paths.forms_dir().glob("*.ui"))
    expect(names, "forms/ holds no .ui file")
    for name in names:
        host = QDialog()
        try:
            form = load_form(name, host)
            expect(form.findChildren(QWidget), f"{name}.ui loaded empty")
        finally:
            host.deleteLater()
    return f"{len(names)} forms"


@check("main window", needs=("sign-in",))
def check_main_window(t: SelfTest) -> str:
    from rjdesk.ui.common.list_page import ListPage
    from rjdesk.ui.shell.main_window import MainWindow

    assert t.db is not None and t.actor is not None
    with private_window_settings(t.folder):
        window = MainWindow(t.db, t.actor)
        try:
            window.show()
            titles = window.page_titles()
            expect(titles, "the navigation is empty")
            for title in titles:
                page = window.go_to(title)
                process_events()
                expect(page is not None and page.isVisible(), f"the page {title} did not open")
            first = window.go_to(titles[0])  # where the window opens: a list of the demo's people
            expect(isinstance(first, ListPage) and first.model.rowCount() > 0,
                   f"{titles[0]} lists no one")
            expect(window.sync_indicator.text().startswith("Sync"),
                   f"the status bar says {window.sync_indicator.text()!r} about sync")
            window.lock()
            process_events()
            dialog = window.lock_dialog
            expect(dialog is not None and dialog.isVisible(), "the lock did not show")
            assert dialog is not None
            dialog.password.setText("demo")
            dialog.accept()
            process_events()
            expect(window.lock_dialog is None, "the window did not unlock")
        finally:
            window.close()
            window.deleteLater()
    return ", ".join(titles)


@check("dialogs", needs=("sign-in",))
def check_dialogs(t: SelfTest) -> str:
    """The shell's own dialogs, then every area's."""
    from rjdesk.ui.common.error_dialog import ExceptionDialog
    from rjdesk.ui.common.registry import self_test_dialogs
    from rjdesk.ui.shell.first_run import FirstRunDialog
    from rjdesk.ui.shell.signin import SignInDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    try:
        raise RuntimeError("self-test")
    except RuntimeError as exc:
        error = exc
    dialogs: list[Callable[[], QDialog]] = [
        lambda: FirstRunDialog(db), lambda: SignInDialog(db),
        lambda: SignInDialog(db, locked_for=actor, idle_minutes=15),
        lambda: ExceptionDialog(error, t.folder / "rjdesk.log"),
        *self_test_dialogs(t),
    ]
    for make in dialogs:
        open_and_close(make())
    process_events()
    return f"{len(dialogs)} dialogs"


@check_after_areas("fonts", needs=("people list", "non-Latin names"))
def check_fonts(t: SelfTest) -> str:
    problems = [f"{doc}: {p}" for doc, pdf in t.pdfs.items() for p in font_problems(
        pdf.read_bytes())]
    expect(not problems, "; ".join(problems))
    names = sorted({n.split("+", 1)[-1] for pdf in t.pdfs.values()
                    for n in pdf_fonts(pdf.read_bytes())})
    return f"{len(t.pdfs)} documents: " + ", ".join(names) + " embedded"


@check_after_areas("pdf preview", needs=("people list",))
def check_pdf_preview(t: SelfTest) -> str:
    """QtPdf shows and prints what reportlab wrote (a printer writing to a PDF file)."""
    from rjdesk.ui.common.pdf_preview import PdfPreviewDialog, render_to_printer

    source = t.pdfs["people list"]
    dialog = PdfPreviewDialog(source, "People list")
    try:
        expect(dialog.load_error is None, f"QtPdf cannot read it: {dialog.load_error}")
        expect(dialog.page_count == t.page_counts["people list"],
               f"QtPdf sees {dialog.page_count} pages")
        image = dialog.document.render(0, dialog.document.pagePointSize(0).toSize())
        expect(not image.isNull(), "the first page does not render")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(t.folder / "printed.pdf"))
        printer.setFromTo(1, 1)
        printed = render_to_printer(dialog.document, printer)
        expect(printed == 1 and (t.folder / "printed.pdf").stat().st_size > 0,
               "printing drew nothing")
        open_and_close(dialog)
    finally:
        dialog.deleteLater()
    return f"{dialog.page_count} pages shown"
