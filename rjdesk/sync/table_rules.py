"""Who may write each shared table: the permission a service needs, and how a row finds its
site. ``authority`` checks every change from another workstation against these; a shared table
not named here is refused (a test checks that every one is named)."""

from __future__ import annotations

from dataclasses import dataclass

from rjdesk.domain.core.permissions import Permission

_P = Permission


@dataclass(frozen=True)
class Rule:
    """Who may write a table: any of ``permissions``; the row's site is found by following
    ``parents`` (column, table) to a row with a ``site_id``; None when the table has no site."""

    permissions: tuple[Permission, ...]
    parents: tuple[tuple[str, str], ...] | None = ()
    insert_only: bool = False


_OFFENDERS = (_P.EDIT_OFFENDERS, _P.IMPORT_PEOPLE, _P.MERGE_OFFENDERS)
_CLASS = (("class_id", "icvc_class"),)
_SESSION = (("session_id", "icvc_session"), *_CLASS)
_VOLUNTEER = (("volunteer_id", "volunteer"),)
_PROJECT = (("project_id", "reparative_project"),)
_BOARD = (("board_id", "board"),)
_CASE = (("case_id", "board_case"),)
_MEETING = (("meeting_id", "board_meeting"),)

RULES: dict[str, Rule] = {
    "audit_event": Rule((), None, insert_only=True),
    "conflict_resolution": Rule((_P.REVIEW_CONFLICTS,), None, insert_only=True),
    "site": Rule((_P.MANAGE_USERS,), None),
    "app_user": Rule((_P.MANAGE_USERS,), None),
    "user_signing_key": Rule((_P.MANAGE_USERS,), None, insert_only=True),
    "offender": Rule(_OFFENDERS),
    "offender_transfer": Rule((_P.EDIT_OFFENDERS, _P.MERGE_OFFENDERS), None),
    "volunteer": Rule((_P.EDIT_VOLUNTEERS,)),
    "volunteer_role": Rule((_P.EDIT_VOLUNTEERS,), _VOLUNTEER),
    "volunteer_training": Rule((_P.EDIT_VOLUNTEERS,), _VOLUNTEER),
    "icvc_class": Rule((_P.RUN_ICVC,)),
    "icvc_session": Rule((_P.RUN_ICVC,), _CLASS),
    "icvc_day_off": Rule((_P.RUN_ICVC,), _CLASS),
    "icvc_enrollment": Rule((_P.RUN_ICVC,), _CLASS),
    "icvc_attendance": Rule((_P.RUN_ICVC,), _SESSION),
    "icvc_speaker": Rule((_P.RUN_ICVC,), _SESSION),
    "reparative_project": Rule((_P.RUN_REPARATIVE,)),
    "reparative_supervisor": Rule((_P.RUN_REPARATIVE,), _PROJECT),
    "reparative_hours": Rule((_P.RUN_REPARATIVE, _P.APPROVE_HOURS)),
    "reparative_volunteer_hours": Rule((_P.RUN_REPARATIVE,), _PROJECT),
    "reparative_item_type": Rule((_P.RUN_REPARATIVE,), None),
    "reparative_production": Rule((_P.RUN_REPARATIVE,)),
    "reparative_recipient": Rule((_P.EDIT_RECIPIENTS,), None),
    "reparative_delivery": Rule((_P.RUN_REPARATIVE,)),
    "reparative_delivery_line": Rule((_P.RUN_REPARATIVE,), (("delivery_id",
                                                              "reparative_delivery"),)),
    "board": Rule((_P.RUN_BOARDS,)),
    "board_member": Rule((_P.RUN_BOARDS,), _BOARD),
    "board_case": Rule((_P.RUN_BOARDS,)),
    "board_case_step": Rule((_P.RUN_BOARDS,), _CASE),
    "board_meeting": Rule((_P.RUN_BOARDS,)),
    "board_meeting_member": Rule((_P.RUN_BOARDS,), _MEETING),
    "board_hearing": Rule((_P.RUN_BOARDS,), _MEETING),
    "board_task": Rule((_P.RUN_BOARDS,), _CASE),
    "board_task_progress": Rule((_P.RUN_BOARDS,), (("task_id", "board_task"), *_CASE)),
    "court_report": Rule((_P.EDIT_COURT_REPORTS,)),
    "victim_statement": Rule((_P.EDIT_COURT_REPORTS,), (("report_id", "court_report"),)),
}

#: Records that follow an offender to his new site: the transfer's author moves them whatever
#: the role (see ``services.core.hooks``).
FOLLOW_TRANSFER = frozenset({"icvc_enrollment", "board_case"})

#: What a staff member may change of their own account without managing accounts (a new
#: password, or one re-hashed at sign-in, and their key sealed under it; choosing it clears
#: the temporary-password flag a reset set).
OWN_ACCOUNT_FIELDS = frozenset({"password_hash", "sealed_signing_key", "must_change_password"})
#: ... and, once, for an account from before signing keys: its first key.
FIRST_KEY_FIELDS = frozenset({"signing_key", "sealed_signing_key"})
