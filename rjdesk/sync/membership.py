"""Who is in the deployment: the requests an administrator weighs, and revoking a member.

Anyone who can write to the share can leave a request to join, under any name. So each request
is shown with its fingerprint (the requesting workstation shows the same one; IT compares them
by phone) and with every reason to doubt it: a name already enrolled, or asked for twice.

Revoking writes a roster without the workstation and renews the deployment key: the next
generation is sealed to each remaining member and named in the roster, so later bundles and
snapshots are closed to the revoked one. Its bundles already on the share stay good (the roster
keeps its public key and the last of its changes taken); anything it signs later is refused as
from a workstation that is not enrolled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rjdesk.domain.base import utcnow
from rjdesk.sync import crypto, keyring
from rjdesk.sync.deployment import (
    DESK,
    AdminKey,
    DeploymentError,
    canonical,
    desk_of,
    load_roster,
    pending_requests,
    read_deployment,
    roster_to_amend,
    write_roster,
)
from rjdesk.sync.share import Share, ShareError


@dataclass(frozen=True)
class Waiting:
    """A request to join, as the administrator must see it before approving."""

    workstation: str
    name: str
    site: str
    requested_at: str
    fingerprint: str
    doubts: list[str] = field(default_factory=list)


def fingerprint_of(entry: dict) -> str:
    """The fingerprint of a request or roster entry; empty when it lacks either key."""
    try:
        return keyring.fingerprint(crypto.unb64(entry["signing_key"]),
                                   crypto.unb64(entry["sealing_key"]))
    except (KeyError, TypeError, ValueError):
        return ""


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def roster_of(share: Share) -> dict:
    deployment = read_deployment(share)
    return load_roster(share, crypto.unb64(deployment["admin_key"]), deployment["deployment"])


def waiting(share: Share) -> list[Waiting]:
    """The requests not yet approved (nor revoked), each with its doubts."""
    roster = roster_of(share)
    revoked = {r.get("id") for r in roster.get("revoked", [])}
    requests = [r for r in pending_requests(share) if r["workstation"] not in revoked]
    found = []
    for r in requests:
        doubts = [f"a workstation named {m['name']} ({m.get('site', '?')}) is already enrolled "
                  f"as {m['id']}" for m in roster["workstations"] if _same(m["name"], r["name"])]
        doubts += [f"a workstation of that name was revoked ({g.get('revoked_at', '')}, "
                   f"{g.get('id')})" for g in roster.get("revoked", [])
                   if isinstance(g, dict) and _same(str(g.get("name", "")), r["name"])]
        doubts += [f"another request asks under the same name, from {o['workstation']} "
                   f"({o['site']})" for o in requests
                   if o is not r and _same(o["name"], r["name"])]
        fp = fingerprint_of(r)
        if not fp:
            continue  # a request without both keys can never be approved
        found.append(Waiting(r["workstation"], r["name"], r["site"],
                             str(r.get("requested_at", "")), fp, doubts))
    return found


def choose(candidates: list[Waiting], wanted: list[str]) -> list[Waiting]:
    """The requests named by workstation id or by name; a name two requests share, or one no
    request has, is refused with what to do."""
    chosen: list[Waiting] = []
    for want in wanted:
        by_id = [w for w in candidates if w.workstation == want.strip().lower()]
        matches = by_id or [w for w in candidates if _same(w.name, want)]
        if not matches:
            raise DeploymentError(f"no workstation waits for approval as {want!r} (it may be "
                                  "approved already); `enroll list` shows those that do.")
        if len(matches) > 1:
            raise DeploymentError(f"{len(matches)} requests are named {want!r}: approve one by "
                                  "its workstation id, after comparing its fingerprint.")
        if matches[0] not in chosen:
            chosen.append(matches[0])
    return chosen


@dataclass(frozen=True)
class Revoked:
    workstation: str
    name: str
    site: str
    generation: int      # the deployment key's generation from now on
    members: int         # workstations that remain


def member(roster: dict, wanted: str) -> dict:
    members = roster["workstations"]
    matches = [m for m in members if m["id"] == wanted.strip().lower()] or \
        [m for m in members if _same(m["name"], wanted)]
    if not matches:
        raise DeploymentError(f"no enrolled workstation is {wanted!r}; `enroll members` lists "
                              "them.")
    if len(matches) > 1:
        raise DeploymentError(f"{len(matches)} enrolled workstations are named {wanted!r}: "
                              "revoke one by its workstation id.")
    return matches[0]


def _sealing_key(share: Share, member: dict) -> bytes:
    """A member's public sealing key: in its roster entry, or (approved before the roster
    kept it) in its request, trusted when signed by the key the roster holds for it."""
    if "sealing_key" in member:
        return crypto.unb64(member["sealing_key"])
    try:
        request = _load(share, member["id"])
        signing = crypto.unb64(member["signing_key"])
        if request.get("signing_key") == member["signing_key"] and crypto.verify(
                signing, canonical(request), crypto.unb64(request["signature"])):
            return crypto.unb64(request["sealing_key"])
    except (DeploymentError, KeyError, ValueError):
        pass
    raise DeploymentError(f"the share no longer holds the request of {member['name']} "
                          f"({member['id']}), so the renewed key cannot be sealed to it; "
                          "nothing was changed.")


def _load(share: Share, ws: str) -> dict:
    try:
        document = json.loads(share.read_small(share.request_path(ws)).decode("utf-8"))
    except (ShareError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise DeploymentError(str(exc)) from exc
    if not isinstance(document, dict):
        raise DeploymentError("not a request")
    return document


def revoke(share: Share, admin: AdminKey, wanted: str) -> Revoked:
    """Remove a workstation and renew the deployment key. The new key's files go to the share
    before the roster that names it, so no member is ever told of a key it cannot find."""
    admin.check_for(share)
    roster = roster_to_amend(share, admin)
    gone = member(roster, wanted)
    remaining = [m for m in roster["workstations"] if m["id"] != gone["id"]]
    if not remaining:
        raise DeploymentError(f"{gone['name']} is the only enrolled workstation: revoking it "
                              "would leave no one to sync with.")
    generation = keyring.generation_of(roster) + 1
    key = admin.key_of(generation)
    sealing = {m["id"]: _sealing_key(share, m) for m in remaining}  # all found before writing
    for m in remaining:
        try:
            keyring.seal_for(share, admin_signing_key=admin.signing_key,
                             deployment=admin.deployment, ws=m["id"], sealing_key=sealing[m["id"]],
                             generation=generation, key=key)
        except crypto.CryptoError as exc:
            raise DeploymentError(f"the key of {m['name']} ({m['id']}) is not usable; nothing "
                                  "was revoked.") from exc
    taken = [b.last for archived in (False, True)
             for b in share.list_bundles(archived=archived, of=gone["id"])]
    entry = {"id": gone["id"], "name": gone["name"], "site": gone.get("site", ""),
             "signing_key": gone["signing_key"], "upto": max(taken, default=0),
             DESK: desk_of(roster, gone["id"]),
             "revoked_at": utcnow().isoformat(timespec="seconds")}
    write_roster(share, admin, roster, remaining, generation=generation,
                 revoked=[*roster.get("revoked", []), entry])
    return Revoked(gone["id"], gone["name"], gone.get("site", ""), generation, len(remaining))


def signers(roster: dict) -> dict[str, dict]:
    """Whose bundles a member takes: the members, and each revoked workstation up to the last
    change it had on the share when it was revoked (``upto``)."""
    found = {r["id"]: r for r in roster.get("revoked", []) if isinstance(r, dict) and "id" in r}
    found.update(roster["members"])
    return found


def revoked_entry(roster: dict, ws: str) -> dict | None:
    return next((r for r in roster.get("revoked", []) if isinstance(r, dict)
                 and r.get("id") == ws), None)
