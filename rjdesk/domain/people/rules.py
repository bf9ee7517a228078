"""Pure rules about people: DOC numbers, names, birth dates, search text, likely duplicates."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from rjdesk.domain.core.text import text_problem

#: The namespace of offender keys: an offender's id is uuid5(OFFENDER_NAMESPACE, normalized DOC
#: number), so two workstations that create the same offender offline make the same key.
OFFENDER_NAMESPACE = uuid.UUID("6f0e8f0e-52a4-4c1b-9a54-6c1d2a5b7e31")
SITE_NAMESPACE = uuid.UUID("0a3c1b7e-2f4d-4e8a-b6c9-1d2e3f4a5b6c")

DOC_NUMBER_MAX_DIGITS = 8
OLDEST_AGE_YEARS = 110


class RuleError(ValueError):
    """A domain rule refused a value; ``field`` names the input it came from."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalize_doc_number(raw: str) -> str:
    """The one canonical form of a DOC number.

    Spaces, dashes and dots are dropped; what remains must be digits. Leading zeros carry no
    meaning (``0012345`` and ``12345`` are the same person), so they are dropped too; at most
    eight significant digits remain.
    """
    text = re.sub(r"[\s\-.]", "", raw or "")
    if not text:
        raise RuleError("doc_number", "Enter the DOC number.")
    if not text.isdigit() or not text.isascii():
        raise RuleError("doc_number", f"A DOC number has digits only; “{raw.strip()}” does not.")
    significant = text.lstrip("0")
    if not significant:
        raise RuleError("doc_number", "A DOC number cannot be all zeros.")
    if len(significant) > DOC_NUMBER_MAX_DIGITS:
        raise RuleError(
            "doc_number",
            f"A DOC number has at most {DOC_NUMBER_MAX_DIGITS} digits; “{raw.strip()}” has "
            f"{len(significant)}.",
        )
    return significant


def offender_key(doc_number: str) -> str:
    """The offender's primary key, derived from the normalized DOC number."""
    return str(uuid.uuid5(OFFENDER_NAMESPACE, normalize_doc_number(doc_number)))


def site_key(code: str) -> str:
    return str(uuid.uuid5(SITE_NAMESPACE, code.strip().upper()))


_EXTRA_FOLDS = str.maketrans({
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d", "’": "'",
})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive form for searching: ``Nguyễn`` → ``nguyen``. Remembered:
    a million people share a few thousand names (the demo, an import, a sync of new people)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_text(doc_number: str, last_name: str, first_name: str, middle_name: str = "") -> str:
    """What the name/number search indexes for one person."""
    return " ".join(part for part in (fold(last_name), fold(first_name), fold(middle_name),
                                      doc_number) if part)


def sort_name(last_name: str, first_name: str, middle_name: str = "") -> str:
    """The folded key people lists are ordered by (last name, first name)."""
    return f"{fold(last_name)}\x1f{fold(first_name)}\x1f{fold(middle_name)}"


def offender_derived(doc_number: str, last_name: str, first_name: str,
                     middle_name: str = "") -> dict[str, str]:
    """An offender's local columns (``LOCAL_COLUMNS``), which every workstation derives from
    his synced name and number: built here only, so a form, a file, the demo and a sync agree.
    Each name is folded once (the demo derives a million of them)."""
    last, first, middle = fold(last_name), fold(first_name), fold(middle_name)
    return {"search_text": " ".join(part for part in (last, first, middle, doc_number) if part),
            "sort_name": f"{last}\x1f{first}\x1f{middle}"}


def volunteer_derived(last_name: str, first_name: str) -> dict[str, str]:
    """A volunteer's local columns, derived from the synced name."""
    return {"sort_name": sort_name(last_name, first_name)}


def clean_name(field: str, value: str, *, required: bool, label: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", value or "").split())
    if required and not text:
        raise RuleError(field, f"Enter the {label}.")
    if len(text) > 80:
        raise RuleError(field, f"The {label} is longer than 80 characters.")
    if any(ch.isdigit() for ch in text):
        raise RuleError(field, f"The {label} cannot contain digits.")
    problem = text_problem(text, label)
    if problem:
        raise RuleError(field, problem)
    return text


def check_birth_date(born: date | None, today: date, *, required: bool = True) -> date | None:
    if born is None:
        if required:
            raise RuleError("date_of_birth", "Enter the date of birth.")
        return None
    if born > today:
        raise RuleError("date_of_birth", "The date of birth is in the future.")
    try:
        oldest = today.replace(year=today.year - OLDEST_AGE_YEARS)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - OLDEST_AGE_YEARS, day=28)
    if born < oldest:
        raise RuleError(
            "date_of_birth",
            f"The date of birth is more than {OLDEST_AGE_YEARS} years ago; check the year.",
        )
    return born


@dataclass(frozen=True)
class NameParts:
    last_name: str
    first_name: str


def name_similarity(a: NameParts, b: NameParts) -> float:
    """0..1: how alike two people's names are, accents, case and first/last swaps ignored."""
    la, fa, lb, fb = (fold(x) for x in (a.last_name, a.first_name, b.last_name, b.first_name))
    straight = (SequenceMatcher(None, la, lb).ratio() + SequenceMatcher(None, fa, fb).ratio()) / 2
    swapped = (SequenceMatcher(None, la, fb).ratio() + SequenceMatcher(None, fa, lb).ratio()) / 2
    return max(straight, swapped)


LIKELY_DUPLICATE = 0.75
