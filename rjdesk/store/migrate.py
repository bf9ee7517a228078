"""Opening a workstation database: create, back up, migrate, or refuse — never half of it.

A database written by a newer RJ Desk is refused before anything touches it. One that needs
migrating is first copied, through SQLite's backup API (safe with WAL), to a timestamped file in
``backups/`` beside it.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from rjdesk import paths
from rjdesk.store import capture
from rjdesk.store.clock import WallClock
from rjdesk.store.database import Database, make_engine


class DatabaseError(Exception):
    """The database cannot be opened; the message says what to do."""


class NewerSchemaError(DatabaseError):
    pass


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


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
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
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
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            # the capture triggers list each table's columns: make them anew for this schema
            capture.install(connection)
    return Database(path=path, engine=engine)
