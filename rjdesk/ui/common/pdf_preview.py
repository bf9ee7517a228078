"""Every printout is a PDF first: shown here, then sent to a printer or saved as a file.

Printing renders each page with QtPdf at the printer's resolution, so what comes out of the
printer is what the preview showed (reportlab made the PDF; no Qt drawing of our own).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from rjdesk.ui.common.forms import app_icon

log = logging.getLogger(__name__)

PRINT_DPI = 300  # sharp enough for barcodes, small enough to render a page at a time
ZOOM_STEP = 1.25


class PdfPreviewDialog(QDialog):
    """Show ``path``; Print… and Save as PDF… act on that same file."""

    def __init__(self, path: Path, title: str = "Print preview",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(f"{title} — RJ Desk")
        self.setWindowIcon(app_icon())
        self.document = QPdfDocument(self)
        error = self.document.load(str(self.path))
        self.load_error = error if error != QPdfDocument.Error.None_ else None

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.clicked.connect(self.save_as)
        zoom_out = QPushButton("Zoom &out")
        zoom_out.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        zoom_in = QPushButton("Zoom &in")
        zoom_in.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        fit = QPushButton("&Fit width")
        fit.clicked.connect(self.fit_width)
        self.pages_label = QLabel()
        for widget in (self.print_button, self.save_button):
            bar.addWidget(widget)
        bar.addSpacing(18)
        for widget in (zoom_out, zoom_in, fit):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bar.addWidget(close)
        layout.addLayout(bar)

        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setDocument(self.document)
        self.view.setPageSpacing(12)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_document)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=lambda: self.zoom(ZOOM_STEP))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self,
                  activated=lambda: self.zoom(1 / ZOOM_STEP))

        if self.load_error is not None:
            self.pages_label.setText("This PDF cannot be shown.")
            self.print_button.setEnabled(False)
        else:
            n = self.page_count
            self.pages_label.setText(f"{n} page{'s' if n != 1 else ''}")
        self.fit_width()
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(900, screen.width() - 40), screen.height() - 60)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setDocName(self.path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            render_to_printer(self.document, printer)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def save_as(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "Save as PDF",
                                                str(Path.home() / self.path.name),
                                                "PDF files (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            shutil.copyfile(self.path, target)
        except OSError as exc:
            QMessageBox.warning(self, "RJ Desk", f"The PDF could not be saved to {target}: "
                                f"{exc.strerror or exc}.")


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the chosen pages, each scaled to the printable area; returns how many were drawn."""
    first = max(1, printer.fromPage() or 1)
    last = min(document.pageCount(), printer.toPage() or document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started.")
    printed = 0
    try:
        dpi = printer.resolution()
        area = printer.pageLayout().paintRectPixels(dpi)
        for number in range(first - 1, last):
            if printed:
                printer.newPage()
            points = document.pagePointSize(number)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            image = document.render(number, scaled)
            target = QRect(0, 0, scaled.width(), scaled.height())
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed
