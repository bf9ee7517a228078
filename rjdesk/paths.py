"""Every file path RJ Desk uses, from one place, frozen (PyInstaller) or from source.

Resources (forms, fonts, icons, site register) sit beside the package in a source checkout and
under ``sys._MEIPASS`` in a frozen build; user data and logs go where the platform expects them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "RJDesk"
APP_AUTHOR = "MissouriDOC"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder that holds ``forms/`` and ``resources/``."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return bundle_root() / "forms"


def form(name: str) -> Path:
    """The Qt Designer file ``forms/<name>.ui``."""
    return forms_dir() / f"{name}.ui"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def data_file(name: str) -> Path:
    """A data file shipped in ``resources/data``."""
    return resources_dir() / "data" / name


def migrations_dir() -> Path:
    return Path(__file__).resolve().parent / "store" / "migrations"


def user_data_dir() -> Path:
    """Where the workstation's database lives; ``RJDESK_HOME`` overrides it (tests, portable
    use)."""
    override = os.environ.get("RJDESK_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_log_dir() -> Path:
    override = os.environ.get("RJDESK_HOME")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_database() -> Path:
    return user_data_dir() / "rjdesk.sqlite3"


def demo_database() -> Path:
    return user_data_dir() / "demo.sqlite3"


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def sync_work_dir(database: Path) -> Path:
    """Beside a database: bundles copied in from the share, files set aside, snapshots in the
    making (``incoming/``, ``rejected/``, ``outgoing/``)."""
    return database.parent / f"{database.stem}-sync"
