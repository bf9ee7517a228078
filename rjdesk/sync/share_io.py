"""Plain file operations on the share, below ``share.Share``.

Placing a finished file never replaces one already there. On Windows ``os.rename`` refuses an
existing target, atomically. Elsewhere a hard link (``os.link``, which fails if the name exists)
gives the file its final name and the temporary name is then removed. Where the file system has
no hard links, the fallback checks that the name is free and renames; two workstations writing
the same name in the instant between the check and the rename would let the later one win.
Names carry their writer's id, so only ``deployment.json`` and the roster can meet that race.

Links are never followed inside the share (the root itself may be one: IT may mount it so). A
symlink or junction named like a bundle, or standing for a workstation's folder, is left out of
every listing and noted; reading opens with ``O_NOFOLLOW`` after checking every folder on the
way with ``lstat``, and writing refuses a folder on the way that is a link, so nothing is read
from or written to outside the share through one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
             errno.ENOSYS}  # what os.link says on a file system without hard links


def discard(path: Path) -> None:
    """Best effort: a leftover temporary file is junk every listing already ignores."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def claim_name(src: Path, dst: Path) -> None:
    """Give src's file the name dst unless that exists (FileExistsError); src may remain."""
    if os.name == "nt":
        os.rename(src, dst)
        return
    try:
        os.link(src, dst)
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, "File exists", str(dst)) from exc
        os.rename(src, dst)


_REPARSE_POINT = 0x400  # Windows: a junction or symlink
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has none: the lstat check stands alone
LINK_NOTE = "is a link; links on the share are never followed (remove it)"


def is_link(st: os.stat_result) -> bool:
    return stat.S_ISLNK(st.st_mode) or bool(getattr(st, "st_file_attributes", 0) & _REPARSE_POINT)


def entry_is_link(entry: os.DirEntry[str]) -> bool:
    return entry.is_symlink() or bool(getattr(entry, "is_junction", lambda: False)())
