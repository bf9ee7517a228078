"""Reparative work's printed documents, declared once (the delivery slip, the reparative
summary, an offender's hours statement)."""

from __future__ import annotations

from rjdesk.printing.core.documents import Document

DOCUMENTS: list[Document] = []
