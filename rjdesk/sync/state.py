"""This workstation's sync bookkeeping in ``sync_state`` (local, never synced): its id, its
keys, the deployment it belongs to, what it has published.

Only the share's folder here is set by a person: it is declared, with its type, default and
title, in the settings registry (``services.core.settings.SHARE_PATH``); its key is named here
because the sync layer reads it without that registry.

The private keys are named here too, and read and written through ``get`` and ``put`` like the
rest, but they never sit in the database: those calls hand them to the key store
(``sync.keys``). A database from before the key store still holds them in ``sync_state``;
they are read from there until ``move_keys_out`` (on the next writable open) moves them."""

from __future__ import annotations

import json

from sqlalchemy import Connection

from rjdesk.sync import keys

WORKSTATION_ID = "workstation_id"
DEPLOYMENT = "deployment"            # JSON: id, admin public key (pinned at enrollment)
SIGNING_KEY = "signing_key"          # base64 Ed25519 private key
SEALING_KEY = "sealing_key"          # base64 X25519 private key
DEPLOYMENT_KEY = "deployment_key"    # base64 AES key (generation 1), once unsealed
DEPLOYMENT_KEY_OF = "deployment_key.{generation}"  # a later generation, after a revocation
PUBLISHED_SEQ = "published_seq"      # last own change published
LAST_BUNDLE = "last_bundle"          # digest of the last own bundle (the next one's "prev")
ROSTER = "roster"                    # JSON: the newest verified roster
SHARE_PATH = "share_path"            # a person's setting (see above)
DESK_NUMBER = "desk_number"          # this workstation's desk within its site, from the roster
LAST_SYNC = "last_sync"              # JSON: the last round's report
DIGEST_CACHE = "digest_cache"        # JSON: state digest and the change count it was made at
ACK_NUMBER = "ack_number"
SNAPSHOT_AT = "snapshot_at"          # this workstation's newest snapshot: its HLC
JOINED = "joined"                    # how it came to hold the records: founder or a snapshot
KEY_STORE = keys.STORE               # where the keys are: "keyring" or "file"
#: The private keys: in the key store, never in the database. A later deployment key is named
#: ``DEPLOYMENT_KEY`` + a suffix, and is a key the same way.
KEYS = (SIGNING_KEY, SEALING_KEY, DEPLOYMENT_KEY)


def is_key(name: str) -> bool:
    return name in KEYS or name.startswith(DEPLOYMENT_KEY)


def _row(connection: Connection, key: str) -> str | None:
    return connection.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?",
                                      (key,)).scalar()


def get(connection: Connection, key: str, default: str | None = None) -> str | None:
    value = keys.get(connection, key) if is_key(key) else None
    if value is None:
        value = _row(connection, key)
    return default if value is None else value


def put(connection: Connection, key: str, value: str | None) -> None:
    if is_key(key):
        if value is None:
            keys.delete(connection, key)
        else:
            keys.put(connection, key, value)
        value = None  # and never (any more) in the database
    if value is None:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (key,))
    else:
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (key, value))


def move_keys_out(connection: Connection) -> int:
    """Move the keys a database from before the key store holds into the key store, and wipe
    them from the file (``secure_delete`` overwrites the freed bytes). Returns how many."""
    rows = [(k, v) for k, v in connection.exec_driver_sql(
        "SELECT key, value FROM sync_state").all() if is_key(k)]
    if not rows:
        return 0
    for name, value in rows:
        keys.put(connection, name, value)
    connection.exec_driver_sql("PRAGMA secure_delete = ON")
    for name, _ in rows:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (name,))
    return len(rows)


def keys_where(connection: Connection) -> str:
    """Where this workstation's keys are, in a few words (``rjdesk-cli check``)."""
    if any(is_key(k) for (k,) in connection.exec_driver_sql("SELECT key FROM sync_state")):
        return "in the database (moved to the key store when it is next opened writable)"
    return keys.where(connection)


def get_json(connection: Connection, key: str) -> dict | None:
    raw = get(connection, key)
    return json.loads(raw) if raw else None


def put_json(connection: Connection, key: str, value: dict | None) -> None:
    put(connection, key, None if value is None else json.dumps(value, sort_keys=True))


def deployment_key_name(generation: int) -> str:
    """Where a generation of the deployment key is kept (the first where it always was)."""
    return DEPLOYMENT_KEY if generation == 1 else DEPLOYMENT_KEY_OF.format(generation=generation)


def deployment_keys(connection: Connection) -> dict[int, str]:
    """The generations of the deployment key this workstation holds (base64), 1 upwards:
    they are received in order, so the first one missing ends them."""
    found: dict[int, str] = {}
    while key := get(connection, deployment_key_name(len(found) + 1)):
        found[len(found) + 1] = key
    return found


def workstation_id(connection: Connection) -> str:
    value = get(connection, WORKSTATION_ID)
    if not value:
        raise RuntimeError("this database has no workstation id (schema before 0003?)")
    return value


def applied_vector(connection: Connection) -> dict[str, int]:
    """For each workstation, the last of its changes this database holds without a gap: its
    applied bundles, and this workstation's own published ones."""
    return {origin: last for origin, last in connection.exec_driver_sql(
        "SELECT origin, max(last_seq) FROM sync_applied GROUP BY origin")}
