"""The one file format of sync bundles and snapshots: a signed public manifest, a sealed body.

``MAGIC``, u32 manifest length, the manifest (canonical JSON that anyone can read, so never
personal data), an Ed25519 signature over all of that (zeros when unsigned), then the payload:
the body in AES-256-GCM chunks under the deployment key (STREAM: nonce ``prefix + u32 i``, data
``binding + u32 i + last-flag``, so chunks cannot be reordered, dropped or cut at a boundary).
The *binding* hashes the manifest minus ``payload_bytes``/``payload_sha256``/``chunks``, which
exist only after encrypting; the signature covers those.

Writing streams through the disk, not memory: the payload goes to ``<name>.body`` while it is
counted and hashed, then header, manifest, signature and payload go to ``<name>.part``, which
replaces ``<name>``, so a reader on the share never sees half a file. Reading hashes the whole
payload before decrypting any: a damaged file yields nothing, and an intact one that will not
decrypt was sealed with another deployment's key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, TypeGuard

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from rjdesk.sync import crypto

MAGIC = b"RJDESK-SYNC\n"
FORMAT = 1
DEFAULT_CHUNK_SIZE = 4 << 20
MAX_CHUNK_SIZE = 1 << 30
MAX_MANIFEST_BYTES = 1 << 20
SIGNATURE_BYTES = crypto.SIGNATURE_BYTES
UNSIGNED = bytes(SIGNATURE_BYTES)
TAG_BYTES = 16
PREFIX_BYTES = 8
_U32 = struct.Struct(">I")
HEADER_BYTES = len(MAGIC) + _U32.size
#: Keys the writer adds; a caller's manifest may not use them.
WRITER_KEYS = frozenset({"format", "payload_bytes", "payload_sha256", "chunk_size", "chunks",
                         "nonce"})
_UNBOUND_KEYS = ("payload_bytes", "payload_sha256", "chunks")
_IO_BLOCK = 1 << 20


class Reason(str, Enum):
    NOT_SYNC_FILE = "not_sync_file"
    TRUNCATED = "truncated"
    CORRUPT = "corrupt"
    UNSIGNED = "unsigned"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_SIGNER = "unknown_signer"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE_KEY = "unreadable_key"


class Rejected(Exception):
    """Why a file was refused, with a sentence a coordinator can act on."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class ContainerInfo:
    manifest: dict[str, Any]
    manifest_bytes: bytes
    #: SHA-256 hex of the manifest bytes: a stable id, as the manifest holds the payload hash.
    digest: str

    @property
    def payload_offset(self) -> int:
        return HEADER_BYTES + len(self.manifest_bytes) + SIGNATURE_BYTES


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False).encode("ascii")


def _binding(manifest: dict[str, Any]) -> bytes:
    return hashlib.sha256(canonical_json(
        {k: v for k, v in manifest.items() if k not in _UNBOUND_KEYS})).digest()


def _nonce_and_aad(prefix: bytes, binding: bytes, index: int,
                   last: bool) -> tuple[bytes, bytes]:
    counter = _U32.pack(index)
    return prefix + counter, binding + counter + (b"\x01" if last else b"\x00")


def _check_key(deployment_key: bytes) -> None:
    if len(deployment_key) != crypto.KEY_BYTES:
        raise ValueError("a deployment key is 32 bytes")


# --- writing ---------------------------------------------------------------------------------

def _rechunk(body: Iterable[bytes] | bytes, size: int) -> Iterator[tuple[bytes, bool]]:
    """Fixed-size chunks, holding back at least one byte so the last chunk is known as last;
    only an empty body ends in an empty chunk."""
    pieces: Iterable[bytes | memoryview]
    if isinstance(body, (bytes, bytearray, memoryview)):
        view = memoryview(body)
        pieces = (view[i:i + _IO_BLOCK] for i in range(0, len(view), _IO_BLOCK))
    else:
        pieces = body
    buf = bytearray()
    for piece in pieces:
        buf += piece
        if len(buf) > size:
            full = (len(buf) - 1) // size
            for k in range(full):
                yield bytes(buf[k * size:(k + 1) * size]), False
            del buf[:full * size]
    yield bytes(buf), True


