"""The pages each role sees, as the window tests name them."""

#: The reparative pages, as every role that may look at reparative work sees them (approving
#: hours is for the roles that may).
REPARATIVE_PAGES = ["Reparative projects", "Crew hours", "Hours to approve", "Items and stock",
                    "Recipients", "Deliveries", "Reparative dashboard"]
#: The boards' pages, after reparative work's: every role the window tests sign in may view
#: boards.
BOARDS = ["Board", "Board meetings"]
#: What the window tests list between the ICVC pages and the administration's.
REPARATIVE = [*REPARATIVE_PAGES, *BOARDS]
WITHOUT_APPROVING = [t for t in REPARATIVE if t != "Hours to approve"]
