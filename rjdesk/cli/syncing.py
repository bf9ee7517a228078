"""``rjdesk-cli`` commands for sync: create a deployment, enroll workstations, run a round,
review conflicts. Kept apart from cli.py, which holds the records' commands."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from rjdesk import paths
from rjdesk.services.core.sites import read_register
from rjdesk.services.syncing import review as sync_review
from rjdesk.store.migrate import open_database
from rjdesk.sync import deployment, state
from rjdesk.sync.deployment import AdminKey
from rjdesk.sync.round import run_round
from rjdesk.sync.share import Share


class SyncCliError(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _share(args: argparse.Namespace, db=None) -> Share:  # noqa: ANN001
    root = args.share
    if not root and db is not None:
        with db.reading() as session:
            root = state.get(session.connection(), state.SHARE_PATH)
    if not root:
        raise SyncCliError("name the share with --share DIR.")
    return Share(Path(root))


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else paths.default_database()


def _site_code(code: str) -> str:
    code = code.strip().upper()
    if code not in {r["code"] for r in read_register()}:
        raise SyncCliError(f"there is no site {code}; `rjdesk-cli sites` lists them.")
    return code


def cmd_deployment(args: argparse.Namespace) -> int:
    key_file = Path(args.admin_key)
    if key_file.exists():
        raise SyncCliError(f"{key_file} exists; an administrator key file is never overwritten.")
    if not args.name.strip():
        raise SyncCliError("deployment create: give the deployment a --name.")
    if not Path(args.share).is_dir():
        raise SyncCliError(f"there is no folder {args.share}: make the shared folder first (and "
                           "give every workstation's account the right to change it).")
    # The key file first: a deployment on the share whose key was never stored is lost.
    admin = AdminKey.new()
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(admin.to_bytes())
    try:
        deployment.create(Share(Path(args.share)), name=args.name, admin=admin)
    except BaseException:
        key_file.unlink(missing_ok=True)  # nothing was made with it
        raise
    print(f"deployment {admin.deployment} created on {args.share}")
    print(f"administrator key: {key_file} — keep it off the share, with the backups; whoever "
          "holds it approves workstations")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    if args.action == "list":
        for r in deployment.pending_requests(Share(Path(args.share))):
            print(f"{r['workstation']}\t{r['site']}\t{r['name']}\t{r['requested_at']}")
        return 0
    if args.action == "approve":
        if not args.admin_key:
            raise SyncCliError("enroll approve: give --admin-key FILE.")
        share = Share(Path(args.share))
        wanted = args.workstations or [r["workstation"]
                                       for r in deployment.pending_requests(share)]
        if not wanted:
            print("no workstation is waiting for approval")
            return 0
        for ws in deployment.approve(share, AdminKey.read(Path(args.admin_key)), wanted):
            print(f"approved {ws}")
        return 0
    # request (or found): this workstation asks to join
    if not (args.site or "").strip() or not (args.name or "").strip():
        raise SyncCliError("enroll: give --site CODE and --name NAME for this workstation.")
    site = _site_code(args.site)
    path = _db_path(args)
    db = open_database(path)
    try:
        share = _share(args)
        with db.transaction() as session:
            c = session.connection()
            if args.action == "found":
                if not args.admin_key:
                    raise SyncCliError("enroll found: give --admin-key FILE.")
                deployment.found(c, share, AdminKey.read(Path(args.admin_key)), name=args.name,
                                 site_code=site)
                state.put(c, "joined", "founder")
            else:
                holds = c.exec_driver_sql(
                    "SELECT (SELECT count(*) FROM offender) + (SELECT count(*) FROM app_user) + "
                    "(SELECT count(*) FROM volunteer)").scalar_one()
                if holds:
                    raise SyncCliError(
                        f"{path.name} already holds records; a workstation joins with a new, "
                        "empty database and receives the department's records from the "
                        "snapshot (or founds the deployment with `enroll found`).")
                deployment.request_to_join(c, share, name=args.name, site_code=site)
            state.put(c, state.SHARE_PATH, str(share.root))
            me = state.workstation_id(c)
    finally:
        db.close()
    if args.action == "found":
        print(f"{args.name} ({site}) founded the deployment as workstation {me}; "
              "`rjdesk-cli sync` publishes its first snapshot")
    else:
        print(f"{args.name} ({site}) asked to join as workstation {me}; an administrator "
              f"approves it with `rjdesk-cli enroll approve --share {args.share} "
              f"--admin-key FILE {me}`, then `rjdesk-cli sync` brings the records")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    path = _db_path(args)
    db = open_database(path, create=False)
    try:
        share = _share(args, db)
        if args.share:
            with db.transaction() as session:
                state.put(session.connection(), state.SHARE_PATH, str(share.root))
        report, db = run_round(db, share.root, share=share,
                               reopen=lambda p: open_database(p, create=False))
        for line in report.lines():
            print(line)
        for r in sync_review.list_rejected(db) if report.rejected else []:
            print(f"  {r.file}: {r.reason} — {r.message} (kept as {r.kept_as})")
        return 0 if report.ok else 1
    finally:
        db.close()


def cmd_conflicts(args: argparse.Namespace, signed_in: Callable) -> int:  # noqa: ANN001
    db = open_database(_db_path(args), create=False)
    try:
        actor = signed_in(args, db)
        if args.action == "list":
            for v in sync_review.list_conflicts(db, actor, include_resolved=args.all):
                print("\t".join([v.id, v.what, v.record, f"now: {v.current}",
                                 f"other: {v.other}",
                                 f"{v.loser_from} {v.loser_at:%Y-%m-%d %H:%M} UTC",
                                 "settled" if v.resolved else "open"]))
            return 0
        if not args.conflict:
            raise SyncCliError(f"conflicts {args.action}: name the conflict id.")
        sync_review.resolve(db, actor, args.conflict, "current" if args.action == "keep-current"
                            else "other")
        print(f"conflict {args.conflict} settled")
        return 0
    finally:
        db.close()


def add_parsers(add: Callable, db: argparse.ArgumentParser, user: argparse.ArgumentParser,
                signed_in: Callable) -> None:
    """Called by cli._parser with its ``add`` helper and shared option groups."""
    share = argparse.ArgumentParser(add_help=False)
    share.add_argument("--share", metavar="DIR", help="the central share (a folder or UNC path)")
    p = add("deployment", cmd_deployment, "create a deployment on an empty share (once)", [share])
    p.add_argument("action", choices=("create",))
    p.add_argument("--admin-key", required=True, metavar="FILE",
                   help="where to write the administrator key file (kept off the share)")
    p.add_argument("--name", default="Missouri DOC Restorative Justice", metavar="NAME")
    p = add("enroll", cmd_enroll, "join a deployment: ask (request), found it, list or approve "
                                  "requests", [db, share])
    p.add_argument("action", choices=("request", "found", "list", "approve"))
    p.add_argument("workstations", nargs="*", metavar="ID", help="approve: these (default all)")
    p.add_argument("--site", metavar="CODE", help="this workstation's site")
    p.add_argument("--name", metavar="NAME", help="this workstation's name")
    p.add_argument("--admin-key", metavar="FILE")
    add("sync", cmd_sync, "one sync round: publish, pull, apply, report (exit 0 only when "
                          "nothing was rejected)", [db, share])
    p = add("conflicts", lambda a: cmd_conflicts(a, signed_in),
            "list sync conflicts, or settle one by keeping the current or the other value",
            [db, user])
    p.add_argument("action", choices=("list", "keep-current", "keep-other"))
    p.add_argument("conflict", nargs="?", metavar="ID")
    p.add_argument("--all", action="store_true", help="list settled ones too")

