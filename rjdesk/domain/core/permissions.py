"""Who may do what. Enforced in services; the GUI only mirrors it to hide what cannot be used."""

from __future__ import annotations

import enum

from rjdesk.domain.core.enums import Role


class Permission(str, enum.Enum):
    VIEW_PEOPLE = "view_people"
    EDIT_OFFENDERS = "edit_offenders"
    MERGE_OFFENDERS = "merge_offenders"
    VIEW_VOLUNTEERS = "view_volunteers"
    EDIT_VOLUNTEERS = "edit_volunteers"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    PRINT_PEOPLE = "print_people"
    IMPORT_PEOPLE = "import_people"
    EXPORT_PEOPLE = "export_people"
    VIEW_VICTIMS = "view_victims"
    VIEW_ICVC = "view_icvc"
    RUN_ICVC = "run_icvc"  # schedule classes, enroll, take attendance, complete
    REVIEW_CONFLICTS = "review_conflicts"  # settle what two sites changed at once
    CONFIGURE_SYNC = "configure_sync"  # the share, this workstation's name and site
    ALL_SITES = "all_sites"  # may write records of any site, not only the home site
    VIEW_REPARATIVE = "view_reparative"  # projects, hours, stock, deliveries and totals
    RUN_REPARATIVE = "run_reparative"  # projects, hours, items made, deliveries
    APPROVE_HOURS = "approve_hours"  # approve or decline hours above the daily amount
    EDIT_RECIPIENTS = "edit_recipients"  # the register of receiving organizations
    VIEW_BOARDS = "view_boards"  # boards, their members, cases, meetings and agreements
    RUN_BOARDS = "run_boards"  # members, referrals, meetings, agreements, progress
    VIEW_COURT_REPORTS = "view_court_reports"  # court reports, without their victims
    EDIT_COURT_REPORTS = "edit_court_reports"  # court reports and their victims' statements
    #: every court report's victims; without it, only the officer of the report sees them
    VIEW_VICTIM_STATEMENTS = "view_victim_statements"


_P = Permission
_STAFF = {_P.VIEW_PEOPLE, _P.EDIT_OFFENDERS, _P.VIEW_VOLUNTEERS, _P.PRINT_PEOPLE, _P.EXPORT_PEOPLE,
          _P.VIEW_ICVC, _P.REVIEW_CONFLICTS, _P.VIEW_REPARATIVE, _P.VIEW_BOARDS}
#: Who runs reparative work at a center: the volunteer coordinator, and the staff who oversee
#: the crews (they approve what a coordinator entered, and the other way round).
_REPARATIVE = {_P.RUN_REPARATIVE, _P.APPROVE_HOURS, _P.EDIT_RECIPIENTS}
#: Probation and Parole: officers refer to the board and write court reports (and see the
#: victims of their own reports); board coordinators run the boards.
_COURT = {_P.VIEW_COURT_REPORTS, _P.EDIT_COURT_REPORTS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.INSTITUTION_STAFF: frozenset(_STAFF | _REPARATIVE | {_P.IMPORT_PEOPLE, _P.RUN_ICVC}),
    Role.VOLUNTEER_COORDINATOR: frozenset(_STAFF | _REPARATIVE | {_P.EDIT_VOLUNTEERS}),
    Role.PP_OFFICER: frozenset(_STAFF | _COURT | {_P.IMPORT_PEOPLE, _P.RUN_ICVC,
                                                  _P.RUN_BOARDS}),
    Role.BOARD_COORDINATOR: frozenset(_STAFF | {_P.EDIT_VOLUNTEERS, _P.RUN_BOARDS}),
    # victim services keep victims as recipients (their names are theirs to see)
    Role.VICTIM_SERVICES: frozenset({_P.VIEW_PEOPLE, _P.VIEW_VICTIMS, _P.VIEW_VOLUNTEERS,
                                     _P.VIEW_ICVC, _P.VIEW_REPARATIVE, _P.EDIT_RECIPIENTS,
                                     _P.VIEW_BOARDS, *_COURT, _P.VIEW_VICTIM_STATEMENTS}),
    Role.CENTRAL_OFFICE: frozenset(
        {_P.VIEW_PEOPLE, _P.VIEW_VOLUNTEERS, _P.VIEW_AUDIT, _P.PRINT_PEOPLE, _P.EXPORT_PEOPLE,
         _P.VIEW_VICTIMS, _P.VIEW_ICVC, _P.VIEW_REPARATIVE, _P.VIEW_BOARDS,
         _P.VIEW_COURT_REPORTS}
    ),
}


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def opens_on_all_sites(role: Role) -> bool:
    """The central office's lists open on every site; everyone else's on the home site."""
    return role is Role.CENTRAL_OFFICE


