"""Reading printed PDFs back the way a person and a scanner would: poppler and zbar.

Tests that need them are marked ``pdf_tools``; if a tool is missing they fail (never skip) and
say what to install, so a CI machine without poppler-utils/zbar-tools cannot pass silently.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = {
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "zbarimg": "zbar-tools",
}


@pytest.fixture(autouse=True)
def _require_pdf_tools(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("pdf_tools") is not None:
        _check_tools()


def _check_tools() -> None:
    missing = sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})
    if missing:
        pytest.fail(
            "This test reads the PDF back with poppler/zbar, which are missing: "
            f"apt-get install -y {' '.join(missing)}",
            pytrace=False,
        )


def _run(*args: str | Path) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


class PdfTools:
    """poppler and zbar, as the tests use them."""

    @staticmethod
    def pages_text(pdf: Path) -> list[str]:
        """Text of each page in drawing order (``-raw``), so a table row reads as one line."""
        text = _run("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")
        pages = text.split("\f")
        return pages[:-1] if pages and not pages[-1].strip() else pages

    @staticmethod
    def page_count(pdf: Path) -> int:
        match = re.search(r"^Pages:\s+(\d+)$", _run("pdfinfo", pdf), re.MULTILINE)
        assert match, "pdfinfo printed no page count"
        return int(match.group(1))

    @staticmethod
    def page_size(pdf: Path) -> tuple[float, float]:
        match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", _run("pdfinfo", pdf),
                          re.MULTILINE)
        assert match, "pdfinfo printed no page size"
        return float(match.group(1)), float(match.group(2))

    @staticmethod
    def info(pdf: Path) -> dict[str, str]:
        fields = {}
        for line in _run("pdfinfo", "-enc", "UTF-8", pdf).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip()
        return fields

    @staticmethod
    def fonts(pdf: Path) -> list[tuple[str, bool]]:
        """(font name, embedded?) for every font the PDF uses."""
        fonts = []
        for line in _run("pdffonts", pdf).splitlines()[2:]:
            cols = line.split()
            # name type... encoding emb sub uni object-id generation
            fonts.append((cols[0], cols[-5] == "yes"))
        return fonts

    @staticmethod
    def barcodes(pdf: Path, workdir: Path, dpi: int = 200) -> list[str]:
        """Every barcode zbar finds on the pages rendered at ``dpi``, as 'TYPE:value'."""
        prefix = workdir / "scan"
        _run("pdftoppm", "-r", str(dpi), "-gray", pdf, prefix)  # PGM: PNG encoding is 10x slower
        images = sorted(workdir.glob("scan*.pgm"))
        assert images, "pdftoppm rendered no pages"
        result = subprocess.run(["zbarimg", "-q", *map(str, images)], capture_output=True,
                                text=True, timeout=300)
        if result.returncode not in (0, 4):  # 4: nothing found, which the caller asserts on
            raise AssertionError(f"zbarimg failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout.splitlines()


@pytest.fixture
def reader() -> PdfTools:
    """The PDF readers; fails (never skips) the test if poppler or zbar is missing."""
    _check_tools()
    return PdfTools()
