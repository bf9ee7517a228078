"""The pages each role sees, as the window tests name them."""

#: The reparative pages, as every role that may look at reparative work sees them (approving
#: hours is for the roles that may).
REPARATIVE_PAGES = ["Reparative projects", "Crew hours", "Hours to approve", "Items and stock",
                    "Recipients", "Deliveries", "Reparative dashboard"]
#: The boards' pages, after reparative work's: every role the window tests sign in may view
#: boards; court reports only the roles that may look at them (not institution staff).
BOARDS = ["Board", "Board meetings", "Board cases", "Court reports"]
#: What the window tests list between the ICVC pages and the administration's.
REPARATIVE = [*REPARATIVE_PAGES, *BOARDS]
WITHOUT_APPROVING = [t for t in REPARATIVE if t != "Hours to approve"]
#: What institution staff see of them: boards, not court reports.
WITHOUT_COURT_REPORTS = [t for t in REPARATIVE if t != "Court reports"]
