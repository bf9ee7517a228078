"""The names, places and words of the demo data: a realistic Missouri mix.

Mostly Anglo- and German-American names, with the Hispanic, Vietnamese and Bosnian families of
Kansas City and St. Louis, and a few names in Cyrillic, Greek and Arabic script, so every screen,
search and printout meets accents and scripts on its first day. Names that belong together are
drawn together (a Vietnamese surname with Vietnamese given names; a Russian woman's surname in
its feminine form).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from rjdesk.domain.volunteers.enums import VolunteerRole


def _pool(text: str) -> list[str]:
    return [unicodedata.normalize("NFC", x.strip()) for x in text.split(",")]


@dataclass(frozen=True)
class _Culture:
    """Names that go together; ``women_surnames`` parallels ``surnames`` where they change."""

    surnames: list[str]
    men: list[str]
    women: list[str]
    middle_men: list[str]
    middle_women: list[str]
    women_surnames: list[str] | None = None


_US_MEN = _pool("James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Charles,"
                "Christopher,Daniel,Matthew,Anthony,Mark,Donald,Steven,Paul,Andrew,Joshua,Kevin,"
                "Brian,Timothy,Ronald,Jason,Jeffrey,Ryan,Jacob,Gary,Eric,Justin,Scott,Brandon,"
                "Gregory,Patrick,Raymond,Dennis,Tyler,Aaron,Adam,Kyle,Jeremy,Keith,Travis,Cody,"
                "Dustin,Shane,Billy,Bobby,Wayne,Darnell,DeShawn,Jamal,Terrell,Marcus,Andre,"
                "Tyrone,Dwayne,Lamar,Cedric,Reginald,Demetrius,Willie,Roy,Earl")
_US_WOMEN = _pool("Mary,Patricia,Jennifer,Linda,Elizabeth,Barbara,Susan,Jessica,Sarah,Karen,Lisa,"
                  "Nancy,Sandra,Ashley,Kimberly,Donna,Michelle,Amanda,Melissa,Stephanie,Rebecca,"
                  "Laura,Angela,Brenda,Amber,Crystal,Tiffany,Brittany,Heather,Keisha,LaToya,"
                  "Tamika,Destiny,Shelby")
_CULTURES = (  # (weight among offenders, among volunteers, names)
    (60, 60, _Culture(
        _pool("Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Anderson,Taylor,Thomas,"
              "Moore,Jackson,Martin,Thompson,White,Harris,Clark,Lewis,Robinson,Walker,Young,"
              "Allen,King,Wright,Scott,Hill,Green,Adams,Baker,Nelson,Carter,Mitchell,Roberts,"
              "Turner,Phillips,Campbell,Parker,Evans,Edwards,Collins,Stewart,Morris,Murphy,Cook,"
              "Rogers,Morgan,Cooper,Reed,Bailey,Bell,Kelly,Howard,Ward,Cox,Brooks,Gray,Hughes,"
              "Price,Sanders,Myers,Long,Ross,Foster,Powell,Jenkins,Perry,Russell,Sullivan,"
              "Fisher,Henderson,Coleman,Simmons,Washington,Jefferson,Banks,Freeman,Hawkins,"
              "Dunn,Perkins,Spencer,Pierce,Harper,Riley,Carpenter,Weaver,O'Brien,McDonald,"
              "Smith-Jones,Boone,Crockett,Pruitt,Dillard,Yoder,Stoltzfus"),
        _US_MEN, _US_WOMEN,
        _pool("Lee,Ray,Wayne,Allen,Dean,James,Edward,Lynn,Dale,Eugene,Michael,Joseph,Earl"),
        _pool("Marie,Ann,Lynn,Jean,Nicole,Renee,Michelle,Elizabeth,Rose,Kay,Denise"))),
    (10, 20, _Culture(
        _pool("Schmidt,Müller,Mueller,Schneider,Meyer,Hoffmann,Wagner,Becker,Schulz,Koch,"
              "Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Krüger,Hartmann,Lange,"
              "Krause,Lehmann,Köhler,Huber,Kaiser,Fuchs,Vogel,Brandt,Engel,Dietrich,Kühn,Voß"),
        _US_MEN, _US_WOMEN, _pool("Lee,Ray,Allen,Dean,Edward,Carl,Frederick"),
        _pool("Marie,Ann,Lynn,Jean,Louise"))),
    (14, 8, _Culture(
        _pool("García,Martínez,Rodríguez,Hernández,López,González,Pérez,Sánchez,Ramírez,Torres,"
              "Flores,Rivera,Gómez,Díaz,Reyes,Morales,Cruz,Ortiz,Gutiérrez,Chávez,Ramos,Ruiz,"
              "Álvarez,Mendoza,Castillo,Jiménez,Vásquez,Moreno,Herrera,Medina,Aguilar,Vargas,"
              "Muñoz,Peña,Ñúñez,Núñez,Ibáñez,Castañeda,Zúñiga,Villaseñor,Montaño,Cervantes"),
        _pool("José,Juan,Luis,Carlos,Jesús,Miguel,Jorge,Antonio,Alejandro,Francisco,Javier,"
              "Ángel,Ramón,Andrés,Raúl,Sergio,Héctor,Rubén,Óscar,Adrián,Martín,Joaquín,Efraín,"
              "Iván,Julián"),
        _pool("María,Guadalupe,Ana,Rosa,Sofía,Lucía,Verónica,Mónica,Adriana,Beatriz,Inés,"
              "Araceli,Marisol,Yesenia,Leticia"),
        _pool("Luis,Manuel,Antonio,José,Alberto,Ángel"),
        _pool("María,Isabel,Elena,Guadalupe,Inés"))),
    (4, 3, _Culture(
        _pool("Nguyễn,Nguyễn,Nguyễn,Nguyễn,Nguyễn,Trần,Trần,Lê,Phạm,Hoàng,Huỳnh,Phan,Vũ,Võ,"
              "Đặng,Bùi,Đỗ,Hồ,Ngô,Dương,Lý"),
        _pool("Văn An,Văn Hùng,Minh Tuấn,Quốc Bảo,Đức Anh,Văn Long,Hữu Phước,Thanh Tùng,"
              "Công Minh,Văn Nam,Minh Khôi"),
        _pool("Thị Hoa,Thị Lan,Thị Mai,Ngọc Anh,Thị Hương,Thu Trang,Kim Liên"), [""], [""])),
    (4, 4, _Culture(
        _pool("Hodžić,Begić,Hadžić,Mehmedović,Kovačević,Delić,Šarić,Hasanović,Mujić,"
              "Ibrahimović,Halilović,Karić,Jusić,Salihović"),
        _pool("Emir,Adnan,Amir,Haris,Mirza,Edin,Senad,Nermin,Jasmin,Almir,Dževad,Šefik"),
        _pool("Amra,Lejla,Selma,Azra,Emina,Aida,Mirsada,Jasmina,Merima"), [""], [""])),
    (2, 2, _Culture(
        _pool("Иванов,Петров,Смирнов,Кузнецов,Попов,Соколов,Морозов,Волков,Шевченко,"
              "Коваленко,Бондаренко,Ткаченко"),
        _pool("Иван,Дмитрий,Сергей,Алексей,Андрій,Олег,Николай,Михаил,Юрий"),
        _pool("Ольга,Наталья,Ирина,Светлана,Оксана,Татьяна"),
        _pool("Иванович,Сергеевич,Петрович,Николаевич,Олегович"),
        _pool("Ивановна,Сергеевна,Петровна,Николаевна,Олеговна"),
        _pool("Иванова,Петрова,Смирнова,Кузнецова,Попова,Соколова,Морозова,Волкова,Шевченко,"
              "Коваленко,Бондаренко,Ткаченко"))),
    (1.5, 1.5, _Culture(
        _pool("Παπαδόπουλος,Γεωργίου,Οικονόμου,Δημητρίου,Νικολάου,Κωνσταντίνου,Ιωάννου,"
              "Βασιλείου,Αθανασίου,Παπαδάκης"),
        _pool("Γιώργος,Δημήτρης,Νίκος,Κώστας,Γιάννης,Χρήστος,Αλέξανδρος"),
        _pool("Μαρία,Ελένη,Αικατερίνη,Σοφία,Αναστασία"), [""], [""],
        _pool("Παπαδοπούλου,Γεωργίου,Οικονόμου,Δημητρίου,Νικολάου,Κωνσταντίνου,Ιωάννου,"
              "Βασιλείου,Αθανασίου,Παπαδάκη"))),
    (2, 1.5, _Culture(
        _pool("حداد,الخطيب,منصور,يوسف,عبد الله,الحسن,سليمان,ناصر"),
        _pool("محمد,أحمد,عمر,علي,خالد,حسن,إبراهيم"), _pool("فاطمة,مريم,ليلى,نور,سارة,زينب"),
        [""], [""])),
)
_OFFENDER_CUM = list(accumulate(c[0] for c in _CULTURES))
_VOLUNTEER_CUM = list(accumulate(c[1] for c in _CULTURES))

#: The people every demo shows at its home site: (tag, last, first, middle, twin, female).
#: A twin tag marks a likely duplicate of that person: same birth date, a variant of the name.
#: (tag, last, first, middle, the tag of the name he is a twin of or None, female)
ShowcasePerson = tuple[str, str, str, str, str | None, bool]
_SHOWCASE: tuple[ShowcasePerson, ...] = (
    ("nva", "Nguyễn", "Văn An", "", None, False), ("nva2", "Nguyen", "Van An", "", "nva", False),
    ("nth", "Nguyễn", "Thị Hoa", "", None, True), ("nmt", "Nguyễn", "Minh Tuấn", "", None, False),
    ("ntl", "Nguyễn", "Thị Lan", "", None, True),
    ("nca", "Ñúñez", "Carlos", "Alberto", None, False),
    ("nca2", "Nunez", "Carlos", "", "nca", False), ("pjl", "Peña", "José", "Luis", None, False),
    ("ma", "Muñoz", "Andrés", "", None, False), ("mmf", "Muñoz", "María", "Fernanda", None, True),
    ("ids", "Иванов", "Дмитрий", "Сергеевич", None, False),
    ("pg", "Παπαδόπουλος", "Γιώργος", "", None, False), ("ho", "حداد", "عمر", "", None, False),
    ("he", "Hodžić", "Emir", "", None, False), ("mh", "Müller", "Hans", "Peter", None, False),
    ("mh2", "Mueller", "Hans", "", "mh", False), ("tj", "Thomas", "James", "Earl", None, False),
    ("tj2", "James", "Thomas", "", "tj", False), ("ob", "O'Brien", "Patrick", "Sean", None, False),
)
SHOWCASE: tuple[ShowcasePerson, ...] = tuple(
    (tag, unicodedata.normalize("NFC", last), unicodedata.normalize("NFC", first),
     unicodedata.normalize("NFC", middle), twin, female)
    for tag, last, first, middle, twin, female in _SHOWCASE)
TRANSFER_REASONS = ("Transferred for programming", "Custody level change", "Medical transfer",
                    "Closer to family", "Bed space")
ROLE_TRAININGS = {VolunteerRole.BOARD_MEMBER: ("Reparative board member training", 0),
                  VolunteerRole.VICTIM_SPEAKER: ("Victim impact speaker preparation", 3),
                  VolunteerRole.PROJECT_SUPERVISOR: ("Project supervisor orientation", 0)}
NOTES = ("", "", "", "Prefers evening sessions.", "Retired teacher.", "Spanish speaker.",
         "Available weekends only.", "Brings donated fabric for the quilt project.")
STREETS = ("High St", "Main St", "Madison St", "Elm St", "Oak Ave", "Broadway", "Church St")


def pick(rng: random.Random, female: bool, *, volunteer: bool = False) -> tuple[str, str, str]:
    """A (last, first, middle) name that belongs together; volunteers are drawn from a
    slightly different mix than offenders."""
    cum = _VOLUNTEER_CUM if volunteer else _OFFENDER_CUM
    culture = rng.choices(_CULTURES, cum_weights=cum)[0][2]
    i = rng.randrange(len(culture.surnames))
    last = (culture.women_surnames or culture.surnames)[i] if female else culture.surnames[i]
    first = rng.choice(culture.women if female else culture.men)
    middles = culture.middle_women if female else culture.middle_men
    middle = rng.choice(middles) if rng.random() < 0.55 else ""
    return last, first, middle


# --- Impact of Crime on Victims Classes -----------------------------------------------------

#: Class titles: (base, where) with "inside" for prisons, "office" for P&P and supervision
#: centers; the season and year are added ("Impact of Crime on Victims, Spring 2026").
ICVC_TITLES = (("Impact of Crime on Victims", "both"), ("ICVC", "both"),
               ("Impact of Crime on Victims — Reentry Cohort", "inside"),
               ("ICVC — Housing Unit {unit}", "inside"), ("ICVC (en español)", "both"),
               ("Impact of Crime on Victims — Evening Group", "office"),
               ("ICVC Community Class", "office"))
ICVC_LOCATIONS = {"inside": ("Education building, room 4", "Programs building, classroom 2",
                             "Chapel", "Library annex", "Housing Unit 3 dayroom",
                             "Multipurpose room", "Reentry classroom"),
                  "office": ("Group room", "Conference room B", "Community room",
                             "Training room, 2nd floor")}
#: Facilitators are staff: case managers, chaplains, probation officers.
_STAFF_SURNAMES = _pool("Kessler,Ostermann,Brooks,Whitaker,Hargrove,Lindqvist,Delgado,Brennan,"
                        "Fitzgerald,Hollister,Ramírez,McKinney,Vogt,Abernathy,Castillo,Pryor,"
                        "Sandoval,Thornton,Gaines,Osei,Huang,Petrović,Schaefer,Landry")
WITHDRAW_REASONS = {"inside": ("Paroled before the class ended",
                               "Moved to administrative segregation",
                               "Work assignment at class time", "Asked to withdraw",
                               "Medical: admitted to the infirmary",
                               "Conflicts with GED classes",
                               "Removed by the facilitator: conduct violation"),
                    "office": ("Work schedule conflict", "Moved out of the district",
                               "Absconded: warrant issued", "Asked to withdraw",
                               "No transportation to the office")}
WAITLIST_WITHDRAW_REASONS = ("No longer interested", "Took a seat in a class at a better time",
                             "Released before a seat opened")
CANCEL_CLASS_REASONS = ("facilitator reassigned", "not enough enrollments",
                        "facility schedule change")
LOCKDOWN_REASONS = {"inside": ("Lockdown", "Lockdown — facility-wide count",
                               "Lockdown after an incident", "Lockdown"),
                    "office": ("Office closed — ice storm", "Office closed — power outage",
                               "Facilitator ill, no substitute")}
NO_HOLIDAY_DAY_OFF = "Staff training day"


def staff_name(rng: random.Random) -> str:
    """A facilitator's "First Last": staff names are mostly American, some Hispanic."""
    first = rng.choice(_US_WOMEN if rng.random() < 0.5 else _US_MEN)
    return f"{first} {rng.choice(_STAFF_SURNAMES)}"
