"""Reparative work's use cases: projects and their supervisors (``projects``), offenders' and
volunteers' hours and their approval (``hours``, ``hours_import``), items made and stock
(``items``), the register of recipients (``recipients``), deliveries and their slip numbers
(``deliveries``), totals, papers and files (``totals``, ``printouts``, ``export``) and what needs
the coordinator's attention (``attention``)."""
