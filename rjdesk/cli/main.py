"""``rjdesk-cli``: the same services as the program, without a window, for IT, scheduled tasks
and bulk work.

Every failure a person can cause or meet (a refusal, a wrong password, a missing or unwritable
file, a database from a newer RJ Desk) ends in one line ``rjdesk-cli: <what to do>`` on stderr,
exit status 2 for a refusal or bad input and 1 for anything else, and nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from rjdesk import __version__, paths
from rjdesk.cli import syncing as cli_sync
from rjdesk.cli.syncing import SyncCliError
from rjdesk.demo.builder import build_demo
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import Site
from rjdesk.services.admin import auth
from rjdesk.services.core import settings
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.core.errors import Errors, NotFound, Refused
from rjdesk.services.core.sites import get_site, list_sites, read_register
from rjdesk.services.people.exchange import export_people, import_people, sites_summary
from rjdesk.store import capture
from rjdesk.store.digest import integrity_problems, rebuild_search_index, state_digest
from rjdesk.store.migrate import DatabaseError, open_database, stored_revision
from rjdesk.sync import state as sync_state
from rjdesk.sync.deployment import DeploymentError
from rjdesk.sync.publish import pending_count
from rjdesk.sync.share import ShareError

if TYPE_CHECKING:
    from rjdesk.services.icvc.schedule import ClassView

PROG = "rjdesk-cli"
MAX_PROBLEM_LINES = 200


class CliError(Exception):
    """A failure the command itself detects; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _say_error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _password(prompt: str, *, env: str = "RJDESK_PASSWORD", twice: bool = False) -> str:
    """From the environment (scripts) or a prompt (people); never from the command line,
    where other users of the machine could read it."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"no password: set {env}, or run the command in a terminal to be asked.")
    first = getpass.getpass(prompt)
    if twice and getpass.getpass("Type it again: ") != first:
        raise CliError("the two passwords differ; nothing was changed.")
    return first


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else paths.default_database()


@contextmanager
def _opened(args: argparse.Namespace, *, create: bool = False) -> Iterator[Database]:
    """The database, closed afterwards. One this command created is removed again if the
    command fails, so a failed ``init`` or ``demo`` leaves no file behind."""
    path = _db_path(args)
    existed = path.exists()
    db = open_database(path, create=create)
    try:
        yield db
    except BaseException:
        db.close()
        if not existed:
            for leftover in (path, *(path.with_name(path.name + s)
                                      for s in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
        raise
    db.close()


def _signed_in(args: argparse.Namespace, db: Database) -> Actor:
    return auth.sign_in(db, args.user, _password(f"Password for {args.user}: "))


def _need_user(args: argparse.Namespace) -> None:
    """Checked before the database is opened: a command on personal data names its user."""
    if not args.user:
        raise CliError("sign in with --user NAME (or set RJDESK_USER); the password comes "
                       "from RJDESK_PASSWORD or a prompt.")


# --- commands ----------------------------------------------------------------------------------

def cmd_sites(args: argparse.Namespace) -> int:
    path = _db_path(args)
    if args.db or path.exists():
        with _opened(args) as db:
            rows = [(s.code, s.name) for s in list_sites(db)]
    else:  # no database yet: the register a new one will be set up from
        rows = sorted((r["code"], r["name"]) for r in read_register())
    for code, name in rows:
        print(f"{code}\t{name}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    workstation = args.workstation or f"{args.site.upper()}-{socket.gethostname()}"[:40]
    password = _password(f"Password for the administrator {args.admin}: ", twice=True)
    with _opened(args, create=True) as db:
        actor = auth.setup_workstation(db, site_code=args.site, workstation_name=workstation,
                                       admin_username=args.admin, admin_name=args.admin_name,
                                       admin_password=password)
    print(f"{_db_path(args)}: workstation {workstation} at {actor.site_code} "
          f"({actor.site_name}); administrator {actor.username}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\rdemo: {done:,} of {total:,} records ({done * 100 // max(total, 1)} %)",
                  end="", file=sys.stderr, flush=True)

    path = Path(args.db) if args.db else paths.demo_database()
    args.db = path
    try:
        with _opened(args, create=True) as db:
            summary = build_demo(db, scale=args.scale, seed=args.seed, home_site=args.site,
                                 progress=progress)
    finally:
        if show:
            print(file=sys.stderr)
    print(f"{path}: demo at {args.site.upper()} with {summary.offenders:,} offenders, "
          f"{summary.volunteers:,} volunteers, {summary.transfers:,} transfers, "
          f"{summary.classes:,} ICVC classes with {summary.enrollments:,} enrollments and "
          f"{summary.users} staff accounts (admin, staff, coordinator, officer, board, victims, "
          "central; password “demo”).")
    return 0


def cmd_import_people(args: argparse.Namespace) -> int:
    _need_user(args)
    if not Path(args.file).is_file():
        raise CliError(f"{args.file}: there is no such file.", 1)
    with _opened(args) as db:
        report = import_people(db, _signed_in(args, db), Path(args.file))
    print(f"imported {report.imported:,} people from {report.file_name} "
          f"({sites_summary(report.by_site)}).")
    return 0


def cmd_export_people(args: argparse.Namespace) -> int:
    _need_user(args)
    with _opened(args) as db:
        actor = _signed_in(args, db)
        site_id = get_site(db, args.site).id if args.site else None
        count = export_people(db, actor, Path(args.output), site_id)
    print(f"exported {count:,} people to {args.output}.")
    return 0


def cmd_print_people(args: argparse.Namespace) -> int:
    from rjdesk.services.people.printouts import print_people_list  # reportlab: a second, only here

    _need_user(args)
    if Path(args.output).suffix.lower() != ".pdf":
        raise CliError(f"the people list is printed to a .pdf file, not “{args.output}”.")
    with _opened(args) as db:
        pages = print_people_list(db, _signed_in(args, db), args.site, Path(args.output))
    print(f"printed the people list of {args.site.upper()}: {pages} pages in {args.output}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        with db.engine.connect() as connection:
            problems = integrity_problems(connection)
        if problems and args.repair:
            with db.engine.begin() as connection:
                rebuild_search_index(connection)
                capture.install(connection)
            print("repair: people search index rebuilt; change capture made anew")
            with db.engine.connect() as connection:
                problems = integrity_problems(connection)
        for problem in problems or ["ok"]:
            print(f"integrity: {problem}")
        with db.reading() as session:
            site = session.get(Site, settings.read(session, settings.SITE_ID) or "")
        print(f"site: {site.code if site else '(not set up)'}")
        print(f"schema: {stored_revision(db.path)}")
        with db.engine.connect() as connection:
            print(f"workstation: {sync_state.workstation_id(connection)}")
            print(f"changes waiting to be published: "
                  f"{pending_count(connection, sync_state.workstation_id(connection))}")
            print(f"state: {state_digest(connection)}")
    return 1 if problems else 0


def cmd_users(args: argparse.Namespace) -> int:
    _need_user(args)
    with _opened(args) as db:
        actor = _signed_in(args, db)
        if args.action == "list":
            for u in auth.list_users(db, actor):
                state = "locked" if u.locked else "active" if u.active else "inactive"
                print(f"{u.username}\t{u.role.value}\t{u.site_code}\t{state}\t{u.display_name}")
        elif args.action == "add":
            password = _password(f"Password for the new user {args.username}: ",
                                 env="RJDESK_NEW_PASSWORD", twice=True)
            u = auth.create_user(db, actor, username=args.username, display_name=args.name,
                                 role=Role(args.role), site_code=args.site, password=password)
            print(f"added {u.username} ({u.role.label}) at {u.site_code}.")
        else:
            u = auth.unlock_user(db, actor, args.username)
            print(f"unlocked {u.username}.")
    return 0


# --- ICVC: finding classes, printing and exporting ----------------------------------------------

def _pdf_output(args: argparse.Namespace, what: str) -> Path:
    if Path(args.output).suffix.lower() != ".pdf":
        raise CliError(f"the {what} is printed to a .pdf file, not “{args.output}”.")
    return Path(args.output)


def _class(db: Database, actor: Actor, class_id: str) -> ClassView:
    """The class, or a hint where to find its id: an id is typed or pasted, so typos happen."""
    from rjdesk.services.icvc.schedule import get_class

    try:
        return get_class(db, actor, class_id)
    except NotFound:
        raise CliError(f"there is no class “{class_id}”; `{PROG} classes` lists them.") from None


def cmd_classes(args: argparse.Namespace) -> int:
    from rjdesk.services.icvc.schedule import list_classes

    _need_user(args)
    with _opened(args) as db:
        actor = _signed_in(args, db)
        site_id = get_site(db, args.site).id if args.site else None
        for c in list_classes(db, actor, site_id):
            dates = (f"{c.first_day:%m/%d/%Y}-{c.last_day:%m/%d/%Y}" if c.first_day and c.last_day
                     else "no sessions")
            print(f"{c.id}\t{c.site_code}\t{c.title}\t{dates}\t{c.state}\t"
                  f"{c.enrolled}/{c.capacity} seats, {c.waitlisted} waiting")
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    from rjdesk.services.icvc.roster import roster

    _need_user(args)
    with _opened(args) as db:
        actor = _signed_in(args, db)
        _class(db, actor, args.class_id)
        for e in roster(db, actor, args.class_id):
            status = e.status.value
            if e.waitlist_position:
                status += f" #{e.waitlist_position}"
            elif e.completed_on:
                status += f" {e.completed_on:%m/%d/%Y} {e.certificate_number or ''}".rstrip()
            print(f"{e.id}\t{e.doc_number}\t{e.name}\t{status}")
    return 0


def cmd_print_icvc(args: argparse.Namespace) -> int:
    from rjdesk.domain.icvc.enums import EnrollmentStatus
    from rjdesk.services.icvc import printouts  # reportlab: a second, only here
    from rjdesk.services.icvc.roster import roster

    _need_user(args)
    what = {"roster": "sign-in sheet", "certificate": "certificate",
            "certificates": "certificates", "class-summary": "class summary"}[args.what]
    out = _pdf_output(args, what)
    with _opened(args) as db:
        actor = _signed_in(args, db)
        if args.what == "certificate":
            pages = printouts.print_certificates(db, actor, [args.enrollment], out)
        else:
            cls = _class(db, actor, args.class_id)
            if args.what == "roster":
                held = [s for s in cls.sessions if s.number is not None]
                chosen = [s for s in held if s.number == args.session]
                if not chosen:
                    raise CliError(f"session {args.session}: {cls.title} has sessions 1 to "
                                   f"{len(held)} (cancelled ones are not counted).")
                pages = printouts.print_roster(db, actor, chosen[0].id, out)
                what += f" of {cls.title}, {chosen[0].label}"
            elif args.what == "certificates":
                done = [e.id for e in roster(db, actor, cls.id)
                        if e.status is EnrollmentStatus.COMPLETED]
                if not done:
                    raise CliError(f"no one has completed {cls.title} yet; nothing was printed.")
                pages = printouts.print_certificates(db, actor, done, out)
                what = f"{len(done)} certificates of {cls.title}"
            else:
                pages = printouts.print_class_summary(db, actor, cls.id, out)
                what += f" of {cls.title}"
    print(f"printed the {what}: {pages} {'page' if pages == 1 else 'pages'} in {out}.")
    return 0


def cmd_export_enrollments(args: argparse.Namespace) -> int:
    from rjdesk.services.icvc.export import export_enrollments

    _need_user(args)
    with _opened(args) as db:
        actor = _signed_in(args, db)
        site_id = get_site(db, args.site).id if args.site else None
        if args.class_id:
            _class(db, actor, args.class_id)
        count = export_enrollments(db, actor, Path(args.output), site_id=site_id,
                                   class_id=args.class_id)
    print(f"exported {count:,} enrollments to {args.output}.")
    return 0


# --- the parser --------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="PATH",
                    help="the database (default: this workstation's, in the user data folder)")
    user = argparse.ArgumentParser(add_help=False)
    user.add_argument("--user", metavar="NAME", default=os.environ.get("RJDESK_USER"),
                      help="sign in as NAME; the password comes from RJDESK_PASSWORD or a prompt")
    parser = argparse.ArgumentParser(prog=PROG, description="RJ Desk without a window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, run: Callable[[argparse.Namespace], int], help_: str,
            parents: list, into=sub) -> argparse.ArgumentParser:  # noqa: ANN001
        p = into.add_parser(name, parents=parents, help=help_, description=help_)
        p.set_defaults(run=run)
        return p

    add("sites", cmd_sites, "list the department's sites: code and name", [db])
    p = add("init", cmd_init, "set up a new workstation database", [db])
    p.add_argument("--site", required=True, metavar="CODE")
    p.add_argument("--workstation", metavar="NAME")
    p.add_argument("--admin", default="admin", metavar="NAME",
                   help="the administrator's user name (password: RJDESK_PASSWORD or a prompt)")
    p.add_argument("--admin-name", default="Administrator", metavar="FULL NAME")
    p = add("demo", cmd_demo, "build a demo database (default: the demo file in the user data "
                              "folder)", [db])
    p.add_argument("--scale", type=int, default=1, help="1: ~460 people; N: ~N×1000")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--site", default="JCCC", metavar="CODE", help="the home site")
    groups = {}
    for verb, run, help_ in (("import", cmd_import_people, "import people from a CSV file"),
                             ("export", cmd_export_people, "export people to .csv or .xlsx"),
                             ("print", cmd_print_people, "print a site's people list (PDF)")):
        about = {"import": help_, "export": "export people or ICVC enrollments (.csv/.xlsx)",
                 "print": "print a people list or ICVC papers (PDF)"}[verb]
        group = sub.add_parser(verb, help=about, description=about)
        what = groups[verb] = group.add_subparsers(dest="what", required=True, metavar="WHAT")
        p = add("people", run, help_, [db, user], into=what)
        if verb == "import":
            p.add_argument("file", metavar="FILE.csv")
        else:
            p.add_argument("-o", "--output", required=True, metavar="FILE")
            p.add_argument("--site", required=verb == "print", metavar="CODE")
    _icvc_parsers(add, sub, groups, [db, user])
    p = add("check", cmd_check, "check integrity; print site, schema and state digest", [db])
    p.add_argument("--repair", action="store_true",
                   help="rebuild the people search index and the change capture")
    cli_sync.add_parsers(add, db, user, _signed_in)
    p = add("users", cmd_users, "list, add or unlock staff accounts (administrators)", [db, user])
    p.add_argument("action", choices=("list", "add", "unlock"))
    p.add_argument("username", nargs="?")
    p.add_argument("--role", choices=[r.value for r in Role])
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--name", metavar="FULL NAME")
    return parser


def _icvc_parsers(add: Callable, sub, groups: dict, parents: list) -> None:  # noqa: ANN001
    """ICVC's commands: find a class and its people, print its papers, export enrollments."""
    p = add("classes", cmd_classes, "list ICVC classes: id, site, title, dates, state, seats",
            parents)
    p.add_argument("--site", metavar="CODE")
    p = add("roster", cmd_roster, "list a class's enrollments: id, DOC number, name, status",
            parents)
    p.add_argument("--class", dest="class_id", required=True, metavar="ID")
    for name, help_ in (("roster", "print the sign-in sheet of one session (PDF)"),
                        ("certificate", "print one person's completion certificate (PDF)"),
                        ("certificates", "print the certificates of everyone who completed a "
                                         "class (PDF)"),
                        ("class-summary", "print a class's attendance and statuses (PDF)")):
        p = add(name, cmd_print_icvc, help_, parents, into=groups["print"])
        if name == "certificate":
            p.add_argument("--enrollment", required=True, metavar="ID")
        else:
            p.add_argument("--class", dest="class_id", required=True, metavar="ID")
        if name == "roster":
            p.add_argument("--session", required=True, type=int, metavar="N",
                           help="N of “Session N of M” (cancelled sessions are not counted)")
        p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = add("enrollments", cmd_export_enrollments, "export ICVC enrollments to .csv or .xlsx",
            parents, into=groups["export"])
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--site", metavar="CODE")
    p.add_argument("--class", dest="class_id", metavar="ID")


