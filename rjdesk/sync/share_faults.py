"""What can go wrong with the central share, and how each fault is told: ``Fault`` says what the
sync logic should do, the message says it to a coordinator in words.

Windows and POSIX report the same trouble under different numbers; :func:`classify` turns an
``OSError`` into the one fault it stands for and whether waiting may clear it.
"""

from __future__ import annotations

import enum
import errno
from pathlib import Path

_SHARING_VIOLATIONS = {32, 33}  # Windows: another program holds the file open or locked
_UNREACHABLE_WINERRORS = {51, 53, 59, 64, 67, 1231, 1232}  # Windows: server or share gone
_UNREACHABLE = {errno.ENOENT, errno.ENOTCONN, errno.EHOSTDOWN, errno.EHOSTUNREACH,
                errno.ENETDOWN, errno.ENETUNREACH, errno.ECONNRESET, errno.ECONNABORTED,
                errno.ESTALE, errno.ENODEV}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}

class Fault(enum.StrEnum):
    MISSING = "missing"
    READ_ONLY = "read_only"
    FULL = "full"
    LOCKED = "locked"
    OTHER = "other"


_MESSAGES = {
    Fault.MISSING: "The share {where} cannot be reached; changes wait here and go out at the "
                   "next sync.",
    Fault.READ_ONLY: "The share {where} does not accept new files (it is read-only, or this "
                     "account may not write there); changes wait here until it does.",
    Fault.FULL: "The share {where} is full; changes wait here until space is freed there.",
    Fault.LOCKED: "{name} on the share {where} is held open by another program (often "
                  "antivirus); the next sync tries again.",
    Fault.OTHER: "{name} on the share {where} {note}.",
}


class ShareError(Exception):
    """Share trouble: ``kind`` tells the sync logic what happened, ``message`` tells the user."""

    def __init__(self, kind: Fault, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.kind, self.message, self.path = kind, message, path


class AlreadyOnShare(ShareError):
    """The name is taken; files on the share are immutable, so nothing was written."""


class GoneFromShare(ShareError):
    """The share is there but the file is not: another workstation may have archived it."""


class LinkOnShare(ShareError):
    """A link (symlink, junction) inside the share: never followed, never written through."""


class TooLarge(ShareError):
    """A file larger than any of ours can be: refused before it is read whole."""


class Again(Exception):
    """A failure worth another try that is no OSError; ``error`` is raised when tries run out."""

    def __init__(self, error: ShareError) -> None:
        super().__init__(error.message)
        self.error = error


def classify(exc: OSError, modifying: bool) -> tuple[Fault, bool]:
    """The fault an OSError stands for, and whether waiting may clear it."""
    code, win = exc.errno, getattr(exc, "winerror", None)
    if win in _SHARING_VIOLATIONS or code in (errno.EBUSY, errno.EAGAIN):
        return Fault.LOCKED, True
    if code in (errno.ETIMEDOUT, errno.EINTR) or win == 121:  # 121: the server was too slow
        return (Fault.OTHER if code == errno.EINTR else Fault.MISSING), True
    if code == errno.EROFS:
        return Fault.READ_ONLY, False
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        # Refused a change: the share is read-only to us. Refused a read: a scanner or a
        # pending delete holds the file, which passes.
        return (Fault.READ_ONLY, False) if modifying else (Fault.LOCKED, True)
    if code in _FULL:
        return Fault.FULL, False
    if code in _UNREACHABLE or win in _UNREACHABLE_WINERRORS:
        return Fault.MISSING, False
    return Fault.OTHER, False


def share_error(kind: Fault, root: Path, path: Path, note: str = "",
                cls: type[ShareError] = ShareError) -> ShareError:
    """The error for a fault at ``path`` on the share at ``root``, in a coordinator's words."""
    where = str(root).rstrip("\\/") or str(root)
    text = _MESSAGES[kind].format(where=where, name=path.name or where, note=note)
    return cls(kind, text, path)