def write_container(path: Path, manifest: dict[str, Any], body: Iterable[bytes] | bytes, *,
                    deployment_key: bytes, signing_key: bytes | None,
                    chunk_size: int = DEFAULT_CHUNK_SIZE) -> ContainerInfo:
    """Write ``path`` whole or not at all. ``signing_key=None`` leaves it unsigned, which
    readers refuse: only tests want that."""
    _check_key(deployment_key)
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk size must be 1..{MAX_CHUNK_SIZE}")
    if clash := WRITER_KEYS & manifest.keys():
        raise ValueError(f"manifest keys reserved for the writer: {sorted(clash)}")
    prefix = os.urandom(PREFIX_BYTES)
    head = json.loads(canonical_json({**manifest, "format": FORMAT, "chunk_size": chunk_size,
                                      "nonce": crypto.b64(prefix)}))
    if len(canonical_json(head)) + 200 > MAX_MANIFEST_BYTES:
        raise ValueError("manifest too large")
    binding, aead = _binding(head), AESGCM(deployment_key)
    body_tmp = path.with_name(path.name + ".body")
    part_tmp = path.with_name(path.name + ".part")
    payload_hash, payload_bytes, chunks = hashlib.sha256(), 0, 0
    try:
        with open(body_tmp, "wb") as out:
            for plain, last in _rechunk(body, chunk_size):
                if chunks > 0xFFFFFFFF:
                    raise ValueError("body too large for this chunk size")
                nonce, aad = _nonce_and_aad(prefix, binding, chunks, last)
                sealed = aead.encrypt(nonce, plain, aad)
                out.write(sealed)
                payload_hash.update(sealed)
                payload_bytes += len(sealed)
                chunks += 1
        final = {**head, "payload_bytes": payload_bytes,
                 "payload_sha256": payload_hash.hexdigest(), "chunks": chunks}
        manifest_bytes = canonical_json(final)
        signed = MAGIC + _U32.pack(len(manifest_bytes)) + manifest_bytes
        signature = UNSIGNED if signing_key is None else crypto.sign(signing_key, signed)
        with open(part_tmp, "wb") as out, open(body_tmp, "rb") as payload:
            out.write(signed + signature)
            shutil.copyfileobj(payload, out, _IO_BLOCK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part_tmp, path)
    finally:
        body_tmp.unlink(missing_ok=True)
        part_tmp.unlink(missing_ok=True)
    return ContainerInfo(json.loads(manifest_bytes), manifest_bytes,
                         hashlib.sha256(manifest_bytes).hexdigest())


# --- reading ---------------------------------------------------------------------------------

def _cut_short(size: int, need: int, *, exact: bool) -> NoReturn:
    of = f"of {need:,}" if exact else f"of at least {need:,}"
    raise Rejected(Reason.TRUNCATED, f"The file is cut short: {size:,} {of} bytes.")


