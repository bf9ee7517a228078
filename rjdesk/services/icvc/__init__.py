"""Impact of Crime on Victim Classes: schedule, roster and waitlist, speakers, attendance,
completion and the reentry list. One module per part; each function is one user action."""
