"""An author's signature over a group of changes: what it covers, how a bundle carries it, and
where a bundle may end so that no group is cut."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import create_engine

from rjdesk.sync import account_keys, crypto
from rjdesk.sync.bundles import decode_body, encode_body
from rjdesk.sync.changes import INSERT, Change, encode
from rjdesk.sync.signatures import Signature, bundle_end, message, verifies

KEY = crypto.generate_signing_key()
PUBLIC = crypto.public_signing_key(KEY)


def _changes(n: int = 3, author: str = "pat") -> list[Change]:
    return [Change("ws1", seq, seq << 16, "offender", f"row{seq}", INSERT,
                   {"housing_unit": f"A-{seq}"}, {}, author) for seq in range(1, n + 1)]


def _group(changes: list[Change], key: bytes = KEY) -> Signature:
    author = str(changes[0].author)
    return Signature("ws1", changes[0].seq, changes[-1].seq, author,
                     crypto.sign(key, message("ws1", author, changes)))


def test_a_group_verifies_only_as_signed() -> None:
    changes = _changes()
    group = _group(changes)
    assert verifies(group, changes, [PUBLIC])
    assert not verifies(group, changes, [crypto.public_signing_key(crypto.generate_signing_key())])
    for altered in (replace(changes[1], data={"housing_unit": "Z"}), replace(changes[1], op="d"),
                    replace(changes[1], author="admin"), replace(changes[1], hlc=1),
                    replace(changes[1], tbl="volunteer"), replace(changes[1], row_id="x")):
        assert not verifies(group, [changes[0], altered, changes[2]], [PUBLIC])
    assert not verifies(group, changes[:2], [PUBLIC])  # one left out
    assert not verifies(replace(group, author="admin"), changes, [PUBLIC])


def test_a_bundle_body_carries_the_signatures_and_an_older_body_reads_with_none() -> None:
    changes = _changes()
    group = _group(changes)
    assert decode_body(encode_body(changes, [group])) == (changes, [group])
    assert decode_body(encode(changes)) == (changes, [])
    for bad in (b'{"changes": []}', b'{"changes": [], "signatures": [["ws1", 1]]}',
                b'{"changes": [], "signatures": [["ws1", 1, 2, "pat", "not base64!"]]}'):
        with pytest.raises((ValueError, TypeError)):
            decode_body(bad)


def test_a_bundle_ends_between_groups() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE sync_signature (origin, first_seq, last_seq, author, "
                          "signature)")
        for first, last in ((1, 10), (11, 20), (21, 21), (22, 60)):
            c.exec_driver_sql("INSERT INTO sync_signature VALUES ('ws1', ?, ?, 'pat', '')",
                              (first, last))
        assert bundle_end(c, "ws1", 1, 15, 60) == 10  # before the group it would cut
        assert bundle_end(c, "ws1", 1, 20, 60) == 20  # at a group's end already
        assert bundle_end(c, "ws1", 11, 12, 60) == 20  # a group longer than the bundle: whole
        assert bundle_end(c, "ws1", 22, 30, 60) == 60
        assert bundle_end(c, "ws1", 61, 70, 70) == 70  # unsigned changes end anywhere


def test_a_sealed_key_opens_with_its_password_only() -> None:
    keys = account_keys.new_keys("longpassword1")
    assert account_keys.unseal_key(keys.sealed, "longpassword1") == keys.private
    assert crypto.b64(crypto.public_signing_key(keys.private)) == keys.public
    for password, sealed in (("longpassword2", keys.sealed), ("longpassword1", keys.sealed[:20]),
                             ("longpassword1", "not base64!")):
        with pytest.raises(crypto.CryptoError):
            account_keys.unseal_key(sealed, password)
    again = account_keys.seal_key(keys.private, "longpassword2")
    assert account_keys.unseal_key(again, "longpassword2") == keys.private
    seed = bytes(range(32))
    assert account_keys.new_keys("demo", seed=seed) == account_keys.new_keys("demo", seed=seed)
