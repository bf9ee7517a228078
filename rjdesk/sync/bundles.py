"""Bundles: a workstation's changes as one signed, encrypted, immutable file on the share.

The manifest (readable by anyone, so it holds no names) says which deployment and schema the
changes belong to, whose they are (origin), which of its sequence numbers they cover, how many
there are, the digest of the origin's previous bundle (so a rewritten history shows) and what
the origin had applied from others when it published (``needs``: a bundle is applied only after
those, so a child row never arrives before its parent).

The body holds the changes and, beside them, the signatures their authors made of them
(``signatures``): ``{"changes": [...], "signatures": [...]}``. Bundles that carry signatures
come from schema 0005 on, so an older RJ Desk holds them as from a newer schema rather than
reading them; a body that is a bare list of changes (older bundles) has no signatures.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rjdesk.sync import changes as change_log
from rjdesk.sync import keyring
from rjdesk.sync.changes import Change
from rjdesk.sync.container import (
    ContainerInfo,
    Rejected,
    read_body_bytes,
    read_manifest,
    write_container,
)
from rjdesk.sync.signatures import Signature

KIND = "bundle"

#: Reasons a bundle is refused, beyond the file format's own (container.Reason).
WRONG_DEPLOYMENT = "wrong_deployment"
MISNAMED = "misnamed"
REPLAYED = "replayed"
NOT_A_BUNDLE = "not_a_bundle"
UNAPPLICABLE = "unapplicable"
TOO_LARGE = "too_large"
#: The file format's own reasons that the share's reader gives before opening a file.
NOT_SYNC_FILE = "not_sync_file"
UNKNOWN_SIGNER = "unknown_signer"
UNAUTHORIZED = "unauthorized"

REASON_LABELS = {
    "not_sync_file": "not a sync file",
    "truncated": "cut short",
    "corrupt": "damaged",
    "unsigned": "not signed",
    "bad_signature": "signature does not match (altered or forged)",
    "unknown_signer": "from a workstation that is not enrolled",
    "unsupported_format": "made by a newer RJ Desk",
    "unreadable_key": "sealed with another deployment's key",
    WRONG_DEPLOYMENT: "from another deployment",
    MISNAMED: "its name does not match its content",
    REPLAYED: "replays or rewrites changes already applied",
    NOT_A_BUNDLE: "not a bundle",
    UNAPPLICABLE: "holds a change that cannot be applied here",
    TOO_LARGE: "larger than any bundle can be",
    UNAUTHORIZED: "holds a change its author could not have made",
}


class BundleRejected(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = str(getattr(reason, "value", reason))
        self.message = message

    @property
    def label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


class NewerSchema(Exception):
    """A bundle from a newer RJ Desk: held, applied once this workstation is upgraded."""


@dataclass(frozen=True)
class OpenedBundle:
    info: ContainerInfo
    changes: list[Change]
    signatures: list[Signature] = field(default_factory=list)

    @property
    def manifest(self) -> dict:
        return self.info.manifest


def encode_body(changes: list[Change], signatures: list[Signature]) -> bytes:
    return json.dumps({"changes": [c.to_wire() for c in changes],
                       "signatures": [s.to_wire() for s in signatures]},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_body(raw: bytes) -> tuple[list[Change], list[Signature]]:
    found = json.loads(raw.decode("utf-8"))
    if isinstance(found, list):  # from before signatures
        return change_log.decode(raw), []
    if not isinstance(found, dict) or not isinstance(found.get("changes"), list) or \
            not isinstance(found.get("signatures"), list):
        raise ValueError("not a bundle's body")
    return ([Change.from_wire(item) for item in found["changes"]],
            [Signature.from_wire(item) for item in found["signatures"]])


def write_bundle(path: Path, manifest: dict, changes: list[Change], *, deployment_key: bytes,
                 signing_key: bytes, signatures: list[Signature] | None = None) -> ContainerInfo:
    body = zlib.compress(encode_body(changes, signatures or []), 6)
    return write_container(path, dict(manifest, kind=KIND, count=len(changes)), body,
                           deployment_key=deployment_key, signing_key=signing_key)


def read_bundle_manifest(path: Path, *, signer_key: Callable[[str], bytes | None],
                         deployment: str) -> ContainerInfo:
    """Header, manifest and signature checks; raises BundleRejected."""
    try:
        info = read_manifest(path, verify_key_for=lambda m: signer_key(str(m.get("origin", ""))))
    except Rejected as exc:
        raise BundleRejected(exc.reason, exc.message) from exc
    m = info.manifest
    if m.get("kind") != KIND:
        raise BundleRejected(NOT_A_BUNDLE, f"{path.name} is a sync file but not a bundle.")
    if m.get("deployment") != deployment:
        raise BundleRejected(WRONG_DEPLOYMENT, f"{path.name} belongs to another deployment.")
    return info


def open_bundle(path: Path, *, name: str, signer_key: Callable[[str], bytes | None],
                deployment: str, deployment_key: bytes | Mapping[int, bytes],
                schema_known: Callable[[str], bool]) -> OpenedBundle:
    """Verify everything about a local copy of a bundle and decode its changes.

    ``name`` is the file's name on the share: it must agree with the manifest, so a bundle
    copied under another bundle's name is refused. Given the generations of the deployment key
    by number, the one the manifest names opens it (``keyring.KeyNotHeld`` when it is not
    there: the bundle waits)."""
    info = read_bundle_manifest(path, signer_key=signer_key, deployment=deployment)
    m = info.manifest
    try:
        origin, first, last, count = str(m["origin"]), int(m["first"]), int(m["last"]), \
            int(m["count"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleRejected("corrupt", f"{name}: the manifest lacks {exc}.") from exc
    if name != f"{origin}-{first:010d}-{last:010d}.rjb":
        raise BundleRejected(MISNAMED, f"{name} holds changes {first}–{last} of {origin}.")
    if not schema_known(str(m.get("schema", ""))):
        raise NewerSchema(f"{name} was made by a newer RJ Desk (schema {m.get('schema')}); it "
                          "is held and applied once this workstation is upgraded.")
    try:
        raw = read_body_bytes(path, info, deployment_key=keyring.key_for(m, deployment_key))
    except Rejected as exc:
        raise BundleRejected(exc.reason, exc.message) from exc
    try:
        found, signed = decode_body(zlib.decompress(raw))
    except (zlib.error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise BundleRejected("corrupt", f"{name}: the changes cannot be read ({exc}).") from exc
    if len(found) != count or [c.seq for c in found] != list(range(first, last + 1)) or \
            any(c.origin != origin for c in found):
        raise BundleRejected("corrupt", f"{name}: the changes do not match the manifest "
                                        f"({len(found)} found, {count} declared).")
    return OpenedBundle(info, found, signed)
