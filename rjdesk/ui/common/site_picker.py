"""Picking this workstation's site from the register shipped with the program: a new database
has no sites yet, so first start and the sync settings both offer the register itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from rjdesk.domain.core.enums import SiteKind
from rjdesk.services.core import sites


def register_choices() -> list[tuple[str, str]]:
    """(code, label) of every site in the shipped register, central office first."""
    rows = sites.read_register()
    out = []
    for row in rows:
        try:
            kind = SiteKind(row["kind"]).label
        except ValueError:
            kind = row["kind"]
        out.append((row["code"], f"{row['code']} — {row['name']} ({kind})"))
    return out


def fill_site_picker(combo: QComboBox) -> None:
    """Every site of the register, found by typing any part of its code or name."""
    for code, text in register_choices():
        combo.addItem(text, code)
    completer, line = combo.completer(), combo.lineEdit()
    assert completer is not None and line is not None, "the site picker is an editable combo"
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
    line.setPlaceholderText("Type the site's code or name, e.g. JCCC")


def chosen_site_code(combo: QComboBox) -> str:
    """The chosen site's code; a bare code typed in (``jccc``) counts as chosen too; blank when
    what is typed names no site."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    if index < 0:
        index = combo.findData(text.upper())
    return str(combo.itemData(index) or "") if index >= 0 and text else ""
