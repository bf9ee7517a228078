"""The words of the reparative demo: project names by category, the items projects make and
how fast a crew makes them, and the organizations that receive them.

Rates are per crew hour and only shape the numbers: a sewing crew of six finishes about two
quilts a week, a garden crew picks a few pounds an hour in season, a dog takes a year.
"""

from __future__ import annotations

from dataclasses import dataclass

from rjdesk.domain.reparative.enums import ProjectCategory as C
from rjdesk.domain.reparative.enums import RecipientType as R
from rjdesk.domain.reparative.enums import Unit

#: Project names by category: the first is every institution's own, the others are the names
#: of more crews at a large site.
PROJECT_NAMES: dict[C, tuple[str, ...]] = {
    C.SEWING: ("Quilts for Comfort", "Weighted Blanket Project", "Sewing Circle"),
    C.WOODWORK: ("Wooden Toy Shop", "Birdhouse Builders", "Woodshop for Kids"),
    C.BICYCLES: ("Bicycle Refurbishing", "Wheels of Hope"),
    C.KNITTING: ("Hats for Newborns", "Knitting and Crochet Circle"),
    C.GARDEN: ("Restorative Garden", "Community Garden Crew"),
    C.FOOD: ("Meals Packing", "Bakery for the Pantry"),
    C.BRAILLE: ("Braille Transcription", "Audio Book Narration"),
    C.ANIMALS: ("Dog Training Program", "Shelter Dog Socializing"),
    C.CLEAN_UP: ("Highway Clean-up Crew", "Park Restoration Crew"),
    C.OTHER: ("Backpacks for Foster Children", "Hygiene Kits"),
}

DESCRIPTIONS: dict[C, str] = {
    C.SEWING: "Quilts and weighted blankets for shelters, hospitals and victims.",
    C.WOODWORK: "Wooden toys and birdhouses for daycare centers and schools.",
    C.BICYCLES: "Donated bicycles and wheelchairs repaired for children and nursing homes.",
    C.KNITTING: "Knitted hats for newborns and crocheted baby blankets.",
    C.GARDEN: "Vegetables for food pantries and meals on wheels programs.",
    C.FOOD: "Meals packed for the community's food programs.",
    C.BRAILLE: "Textbooks transcribed into braille and narrated audio books.",
    C.ANIMALS: "Shelter dogs trained for adoption and as service dogs.",
    C.CLEAN_UP: "Litter pick-up and park work with the community.",
    C.OTHER: "Backpacks with school supplies and hygiene kits.",
}

#: How many of a site's crew members a project of the category takes, relatively.
CREW_WEIGHT: dict[C, float] = {
    C.SEWING: 1.4, C.WOODWORK: 1.2, C.BICYCLES: 0.8, C.KNITTING: 1.0, C.GARDEN: 1.6,
    C.FOOD: 1.0, C.BRAILLE: 0.5, C.ANIMALS: 0.4, C.CLEAN_UP: 1.0, C.OTHER: 0.8,
}


@dataclass(frozen=True)
class Item:
    name: str
    unit: Unit
    produce: bool
    category: C
    rate: float          # made per crew hour
    season: bool = False  # made only from April to October (a garden's harvest)


ITEMS: tuple[Item, ...] = (
    Item("Quilt", Unit.EACH, False, C.SEWING, 1 / 30),
    Item("Weighted blanket", Unit.EACH, False, C.SEWING, 1 / 16),
    Item("Wooden toy", Unit.EACH, False, C.WOODWORK, 1 / 4),
    Item("Birdhouse", Unit.EACH, False, C.WOODWORK, 1 / 6),
    Item("Refurbished bicycle", Unit.EACH, False, C.BICYCLES, 1 / 8),
    Item("Refurbished wheelchair", Unit.EACH, False, C.BICYCLES, 1 / 25),
    Item("Knitted hat", Unit.EACH, False, C.KNITTING, 1 / 3),
    Item("Crocheted baby blanket", Unit.EACH, False, C.KNITTING, 1 / 14),
    Item("Garden produce", Unit.POUND, True, C.GARDEN, 5.0, season=True),
    Item("Potatoes", Unit.TON, True, C.GARDEN, 0.0008, season=True),
    Item("Packed meal", Unit.EACH, False, C.FOOD, 4.0),
    Item("Braille pages", Unit.PAGE, False, C.BRAILLE, 6.0),
    Item("Audio book", Unit.VOLUME, False, C.BRAILLE, 1 / 40),
    Item("Trained dog", Unit.EACH, False, C.ANIMALS, 1 / 300),
    Item("Backpack with school supplies", Unit.EACH, False, C.OTHER, 1 / 2),
    Item("Hygiene kit", Unit.EACH, False, C.OTHER, 1.0),
)

