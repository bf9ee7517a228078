"""Opening a workstation database: create, back up, migrate, or refuse — never half of it.

A database written by a newer RJ Desk is refused before anything touches it. One that needs
migrating is first copied, through SQLite's backup API (safe with WAL), to a timestamped file in
``backups/`` beside it.

Alembic is imported only when a database needs migrating: the revisions are read from the
scripts' own ``revision = …`` lines, so opening an up-to-date database (every start of the
program, every command) does not pay for loading it.
"""

from __future__ import annotations

import ast
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rjdesk import paths
from rjdesk.store import capture, private
from rjdesk.store.clock import WallClock
from rjdesk.store.database import Database, DatabaseError, make_engine
from rjdesk.store.soundness import (
    damage,
    is_read_only,
    leaving_nothing,
    read_only_uri,
    wal_in_use,
)

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["DatabaseError", "NewerSchemaError", "open_database"]


class NewerSchemaError(DatabaseError):
    pass


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def _declared(script: Path) -> tuple[str, str | None] | None:
    """A script's ``revision`` and ``down_revision`` as it assigns them, without running it."""
    found: dict[str, object] = {}
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            for name in set(names) & {"revision", "down_revision"}:
                try:
                    found[name] = ast.literal_eval(node.value) if node.value else None
                except ValueError:
                    return None
    revision, down = found.get("revision"), found.get("down_revision")
    if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
        return None  # a merge point or something unusual: let Alembic read it
    return revision, down


def _revisions() -> tuple[set[str], str]:
    """Every revision and the newest, read from the scripts' text; Alembic's own reading when a
    script declares them in a way this does not follow (a merge point, a computed value)."""
    chain: dict[str, str | None] = {}
    for script in sorted((paths.migrations_dir() / "versions").glob("*.py")):
        declared = _declared(script)
        if declared is None:
            return _alembic_revisions()
        chain[declared[0]] = declared[1]
    heads = set(chain) - set(chain.values())
    if len(heads) != 1:
        return _alembic_revisions()
    return set(chain), heads.pop()


def _alembic_revisions() -> tuple[set[str], str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_alembic_config())
    head = scripts.get_current_head()
    assert head is not None
    return {rev.revision for rev in scripts.walk_revisions()}, head


def head_revision() -> str:
    return _revisions()[1]


def known_revisions() -> set[str]:
    return _revisions()[0]


def stored_revision(path: Path) -> str | None:
    """The schema revision stamped in the file, ``None`` for an empty or new file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with leaving_nothing(path):
        return _read_revision(path, immutable=is_read_only(path) and not wal_in_use(path))


def _read_revision(path: Path, *, immutable: bool) -> str | None:
    try:
        con = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)
        try:
            tables = {r[0] for r in
                      con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseError(f"{path.name} is not an RJ Desk database.")
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path.name} cannot be read as a database: {exc}.") from exc


def backup(path: Path, revision: str | None) -> Path:
    """Copy the database to ``backups/<name>-<timestamp>-<revision>.sqlite3``."""
    folder = private.folder(paths.backups_dir(path))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-schema-{revision or 'none'}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{n}-schema-{revision or 'none'}.sqlite3"
    source = sqlite3.connect(path)
    dest = sqlite3.connect(private.new_file(target))
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


def open_database(path: Path | str, *, create: bool = True,
                  clock: WallClock = time.time) -> Database:
    """Open (creating or migrating as needed) the database at ``path``.

    A read-only database (the file, or its folder) or a damaged one is opened for reading
    only: every write is refused with the one line ``Database.refusal`` that says why."""
    path = Path(path)
    current = stored_revision(path)
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise NewerSchemaError(
            f"{path.name} was written by a newer version of RJ Desk (schema {current}). "
            "Install the newer RJ Desk on this workstation to open it; the file was not changed."
        )
    if current is None and not create:
        raise DatabaseError(f"There is no RJ Desk database at {path}.")
    refusal = _refusal(path, current)
    if refusal is not None:
        if current != head:
            raise DatabaseError(f"{refusal[:-1]}, and it needs upgrading to this RJ Desk's "
                                "schema, which would write to it.")
        engine = make_engine(path, clock, read_only=True, immutable=not wal_in_use(path))
        return Database(path=path, engine=engine, refusal=refusal)
    _make_private(path)
    if current is not None and current != head:
        backup(path, current)
    engine = make_engine(path, clock)
    if current != head:
        from alembic import command

        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            # the capture triggers list each table's columns: make them anew for this schema
            capture.install(connection)
    return Database(path=path, engine=engine)


def _refusal(path: Path, current: str | None) -> str | None:
    """Why nothing may be written to the database at ``path``, or None."""
    if is_read_only(path):
        if current is None:
            raise DatabaseError(f"{path} is read-only: RJ Desk cannot make its database there.")
        return (f"{path.name} is read-only (the file or its folder cannot be written): it can "
                "be read and checked, but nothing can be changed.")
    found = damage(path) if current is not None else None
    if found is None:
        return None
    return (f"{path.name} is damaged ({found}): nothing will be written to it. Close RJ Desk "
            f"and restore the newest copy from {paths.backups_dir(path)} (see the README, "
            "Back up).")


def _make_private(path: Path) -> None:
    """The data folder owner-only when RJ Desk makes it, or when it is the program's own; the
    database and its journals owner-only (SQLite gives its journals the database's mode)."""
    folder = path.parent
    if not folder.exists() or folder.resolve() == paths.user_data_dir().resolve():
        private.folder(folder)
    private.new_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        private.tighten(path.with_name(path.name + suffix), private.FILE)
    for own in (paths.backups_dir(path), paths.sync_work_dir(path)):  # made by an older release
        private.tighten(own, private.FOLDER)
