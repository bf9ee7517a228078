"""The few primitives sync needs, over raw key bytes so keys can live in the database as text.

Signing (Ed25519) says which workstation wrote a file; sealing (X25519 + HKDF + AES-GCM) hands a
secret, such as the deployment key, to one workstation over a shared folder anyone can read.
Verification and unsealing read untrusted bytes, so they fail in one predictable way only.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
SIGNATURE_BYTES = 64
NONCE_BYTES = 12
_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw


class CryptoError(Exception):
    """A sealed secret could not be opened: wrong recipient, wrong context, or damaged bytes."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Strict, so a damaged value fails here (``ValueError``) instead of decoding to junk."""
    return base64.b64decode(text, validate=True)


def new_deployment_key() -> bytes:
    return os.urandom(KEY_BYTES)


def derive_key(secret: bytes, salt: bytes, purpose: bytes) -> bytes:
    """A key for one purpose from a secret kept for another (HKDF-SHA256: the purpose keeps the
    two apart, and the derived key reveals nothing of the secret)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=purpose).derive(secret)


def generate_signing_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIVATE,
                                                      serialization.NoEncryption())


def public_signing_key(priv: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(priv).public_key().public_bytes(_RAW, _RAW_PUBLIC)


def sign(priv: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(priv).sign(message)


def verify(pub: bytes, message: bytes, signature: bytes) -> bool:
    """False for anything short of a good signature, malformed keys included: callers only
    ever need to know whether to trust the message."""
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(signature, message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def generate_sealing_key() -> bytes:
    return X25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIVATE,
                                                     serialization.NoEncryption())


def public_sealing_key(priv: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(priv).public_key().public_bytes(_RAW, _RAW_PUBLIC)


def _wrapping_key(shared: bytes, ephemeral_pub: bytes, recipient_pub: bytes,
                  context: bytes) -> bytes:
    """Both public keys go into the salt so the key belongs to this one exchange; the context
    keeps a secret sealed for one purpose from being accepted for another."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral_pub + recipient_pub,
                info=context).derive(shared)


def seal(recipient_public: bytes, secret: bytes, context: bytes) -> bytes:
    """Ephemeral public key (32) + nonce (12) + AES-GCM ciphertext. A malformed recipient key
    raises ``CryptoError``, as it usually comes from a file someone else wrote."""
    try:
        recipient = X25519PublicKey.from_public_bytes(recipient_public)
        ephemeral = X25519PrivateKey.generate()
        shared = ephemeral.exchange(recipient)
    except (ValueError, TypeError) as exc:
        raise CryptoError("The recipient's key is not a usable public key.") from exc
    ephemeral_pub = ephemeral.public_key().public_bytes(_RAW, _RAW_PUBLIC)
    key = _wrapping_key(shared, ephemeral_pub, recipient_public, context)
    nonce = os.urandom(NONCE_BYTES)
    return ephemeral_pub + nonce + AESGCM(key).encrypt(nonce, secret, None)


def unseal(recipient_private: bytes, sealed: bytes, context: bytes) -> bytes:
    try:
        ephemeral_pub = sealed[:KEY_BYTES]
        nonce = sealed[KEY_BYTES:KEY_BYTES + NONCE_BYTES]
        body = sealed[KEY_BYTES + NONCE_BYTES:]
        if len(nonce) != NONCE_BYTES:
            raise ValueError("too short")
        private = X25519PrivateKey.from_private_bytes(recipient_private)
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_pub))
        recipient_pub = private.public_key().public_bytes(_RAW, _RAW_PUBLIC)
        key = _wrapping_key(shared, ephemeral_pub, recipient_pub, context)
        return AESGCM(key).decrypt(nonce, body, None)
    except (InvalidTag, ValueError, TypeError) as exc:
        raise CryptoError("The sealed secret could not be opened with this key.") from exc
