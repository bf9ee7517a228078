"""Owner-only files and folders: the database holds every record and password hash, so it, its
journals, its backups and every file made from it are readable by the account that runs RJ Desk
and by no other local account.

On Windows the modes mean little (the user's LocalAppData is private already, and a shared
folder is guarded by its ACL, which IT sets: see the README); these functions only touch the
POSIX modes, and only of files and folders this account owns.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDER = 0o700
FILE = 0o600
_POSIX = os.name == "posix"


def tighten(path: Path, mode: int) -> None:
    """Take from ``path``'s mode what ``mode`` does not allow (group and others), when this
    account owns it; a read-only file stays read-only. Nothing for a path that is not there."""
    if not _POSIX:
        return
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    current = stat.S_IMODE(st.st_mode)
    if st.st_uid == os.getuid() and current & ~mode:
        os.chmod(path, current & mode)


def folder(path: Path) -> Path:
    """Make ``path`` (its missing parents as usual) and keep it owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    tighten(path, FOLDER)
    return path


def tree(path: Path) -> Path:
    """Make the folder ``path`` and keep it, every folder in it and every file in it
    owner-only (a work folder whose files other code writes with the usual modes)."""
    folder(path)
    if _POSIX:
        for inner in path.rglob("*"):
            if not inner.is_symlink():
                tighten(inner, FOLDER if inner.is_dir() else FILE)
    return path


def new_file(path: Path) -> Path:
    """Create ``path`` empty and owner-only, if it is not there yet, before anything writes
    into it: a writer that opens an existing file keeps its mode, so the content is never
    readable by others, not even for a moment."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE)
    except FileExistsError:
        tighten(path, FILE)
        return path
    os.close(fd)
    return path


def read_only(path: Path) -> bool:
    """Whether ``path`` (a file or a folder) cannot, or must not, be written: no permission,
    or marked read-only (no write bit at all, which even an administrator's account honours).
    On Windows only what ``os.access`` says: a folder's read-only attribute means nothing
    there (Explorer sets it on customised folders)."""
    if not _POSIX:
        return path.exists() and not os.access(path, os.W_OK)
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    return not os.access(path, os.W_OK) or not stat.S_IMODE(st.st_mode) & 0o222
