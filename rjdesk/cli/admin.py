"""The administrators' commands: staff accounts, and the IT staff's check of a database."""

from __future__ import annotations

import argparse

from rjdesk.cli.kit import CliError, Commands, Kit, LazyChoices, password


def _roles() -> list[str]:
    from rjdesk.domain.core.enums import Role

    return [r.value for r in Role]


def _users_args(args: argparse.Namespace) -> None:
    """Looked at before sign-in: a user to add or unlock is named on the command line."""
    if args.action != "list":
        if not args.username:
            raise CliError(f"users {args.action}: name the user.")
        if args.action == "add" and not (args.role and args.site and args.name):
            raise CliError("users add: give --role, --site and --name.")


def cmd_users(kit: Kit) -> int:
    from rjdesk.domain.core.enums import Role
    from rjdesk.services.admin import auth

    args = kit.args
    with kit.signed_in() as (db, actor):
        if args.action == "list":
            for u in auth.list_users(db, actor):
                state = "locked" if u.locked else "active" if u.active else "inactive"
                print(f"{u.username}\t{u.role.value}\t{u.site_code}\t{state}\t{u.display_name}")
        elif args.action == "add":
            secret = password(f"Password for the new user {args.username}: ",
                              env="RJDESK_NEW_PASSWORD", twice=True)
            u = auth.create_user(db, actor, username=args.username, display_name=args.name,
                                 role=Role(args.role), site_code=args.site, password=secret)
            print(f"added {u.username} ({u.role.label}) at {u.site_code}.")
        else:
            u = auth.unlock_user(db, actor, args.username)
            print(f"unlocked {u.username}.")
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


def register(commands: Commands) -> None:
    p = commands.add("check", cmd_check, "check integrity; print site, schema and state digest")
    p.add_argument("--repair", action="store_true",
                   help="rebuild the people search index and the change capture")
    p = commands.add("users", cmd_users, "list, add or unlock staff accounts (administrators)",
                     user=True, check=_users_args)
    p.add_argument("action", choices=("list", "add", "unlock"))
    p.add_argument("username", nargs="?")
    p.add_argument("--role", choices=LazyChoices(_roles), metavar="ROLE",
                   help="one of: %(choices)s")
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--name", metavar="FULL NAME")
