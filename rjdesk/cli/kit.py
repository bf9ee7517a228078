"""What every command shares: the database it names (``--db``), the person who signs in
(``--user``, the password from ``RJDESK_PASSWORD`` or a prompt), the output file it writes, and
the declaration of commands that the areas' modules fill in.

Nothing here imports the services at module level: declaring the commands must stay cheap, so
``rjdesk-cli --help`` starts without the database layer. A command pays for what it uses when
it runs.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rjdesk import paths

if TYPE_CHECKING:
    from rjdesk.services.core.context import Actor
    from rjdesk.services.core.database import Database

PROG = "rjdesk-cli"


class CliError(Exception):
    """A failure the command itself detects; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def password(prompt: str, *, env: str = "RJDESK_PASSWORD", twice: bool = False) -> str:
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


@dataclass
class Kit:
    """One run of one command: its arguments and the database and sign-in they name."""

    args: argparse.Namespace

    @property
    def db_path(self) -> Path:
        return Path(self.args.db) if self.args.db else paths.default_database()

    @contextmanager
    def database(self, *, create: bool = False) -> Iterator[Database]:
        """The database, closed afterwards. One this command created is removed again if the
        command fails, so a failed ``init`` or ``demo`` leaves no file behind."""
        from rjdesk.services.core.database import open_database

        path = self.db_path
        existed = path.exists()
        db = open_database(path, create=create)
        try:
            yield db
        except BaseException:
            db.close()
            if not existed:
                for leftover in (path, *(path.with_name(path.name + s)  # and the note
                                          for s in ("-wal", "-shm", "-journal", ".checked"))):
                    leftover.unlink(missing_ok=True)
            raise
        db.close()

    def need_user(self) -> None:
        """Checked before the database is opened: a command on personal data names its user."""
        if not getattr(self.args, "user", None):
            raise CliError("sign in with --user NAME (or set RJDESK_USER); the password comes "
                           "from RJDESK_PASSWORD or a prompt.")

    @contextmanager
    def signed_in(self) -> Iterator[tuple[Database, Actor]]:
        """The database and the person signed in to it, for a command on personal data."""
        from rjdesk.services.admin import auth

        self.need_user()
        with self.database() as db:
            yield db, auth.sign_in(db, self.args.user,
                                   password(f"Password for {self.args.user}: "))

    def site_id(self, db: Database) -> str | None:
        """The id of the site ``--site`` names, or None (every site the user may see)."""
        from rjdesk.services.core.sites import get_site

        return get_site(db, self.args.site).id if self.args.site else None

    def pdf_output(self, what: str) -> Path:
        """``-o``, which must name a PDF: a printout written under another name would open in
        the wrong program, or not at all."""
        if Path(self.args.output).suffix.lower() != ".pdf":
            raise CliError(f"the {what} is printed to a .pdf file, not “{self.args.output}”.")
        return Path(self.args.output)


Run = Callable[[Kit], int]


@dataclass
class Commands:
    """Where an area declares its commands (see :mod:`rjdesk.cli.main` for the contract).

    ``add`` makes one command: its name, the function that runs it, a one-line help, and
    whether it works on a database (``--db``) and signs a person in (``--user``). ``into``
    names a group shared by areas (``import``, ``export``, ``print``) that :meth:`group`
    declared first; the command is then ``<group> <name>``.
    """

    sub: argparse._SubParsersAction
    groups: dict[str, argparse._SubParsersAction] = field(default_factory=dict)
    _db: argparse.ArgumentParser = field(init=False)
    _user: argparse.ArgumentParser = field(init=False)

    def __post_init__(self) -> None:
        self._db = argparse.ArgumentParser(add_help=False)
        self._db.add_argument("--db", metavar="PATH", help="the database (default: this "
                                                          "workstation's, in the user data folder)")
        self._user = argparse.ArgumentParser(add_help=False)
        self._user.add_argument("--user", metavar="NAME", default=os.environ.get("RJDESK_USER"),
                                help="sign in as NAME; the password comes from RJDESK_PASSWORD "
                                     "or a prompt")

    def group(self, verb: str, help_: str) -> None:
        """A command word whose second word each area fills in (``export people``)."""
        parser = self.sub.add_parser(verb, help=help_, description=help_)
        self.groups[verb] = parser.add_subparsers(dest="what", required=True, metavar="WHAT")

    def add(self, name: str, run: Run, help_: str, *, db: bool = True, user: bool = False,
            into: str | None = None, parents: tuple[argparse.ArgumentParser, ...] = (),
            check: Callable[[argparse.Namespace], None] | None = None
            ) -> argparse.ArgumentParser:
        """Declare one command and return its parser for the command's own options.
        ``check`` looks at the arguments before anything else happens (sign-in included)."""
        shared = [*([self._db] if db else []), *parents, *([self._user] if user else [])]
        where = self.groups[into] if into else self.sub
        p = where.add_parser(name, parents=shared, help=help_, description=help_)
        p.set_defaults(run=run, needs_user=user, check=check)
        return p


class LazyChoices(Sequence[str]):
    """Choices of an option whose values live in the domain (roles …): read when an argument
    is checked or a help text shows them, not when the parser is declared, which would load
    the database layer for every command. Give the option a ``metavar``."""

    def __init__(self, load: Callable[[], list[str]]) -> None:
        self._load = load
        self._values: list[str] | None = None

    def _all(self) -> list[str]:
        if self._values is None:
            self._values = list(self._load())
        return self._values

    def __getitem__(self, index: int) -> str:  # type: ignore[override]  # no slices asked of it
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, value: object) -> bool:
        return value in self._all()
