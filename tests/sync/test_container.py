"""The sync file format: round trips, and a precise refusal for every way a file can go wrong."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjdesk.sync import crypto
from rjdesk.sync.container import (
    HEADER_BYTES,
    MAGIC,
    SIGNATURE_BYTES,
    WRITER_KEYS,
    ContainerInfo,
    Reason,
    Rejected,
    canonical_json,
    read_body,
    read_body_bytes,
    read_manifest,
    write_container,
)

SIGNER = crypto.generate_signing_key()
SIGNER_PUB = crypto.public_signing_key(SIGNER)
DEPLOYMENT = crypto.new_deployment_key()
MANIFEST = {"kind": "bundle", "signer": "ws-1", "seq": 7}
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def known(manifest: dict) -> bytes | None:
    return {"ws-1": SIGNER_PUB}.get(manifest["signer"])


def anyone(manifest: dict) -> bytes:
    return SIGNER_PUB


def write(path: Path, body=b"hello", *, chunk_size: int = 1024, signing_key=SIGNER,
          manifest=MANIFEST) -> ContainerInfo:
    return write_container(path, manifest, body, deployment_key=DEPLOYMENT,
                           signing_key=signing_key, chunk_size=chunk_size)


def read(path: Path, *, key_for=known, deployment_key: bytes = DEPLOYMENT) -> bytes:
    info = read_manifest(path, verify_key_for=key_for)
    return read_body_bytes(path, info, deployment_key=deployment_key)


def reason(path: Path, **kwargs) -> Reason:
    with pytest.raises(Rejected) as caught:
        read(path, **kwargs)
    assert caught.value.message.endswith(".")
    return caught.value.reason


def only_rejected(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        read(path, key_for=anyone)
    except Rejected:
        pass


def forge(path: Path, manifest: dict, payload: bytes, *, signing_key: bytes = SIGNER) -> None:
    """A file laid out by hand and signed with a known key, to reach the checks after the
    signature."""
    manifest_bytes = canonical_json(manifest)
    signed = MAGIC + struct.pack(">I", len(manifest_bytes)) + manifest_bytes
    path.write_bytes(signed + crypto.sign(signing_key, signed) + payload)


def split(path: Path, info: ContainerInfo) -> tuple[dict, list[bytes]]:
    payload = path.read_bytes()[info.payload_offset:]
    step = info.manifest["chunk_size"] + 16
    return dict(info.manifest), [payload[i:i + step] for i in range(0, len(payload), step)]


def refit(manifest: dict, chunks: list[bytes]) -> tuple[dict, bytes]:
    payload = b"".join(chunks)
    return {**manifest, "payload_bytes": len(payload), "chunks": len(chunks),
            "payload_sha256": hashlib.sha256(payload).hexdigest()}, payload


# --- round trips -----------------------------------------------------------------------------

def test_round_trip_bytes_and_the_keys_the_writer_adds(tmp_path: Path):
    path = tmp_path / "b.rjsync"
    info = write(path, b"some body")
    assert WRITER_KEYS <= info.manifest.keys()
    assert info.manifest["format"] == 1 and info.manifest["chunks"] == 1
    assert info.manifest["chunk_size"] == 1024
    assert info.manifest["payload_bytes"] == len(b"some body") + 16
    assert len(crypto.unb64(info.manifest["nonce"])) == 8
    assert info.manifest["payload_sha256"] == hashlib.sha256(
        path.read_bytes()[info.payload_offset:]).hexdigest()
    assert {k: info.manifest[k] for k in MANIFEST} == MANIFEST
    assert info.digest == hashlib.sha256(info.manifest_bytes).hexdigest()
    assert read_manifest(path, verify_key_for=known) == info
    assert read(path) == b"some body"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.rjsync"]


def test_the_default_chunk_size_is_4_mib(tmp_path: Path):
    info = write_container(tmp_path / "c", {}, b"x", deployment_key=DEPLOYMENT,
                           signing_key=SIGNER)
    assert info.manifest["chunk_size"] == 4 << 20


def test_the_manifest_is_canonical_json(tmp_path: Path):
    info = write(tmp_path / "c")
    assert info.manifest_bytes == canonical_json(json.loads(info.manifest_bytes))
    assert b" " not in info.manifest_bytes


def test_round_trip_many_chunks_from_uneven_pieces(tmp_path: Path):
    body = os.urandom(10_000)
    cuts = [0, 1, 7, 1024, 1025, 3000, 3001, 8191, 10_000]
    pieces = (body[a:b] for a, b in zip(cuts, cuts[1:]))
    path = tmp_path / "c"
    info = write(path, pieces)
    assert info.manifest["chunks"] == 10
    assert info.manifest["payload_bytes"] == 10_000 + 10 * 16
    parts = list(read_body(path, read_manifest(path, verify_key_for=known),
                           deployment_key=DEPLOYMENT))
    assert [len(p) for p in parts] == [1024] * 9 + [10_000 - 9 * 1024]
    assert b"".join(parts) == body


@pytest.mark.parametrize("size, chunks", [(1024, 1), (2048, 2), (2049, 3), (1, 1)])
def test_chunk_boundaries(tmp_path: Path, size: int, chunks: int):
    body = os.urandom(size)
    info = write(tmp_path / "c", body)
    assert info.manifest["chunks"] == chunks
    assert read(tmp_path / "c") == body


def test_empty_body_is_one_empty_final_chunk(tmp_path: Path):
    for body in (b"", iter([]), [b"", b""]):
        info = write(tmp_path / "c", body)
        assert info.manifest["chunks"] == 1 and info.manifest["payload_bytes"] == 16
        assert read(tmp_path / "c") == b""


def test_the_writer_refuses_its_own_keys_and_bad_arguments(tmp_path: Path):
    with pytest.raises(ValueError):
        write(tmp_path / "c", manifest={"chunks": 3})
    with pytest.raises(ValueError):
        write(tmp_path / "c", chunk_size=0)
    with pytest.raises(ValueError):
        write_container(tmp_path / "c", {}, b"", deployment_key=b"short", signing_key=SIGNER)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_body_leaves_no_file_behind(tmp_path: Path):
    def body():
        yield b"x" * 5000
        raise RuntimeError("source went away")

    with pytest.raises(RuntimeError):
        write(tmp_path / "c", body())
    assert list(tmp_path.iterdir()) == []


# --- refusals ---------------------------------------------------------------------------------

def test_not_a_sync_file(tmp_path: Path):
    for data in (b"", b"RJDESK", b"hello world, this is not it", b"\x00" * 200):
        (tmp_path / "x").write_bytes(data)
        assert reason(tmp_path / "x") is Reason.NOT_SYNC_FILE


def test_truncation_at_every_offset(tmp_path: Path):
    path = tmp_path / "c"
    write(path, os.urandom(50), chunk_size=16)
    data = path.read_bytes()
    for cut in range(len(data)):
        path.write_bytes(data[:cut])
        expected = Reason.NOT_SYNC_FILE if cut < len(MAGIC) else Reason.TRUNCATED
        assert reason(path) is expected, cut


def test_every_flipped_bit_is_refused_for_its_region(tmp_path: Path):
    path = tmp_path / "c"
    info = write(path, os.urandom(40), chunk_size=16)
    data = path.read_bytes()
    manifest_end = HEADER_BYTES + len(info.manifest_bytes)
    regions = [(len(MAGIC), {Reason.NOT_SYNC_FILE}), (HEADER_BYTES, {Reason.CORRUPT}),
               (manifest_end, {Reason.CORRUPT, Reason.BAD_SIGNATURE}),
               (manifest_end + SIGNATURE_BYTES, {Reason.BAD_SIGNATURE}),
               (len(data), {Reason.CORRUPT})]
    for offset in range(len(data)):
        allowed = next(r for end, r in regions if offset < end)
        for bit in range(8):
            flipped = bytearray(data)
            flipped[offset] ^= 1 << bit
            path.write_bytes(flipped)
            assert reason(path, key_for=anyone) in allowed, (offset, bit)


def test_unsigned(tmp_path: Path):
    write(tmp_path / "c", signing_key=None)
    assert reason(tmp_path / "c") is Reason.UNSIGNED


def test_signed_by_another_key(tmp_path: Path):
    write(tmp_path / "c", signing_key=crypto.generate_signing_key())
    assert reason(tmp_path / "c") is Reason.BAD_SIGNATURE


def test_unknown_signer(tmp_path: Path):
    write(tmp_path / "c", manifest={**MANIFEST, "signer": "ws-9"})
    assert reason(tmp_path / "c") is Reason.UNKNOWN_SIGNER
    write(tmp_path / "c", manifest={"kind": "no signer named"})
    assert reason(tmp_path / "c") is Reason.UNKNOWN_SIGNER


def test_newer_format(tmp_path: Path):
    info = write(tmp_path / "c")
    forge(tmp_path / "c", {**info.manifest, "format": 2},
          (tmp_path / "c").read_bytes()[info.payload_offset:])
    assert reason(tmp_path / "c") is Reason.UNSUPPORTED_FORMAT


def test_wrong_deployment_key(tmp_path: Path):
    write(tmp_path / "c", os.urandom(3000))
    assert reason(tmp_path / "c", deployment_key=crypto.new_deployment_key()) \
        is Reason.UNREADABLE_KEY


def test_trailing_garbage(tmp_path: Path):
    write(tmp_path / "c")
    with open(tmp_path / "c", "ab") as f:
        f.write(b"\x00")
    assert reason(tmp_path / "c") is Reason.CORRUPT


def test_swapped_chunks(tmp_path: Path):
    path = tmp_path / "c"
    info = write(path, os.urandom(4000))
    head = path.read_bytes()[:info.payload_offset]
    manifest, chunks = split(path, info)
    chunks[0], chunks[1] = chunks[1], chunks[0]
    path.write_bytes(head + b"".join(chunks))
    assert reason(path) is Reason.CORRUPT


def test_chunks_are_bound_to_their_place_even_under_a_matching_hash(tmp_path: Path):
    """A signer who rewrites the payload hash still cannot reorder or drop chunks."""
    path = tmp_path / "c"
    info = write(path, os.urandom(4000))
    manifest, chunks = split(path, info)
    swapped = [chunks[0], chunks[2], chunks[1], chunks[3]]
    for altered in (swapped, chunks[:3], chunks[:2]):
        forge(path, *refit(manifest, altered))
        assert reason(path) is Reason.CORRUPT
    forge(path, *refit(manifest, chunks[:1]))  # a bad first chunk reads as a foreign key
    assert reason(path) is Reason.UNREADABLE_KEY


def test_a_payload_moved_under_another_manifest_fails(tmp_path: Path):
    path = tmp_path / "c"
    info = write(path, os.urandom(100))
    manifest, chunks = split(path, info)
    forge(path, *refit({**manifest, "seq": 8}, chunks))
    assert reason(path) is Reason.UNREADABLE_KEY  # indistinguishable from a foreign key


def test_a_manifest_that_contradicts_itself_is_corrupt(tmp_path: Path):
    path = tmp_path / "c"
    info = write(path, os.urandom(100))
    manifest, chunks = split(path, info)
    payload = b"".join(chunks)
    for bad in ({"chunks": 2}, {"chunk_size": 0}, {"nonce": "AAAA"}, {"payload_sha256": 5},
                {"payload_bytes": 15}, {"format": 0}, {"format": "1"}):
        forge(path, {**manifest, **bad}, payload)
        assert reason(path) is Reason.CORRUPT, bad
    for missing in sorted(WRITER_KEYS):
        forge(path, {k: v for k, v in manifest.items() if k != missing}, payload)
        assert reason(path) is Reason.CORRUPT, missing


def test_the_file_changing_between_manifest_and_body_is_caught(tmp_path: Path):
    path = tmp_path / "c"
    write(path, os.urandom(100))
    info = read_manifest(path, verify_key_for=known)
    write(path, os.urandom(100))
    with pytest.raises(Rejected) as caught:
        read_body_bytes(path, info, deployment_key=DEPLOYMENT)
    assert caught.value.reason is Reason.CORRUPT


# --- fuzz -------------------------------------------------------------------------------------

@FUZZ
@given(tail=st.binary(max_size=600))
def test_fuzz_anything_after_the_magic(tmp_path: Path, tail: bytes):
    only_rejected(tmp_path / "f", MAGIC + tail)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=500), tail=st.binary(max_size=300))
def test_fuzz_a_valid_prefix_then_random_bytes(tmp_path: Path, cut: int, tail: bytes):
    write(tmp_path / "v", os.urandom(60), chunk_size=16)
    only_rejected(tmp_path / "f", (tmp_path / "v").read_bytes()[:cut] + tail)


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(), inner, max_size=3), max_leaves=8)
_FIELD = st.one_of(_JSON, st.integers(min_value=-2, max_value=3000),
                   st.sampled_from(["AAAAAAAAAAA=", "AAAA", "0" * 64]))


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(sorted(WRITER_KEYS)), _FIELD),
       payload=st.binary(max_size=200))
def test_fuzz_signed_manifests_with_damaged_fields(tmp_path: Path, fields: dict,
                                                   payload: bytes):
    path = tmp_path / "f"
    info = write(path, os.urandom(30), chunk_size=16)
    manifest, chunks = split(path, info)
    base, real = refit(manifest, chunks)
    try:
        canonical_json({**base, **fields})
    except ValueError:
        return  # not JSON at all: the writer could never sign it
    forge(path, {**base, **fields}, payload if "payload_bytes" in fields else real)
    try:
        read(path, key_for=anyone)
    except Rejected:
        pass
