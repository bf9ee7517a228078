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
    if args.what in ("list", "members", "approve", "revoke"):
        return _administer(args)
    # request (or found): this workstation asks to join
    if not (args.site or "").strip() or not (args.name or "").strip():
        raise CliError("enroll: give --site CODE and --name NAME for this workstation.")
    site = enrollment.site_code(args.site)
    share = _share(args)
    key_file = _admin_key(args, "found") if args.what == "found" else None
    enrollment.deployment_name(share)  # no deployment there: fail before a database is made
    with kit.database(create=True) as db:
        if key_file is not None:
            me = enrollment.found(db, share, key_file, name=args.name, site=site)
        else:
            me = enrollment.request(db, share, name=args.name, site=site)
    if args.what == "found":
        print(f"{args.name} ({site}) founded the deployment as workstation {me.workstation}; "
              f"`{PROG} sync` publishes its first snapshot")
    else:
        print(f"{args.name} ({site}) asked to join as workstation {me.workstation}; an "
              f"administrator approves it with `{PROG} enroll approve --share {args.share} "
              f"--admin-key FILE {me.workstation}`, then `{PROG} sync` brings the records")
        print(f"tell IT this fingerprint: {me.fingerprint} (they compare it before approving)")
    return 0


def _administer(args: argparse.Namespace) -> int:
    """What an administrator does on the share: list requests or members, approve, revoke."""
    from rjdesk.services.syncing import enrollment

    share = _share(args)
    if args.what == "list":
        for r in enrollment.pending(share):
            print(f"{r.workstation}\t{r.site}\t{r.name}\t{r.requested_at}\t"
                  f"fingerprint {r.fingerprint}")
            for doubt in r.doubts:
                print(f"  warning: {doubt}")
        for line in enrollment.unreadable_requests(share):
            print(f"bad request: {line}", file=sys.stderr)
        return 0
    if args.what == "members":
        for m in enrollment.members(share):
            print(f"{m.workstation}\t{m.site}\t{m.name}\t{m.approved_at}\t"
                  f"fingerprint {m.fingerprint or '(not kept)'}")
        return 0
    key_file = _admin_key(args, args.what)
    if args.what == "revoke":
        done = enrollment.revoke(share, key_file, args.workstation)
        print(f"revoked {done.workstation} ({done.name}, {done.site}); the deployment key is "
              f"renewed (generation {done.generation}) for the {done.remaining} workstation(s) "
              "that remain, which take it at their next sync")
        return 0
    for r in enrollment.approve(share, key_file, args.workstations,
                                even_if_duplicate=args.even_if_duplicate):
        print(f"approved {r.workstation}\t{r.site}\t{r.name}\tfingerprint {r.fingerprint}")
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
    admin_key = argparse.ArgumentParser(add_help=False)
    admin_key.add_argument("--admin-key", metavar="FILE", help="the administrator key file")
    commands.group("enroll", "join a deployment: ask (request), found it; list and approve "
                             "requests, list members, revoke one")
    for action, help_ in (("request", "ask to join, with a new empty database"),
                          ("found", "make this workstation the deployment's first member")):
        p = commands.add(action, cmd_enroll, help_, into="enroll",
                         parents=(share, *((admin_key,) if action == "found" else ())))
        p.add_argument("--site", metavar="CODE", help="this workstation's site")
        p.add_argument("--name", metavar="NAME", help="this workstation's name")
    commands.add("list", cmd_enroll, "the requests to join, with fingerprints and warnings",
                 db=False, into="enroll", parents=(share,))
    commands.add("members", cmd_enroll, "the enrolled workstations", db=False, into="enroll",
                 parents=(share,))
    p = commands.add("approve", cmd_enroll, "approve the requests named (compare each "
                                            "fingerprint first)", db=False, into="enroll",
                     parents=(share, admin_key))
    p.add_argument("workstations", nargs="+", metavar="WS", help="by workstation id or name")
    p.add_argument("--even-if-duplicate", action="store_true",
                   help="approve a request although its name is enrolled or asked for twice")
    p = commands.add("revoke", cmd_enroll, "remove a workstation and renew the deployment key",
                     db=False, into="enroll", parents=(share, admin_key))
    p.add_argument("workstation", metavar="WS", help="by workstation id or name")
    commands.add("sync", cmd_sync, "one sync round: publish, pull, apply, report (exit 0 only "
                                   "when nothing was rejected)", parents=(share,))
    p = commands.add("conflicts", cmd_conflicts, "list sync conflicts, or settle one by keeping "
                                                 "the current or the other value", user=True)
    p.add_argument("action", choices=("list", "keep-current", "keep-other"))
    p.add_argument("conflict", nargs="?", metavar="ID")
    p.add_argument("--all", action="store_true", help="list settled ones too")
