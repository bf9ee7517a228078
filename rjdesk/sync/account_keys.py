"""A staff account's own signing key: made with the account, sealed under its password.

Each account signs the changes it makes (``signatures``), so a workstation's stolen keys cannot
claim another person's work. The public half is shared in ``app_user.signing_key`` and kept for
good in ``user_signing_key``; the private half travels sealed (``app_user.sealed_signing_key``)
so the person can sign at any workstation: AES-256-GCM under a key that Argon2id derives from the
password with a salt of the account's own. The sealed form is ``salt (16) + nonce (12) +
ciphertext``, in base64. Unsealing costs one Argon2id derivation, as a password check does.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from rjdesk.sync import crypto

SALT_BYTES = 16
#: argon2-cffi's own defaults for password hashes (RFC 9106's low-memory profile).
TIME_COST, MEMORY_KIB, PARALLELISM = 3, 65536, 4
_CONTEXT = b"rjdesk account signing key v1"
#: A key's row in ``user_signing_key`` derives from the key itself: one key, one row, however
#: often or wherever it is added.
KEY_NAMESPACE = uuid.UUID("5d0f7c1e-3b2a-4f6e-9a8d-7c6b5a4f3e2d")


@dataclass(frozen=True)
class AccountKeys:
    public: str  # base64, for app_user.signing_key and user_signing_key.public_key
    sealed: str  # base64, for app_user.sealed_signing_key
    private: bytes  # held in memory by the signed-in Actor only


def key_row_id(public: str) -> str:
    return str(uuid.uuid5(KEY_NAMESPACE, public))


def _wrapping_key(password: str, salt: bytes) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=TIME_COST,
                           memory_cost=MEMORY_KIB, parallelism=PARALLELISM,
                           hash_len=crypto.KEY_BYTES, type=Type.ID)


def seal_key(private: bytes, password: str, *, salt: bytes | None = None,
             nonce: bytes | None = None) -> str:
    """``salt`` and ``nonce`` only for reproducible data (the demo)."""
    salt = salt or os.urandom(SALT_BYTES)
    nonce = nonce or os.urandom(crypto.NONCE_BYTES)
    body = AESGCM(_wrapping_key(password, salt)).encrypt(nonce, private, _CONTEXT)
    return crypto.b64(salt + nonce + body)


def unseal_key(sealed: str, password: str) -> bytes:
    """The private key; ``crypto.CryptoError`` for a wrong password or a damaged value."""
    try:
        raw = crypto.unb64(sealed)
        salt, nonce = raw[:SALT_BYTES], raw[SALT_BYTES:SALT_BYTES + crypto.NONCE_BYTES]
        body = raw[SALT_BYTES + crypto.NONCE_BYTES:]
        if len(salt) != SALT_BYTES or len(nonce) != crypto.NONCE_BYTES:
            raise ValueError("too short")
        return AESGCM(_wrapping_key(password, salt)).decrypt(nonce, body, _CONTEXT)
    except (InvalidTag, ValueError, TypeError) as exc:
        raise crypto.CryptoError("The account's signing key could not be opened.") from exc


def new_keys(password: str, *, seed: bytes | None = None) -> AccountKeys:
    """A new pair, its private half sealed under ``password``. ``seed`` (32 bytes) only for
    reproducible data: it fixes the key, the salt and the nonce."""
    private = seed if seed is not None else crypto.generate_signing_key()
    salt = nonce = None
    if seed is not None:
        salt = crypto.derive_key(seed, b"", b"salt")[:SALT_BYTES]
        nonce = crypto.derive_key(seed, b"", b"nonce")[:crypto.NONCE_BYTES]
    return AccountKeys(crypto.b64(crypto.public_signing_key(private)),
                       seal_key(private, password, salt=salt, nonce=nonce), private)


def resealed(private: bytes, password: str) -> str:
    return seal_key(private, password)
