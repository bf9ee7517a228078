"""Full-text search over people: a trigram FTS5 index over folded names and DOC numbers.

SQLite 3.40's trigram tokenizer has no accent folding, so the text it indexes is folded in
Python (``people_rules.fold``) into ``offender.search_text``. The FTS table takes its content
from ``offender_search``, a local table with a real INTEGER PRIMARY KEY: rowids of a table
keyed by a UUID may change on VACUUM, an INTEGER PRIMARY KEY never does. Triggers keep both in
step with ``offender`` whatever path writes it (service, import, sync); they are created by
migration 0001. Terms shorter than three
characters cannot use a trigram index; they are matched as a prefix of the sorted name instead.
"""

from __future__ import annotations

MIN_TRIGRAM = 3


def fts_phrase(term: str) -> str:
    """One folded term as an FTS5 string literal (quotes doubled), matched anywhere in a name."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(terms: list[str]) -> str | None:
    """An FTS5 MATCH expression requiring every term of three or more characters."""
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    if not long_terms:
        return None
    return " AND ".join(fts_phrase(t) for t in long_terms)
