"""The administrators' commands: staff accounts, and the IT staff's check of a database."""

from __future__ import annotations

import argparse

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
