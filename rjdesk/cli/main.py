"""``rjdesk-cli``: the same services as the program, without a window, for IT, scheduled tasks
and bulk work.

Every failure a person can cause or meet (a refusal, a wrong password, a missing or unwritable
file, a database from a newer RJ Desk) ends in one line ``rjdesk-cli: <what to do>`` on stderr,
exit status 2 for a refusal or bad input and 1 for anything else, and nothing written.

How commands are found: :mod:`rjdesk.cli.core` (commands of no program area) and then each
area's module, as :func:`rjdesk.areas.packages` lists them for the layer ``"cli"``
(``rjdesk.cli.people``, ``rjdesk.cli.icvc`` …), each define::

    def register(commands: rjdesk.cli.kit.Commands) -> None

which calls ``commands.add(name, run, help, db=…, user=…, into=…)`` once per command and adds
the command's own options to the parser it returns. ``run`` takes a :class:`~rjdesk.cli.kit.Kit`
(the arguments, the database, the sign-in) and returns the exit status. A module declares
parsers only: it imports the services inside ``run``, so ``--help`` stays light.
"""

from __future__ import annotations

import argparse
import os
import sys
from types import ModuleType

from rjdesk import __version__, areas
from rjdesk.cli import core
from rjdesk.cli.kit import PROG, CliError, Commands, Kit
from rjdesk.services.core.errors import Errors, Refused

MAX_PROBLEM_LINES = 200
#: Failures from below the command line that end with status 1, by where they are declared.
#: Looked up only in modules already loaded: a command that never imported one cannot meet it,
#: and the check must not load the database layer for ``--help``.
FAILURES = (("rjdesk.services.core.database", "DatabaseError"),
            ("rjdesk.services.syncing.enrollment", "EnrollmentFailed"),
            ("sqlalchemy.exc", "SQLAlchemyError"))


def command_modules() -> list[ModuleType]:
    """Who declares commands: the core, then the areas in the order the program shows them."""
    return [core, *areas.packages("cli")]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog=PROG, description="RJ Desk without a window.")
    top.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = Commands(top.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    for module in command_modules():
        module.register(commands)
    return top


def say_error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _refused(exc: Refused) -> int:
    if isinstance(exc, Errors):
        for message in exc.errors.values():
            say_error(message)
        return 2
    lines = exc.lines() if hasattr(exc, "lines") else [exc.message]
    say_error(lines[0])
    for line in lines[1:MAX_PROBLEM_LINES + 1]:
        print(f"  {line}", file=sys.stderr)
    if len(lines) > MAX_PROBLEM_LINES + 1:
        print(f"  … and {len(lines) - MAX_PROBLEM_LINES - 1:,} more", file=sys.stderr)
    return 2


def _failure(exc: Exception) -> str | None:
    """The one line for a failure from below, or None when it is not one of ours (a bug,
    which keeps its traceback)."""
    for module_name, class_name in FAILURES:
        module = sys.modules.get(module_name)
        if module is not None and isinstance(exc, getattr(module, class_name)):
            if class_name == "SQLAlchemyError":
                return f"database error: {getattr(exc, 'orig', None) or exc}"
            return getattr(exc, "message", None) or str(exc)
    return None


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return exc.code if isinstance(exc.code, int) else 2
    kit = Kit(args)
    try:
        if args.check:
            args.check(args)
        if args.needs_user:
            kit.need_user()
        return int(args.run(kit))
    except Refused as exc:
        return _refused(exc)
    except BrokenPipeError:  # the reader (``| head``) went away: not worth a message
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except CliError as exc:
        say_error(str(exc))
        return exc.code
    except OSError as exc:
        say_error(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror
                  else str(exc))
        return 1
    except KeyboardInterrupt:
        say_error("interrupted; nothing was written.")
        return 130
    except Exception as exc:
        line = _failure(exc)
        if line is None:
            raise
        say_error(line)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