#: Which recipients take which items (a nursing home no backpacks, a victim a quilt).
TAKES: dict[R, frozenset[str]] = {
    R.SHELTER: frozenset({"Quilt", "Weighted blanket", "Knitted hat", "Hygiene kit",
                          "Packed meal", "Backpack with school supplies", "Garden produce"}),
    R.DAYCARE: frozenset({"Wooden toy", "Crocheted baby blanket", "Birdhouse"}),
    R.NURSING_HOME: frozenset({"Quilt", "Refurbished wheelchair", "Birdhouse", "Audio book",
                               "Knitted hat"}),
    R.MEALS_ON_WHEELS: frozenset({"Garden produce", "Potatoes", "Packed meal"}),
    R.HOSPITAL: frozenset({"Knitted hat", "Crocheted baby blanket", "Weighted blanket",
                           "Quilt"}),
    R.VICTIM: frozenset({"Quilt", "Weighted blanket"}),
    R.SCHOOL: frozenset({"Braille pages", "Backpack with school supplies", "Refurbished bicycle",
                         "Wooden toy", "Audio book"}),
    R.NOT_FOR_PROFIT: frozenset({"Garden produce", "Potatoes", "Refurbished bicycle",
                                 "Trained dog", "Hygiene kit", "Packed meal"}),
    R.OTHER: frozenset({"Birdhouse", "Audio book", "Braille pages", "Trained dog"}),
}

#: Each city's own organizations: (type, name with {city}, abbreviation).
LOCAL: tuple[tuple[R, str, str], ...] = (
    (R.SHELTER, "{city} Area Family Shelter", ""),
    (R.DAYCARE, "Little Steps Daycare Center of {city}", ""),
    (R.NURSING_HOME, "{city} Manor Nursing Home", ""),
    (R.MEALS_ON_WHEELS, "{city} Meals on Wheels", "MOW"),
    (R.HOSPITAL, "{city} Community Hospital", ""),
    (R.SCHOOL, "{city} Elementary School", ""),
    (R.NOT_FOR_PROFIT, "{city} Food Pantry", ""),
    (R.OTHER, "{city} Public Library", ""),
)

#: Organizations across the state: (type, name, abbreviation, address, city). The first two
#: are one organization entered twice, left for the coordinator to merge.
STATEWIDE: tuple[tuple[R, str, str, str, str], ...] = (
    (R.SHELTER, "The Salvation Army", "", "1027 Northeast Dr", "Jefferson City"),
    (R.SHELTER, "Salvation Army, Inc.", "", "PO Box 105", "Jefferson City"),
    (R.NOT_FOR_PROFIT, "Foster Families of Missouri", "FFM", "220 E High St", "Jefferson City"),
    (R.HOSPITAL, "Children's Hospital of the Ozarks", "", "1500 S National Ave", "Springfield"),
    (R.NOT_FOR_PROFIT, "Missouri Braille Readers' Library", "", "600 W Main St",
     "Jefferson City"),
    (R.SHELTER, "House of Hope Women's Shelter", "", "418 Locust St", "St. Louis"),
)

RECEIVERS = ("front desk", "program director", "volunteer coordinator", "kitchen manager",
             "charge nurse", "principal's office")
DELIVERED_BY = ("Sgt. Ruiz (transport)", "CO II Brennan", "Recreation officer Hale",
                "Volunteer coordinator")
CANCEL_NOTES = ("Cancelled: the recipient had no room this month.",
                "Cancelled: the road was closed by the flood.",
                "Cancelled: prepared twice by mistake.")
