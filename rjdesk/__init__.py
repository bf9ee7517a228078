"""RJ Desk: restorative justice programs of the Missouri Department of Corrections."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("rjdesk")
except _metadata.PackageNotFoundError:  # a bare checkout that was never installed
    __version__ = "0+unknown"
