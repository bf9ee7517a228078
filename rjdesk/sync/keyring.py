"""The deployment key's generations, and the fingerprint people compare before an approval.

Revoking a workstation renews the deployment key: generation 1 is the key made with the
deployment; generation *n* (n ≥ 2) is derived from the administrator's private signing key,
which no workstation ever holds, so a revoked workstation cannot work it out, and a backup of
the administrator key file made on the first day still approves workstations years later. The
roster, signed by the administrator, says which generation is current; every file sealed with
a deployment key names its generation in its manifest (none: generation 1), so members keep
the older keys to read older files.

Each generation reaches a workstation in ``keys/``, sealed to that workstation's key and signed
by the administrator, so a key file someone else placed on the share is never believed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from rjdesk.sync import crypto, state
from rjdesk.sync.share import Share


class KeyNotHeld(Exception):
    """A file is sealed with a generation of the deployment key this workstation does not hold
    (yet): it waits, as a bundle from a newer RJ Desk does."""


class KeyFileRefused(Exception):
    """The key left for this workstation is missing its administrator's signature or cannot be
    opened with this workstation's key."""


def generation_of(roster: Mapping[str, Any]) -> int:
    """The current generation of the deployment key, as the administrator's roster says."""
    generation = roster.get("generation", 1)
    return generation if isinstance(generation, int) and generation >= 1 else 1


def derive(admin_signing_key: bytes, deployment: str, generation: int) -> bytes:
    """The key of a generation after the first (the first is kept in the key file as made)."""
    if generation < 2:
        raise ValueError("generation 1 is the key made with the deployment")
    return crypto.derive_key(admin_signing_key, deployment.encode("utf-8"),
                             f"rjdesk deployment key/generation {generation}".encode())


def _context(deployment: str, ws: str, generation: int) -> bytes:
    base = f"rjdesk deployment key/{deployment}/{ws}"
    return (base if generation == 1 else f"{base}/{generation}").encode()


def _canonical(document: dict) -> bytes:
    return json.dumps({k: v for k, v in document.items() if k != "signature"}, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def seal_for(share: Share, *, admin_signing_key: bytes, deployment: str, ws: str,
             sealing_key: bytes, generation: int, key: bytes) -> None:
    """Leave one generation of the key for one workstation. One already there from an earlier
    try that stopped half-way stays (the key is the same); one the administrator did not sign
    is replaced."""
    path = share.key_path(ws, generation)
    if path.exists():
        if _signed_by(share.read_small(path), crypto.public_signing_key(admin_signing_key)):
            return
        share.remove_own(path)  # not the administrator's: placed by someone else
    document = {"deployment": deployment, "workstation": ws, "generation": generation,
                "sealed": crypto.b64(crypto.seal(sealing_key, key,
                                                 _context(deployment, ws, generation)))}
    document["signature"] = crypto.b64(crypto.sign(admin_signing_key, _canonical(document)))
    share.write_small(path, json.dumps(document, sort_keys=True).encode("utf-8"))


def _signed_by(raw: bytes, admin_key: bytes) -> bool:
    try:
        document = json.loads(raw.decode("utf-8"))
        return crypto.verify(admin_key, _canonical(document), crypto.unb64(document["signature"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def _open(raw: bytes, *, admin_key: bytes, deployment: str, ws: str, generation: int,
          sealing_key: bytes) -> bytes:
    try:
        document = json.loads(raw.decode("utf-8"))
        signature = crypto.unb64(document["signature"])
        signed = crypto.verify(admin_key, _canonical(document), signature)
        if not signed or (document.get("deployment"), document.get("workstation"),
                          document.get("generation", 1)) != (deployment, ws, generation):
            raise KeyFileRefused("the key left for this workstation is not signed by the "
                                 "deployment's administrator")
        return crypto.unseal(sealing_key, crypto.unb64(document["sealed"]),
                             _context(deployment, ws, generation))
    except (crypto.CryptoError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KeyFileRefused("the key left for this workstation cannot be opened") from exc


def receive(connection: Connection, share: Share, upto: int) -> bool:
    """Unseal the generations 1..``upto`` this workstation lacks and that wait for it; True
    when it then holds them all. Raises ``KeyFileRefused`` for a file it must not believe."""
    pinned = state.get_json(connection, state.DEPLOYMENT)
    if not pinned:
        return False
    me = state.workstation_id(connection)
    sealing = crypto.unb64(state.get(connection, state.SEALING_KEY) or "")
    for generation in range(1, upto + 1):
        name = state.deployment_key_name(generation)
        if state.get(connection, name):
            continue
        path = share.key_path(me, generation)
        if not path.exists():
            return False
        key = _open(share.read_small(path), admin_key=crypto.unb64(pinned["admin_key"]),
                    deployment=pinned["deployment"], ws=me, generation=generation,
                    sealing_key=sealing)
        state.put(connection, name, crypto.b64(key))
    return True


def ring(connection: Connection) -> dict[int, bytes]:
    """Every generation of the deployment key this workstation holds."""
    return {n: crypto.unb64(key) for n, key in state.deployment_keys(connection).items()}


def key_for(manifest: Mapping[str, Any], keys: bytes | Mapping[int, bytes]) -> bytes:
    """The key a file's manifest says it is sealed with (bare bytes: the only key there is)."""
    if isinstance(keys, bytes):
        return keys
    generation = manifest.get("key_generation", 1)
    key = keys.get(generation) if isinstance(generation, int) else None
    if key is None:
        raise KeyNotHeld(f"it is sealed with a deployment key (generation {generation}) this "
                         "workstation does not hold; it waits until this workstation receives "
                         "it")
    return key


def fingerprint(signing_key: bytes, sealing_key: bytes) -> str:
    """Twenty hex digits of SHA-256 over a workstation's two public keys, in groups of four,
    read over the phone to compare the request on the share with the workstation that made
    it (80 bits: no one makes other keys with the same fingerprint)."""
    digest = hashlib.sha256(b"rjdesk workstation\n" + signing_key + sealing_key).hexdigest()
    return "-".join(digest[i:i + 4] for i in range(0, 20, 4)).upper()


def own_fingerprint(connection: Connection) -> str | None:
    """This workstation's fingerprint; None before it has keys (it has never asked to join)."""
    signing = state.get(connection, state.SIGNING_KEY)
    sealing = state.get(connection, state.SEALING_KEY)
    if not signing or not sealing:
        return None
    return fingerprint(crypto.public_signing_key(crypto.unb64(signing)),
                       crypto.public_sealing_key(crypto.unb64(sealing)))
