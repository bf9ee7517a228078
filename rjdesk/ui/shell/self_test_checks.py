"""The checks ``rjdesk --self-test`` runs, in order (see :mod:`rjdesk.ui.shell.self_test`).

Each is a small function on the shared :class:`SelfTest` state; it raises to fail and returns a
short detail for its "ok" line. They use the program as staff do: the services, the pages, the
dialogs and the documents, so a part the frozen build left out fails here, not at a desk. Each
imports what it exercises, so a module missing from the build fails that check by name instead
of stopping the whole self-test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QImageReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from rjdesk import paths
from rjdesk.ui.shell.self_test import SelfTest, check, expect, process_events

SEED = 20240501
JOB_TIMEOUT_MS = 20_000
#: People whose names need more than Latin-1: Vietnamese, Spanish, Cyrillic, Greek, Romanian.
NON_LATIN = [("1000002", "Nguyễn", "Thị Ánh Tuyết"), ("1000004", "Ñúñez Peña", "José Ángel"),
             ("1000010", "Смирнов", "Дмитрий Иванович"),
             ("1000011", "Παπαδόπουλος", "Γιώργος"), ("1000007", "Ștefan", "Ion")]


def open_and_close(dialog: QDialog) -> str:
    """Show a dialog without blocking, let it lay out and paint, close it; its title."""
    dialog.show()
    process_events()
    visible, title = dialog.isVisible(), dialog.windowTitle()
    dialog.done(QDialog.DialogCode.Rejected)
    dialog.deleteLater()
    expect(visible, f"{type(dialog).__name__} did not open")
    return title


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


def run_in_background(work: Callable[[object], object], label: str) -> object:
    """Run ``work`` through the program's one background helper and wait for its result."""
    from rjdesk.ui.common.jobs import run_job

    loop = QEventLoop()
    outcome: dict[str, object] = {}
    job = run_job(None, work, label=label, on_done=lambda result: outcome.update(result=result),
                  on_error=lambda exc: outcome.update(error=exc))
    job.finished.connect(loop.quit)
    timeout = QTimer(loop)
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    timeout.start(JOB_TIMEOUT_MS)
    if not job.done:
        loop.exec()
    timeout.stop()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    expect("result" in outcome, f"{label} did not finish within {JOB_TIMEOUT_MS // 1000} s")
    return outcome["result"]


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


@check("migrations", needs=("paths",))
def check_migrations(t: SelfTest) -> str:
    from rjdesk.store.migrate import head_revision, open_database, stored_revision

    t.db = open_database(t.folder / "self-test.sqlite3")
    revision = stored_revision(t.db.path)
    expect(revision == head_revision(), f"schema {revision}, expected {head_revision()}")
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
            people = window.go_to("People")
            expect(people is not None and people.model.rowCount() > 0, "People lists no one")
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
    from rjdesk.services.core import sites
    from rjdesk.services.people import query as people_query
    from rjdesk.services.people import records as people
    from rjdesk.services.people.query import PeopleFilter
    from rjdesk.services.syncing import control as sync_control
    from rjdesk.services.volunteers import records as volunteers
    from rjdesk.ui.admin.users_view import NewAccountDialog
    from rjdesk.ui.people.person_dialog import DuplicatesDialog, PersonDialog
    from rjdesk.ui.people.transfer_dialog import TransferDialog
    from rjdesk.ui.shell.error_dialog import ExceptionDialog
    from rjdesk.ui.shell.first_run import FirstRunDialog
    from rjdesk.ui.shell.signin import SignInDialog
    from rjdesk.ui.syncing.settings_dialog import SyncSettingsDialog
    from rjdesk.ui.volunteers.dialog import VolunteerDialog

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    choices = sites.list_sites(db)
    row = people_query.list_offenders(db, actor, PeopleFilter(site_id=actor.site_id),
                                      limit=1).rows[0]
    person = people.get_offender(db, actor, row.id)
    helper = volunteers.list_volunteers(db, actor, None, limit=1)[0][0]
    volunteer = volunteers.get_volunteer(db, actor, helper.id)
    try:
        raise RuntimeError("self-test")
    except RuntimeError as exc:
        error = exc
    dialogs: list[Callable[[], QDialog]] = [
        lambda: FirstRunDialog(db), lambda: SignInDialog(db),
        lambda: SignInDialog(db, locked_for=actor, idle_minutes=15),
        lambda: PersonDialog(db, actor, choices), lambda: PersonDialog(db, actor, choices, person),
        lambda: PersonDialog(db, actor, choices, person, read_only=True),
        lambda: TransferDialog(db, actor, row, choices),
        lambda: DuplicatesDialog(db, actor, row, people_query.possible_duplicates(db, actor,
                                                                                  row.id)),
        lambda: VolunteerDialog(db, actor, choices),
        lambda: VolunteerDialog(db, actor, choices, volunteer),
        lambda: NewAccountDialog(db, actor, choices),
        lambda: SyncSettingsDialog(db, actor, sync_control.settings_of(db)),
        lambda: ExceptionDialog(error, t.folder / "rjdesk.log"),
    ]
    for make in dialogs:
        open_and_close(make())
    process_events()
    return f"{len(dialogs)} dialogs"


@check("people list", needs=("sign-in",))
def check_people_list(t: SelfTest) -> str:
    """The printout as the People page makes it: the service, off the GUI thread."""
    from rjdesk.services.people.printouts import print_people_list

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    out = t.folder / "people-list.pdf"
    pages = run_in_background(lambda _progress: print_people_list(db, actor, actor.site_code, out),
                              "Printing the people list")
    expect(isinstance(pages, int) and pages > 0 and out.stat().st_size > 0, "an empty PDF")
    t.pdfs["people list"], t.page_counts["people list"] = out, int(pages)  # type: ignore[arg-type]
    return f"{pages} pages"


@check("non-Latin names", needs=("paths",))
def check_non_latin_names(t: SelfTest) -> str:
    from rjdesk.printing.core.barcodes import Code128Barcode
    from rjdesk.printing.core.fonts import missing_glyphs
    from rjdesk.printing.people.people_list import PeopleListRow, render_people_list

    rows = [PeopleListRow(doc_number=doc, last_name=last, first_name=first, middle_name="",
                          date_of_birth=date(1980 + i, 1 + i, 1), status="Incarcerated",
                          projected_release=None, housing_unit=f"HU {i}")
            for i, (doc, last, first) in enumerate(NON_LATIN)]
    boxes = {ch for _doc, last, first in NON_LATIN for ch in missing_glyphs(last + first)}
    expect(not boxes, f"the fonts cannot print {''.join(sorted(boxes))}")
    for doc, _last, _first in NON_LATIN:
        Code128Barcode(doc)  # the barcode each row carries
    out = t.folder / "non-latin.pdf"
    pages = render_people_list(rows, site_name="Jefferson City Correctional Center",
                               site_code="JCCC", printed_at=datetime.now(),
                               printed_by="RJ Desk self-test", out=out)
    expect(pages > 0 and out.stat().st_size > 0, "an empty PDF")
    t.pdfs["non-Latin names"], t.page_counts["non-Latin names"] = out, pages
    return "Vietnamese, Spanish, Cyrillic, Greek"


@check("ICVC papers", needs=("sign-in",))
def check_icvc_papers(t: SelfTest) -> str:
    """A finished demo class's sign-in sheet, certificates (with their QR codes) and summary."""
    from rjdesk.domain.icvc.enums import EnrollmentStatus
    from rjdesk.services.icvc import printouts, roster, schedule

    db, actor = t.db, t.actor
    assert db is not None and actor is not None
    finished = [c for c in schedule.list_classes(db, actor, actor.site_id)
                if c.state == "finished" and c.enrolled]
    expect(finished, "the demo has no finished ICVC class")
    class_id = finished[0].id
    held = [s for s in schedule.get_class(db, actor, class_id).sessions if not s.cancelled]
    completed = [e.id for e in roster.roster(db, actor, class_id)
                 if e.status == EnrollmentStatus.COMPLETED][:3]
    expect(held and completed, "the finished class has no sessions or no one completed it")
    papers: dict[str, Callable[[Path], int]] = {
        "ICVC sign-in sheet": lambda out: printouts.print_roster(db, actor, held[0].id, out),
        "ICVC certificates": lambda out: printouts.print_certificates(db, actor, completed, out),
        "ICVC class summary": lambda out: printouts.print_class_summary(db, actor, class_id, out),
    }
    for name, render in papers.items():
        out = t.folder / f"{name.replace(' ', '-')}.pdf"
        pages = render(out)
        expect(pages > 0 and out.stat().st_size > 0, f"{name}: an empty PDF")
        t.pdfs[name], t.page_counts[name] = out, pages
    return ", ".join(name.removeprefix("ICVC ") for name in papers)