def _users_args(args: argparse.Namespace) -> None:
    if getattr(args, "run", None) is cmd_users and args.action != "list":
        if not args.username:
            raise CliError(f"users {args.action}: name the user.")
        if args.action == "add" and not (args.role and args.site and args.name):
            raise CliError("users add: give --role, --site and --name.")


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        _users_args(args)
        return args.run(args)
    except Errors as exc:
        for message in exc.errors.values():
            _say_error(message)
        return 2
    except Refused as exc:
        lines = exc.lines() if hasattr(exc, "lines") else [exc.message]
        _say_error(lines[0])
        for line in lines[1:MAX_PROBLEM_LINES + 1]:
            print(f"  {line}", file=sys.stderr)
        if len(lines) > MAX_PROBLEM_LINES + 1:
            print(f"  … and {len(lines) - MAX_PROBLEM_LINES - 1:,} more", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (``| head``) went away: not worth a message
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (CliError, SyncCliError) as exc:
        _say_error(str(exc))
        return exc.code
    except (DeploymentError, ShareError) as exc:
        _say_error(getattr(exc, "message", None) or str(exc))
        return 1
    except DatabaseError as exc:
        _say_error(str(exc))
        return 1
    except OSError as exc:
        _say_error(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror
                   else str(exc))
        return 1
    except SQLAlchemyError as exc:
        _say_error(f"database error: {getattr(exc, 'orig', None) or exc}")
        return 1
    except KeyboardInterrupt:
        _say_error("interrupted; nothing was written.")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
