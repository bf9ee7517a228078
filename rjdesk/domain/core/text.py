"""What typed or imported text may hold, and how text leaves for a spreadsheet safely.

A name or a housing unit is read by people and, once exported, by Excel: a control character
breaks the file, a name made of invisible characters finds no one, and text that starts like a
formula (``=HYPERLINK(…)``, ``=cmd|…``, ``+``, ``-``, ``@``) runs as one when a spreadsheet opens
it. No name or unit starts so (a hyphenated name does not start with its hyphen), so such text is
refused where it is typed or imported, and anything older is neutralised on its way out.
"""

from __future__ import annotations

import unicodedata

#: What a spreadsheet reads as the start of a formula (tab and carriage return too, in a CSV).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_problem(text: str, label: str) -> str | None:
    """Why ``text`` (already trimmed) cannot be a name or unit; None when it can."""
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        return f"The {label} contains a control character; type it again."
    if text and all(unicodedata.category(ch) in ("Cf", "Zs") for ch in text):
        return f"The {label} is only invisible characters."
    if text.startswith(FORMULA_STARTS):
        return f"The {label} cannot start with “{text[0]}”."
    return None


def without_controls(text: str) -> str:
    """``text`` less its control characters: what a search box or a scanner may slip in (a NUL,
    an escape) matches nothing a person typed."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs as a formula: the usual leading
    apostrophe before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
