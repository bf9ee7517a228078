"""Full-text search over people: a trigram FTS5 index over folded names and DOC numbers.

SQLite 3.40's trigram tokenizer has no accent folding, so the text it indexes is folded in
Python (``people_rules.fold``) into ``offender.search_text``. The FTS table takes its content
from ``offender_search``, a local table with a real INTEGER PRIMARY KEY: rowids of a table
keyed by a UUID may change on VACUUM, an INTEGER PRIMARY KEY never does. Triggers keep both in
step with ``offender`` whatever path writes it (service, import, sync); they are created by
migration 0001. Terms shorter than three
characters cannot use a trigram index; they are matched as a prefix of the sorted name instead.

``offender_search`` also carries each person's site, sort key and whether he is listed (not
merged away), so a search orders its matches by name without reading the offender table: the
cost of a keystroke is the number of matches, not the number of people.
"""

from __future__ import annotations

from sqlalchemy import Join, TextClause, column, table, text

MIN_TRIGRAM = 3

#: The local table between offenders and the FTS index (created by migration 0001).
offender_search = table("offender_search", column("rowid"), column("offender_id"),
                        column("site_id"), column("sort_name"), column("listed"), column("body"))
offender_fts = table("offender_fts", column("rowid"))


def matches(terms: list[str]) -> tuple[Join, TextClause]:
    """A FROM clause (the index joined to offender_search) and its MATCH condition."""
    source = offender_fts.join(offender_search, offender_search.c.rowid == offender_fts.c.rowid)
    return source, text("offender_fts MATCH :expr").bindparams(expr=match_expression(terms))


def fts_phrase(term: str) -> str:
    """One folded term as an FTS5 string literal (quotes doubled), matched anywhere in a name."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(terms: list[str]) -> str | None:
    """An FTS5 MATCH expression requiring every term of three or more characters."""
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    if not long_terms:
        return None
    return " AND ".join(fts_phrase(t) for t in long_terms)
