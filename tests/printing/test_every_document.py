"""Every document an area declares, found through the areas registry and printed from its
sample with names in several scripts: it must embed only the shipped DejaVu fonts and read back
with every name intact. A new document, or a new area's, is checked here with no list to edit."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rjdesk import areas
from rjdesk.printing.core.documents import SAMPLE_NAMES, Document, documents, print_samples
from rjdesk.printing.core.fonts import FONT_BOLD, FONT_REGULAR, missing_glyphs

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

SHIPPED_FONT = r"[A-Z]{6}\+(DejaVuSans|DejaVuSans-Bold|DejaVuSans-Oblique|DejaVuSansMono)"
DECLARED = ["people-list", "volunteers-expiring", "icvc-sign-in-sheet", "icvc-certificates", "icvc-class-summary",
            "icvc-reentry-list", "reparative-delivery-slip", "reparative-summary",
            "reparative-hours-statement", "boards-report", "boards-agreement", "boards-agenda",
            "boards-minutes", "boards-victim-impact", "audit-log"]


def folded(text: str) -> str:
    """Case and line breaks aside: lists print surnames in capitals, cells wrap."""
    return " ".join(text.split()).casefold()


def test_each_area_declares_its_documents_once_under_distinct_names() -> None:
    found = documents()
    assert [d.name for d in found] == DECLARED
    assert all(d.title.strip() for d in found)
    assert len({d.title for d in found}) == len(found)


def test_a_new_area_adds_its_documents_through_the_registry_alone(monkeypatch) -> None:
    monkeypatch.setattr(areas, "AREAS", [*areas.AREAS, "tests.fake_area"])
    assert [d.name for d in documents()] == [*DECLARED, "test-area-notice"]


def test_print_samples_writes_one_pdf_per_document_for_a_person_to_look_at(tmp_path) -> None:
    printed = print_samples(tmp_path)
    assert [(d.name, out.name) for d, out, _ in printed] == [(n, f"{n}.pdf") for n in DECLARED]
    assert all(pages >= 1 and out.read_bytes().startswith(b"%PDF") for _, out, pages in printed)


def test_the_sample_names_span_several_scripts_the_fonts_can_print() -> None:
    letters = "".join(n.last_name + n.first_name for n in SAMPLE_NAMES)
    scripts = {"LATIN" if "LATIN" in name else name.split()[0]
               for name in (unicodedata.name(ch, "") for ch in letters if ch.isalpha())}
    assert {"LATIN", "CYRILLIC", "GREEK"} <= scripts
    assert not missing_glyphs(letters, FONT_REGULAR) and not missing_glyphs(letters, FONT_BOLD)


def _every_document() -> list[Document]:
    """What the registry finds, the test area's included."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(areas, "AREAS", [*areas.AREAS, "tests.fake_area"])
        return documents()


@pytest.mark.pdf_tools
@pytest.mark.parametrize("document", _every_document(), ids=lambda d: d.name)
def test_every_document_prints_names_in_any_script_with_dejavu_embedded(
    document: Document, tmp_path: Path, reader: PdfTools,
) -> None:
    out = tmp_path / f"{document.name}.pdf"
    pages = document.render_sample(out)
    assert pages >= 1 and reader.page_count(out) == pages
    used = reader.fonts(out)
    assert used, "pdffonts listed no fonts"
    for name, embedded in used:
        assert embedded and re.fullmatch(SHIPPED_FONT, name), f"unexpected font {name}"
    text = folded(" ".join(reader.pages_text(out)))
    for person in SAMPLE_NAMES:
        assert folded(person.last_name) in text, person
        assert folded(person.first_name) in text, person
