"""Printing: RJ Desk's documents as reportlab PDFs on US Letter (DESIGN.md §6).

Pure: plain data in, PDF out, no Qt and no database, so every document can be printed from
the command line or a background worker and tested by reading the PDF back. Shared pieces are
in ``core`` (page template, tables, fonts, barcodes); each area's package holds a module per
document and declares them once in its ``__init__`` (``DOCUMENTS``), where
``rjdesk.printing.core.documents`` finds them. This package itself imports nothing heavy.
"""
