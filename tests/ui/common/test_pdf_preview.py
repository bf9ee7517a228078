"""The print preview shows a PDF, counts its pages, prints them and saves a copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from rjdesk.ui.common.pdf_preview import PdfPreviewDialog, render_to_printer


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    path = tmp_path / "roster.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for n in range(1, 4):
        pdf.drawString(72, 720, f"Roster page {n} of 3")
        pdf.showPage()
    pdf.save()
    return path


def test_the_preview_shows_every_page(qtbot, three_pages):
    dialog = PdfPreviewDialog(three_pages, "ICVC roster")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.load_error is None
    assert dialog.page_count == 3 and dialog.pages_label.text() == "3 pages"
    assert dialog.view.pageMode() == QPdfView.PageMode.MultiPage
    assert dialog.windowTitle() == "ICVC roster — RJ Desk"
    dialog.zoom(2.0)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(2.0)
    dialog.fit_width()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_a_file_that_is_no_pdf_cannot_be_printed(qtbot, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    dialog = PdfPreviewDialog(bad)
    qtbot.addWidget(dialog)
    assert dialog.load_error is not None and not dialog.print_button.isEnabled()


def test_printing_draws_each_page(qtbot, three_pages, tmp_path):
    document = QPdfDocument()
    assert document.load(str(three_pages)) == QPdfDocument.Error.None_
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(150)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert render_to_printer(document, printer) == 3
    printed = QPdfDocument()
    assert printed.load(str(out)) == QPdfDocument.Error.None_
    assert printed.pageCount() == 3


def test_save_as_copies_the_file(qtbot, three_pages, tmp_path, monkeypatch):
    target = tmp_path / "saved" / "copy"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    dialog = PdfPreviewDialog(three_pages)
    qtbot.addWidget(dialog)
    dialog.save_as()
    assert (tmp_path / "saved" / "copy.pdf").read_bytes() == three_pages.read_bytes()


def test_print_list_prints_off_the_gui_thread_then_previews(qtbot, db, admin, staff, people):
    from rjdesk.services.admin import audit_log
    from rjdesk.ui.people.view import PeoplePage

    page = PeoplePage(db, staff)
    qtbot.addWidget(page)
    page.show()
    assert page.print_button.isEnabled()
    page.print_page()
    with qtbot.waitSignal(page.print_job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=2000)
    assert page.preview.isVisible() and page.preview.page_count == 1
    assert page.preview.path.name.startswith("rjdesk-people-JCCC-")
    qtbot.addWidget(page.preview)
    events, _ = audit_log.list_events(db, admin, limit=5)
    assert any(e.action == "print" and "JCCC" in e.summary for e in events)


def test_print_list_wants_one_site(qtbot, db, central):
    from rjdesk.ui.people.view import PeoplePage

    page = PeoplePage(db, central)
    qtbot.addWidget(page)
    assert not page.print_button.isEnabled()
    assert "Choose one site" in page.print_button.toolTip()
