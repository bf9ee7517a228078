"""Sync's commands: create a deployment, enroll workstations, run a round, review conflicts.
Every step is one call to the sync services; nothing here touches sync state itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rjdesk.cli.kit import PROG, CliError, Commands, Kit


def _share(args: argparse.Namespace) -> Path:
    if not args.share:
        raise CliError("name the share with --share DIR.")
    return Path(args.share)


def _admin_key(args: argparse.Namespace, step: str) -> Path:
    if not args.admin_key:
        raise CliError(f"enroll {step}: give --admin-key FILE.")
    return Path(args.admin_key)


def cmd_deployment(kit: Kit) -> int:
    from rjdesk.services.syncing import enrollment

    args = kit.args
    key_file = Path(args.admin_key)
    if not args.name.strip():
        raise CliError("deployment create: give the deployment a --name.")
    deployment = enrollment.create_deployment(Path(args.share), key_file, args.name)
    print(f"deployment {deployment} created on {args.share}")
    print(f"administrator key: {key_file} — keep it off the share, with the backups; whoever "
          "holds it approves workstations")
    return 0


def cmd_enroll(kit: Kit) -> int:
    from rjdesk.services.syncing import enrollment

    args = kit.args
    if args.action == "list":
        for r in enrollment.pending(_share(args)):
            print(f"{r.workstation}\t{r.site}\t{r.name}\t{r.requested_at}")
        for line in enrollment.unreadable_requests(_share(args)):
            print(f"bad request: {line}", file=sys.stderr)
        return 0
    if args.action == "approve":
        approved = enrollment.approve(_share(args), _admin_key(args, "approve"),
                                      args.workstations)
        if not approved:
            print("no workstation is waiting for approval")
        for ws in approved:
            print(f"approved {ws}")
        return 0
    # request (or found): this workstation asks to join
    if not (args.site or "").strip() or not (args.name or "").strip():
        raise CliError("enroll: give --site CODE and --name NAME for this workstation.")
    site = enrollment.site_code(args.site)
    share = _share(args)
    key_file = _admin_key(args, "found") if args.action == "found" else None
    with kit.database(create=True) as db:
        if key_file is not None:
            me = enrollment.found(db, share, key_file, name=args.name, site=site)
        else:
            me = enrollment.request(db, share, name=args.name, site=site)
    if args.action == "found":
        print(f"{args.name} ({site}) founded the deployment as workstation {me.workstation}; "
              f"`{PROG} sync` publishes its first snapshot")
    else:
        print(f"{args.name} ({site}) asked to join as workstation {me.workstation}; an "
              f"administrator approves it with `{PROG} enroll approve --share {args.share} "
              f"--admin-key FILE {me.workstation}`, then `{PROG} sync` brings the records")
    return 0


def cmd_sync(kit: Kit) -> int:
    from rjdesk.services.core.database import open_database
    from rjdesk.services.syncing import enrollment, review

    db = open_database(kit.db_path, create=False)
    try:
        report, db = enrollment.sync_round(db, Path(kit.args.share) if kit.args.share else None)
        for line in report.lines():
            print(line)
        for r in review.list_rejected(db) if report.rejected else []:
            print(f"  {r.file}: {r.reason} — {r.message} (kept as {r.kept_as})")
        return 0 if report.ok else 1
    finally:
        db.close()


def cmd_conflicts(kit: Kit) -> int:
    from rjdesk.services.syncing import review

    args = kit.args
    if args.action != "list" and not args.conflict:
        raise CliError(f"conflicts {args.action}: name the conflict id.")
    with kit.signed_in() as (db, actor):
        if args.action == "list":
            for v in review.list_conflicts(db, actor, include_resolved=args.all):
                print("\t".join([v.id, v.what, v.record, f"now: {v.current}",
                                 f"other: {v.other}",
                                 f"{v.loser_from} {v.loser_at:%Y-%m-%d %H:%M} UTC",
                                 "settled" if v.resolved else "open"]))
            return 0
        review.resolve(db, actor, args.conflict,
                       "current" if args.action == "keep-current" else "other")
    print(f"conflict {args.conflict} settled")
    return 0


def register(commands: Commands) -> None:
    share = argparse.ArgumentParser(add_help=False)
    share.add_argument("--share", metavar="DIR", help="the central share (a folder or UNC path)")
    p = commands.add("deployment", cmd_deployment, "create a deployment on an empty share "
                                                   "(once)", db=False, parents=(share,))
    p.add_argument("action", choices=("create",))
    p.add_argument("--admin-key", required=True, metavar="FILE",
                   help="where to write the administrator key file (kept off the share)")
    p.add_argument("--name", default="Missouri DOC Restorative Justice", metavar="NAME")
    p = commands.add("enroll", cmd_enroll, "join a deployment: ask (request), found it, list or "
                                           "approve requests", parents=(share,))
    p.add_argument("action", choices=("request", "found", "list", "approve"))
    p.add_argument("workstations", nargs="*", metavar="ID", help="approve: these (default all)")
    p.add_argument("--site", metavar="CODE", help="this workstation's site")
    p.add_argument("--name", metavar="NAME", help="this workstation's name")
    p.add_argument("--admin-key", metavar="FILE")
    commands.add("sync", cmd_sync, "one sync round: publish, pull, apply, report (exit 0 only "
                                   "when nothing was rejected)", parents=(share,))
    p = commands.add("conflicts", cmd_conflicts, "list sync conflicts, or settle one by keeping "
                                                 "the current or the other value", user=True)
    p.add_argument("action", choices=("list", "keep-current", "keep-other"))
    p.add_argument("conflict", nargs="?", metavar="ID")
    p.add_argument("--all", action="store_true", help="list settled ones too")
