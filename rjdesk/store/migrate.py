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
from rjdesk.store import capture
from rjdesk.store.clock import WallClock
from rjdesk.store.database import Database, make_engine

if TYPE_CHECKING:
    from alembic.config import Config


class DatabaseError(Exception):
    """The database cannot be opened; the message says what to do."""


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
    # Reading a WAL database makes -wal/-shm files beside it; remove those this look made, so
    # a database that is then refused is left exactly as it was found.
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {c for c in companions if c.exists()}
    try:
        return _read_revision(path)
    finally:
        for companion in companions:
            if companion not in existed and companion.exists():
                if companion.name.endswith("-wal") and companion.stat().st_size:
                    continue  # never throw away log content (it cannot appear read-only)
                companion.unlink(missing_ok=True)


def _read_revision(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
    folder = paths.backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-schema-{revision or 'none'}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{n}-schema-{revision or 'none'}.sqlite3"
    source = sqlite3.connect(path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


def open_database(path: Path | str, *, create: bool = True,
                  clock: WallClock = time.time) -> Database:
    """Open (creating or migrating as needed) the database at ``path``."""
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
    path.parent.mkdir(parents=True, exist_ok=True)
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