def reads_all_sites(role: Role) -> bool:
    """Who may take another site's people away on paper or in a file: roles that write every
    site, and the central office, which reads every site. Looking at another site's lists on
    screen stays open to every role that may look (read-only); taking them away does not."""
    return has_permission(role, Permission.ALL_SITES) or opens_on_all_sites(role)


class Output(str, enum.Enum):
    """Each way personal data leaves the program: a paper or a file."""

    PEOPLE_LIST = "people_list"
    PEOPLE_EXPORT = "people_export"
    SIGN_IN_SHEET = "sign_in_sheet"
    CERTIFICATES = "certificates"
    CLASS_SUMMARY = "class_summary"
    ENROLLMENT_EXPORT = "enrollment_export"
    REENTRY_LIST = "reentry_list"
    REENTRY_EXPORT = "reentry_export"
    AUDIT_EXPORT = "audit_export"
    DELIVERY_SLIP = "delivery_slip"
    HOURS_STATEMENT = "hours_statement"
    REPARATIVE_SUMMARY = "reparative_summary"
    HOURS_EXPORT = "hours_export"
    DELIVERIES_EXPORT = "deliveries_export"
    BOARD_REPORT = "board_report"
    AGREEMENT = "agreement"
    BOARD_AGENDA = "board_agenda"  # and the minutes
    BOARD_CASES_EXPORT = "board_cases_export"
    VICTIM_IMPACT = "victim_impact"


#: What each output needs: every permission listed, and its site the actor's own unless
#: ``reads_all_sites``. Victim services look at ICVC classes but print and export no one
#: (they have neither PRINT_PEOPLE nor EXPORT_PEOPLE).
OUTPUT_PERMISSIONS: dict[Output, tuple[Permission, ...]] = {
    Output.PEOPLE_LIST: (Permission.VIEW_PEOPLE, Permission.PRINT_PEOPLE),
    Output.PEOPLE_EXPORT: (Permission.VIEW_PEOPLE, Permission.EXPORT_PEOPLE),
    Output.SIGN_IN_SHEET: (Permission.VIEW_ICVC, Permission.PRINT_PEOPLE),
    Output.CERTIFICATES: (Permission.VIEW_ICVC, Permission.PRINT_PEOPLE),
    Output.CLASS_SUMMARY: (Permission.VIEW_ICVC, Permission.PRINT_PEOPLE),
    Output.ENROLLMENT_EXPORT: (Permission.VIEW_ICVC, Permission.EXPORT_PEOPLE),
    Output.REENTRY_LIST: (Permission.VIEW_ICVC, Permission.PRINT_PEOPLE),
    Output.REENTRY_EXPORT: (Permission.VIEW_ICVC, Permission.EXPORT_PEOPLE),
    Output.AUDIT_EXPORT: (Permission.VIEW_AUDIT,),
    # a slip names no offender, but may name a victim (withheld from roles without
    # VIEW_VICTIMS by the service): papers stay with the roles that print
    Output.DELIVERY_SLIP: (Permission.VIEW_REPARATIVE, Permission.PRINT_PEOPLE),
    Output.HOURS_STATEMENT: (Permission.VIEW_REPARATIVE, Permission.PRINT_PEOPLE),
    Output.REPARATIVE_SUMMARY: (Permission.VIEW_REPARATIVE, Permission.PRINT_PEOPLE),
    Output.HOURS_EXPORT: (Permission.VIEW_REPARATIVE, Permission.EXPORT_PEOPLE),
    Output.DELIVERIES_EXPORT: (Permission.VIEW_REPARATIVE, Permission.EXPORT_PEOPLE),
    # board papers name offenders and members, never a victim
    Output.BOARD_REPORT: (Permission.VIEW_BOARDS, Permission.PRINT_PEOPLE),
    Output.AGREEMENT: (Permission.VIEW_BOARDS, Permission.PRINT_PEOPLE),
    Output.BOARD_AGENDA: (Permission.VIEW_BOARDS, Permission.PRINT_PEOPLE),
    Output.BOARD_CASES_EXPORT: (Permission.VIEW_BOARDS, Permission.EXPORT_PEOPLE),
    # the victims' own words, printed by the report's officer or an administrator (the
    # service checks who may see the victims, beside this); victim services read them on
    # screen but, as everywhere, print no one
    Output.VICTIM_IMPACT: (Permission.EDIT_COURT_REPORTS, Permission.PRINT_PEOPLE),
}