def _corrupt(what: str) -> NoReturn:
    raise Rejected(Reason.CORRUPT, f"The file is damaged: {what}.")


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _length_disagrees(partial: bytes) -> bool:
    """A complete JSON object followed by more bytes means the length field is wrong, not that
    the file was cut: a cut manifest is never a complete object."""
    try:
        _, end = json.JSONDecoder().raw_decode(partial.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return False
    return end < len(partial)


def _parse(manifest_bytes: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        _corrupt("its manifest is not readable")
    if not isinstance(manifest, dict) or not _is_int(manifest.get("format")):
        _corrupt("its manifest is not a sync manifest")
    return manifest


def _check_layout(manifest: dict[str, Any]) -> None:
    """The writer's keys must be present and agree with each other, so reading the body can
    trust them."""
    size, chunks, total = (manifest.get(k) for k in ("chunk_size", "chunks", "payload_bytes"))
    digest, nonce = manifest.get("payload_sha256"), manifest.get("nonce")
    if not (_is_int(size) and _is_int(chunks) and _is_int(total)
            and isinstance(digest, str) and isinstance(nonce, str)):
        _corrupt("its manifest lacks the payload description")
    if not (1 <= size <= MAX_CHUNK_SIZE and 1 <= chunks <= 0x100000000):
        _corrupt("its manifest describes impossible chunks")
    last = total - (chunks - 1) * (size + TAG_BYTES)
    smallest = TAG_BYTES if chunks == 1 else TAG_BYTES + 1  # only an empty body has an empty chunk
    if not smallest <= last <= size + TAG_BYTES:
        _corrupt("its manifest's payload size does not fit its chunks")
    try:
        well_formed = (len(crypto.unb64(nonce)) == PREFIX_BYTES
                       and len(bytes.fromhex(digest)) == 32 and bool(_binding(manifest)))
    except (ValueError, RecursionError):
        well_formed = False
    if not well_formed:
        _corrupt("its manifest's payload fingerprint or nonce is malformed")


def read_manifest(path: Path, *, verify_key_for: Callable[[dict[str, Any]], bytes | None]
                  ) -> ContainerInfo:
    """Read and vouch for the header, manifest and signature without touching the payload.

    ``verify_key_for`` gets the untrusted manifest and returns the signer's public key, or None
    when the signer is unknown; a ``KeyError``/``TypeError``/``ValueError`` from it counts as
    unknown, since malformed manifests are its everyday input.
    """
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if f.read(len(MAGIC)) != MAGIC:
            raise Rejected(Reason.NOT_SYNC_FILE, "This is not an RJ Desk sync file.")
        length_field = f.read(_U32.size)
        if len(length_field) < _U32.size:
            _cut_short(size, HEADER_BYTES, exact=False)
        (length,) = _U32.unpack(length_field)
        if length > MAX_MANIFEST_BYTES:
            _corrupt("its header gives an impossible manifest length")
        manifest_bytes = f.read(length)
        if len(manifest_bytes) < length:
            if _length_disagrees(manifest_bytes):
                _corrupt("its header gives the wrong manifest length")
            _cut_short(size, HEADER_BYTES + length + SIGNATURE_BYTES, exact=False)
        signature = f.read(SIGNATURE_BYTES)
        if len(signature) < SIGNATURE_BYTES:
            _cut_short(size, HEADER_BYTES + length + SIGNATURE_BYTES, exact=False)
    manifest = _parse(manifest_bytes)
    if signature == UNSIGNED:
        raise Rejected(Reason.UNSIGNED, "The file is not signed, so nobody vouches for it.")
    try:
        public = verify_key_for(manifest)
    except (KeyError, TypeError, ValueError):
        public = None
    if public is None:
        raise Rejected(Reason.UNKNOWN_SIGNER,
                       "The file is signed by a workstation this one does not know.")
    if not crypto.verify(public, MAGIC + length_field + manifest_bytes, signature):
        raise Rejected(Reason.BAD_SIGNATURE,
                       "The file's signature does not match: it was altered or forged.")
    if manifest["format"] > FORMAT:
        raise Rejected(Reason.UNSUPPORTED_FORMAT,
                       f"The file was written by a newer RJ Desk (format {manifest['format']});"
                       " update RJ Desk on this workstation to read it.")
    if manifest["format"] < FORMAT:
        _corrupt("its manifest gives an unknown format")
    _check_layout(manifest)
    info = ContainerInfo(manifest, manifest_bytes, hashlib.sha256(manifest_bytes).hexdigest())
    _check_size(size, info)
    return info


def _check_size(size: int, info: ContainerInfo) -> None:
    expected = info.payload_offset + info.manifest["payload_bytes"]
    if size < expected:
        _cut_short(size, expected, exact=True)
    if size > expected:
        _corrupt(f"{size - expected:,} unexpected bytes follow its contents")


def _check_payload_hash(f: BinaryIO, info: ContainerInfo) -> None:
    f.seek(info.payload_offset)
    remaining, digest = info.manifest["payload_bytes"], hashlib.sha256()
    while remaining:
        block = f.read(min(_IO_BLOCK, remaining))
        if not block:
            break
        digest.update(block)
        remaining -= len(block)
    if digest.hexdigest() != info.manifest["payload_sha256"]:
        _corrupt("its contents do not match the fingerprint recorded when it was written")


def read_body(path: Path, info: ContainerInfo, *, deployment_key: bytes) -> Iterator[bytes]:
    """Decrypted body pieces, one per chunk. A generator: the checks run on the first
    ``next()``, and nothing is yielded before the whole payload matches its hash."""
    _check_key(deployment_key)
    manifest = info.manifest
    binding, prefix = _binding(manifest), crypto.unb64(manifest["nonce"])
    chunks, step = manifest["chunks"], manifest["chunk_size"] + TAG_BYTES
    aead = AESGCM(deployment_key)
    with open(path, "rb") as f:
        _check_size(os.fstat(f.fileno()).st_size, info)
        _check_payload_hash(f, info)
        f.seek(info.payload_offset)
        remaining = manifest["payload_bytes"]
        for index in range(chunks):
            last = index == chunks - 1
            sealed = f.read(remaining if last else step)
            remaining -= len(sealed)
            nonce, aad = _nonce_and_aad(prefix, binding, index, last)
            try:
                plain = aead.decrypt(nonce, sealed, aad)
            except InvalidTag:
                if index == 0:
                    raise Rejected(Reason.UNREADABLE_KEY,
                                   "The file is intact but locked with another deployment's key,"
                                   " so this workstation cannot read it.") from None
                _corrupt(f"part {index + 1:,} of {chunks:,} fails its integrity check")
            yield plain


def read_body_bytes(path: Path, info: ContainerInfo, *, deployment_key: bytes) -> bytes:
    return b"".join(read_body(path, info, deployment_key=deployment_key))
