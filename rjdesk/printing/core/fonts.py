"""The fonts every RJ Desk printout uses: the DejaVu TTFs shipped in ``resources/fonts``.

Offenders' names come in any script, so documents embed DejaVu (wide Unicode coverage) instead of
relying on the PDF base-14 fonts (Latin-1 only) or on whatever fonts a workstation happens to
have. The files come only from :func:`rjdesk.paths.fonts_dir`, so a frozen build prints exactly
what a source checkout prints.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from rjdesk import paths

#: The family name to use in ``ParagraphStyle.fontName``; ``<b>`` and ``<i>`` map within it.
FONT_FAMILY = "DejaVuSans"
FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_MONO = "DejaVuSansMono"

#: Registered name -> file in ``resources/fonts``. No bold-oblique is shipped: bold stands in.
FONT_FILES: dict[str, str] = {
    FONT_REGULAR: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_MONO: "DejaVuSansMono.ttf",
}

_lock = threading.Lock()
_registered = False


class FontError(RuntimeError):
    """A shipped font is missing, or the name is already taken by a font from somewhere else."""


def register_fonts() -> None:
    """Register the shipped DejaVu fonts with reportlab, once per process.

    Safe to call before every document and from a worker thread: after the first call it only
    reads a flag. Raises :class:`FontError` if a file is missing from the installation, rather than
    letting reportlab fall back to a font that cannot print the names.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = paths.fonts_dir()
        already = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in FONT_FILES.items():
            path = folder / filename
            if not path.is_file():
                raise FontError(f"The font file {path} is missing; reinstall RJ Desk.")
            if name in already:
                _check_is_ours(name, path)
                continue
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            FONT_FAMILY,
            normal=FONT_REGULAR,
            bold=FONT_BOLD,
            italic=FONT_ITALIC,
            boldItalic=FONT_BOLD,
        )
        _registered = True


def _check_is_ours(name: str, path: Path) -> None:
    """Refuse a same-named font registered by other code from another file (e.g. the system's)."""
    font = pdfmetrics.getFont(name)
    filename = getattr(getattr(font, "face", None), "filename", None)
    if filename is None or Path(filename).resolve() != path.resolve():
        raise FontError(f"Font {name!r} is already registered from {filename!r}, not {path}.")


def missing_glyphs(text: str, font_name: str = FONT_REGULAR) -> set[str]:
    """Characters of ``text`` the font has no glyph for (they would print as empty boxes).

    DejaVu covers Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian, Georgian and more, but not
    CJK; callers can use this to warn before printing a name that would come out as boxes.
    """
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont), f"{font_name} is not one of the shipped TrueType fonts"
    char_to_glyph = font.face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in char_to_glyph}
