"""How a victim's name typed into a case's free text is withheld from board papers: each way
people write a name, never a word that merely contains it, never the offender's own name."""

from __future__ import annotations

from rjdesk.services.boards.paper_data import THE_VICTIM, Withhold


def test_each_way_a_name_is_written_is_withheld() -> None:
    clean = Withhold.of([("Victimson", "Jane"), ("Nguyễn", "Thị Ánh")])
    assert clean("Jane Victimson called; JANE  VICTIMSON again; Victimson, Jane; "
                 "Ms. victimson.") == (f"{THE_VICTIM} called; {THE_VICTIM} again; "
                                       f"{THE_VICTIM}; Ms. {THE_VICTIM}.")
    assert clean("Thị Ánh Nguyễn wrote.") == f"{THE_VICTIM} wrote."
    assert clean("The Victimsons' store; Janet came.") == "The Victimsons' store; Janet came."


def test_a_victim_who_shares_the_offenders_name_keeps_his_name_readable() -> None:
    clean = Withhold.of([("Nguyễn", "Lan")], ["Nguyễn"])
    assert clean("Mr. Nguyễn hit Lan Nguyễn.") == f"Mr. Nguyễn hit {THE_VICTIM}."


def test_names_with_markup_or_pattern_characters_are_taken_literally() -> None:
    clean = Withhold.of([("O'Brien & <Sons>", "Pat"), ("Smith (Jr.)", "A.")])
    assert clean("Pat O'Brien & <Sons> and A. Smith (Jr.) and AXSmith (Jrx)") == (
        f"{THE_VICTIM} and {THE_VICTIM} and AXSmith (Jrx)")


def test_no_victim_leaves_the_text_as_typed() -> None:
    assert Withhold.of([])("  Jane Victimson\n") == "  Jane Victimson\n"
