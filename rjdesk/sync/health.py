"""Health: each workstation publishes what it has applied and its state digest; from all of
them, divergence is found and named, and bundles everyone holds are archived.

Two workstations that have applied the same changes and have none of their own waiting must
hold the same records; if their digests differ, they have diverged, and the report says which.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass

from sqlalchemy import Connection

from rjdesk.domain.base import utcnow
from rjdesk.store.digest import state_digest
from rjdesk.sync import crypto, state
from rjdesk.sync.deployment import canonical
from rjdesk.sync.layout import BundleRef
from rjdesk.sync.publish import Identity, pending_count
from rjdesk.sync.share import Share, ShareError

KEEP_ACKS = 2


#: A database whose digest takes longer than this (a million people: half a minute) makes it
#: at most hourly, and not in the round that joins it; a small one makes it every round.
SLOW_DIGEST_S = 2.0
DIGEST_EVERY_S = 3600.0
BIG_DATABASE_PEOPLE = 100_000


def cached_digest(c: Connection, *, now: float | None = None) -> dict | None:
    """The state digest with the applied vector and waiting changes it was made at (so it is
    compared only with digests made at the same point), made again only when the change log
    has grown — and, for a big database, at most hourly. ``None`` until there is one."""
    now = time.time() if now is None else now
    mark = c.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM sync_change").scalar_one()
    cached = state.get_json(c, state.DIGEST_CACHE)
    if cached and cached["mark"] == mark:
        return cached if cached.get("digest") else None
    if cached is None:
        big = c.exec_driver_sql("SELECT count(*) FROM offender").scalar_one() > \
            BIG_DATABASE_PEOPLE
        if big:  # e.g. just joined from a snapshot: no half-minute digest in this round
            state.put_json(c, state.DIGEST_CACHE, {"mark": -1, "digest": None, "at": now,
                                                   "seconds": DIGEST_EVERY_S})
            return None
    elif cached["seconds"] > SLOW_DIGEST_S and now - cached["at"] < DIGEST_EVERY_S:
        return cached if cached.get("digest") else None
    started = time.monotonic()
    me = state.workstation_id(c)
    made = {"mark": mark, "digest": state_digest(c), "vector": state.applied_vector(c),
            "pending": pending_count(c, me), "at": now,
            "seconds": round(time.monotonic() - started, 3)}
    state.put_json(c, state.DIGEST_CACHE, made)
    return made


def conflict_fingerprint(c: Connection) -> tuple[int, str]:
    ids = [r[0] for r in c.exec_driver_sql("SELECT id FROM sync_conflict ORDER BY id")]
    return len(ids), hashlib.sha256("\n".join(ids).encode()).hexdigest()


def make_ack(c: Connection, who: Identity, *, name: str, site: str, clock_ms: int) -> dict:
    count, fingerprint = conflict_fingerprint(c)
    digest = cached_digest(c) or {}
    return {"workstation": who.me, "deployment": who.deployment, "name": name, "site": site,
            "vector": state.applied_vector(c), "pending": pending_count(c, who.me),
            "digest": digest.get("digest"), "digest_vector": digest.get("vector"),
            "digest_pending": digest.get("pending"), "conflicts": count,
            "conflict_set": fingerprint,
            "clock_ms": clock_ms, "at": utcnow().isoformat(timespec="seconds")}


def publish_ack(share: Share, who: Identity, ack: dict, number: int) -> None:
    signed = dict(ack, signature=crypto.b64(crypto.sign(who.signing_key, canonical(ack))))
    share.write_small(share.ack_path(who.me, number),
                      json.dumps(signed, sort_keys=True, indent=1).encode("utf-8"))
    for old in sorted(p for p in share.ack_path(who.me, 0).parent.glob(f"{who.me}-*.json")
                      if p.name < share.ack_path(who.me, number - KEEP_ACKS + 1).name):
        # An old ack left behind misleads no one: the newest number rules.
        with contextlib.suppress(ShareError):
            share.remove_own(old)


def read_acks(share: Share, members: dict[str, dict]) -> dict[str, dict]:
    """The newest ack of every enrolled workstation whose signature holds."""
    found = {}
    for ws, path in share.latest_acks().items():
        if ws not in members:
            continue
        try:
            ack = json.loads(share.read_small(path).decode("utf-8"))
            ok = crypto.verify(crypto.unb64(members[ws]["signing_key"]), canonical(ack),
                               crypto.unb64(ack.get("signature", "")))
        except (ShareError, ValueError, UnicodeDecodeError, AttributeError):
            continue
        if ok and ack.get("workstation") == ws:
            found[ws] = ack
    return found


@dataclass(frozen=True)
class Divergence:
    first: str
    second: str

    def sentence(self, members: dict[str, dict]) -> str:
        def who(ws: str) -> str:
            m = members.get(ws, {})
            return f"{m.get('name', ws)} ({m.get('site', '?')})"
        return (f"{who(self.first)} and {who(self.second)} have applied the same changes but "
                "hold different records; run `rjdesk-cli check` on both and call support.")


def divergences(acks: dict[str, dict]) -> list[Divergence]:
    """Pairs whose digests were made at the same point (same changes applied, none of their
    own waiting) and differ."""
    settled = [(ws, a) for ws, a in sorted(acks.items())
               if a.get("digest") and a.get("digest_pending") == 0]
    found = []
    for i, (ws, a) in enumerate(settled):
        for other, b in settled[i + 1:]:
            if _same_vector(a, b) and a["digest"] != b["digest"]:
                found.append(Divergence(ws, other))
    return found


def _same_vector(a: dict, b: dict) -> bool:
    va = {k: v for k, v in (a.get("digest_vector") or {}).items() if v}
    vb = {k: v for k, v in (b.get("digest_vector") or {}).items() if v}
    return va == vb


def archivable(share: Share, acks: dict[str, dict], members: dict[str, dict],
               snapshot_vector: dict[str, int]) -> list[BundleRef]:
    """Bundles every enrolled workstation has applied and the newest snapshot covers."""
    if any(ws not in acks for ws in members):
        return []
    held: dict[str, int] = {}
    for ws in members:
        vector = acks[ws].get("vector", {})
        for origin, n in vector.items():
            held[origin] = min(held.get(origin, n), n)
        for origin in members:
            if origin not in vector and origin != ws:
                held[origin] = 0
    return [b for b in share.list_bundles()
            if b.last <= min(held.get(b.ws, 0), snapshot_vector.get(b.ws, 0))]
