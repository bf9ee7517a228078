"""Reparation/Accountability Boards and victim impact: boards and their members, referrals and
their steps, meetings, agreements and their progress, court reports and victims' statements,
papers and files. ``common`` holds what several of them share: reading a case, moving it a
step, and who may see a report's victims."""
