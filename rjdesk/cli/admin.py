"""The administrators' commands: staff accounts, and the IT staff's check of a database."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from rjdesk.cli.kit import CliError, Commands, Kit, LazyChoices, password


def _roles() -> list[str]:
    from rjdesk.domain.core.enums import Role

    return [r.value for r in Role]


#: What ``users`` does; all but ``list`` and ``password`` (one's own) name the user.
USER_ACTIONS = ("list", "add", "unlock", "reset", "deactivate", "reactivate", "edit",
                "password")


def _users_args(args: argparse.Namespace) -> None:
    """Looked at before sign-in: a user to act on is named on the command line."""
    if args.action in ("list", "password"):
        if args.username:
            raise CliError(f"users {args.action} names no user; --user signs in.")
        return
    if not args.username:
        raise CliError(f"users {args.action}: name the user.")
    if args.action == "add" and not (args.role and args.site and args.name):
        raise CliError("users add: give --role, --site and --name.")
    if args.action == "edit" and not (args.role or args.site or args.name):
        raise CliError("users edit: give --role, --site or --name (what changes).")


def _own_password(kit: Kit) -> int:
    """``users password``: the signed-in person's own new password, the current one asked
    first — also the way past a temporary password an administrator set."""
    from rjdesk.services.admin import auth

    args = kit.args
    current = password(f"Current password for {args.user}: ")
    new = password(f"New password (at least {auth.MIN_PASSWORD} characters): ",
                   env="RJDESK_NEW_PASSWORD", twice=True)
    with kit.database() as db:
        actor = auth.sign_in_changing_password(db, args.user, current, new)
    print(f"changed the password of {actor.username}.")
    return 0


def cmd_users(kit: Kit) -> int:
    from rjdesk.domain.core.enums import Role
    from rjdesk.services.admin import accounts, auth

    args = kit.args
    if args.action == "password":
        return _own_password(kit)
    with kit.signed_in() as (db, actor):
        if args.action == "list":
            for u in accounts.list_users(db, actor):
                state = ("inactive" if not u.active else "locked" if u.locked else
                         "temporary" if u.must_change_password else "active")
                print(f"{u.username}\t{u.role.value}\t{u.site_code}\t{state}\t{u.display_name}")
        elif args.action == "add":
            secret = password(f"Password for the new user {args.username}: ",
                              env="RJDESK_NEW_PASSWORD", twice=True)
            u = auth.create_user(db, actor, username=args.username, display_name=args.name,
                                 role=Role(args.role), site_code=args.site, password=secret)
            print(f"added {u.username} ({u.role.label}) at {u.site_code}.")
        elif args.action == "reset":
            secret = password(f"Temporary password for {args.username}: ",
                              env="RJDESK_NEW_PASSWORD", twice=True)
            u = accounts.reset_password(db, actor, args.username, secret)
            print(f"reset {u.username}: the temporary password must be changed at the next "
                  "sign-in.")
        elif args.action == "edit":
            u = accounts.edit_user(db, actor, args.username,
                                   role=Role(args.role) if args.role else None,
                                   site_code=args.site, display_name=args.name)
            print(f"{u.username}: {u.role.label} at {u.site_code} ({u.display_name}).")
        else:
            act, done = {"unlock": (accounts.unlock_user, "unlocked"),
                         "deactivate": (accounts.deactivate_user, "deactivated"),
                         "reactivate": (accounts.reactivate_user, "reactivated")}[args.action]
            u = act(db, actor, args.username)
            print(f"{done} {u.username}.")
    return 0


def cmd_check(kit: Kit) -> int:
    from rjdesk.services.admin.maintenance import check

    with kit.database() as db:
        health = check(db, repair_found=kit.args.repair)
    for done in health.repaired:
        print(f"repair: {done}")
    for problem in health.problems or ["ok"]:
        print(f"integrity: {problem}")
    print(f"site: {health.site_code or '(not set up)'}")
    print(f"schema: {health.schema}")
    print(f"workstation: {health.workstation}")
    print(f"changes waiting to be published: {health.pending}")
    print(f"sync fingerprint: {health.fingerprint or '(no sync keys yet)'}")
    print(f"keys: {health.keys or '(unreadable)'}")
    print(f"writes: {health.refusal or 'yes'}")
    print(f"state: {health.digest}")  # last: scripts compare it across workstations
    return 0 if health.ok else 1


def _day(text: str) -> date:
    """A date as US staff type it (MM/DD/YYYY) or as a spreadsheet writes it (YYYY-MM-DD)."""
    us = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text)
    try:
        if us:
            return date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"“{text}” is not a date: write MM/DD/YYYY or YYYY-MM-DD")


def cmd_audit(kit: Kit) -> int:
    """The audit log, newest first, narrowed as an investigator asks; to a file with -o."""
    from rjdesk.domain.core.formats import us_date_time
    from rjdesk.services.admin import audit_log

    args = kit.args
    with kit.signed_in() as (db, actor):
        where = audit_log.AuditFilter(
            person_id=audit_log.person_by_doc(db, actor, args.person) if args.person else None,
            username=args.username, site_id=kit.site_id(db),
            kind=audit_log.kind_named(args.kind) if args.kind else None,
            since=args.start, until=args.end, text=args.search or "")
        if args.output:
            n = audit_log.export_events(db, actor, Path(args.output), where)
            print(f"exported {n:,} audit events to {args.output}.")
            return 0
        cursor = None
        while True:
            rows, cursor = audit_log.list_events(db, actor, where=where, before=cursor,
                                                 limit=500)
            for r in rows:
                print(f"{us_date_time(r.at)}\t{r.username}\t{r.site_code}\t{r.action_words}\t"
                      f"{r.entity_words}\t{r.summary}")
            if cursor is None:
                return 0


def register(commands: Commands) -> None:
    p = commands.add("check", cmd_check, "check integrity; print site, schema and state digest")
    p.add_argument("--repair", action="store_true",
                   help="rebuild the people search index and the change capture")
    p = commands.add("users", cmd_users, "staff accounts: list, add, unlock, reset, deactivate, "
                     "reactivate, edit (administrators); password (your own)",
                     user=True, check=_users_args)
    p.add_argument("action", choices=USER_ACTIONS)
    p.add_argument("username", nargs="?")
    p.add_argument("--role", choices=LazyChoices(_roles), metavar="ROLE",
                   help="one of: %(choices)s")
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--name", metavar="FULL NAME")
    p = commands.add("audit", cmd_audit, "the audit log, filtered; to .csv or .xlsx with -o",
                     user=True)
    p.add_argument("--person", metavar="DOC", help="a person's DOC number")
    p.add_argument("--by", dest="username", metavar="USER",
                   help="the staff account that acted (--user signs in)")
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--kind", metavar="KIND", help="the kind of record, e.g. volunteer")
    p.add_argument("--from", dest="start", type=_day, metavar="DATE")
    p.add_argument("--to", dest="end", type=_day, metavar="DATE")
    p.add_argument("--search", metavar="TEXT", help="words in the event")
    p.add_argument("-o", "--output", metavar="FILE")
