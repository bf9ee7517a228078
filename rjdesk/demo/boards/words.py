"""The words of the boards' demo: offenses and courts, what a board decides and notes, the
tasks of an agreement, and what victims say (or why they say nothing).

Texts only shape the demo; none of them names a victim, so nothing printed for the offender
or written to the audit log can carry a victim's name from here.
"""

from __future__ import annotations

from rjdesk.domain.boards.enums import Need, TaskKind

#: The Address Confidentiality Program's designated substitute address (RSMo 589.663).
ACP_ADDRESS = "P.O. Box 1409, Jefferson City, MO 65102"

#: Board volunteers the demo recruits carry this note (as reparative supervisors carry theirs).
RECRUITED = "Sits on a community reparation board."

#: County of each P&P office's city, for the circuit court that sent the case.
COUNTIES = {
    "Jefferson City": ("Cole", "CW"), "St. Joseph": ("Buchanan", "BU"),
    "Kansas City": ("Jackson", "JA"), "St. Louis": ("St. Louis City", "SL"),
    "Springfield": ("Greene", "GR"), "Columbia": ("Boone", "BA"), "Joplin": ("Jasper", "AO"),
    "Fulton": ("Callaway", "CW"), "Independence": ("Jackson", "JA"),
    "Cape Girardeau": ("Cape Girardeau", "CG"), "St. Charles": ("St. Charles", "CR"),
    "Rolla": ("Phelps", "PH"), "Hannibal": ("Marion", "MR"), "Chillicothe": ("Livingston", "LV"),
}

OFFENSES = (
    "Stealing ($750 or more)", "Property damage in the first degree",
    "Tampering with a motor vehicle in the first degree", "Burglary in the second degree",
    "Possession of a controlled substance", "Driving while intoxicated (persistent)",
    "Passing a bad check", "Fraudulent use of a credit device", "Trespass in the first degree",
    "Leaving the scene of an accident", "Receiving stolen property", "Assault in the fourth degree",
)

NEEDS_NOTES = {
    Need.EMPLOYMENT: "Lost his job after the arrest; works day labor.",
    Need.EDUCATION: "Left school in the 10th grade; interested in the HiSET.",
    Need.SUBSTANCE_USE: "Drinking was part of the offense; agreed to an evaluation.",
    Need.MENTAL_HEALTH: "Sees a counselor at the community mental health center.",
    Need.HOUSING: "Staying with a cousin; needs a lease of his own.",
    Need.FAMILY: "Wants to repair things with his mother and his children.",
    Need.PEERS: "Spends time with the friends who were there that night.",
    Need.OTHER: "Has no driver's license; relies on rides to get to work.",
}

HARMS = (
    "The store owner lost a week of sales repairing the window and no longer feels safe "
    "closing alone.",
    "The neighbors' car was damaged; they missed work and paid for a rental.",
    "The church's food pantry lost its donations for the month; volunteers gave their own.",
    "A family's trust in the neighborhood was broken; the children are afraid at night.",
    "The employer lost money and had to let another employee go.",
    "The victim's insurance rose; she had to take time off to deal with the claims.",
)

#: Tasks of an agreement: the kind and its descriptions, one drawn for each agreement.
TASKS: dict[TaskKind, tuple[str, ...]] = {
    TaskKind.APOLOGY_LETTER: ("Letter of apology to the victim, read by the board first",
                              "Letter of apology to the neighborhood association"),
    TaskKind.COMMUNITY_SERVICE: ("Community service at the food pantry",
                                 "Community service with the parks department",
                                 "Community service at the animal shelter"),
    TaskKind.RESTITUTION: ("Restitution to the victim for the damage",
                           "Restitution for the stolen property"),
    TaskKind.CLASS_OR_TREATMENT: ("Complete the Impact of Crime on Victims class",
                                  "Substance use evaluation and the treatment it recommends",
                                  "Anger management class, eight sessions"),
    TaskKind.ESSAY: ("Essay of 500 words on how the offense affected the community",
                     "Essay on what he learned from the victim's statement"),
    TaskKind.DIALOGUE: ("Victim-offender dialogue, as the victim asked",),
    TaskKind.OTHER: ("Repair the fence he damaged, with a board member present",
                     "Obtain a driver's license and show it to the board"),
}
HOURS = (20.0, 24.0, 30.0, 40.0, 40.0, 50.0)

DECISIONS_FIRST = (
    "Agreement reached and signed by the offender and the chair.",
    "Agreement reached after the victim's letter was read; signed the same evening.",
    "Harm discussed at length; agreement signed with the tasks below.",
)
DECISIONS_MID = (
    "Progress reviewed; on schedule. Encouraged to finish the hours before the due date.",
    "Progress reviewed: payments behind; the board set a payment plan.",
    "Progress reviewed; the apology letter was read aloud and accepted.",
)
DECISIONS_CLOSING = (
    "Every task completed; the board closed the case with its thanks.",
    "All tasks done; the victim's note of thanks was read. Case completed.",
)
RETURN_REASONS = (
    "Did not appear at the first meeting, twice; returned to the court.",
    "New offense while the agreement ran; returned to the court.",
    "Refused to sign the agreement; returned to the court.",
    "Stopped reporting and paying; returned to the court for review.",
)
OUTCOMES = (
    "Completed every task on time; the victim accepted the apology.",
    "Completed the agreement; now employed full time and in school at night.",
    "Completed the agreement; restitution paid in full a month early.",
)
LOCATIONS = ("P&P office, group room", "P&P office, conference room B",
             "Public library, meeting room", "Community center, room 2")
MEETING_TIMES = ("17:30", "18:00", "18:00", "18:30")
CANCELLED_MINUTES = "Cancelled: the office closed for the ice storm."

# -- victims ---------------------------------------------------------------------------------

DESCRIPTIONS = ("owner of the store", "neighbor", "driver of the other car",
                "employer", "homeowner", "manager of the church pantry")
INJURIES = ("Broken wrist; healed, with some loss of grip.",
            "Bruises and a cut above the eye that needed stitches; no lasting injury.",
            "No physical injury.",
            "Back injury; still in physical therapy, may be permanent.")
HARMS_FELT = ("Cannot sleep through the night; afraid when the doorbell rings.",
              "Anxious at work; checks the locks several times before leaving.",
              "Feels unsafe in her own neighborhood for the first time.",
              "Angry and worried for his children.")
WELFARE = ("Had to move in with her sister for a month.",
           "Lost shifts at work; the family's budget was stretched thin.",
           "The children stay at their grandmother's when she works late.",
           "Stopped volunteering at the pantry for a while.")
REPAIR = ("Pay for the damage and write to explain why it happened.",
          "Would like to meet him with a facilitator and hear him out.",
          "Work at the pantry he stole from.",
          "Stay away from the store and finish school.")
OTHER_LOSSES = ("Replacement locks and a door camera", "Rental car for two weeks",
                "Cleaning of the store after the break-in")
RELATIONSHIPS = ("mother", "sister", "son", "husband", "daughter")


def court_of(city: str) -> tuple[str, str]:
    """The circuit court of an office's county and the county's code in case numbers."""
    county, code = COUNTIES.get(city, (city, city[:2].upper()))
    if county == "St. Louis City":
        return "Circuit Court of the City of St. Louis", code
    if city not in COUNTIES:
        return f"Circuit Court, {city}", code
    return f"Circuit Court of {county} County", code
