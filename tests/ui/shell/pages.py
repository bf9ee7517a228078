"""The pages each role sees, as the window tests name them."""

#: The reparative pages, as every role that may look at reparative work sees them (approving
#: hours is for the roles that may).
REPARATIVE = ["Reparative projects", "Crew hours", "Hours to approve", "Items and stock",
              "Recipients", "Deliveries", "Reparative dashboard"]
WITHOUT_APPROVING = [t for t in REPARATIVE if t != "Hours to approve"]
