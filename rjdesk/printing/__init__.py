"""Printing: RJ Desk's documents as reportlab PDFs on US Letter (DESIGN.md §6).

Pure: plain data in, PDF out, no Qt and no database, so every document can be printed from
``cli.py`` or a background worker and tested by reading the PDF back. Import the document
modules (``rjdesk.printing.people.people_list`` …) directly; this package imports nothing heavy.
"""
