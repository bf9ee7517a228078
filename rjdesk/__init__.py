"""RJ Desk: restorative justice programs of the Missouri Department of Corrections."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("rjdesk")
except _metadata.PackageNotFoundError:  # frozen build without dist-info, or a bare checkout
    __version__ = "0.1.0"