@check("fonts", needs=("people list", "non-Latin names"))
def check_fonts(t: SelfTest) -> str:
    problems = [f"{doc}: {p}" for doc, pdf in t.pdfs.items() for p in font_problems(
        pdf.read_bytes())]
    expect(not problems, "; ".join(problems))
    names = sorted({n.split("+", 1)[-1] for pdf in t.pdfs.values()
                    for n in pdf_fonts(pdf.read_bytes())})
    return f"{len(t.pdfs)} documents: " + ", ".join(names) + " embedded"


@check("pdf preview", needs=("people list",))
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


@check("sync", needs=("sign-in",))
def check_sync(t: SelfTest) -> str:
    """A deployment in a folder: this database founds it, a second workstation joins from its
    snapshot and ends with the same records; a bundle cut short is refused. Exercises the
    signatures and encryption the build must carry."""
    from rjdesk.services.admin import auth
    from rjdesk.services.people.records import OffenderInput, create_offender
    from rjdesk.store.digest import state_digest
    from rjdesk.store.migrate import open_database
    from rjdesk.sync import deployment, state
    from rjdesk.sync.round import run_round
    from rjdesk.sync.share import Share

    assert t.db is not None and t.actor is not None
    share_dir = t.folder / "share"
    share_dir.mkdir()
    share = Share(share_dir, retries=1, backoff=0)
    admin = deployment.create(share, name="Self-test")
    with t.db.transaction() as session:
        deployment.found(session.connection(), share, admin, name="SELF-TEST-1", site_code="CO")
        state.put(session.connection(), "joined", "founder")
    founder, _ = run_round(t.db, share_dir, share=share)
    joiner = open_database(t.folder / "joiner.sqlite3")
    with joiner.transaction() as session:
        deployment.request_to_join(session.connection(), share, name="SELF-TEST-2",
                                   site_code="JCCC")
    deployment.approve(share, admin, [r["workstation"]
                                      for r in deployment.pending_requests(share)])
    joined, joiner = run_round(joiner, share_dir, share=share,
                               reopen=lambda p: open_database(p))
    try:
        expect(founder.ok and joined.ok, f"{founder.lines()} / {joined.lines()}")
        create_offender(t.db, t.actor, OffenderInput(
            doc_number="7000001", last_name="Sync", first_name="Check", site_code="JCCC",
            date_of_birth=date(1990, 1, 1)))
        run_round(t.db, share_dir, share=share)
        (bundle,) = share.list_bundles()
        data = bundle.path.read_bytes()
        bundle.path.write_bytes(data[: len(data) // 2])
        refused, joiner = run_round(joiner, share_dir, share=share)
        expect(refused.rejected == [bundle.path.name], f"a cut bundle was not refused: "
                                                       f"{refused.lines()}")
        bundle.path.write_bytes(data)  # put right: the next round applies it
        mended, joiner = run_round(joiner, share_dir, share=share)
        with t.db.reading() as a, joiner.reading() as b:
            same = state_digest(a.connection()) == state_digest(b.connection())
        expect(mended.ok and mended.bundles_applied == 1 and same,
               f"the two workstations differ: {mended.lines()}")
        auth.sign_in(joiner, t.actor.username, "demo")  # staff accounts came in the snapshot
        return "joined from a snapshot, same records; a cut bundle refused, then applied"
    finally:
        joiner.close()
