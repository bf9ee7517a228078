"""Signing, sealing and the base64 helpers, including what they do with bytes from strangers."""

from __future__ import annotations

import pytest

from rjdesk.sync import crypto
from rjdesk.sync.crypto import CryptoError


def test_keys_are_raw_bytes_of_the_expected_sizes():
    signing, sealing = crypto.generate_signing_key(), crypto.generate_sealing_key()
    assert len(signing) == len(sealing) == 32
    assert len(crypto.public_signing_key(signing)) == len(crypto.public_sealing_key(sealing)) == 32
    assert len(crypto.new_deployment_key()) == 32
    assert crypto.new_deployment_key() != crypto.new_deployment_key()


def test_sign_and_verify():
    priv = crypto.generate_signing_key()
    pub = crypto.public_signing_key(priv)
    signature = crypto.sign(priv, b"hello")
    assert len(signature) == 64
    assert crypto.verify(pub, b"hello", signature)
    assert not crypto.verify(pub, b"hellO", signature)
    other = crypto.public_signing_key(crypto.generate_signing_key())
    assert not crypto.verify(other, b"hello", signature)


@pytest.mark.parametrize("pub, message, signature", [
    (b"", b"m", b"\x00" * 64),
    (b"\x01" * 31, b"m", b"\x00" * 64),
    (b"\xff" * 32, b"m", b"\xff" * 64),
    (None, b"m", b"\x00" * 64),
    ("text", b"m", b"\x00" * 64),
    (b"\x01" * 32, None, b"\x00" * 64),
    (b"\x01" * 32, b"m", b""),
    (b"\x01" * 32, b"m", None),
])
def test_verify_never_raises_for_garbage(pub, message, signature):
    assert crypto.verify(pub, message, signature) is False


def test_seal_round_trip():
    priv = crypto.generate_sealing_key()
    secret = crypto.new_deployment_key()
    sealed = crypto.seal(crypto.public_sealing_key(priv), secret, b"deployment-key")
    assert len(sealed) == 32 + 12 + len(secret) + 16
    assert crypto.unseal(priv, sealed, b"deployment-key") == secret
    assert crypto.seal(crypto.public_sealing_key(priv), secret, b"deployment-key") != sealed


def test_unseal_refuses_the_wrong_recipient_context_or_bytes():
    priv = crypto.generate_sealing_key()
    sealed = crypto.seal(crypto.public_sealing_key(priv), b"secret", b"ctx")
    with pytest.raises(CryptoError):
        crypto.unseal(crypto.generate_sealing_key(), sealed, b"ctx")
    with pytest.raises(CryptoError):
        crypto.unseal(priv, sealed, b"other ctx")
    damaged = bytearray(sealed)
    damaged[-1] ^= 1
    for bad in (bytes(damaged), sealed[:40], b"", bytes(32) + sealed[32:]):
        with pytest.raises(CryptoError):
            crypto.unseal(priv, bad, b"ctx")
    with pytest.raises(CryptoError):
        crypto.unseal(b"short", sealed, b"ctx")


def test_seal_refuses_a_malformed_recipient_key():
    for bad in (b"", b"\x01" * 31, bytes(32)):
        with pytest.raises(CryptoError):
            crypto.seal(bad, b"secret", b"ctx")


def test_base64_helpers():
    assert crypto.b64(b"\x00\xffab") == "AP9hYg=="
    assert crypto.unb64("AP9hYg==") == b"\x00\xffab"
    with pytest.raises(ValueError):
        crypto.unb64("not base64!")
