"""The printed documents, declared once per area and found through the areas registry.

Each area's printing package (``rjdesk.printing.people``, ``rjdesk.printing.icvc`` …) lists its
documents in its ``__init__`` as ``DOCUMENTS``: a name, a title, the render function, and a
small sample to render it with. The self-test and the tests loop over :func:`documents`, so a
new document, or a new area's documents, are checked without a list kept anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, NamedTuple

from rjdesk import areas


class SampleName(NamedTuple):
    """A person to print on a sample: a DOC number and names in his own script."""

    doc_number: str
    last_name: str
    first_name: str


#: Names in several scripts, the ones most often misprinted: Vietnamese and Spanish accents,
#: Cyrillic, Greek, Romanian, and the characters that markup would swallow.
SAMPLE_NAMES: tuple[SampleName, ...] = (
    SampleName("1000002", "Nguyễn", "Thị Ánh"),
    SampleName("1000004", "Ñúñez Peña", "José"),
    SampleName("1000010", "Смирнов", "Дмитрий"),
    SampleName("1000011", "Παπαδόπουλος", "Γιώργος"),
    SampleName("1000007", "Ștefan", "Ion"),
    SampleName("1000013", "O'Brien & <Sons>", "Pat"),
)


@dataclass(frozen=True)
class SampleFacts:
    """Where, when and by whom a sample says it was printed: fixed, so it prints the same."""

    printed_at: datetime
    day: date           # the day a sample's class meets, its dates are counted from
    site_name: str
    site_code: str
    staff: str


SAMPLE = SampleFacts(datetime(2026, 9, 14, 8, 5), date(2026, 9, 14),
                     "Jefferson City Correctional Center", "JCCC", "Dana Whitfield")

#: Arguments for a render function, without ``out``: made from the names to print.
SampleArgs = Callable[[Sequence[SampleName]], Mapping[str, object]]


@dataclass(frozen=True)
class Document:
    """One printed document as its area declares it."""

    name: str                      # a short key: "people-list", "icvc-certificates" …
    title: str                     # what a person calls it
    render: Callable[..., int]     # data in, PDF to ``out``, the page count back
    sample: SampleArgs             # the render's arguments for a small sample

    def render_sample(self, out: str | Path | BinaryIO,
                      names: Sequence[SampleName] = SAMPLE_NAMES) -> int:
        """Print the sample with ``names`` to ``out``; returns the page count."""
        return self.render(**self.sample(names), out=out)


def documents() -> list[Document]:
    """Every area's documents, in the areas' order."""
    return [d for package in areas.packages("printing") for d in package.DOCUMENTS]


def print_samples(folder: Path) -> list[tuple[Document, Path, int]]:
    """Every document's sample printed into ``folder`` as ``<name>.pdf``, with its page count:
    what a self-test shows a person to look at."""
    printed = []
    for document in documents():
        out = folder / f"{document.name}.pdf"
        printed.append((document, out, document.render_sample(out)))
    return printed
