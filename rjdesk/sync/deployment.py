"""The deployment: which workstations may sync, and the keys that make it safe.

An administrator creates the deployment once: its id and the administrator's public key go to
``deployment.json`` on the share; the administrator's private key and the deployment key (which
encrypts every bundle) go to an *administrator key file* kept off the share. A workstation asks
to join by leaving its public keys in ``requests/``; the administrator approves it, which writes
a new signed roster of workstations and the deployment key sealed to that workstation alone.
The workstation pins the administrator's key when it asks, so a roster signed by anyone else is
never believed, nor a key file (see ``keyring``). Revoking a workstation (``membership``) writes
a roster without it and renews the deployment key; every roster carries on what the one before
it said of the key's generation and of the workstations revoked.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from rjdesk.domain.base import utcnow
from rjdesk.domain.people.rules import site_key
from rjdesk.sync import crypto, keyring, state
from rjdesk.sync.share import Fault, Share, ShareError

FORMAT = 1
#: A roster entry's mark of the founding workstation: the one whose snapshots new workstations
#: start from (a member's stolen keys must not hand newcomers a forged copy of the records).
FOUNDER = "founder"
#: A roster entry's desk number within its site (1, 2, …): the middle of the delivery slip
#: numbers that workstation issues, so two workstations of a site never issue the same one.
DESK = "desk"


class DeploymentError(Exception):
    """A deployment step cannot be done; the message says why and what to do."""


def canonical(document: dict) -> bytes:
    return json.dumps({k: v for k, v in document.items() if k != "signature"}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _signed(document: dict, signing_key: bytes) -> bytes:
    document = dict(document, signature=crypto.b64(crypto.sign(signing_key, canonical(document))))
    return json.dumps(document, sort_keys=True, indent=1).encode("utf-8")


def _load_json(raw: bytes) -> dict:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DeploymentError(f"not a readable deployment file ({exc})") from exc
    if not isinstance(document, dict):
        raise DeploymentError("not a readable deployment file")
    return document


@dataclass(frozen=True)
class AdminKey:
    deployment: str
    signing_key: bytes
    deployment_key: bytes

    @classmethod
    def new(cls) -> AdminKey:
        return cls(str(uuid.uuid4()), crypto.generate_signing_key(), crypto.new_deployment_key())

    def to_bytes(self) -> bytes:
        return json.dumps({"format": FORMAT, "kind": "rjdesk-admin-key",
                           "deployment": self.deployment,
                           "signing_key": crypto.b64(self.signing_key),
                           "deployment_key": crypto.b64(self.deployment_key)},
                          indent=1).encode("utf-8")

    def key_of(self, generation: int) -> bytes:
        """The deployment key of a generation (see ``keyring``)."""
        if generation == 1:
            return self.deployment_key
        return keyring.derive(self.signing_key, self.deployment, generation)

    def check_for(self, share: Share) -> None:
        """Refuse a key of another deployment than the share's before anything is written."""
        deployment = read_deployment(share)
        try:
            public = crypto.b64(crypto.public_signing_key(self.signing_key))
        except ValueError as exc:
            raise DeploymentError("the administrator key file is damaged (its signing key is "
                                  "not a key).") from exc
        if deployment.get("deployment") != self.deployment or \
                deployment.get("admin_key") != public:
            raise DeploymentError(f"this administrator key belongs to another deployment than "
                                  f"the one on {share.root}.")

    @classmethod
    def read(cls, path: Path) -> AdminKey:
        not_one = f"{path.name} is not an RJ Desk administrator key file."
        try:
            try:
                document = _load_json(path.read_bytes())
            except DeploymentError:
                raise DeploymentError(not_one) from None
            if document.get("kind") != "rjdesk-admin-key":
                raise DeploymentError(not_one)
            admin = cls(str(document["deployment"]), crypto.unb64(document["signing_key"]),
                        crypto.unb64(document["deployment_key"]))
            if {len(admin.signing_key), len(admin.deployment_key)} != {crypto.KEY_BYTES}:
                raise ValueError("a key of the wrong length")
            return admin
        except OSError as exc:
            raise DeploymentError(f"The administrator key file cannot be read: {exc}.") from exc
        except (KeyError, ValueError) as exc:
            raise DeploymentError(f"{path.name} is damaged ({exc}).") from exc


def read_deployment(share: Share) -> dict:
    path = share.deployment_path()
    if not path.exists():
        raise DeploymentError(f"There is no RJ Desk deployment on {share.root}; an administrator "
                              "creates one with `rjdesk-cli deployment create`.")
    return _load_json(share.read_small(path))


def create(share: Share, *, name: str, admin: AdminKey | None = None) -> AdminKey:
    """A new deployment on an empty share; returns the administrator key to keep safe (make
    it first with ``AdminKey.new()`` to have it stored before the share hears of it)."""
    share.check()
    if share.deployment_path().exists():
        raise DeploymentError(f"{share.root} already holds a deployment; a share serves one.")
    admin = admin or AdminKey.new()
    document = {"format": FORMAT, "deployment": admin.deployment, "name": name.strip(),
                "admin_key": crypto.b64(crypto.public_signing_key(admin.signing_key)),
                "created_at": utcnow().isoformat(timespec="seconds")}
    share.write_small(share.deployment_path(), json.dumps(document, indent=1).encode("utf-8"))
    share.write_small(share.roster_path(1), _signed(
        {"deployment": admin.deployment, "version": 1, "workstations": []}, admin.signing_key))
    return admin


def _ensure_keys(connection: Connection) -> tuple[bytes, bytes]:
    signing = state.get(connection, state.SIGNING_KEY)
    sealing = state.get(connection, state.SEALING_KEY)
    if not signing or not sealing:
        signing_key, sealing_key = crypto.generate_signing_key(), crypto.generate_sealing_key()
        state.put(connection, state.SIGNING_KEY, crypto.b64(signing_key))
        state.put(connection, state.SEALING_KEY, crypto.b64(sealing_key))
        return signing_key, sealing_key
    return crypto.unb64(signing), crypto.unb64(sealing)


def request_to_join(connection: Connection, share: Share, *, name: str, site_code: str) -> str:
    """Leave this workstation's public keys on the share for an administrator to approve."""
    if not name.strip():
        raise DeploymentError("Give this workstation a name (e.g. JCCC-RECORDS-1).")
    deployment = read_deployment(share)
    pinned = state.get_json(connection, state.DEPLOYMENT)
    if pinned and pinned["deployment"] != deployment["deployment"]:
        raise DeploymentError("This workstation belongs to another deployment.")
    state.put_json(connection, state.DEPLOYMENT, {"deployment": deployment["deployment"],
                                                  "admin_key": deployment["admin_key"]})
    for key, value in (("site_id", site_key(site_code)), ("workstation_name", name.strip())):
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO local_setting (key, value) VALUES (?, ?)", (key, value))
    signing_key, sealing_key = _ensure_keys(connection)
    me = state.workstation_id(connection)
    request = {"format": FORMAT, "deployment": deployment["deployment"], "workstation": me,
               "name": name.strip(), "site": site_code.strip().upper(),
               "signing_key": crypto.b64(crypto.public_signing_key(signing_key)),
               "sealing_key": crypto.b64(crypto.public_sealing_key(sealing_key)),
               "requested_at": utcnow().isoformat(timespec="seconds")}
    path = share.request_path(me)
    if not path.exists():
        share.write_small(path, _signed(request, signing_key))
    return me


def pending_requests(share: Share, admin: AdminKey | None = None, *,
                     bad: list[str] | None = None) -> list[dict]:
    """Requests on the share not yet in the roster (whose signature by their own key holds).
    One that cannot be read or does not hold is passed over, and said in ``bad`` if given."""
    deployment = read_deployment(share)
    roster = load_roster(share, crypto.unb64(deployment["admin_key"]), deployment["deployment"])
    found = []
    for ws, path in share.list_requests():
        why = ""
        try:
            request = _load_json(share.read_small(path))
            key = crypto.unb64(request["signing_key"])
            if not crypto.verify(key, canonical(request), crypto.unb64(request["signature"])):
                why = "is not signed by the workstation it names"
        except ShareError as exc:
            if exc.kind is Fault.MISSING:
                raise
            why = "cannot be read (it is too large, a link, or held open)"
        except (DeploymentError, KeyError, ValueError, TypeError, AttributeError):
            why = "is damaged"
        if why:
            if bad is not None:
                bad.append(f"{path.name} {why}")
            continue
        if request.get("workstation") == ws and request.get("deployment") == \
                deployment["deployment"] and ws not in roster["members"]:
            found.append(request)
    return found


def approve(share: Share, admin: AdminKey, workstation_ids: list[str], *,
            founder: bool = False) -> list[str]:
    """Add workstations that asked to join to a new roster; seal every generation of the
    deployment key to each (a newcomer reads the older files too)."""
    admin.check_for(share)
    requests = {r["workstation"]: r for r in pending_requests(share)}
    unknown = [ws for ws in workstation_ids if ws not in requests]
    if unknown:
        raise DeploymentError(f"No request to join from {', '.join(unknown)} (or it is already "
                              "approved); the workstation asks first with `rjdesk-cli enroll`.")
    roster = roster_to_amend(share, admin)
    if revoked := {r.get("id") for r in roster.get("revoked", [])} & set(workstation_ids):
        raise DeploymentError(f"{', '.join(sorted(revoked))} was revoked; a workstation joins "
                              "again with a new database, under a new id.")
    members = list(roster["workstations"])
    current = keyring.generation_of(roster)
    for ws in workstation_ids:
        r = requests[ws]
        try:
            for generation in range(1, current + 1):
                keyring.seal_for(share, admin_signing_key=admin.signing_key,
                                 deployment=admin.deployment, ws=ws,
                                 sealing_key=crypto.unb64(r["sealing_key"]),
                                 generation=generation, key=admin.key_of(generation))
        except (crypto.CryptoError, ValueError) as exc:
            raise DeploymentError(f"the request of {r['name']} ({ws}) holds no usable key; "
                                  "it is not approved.") from exc
        members.append({"id": ws, "name": r["name"], "site": r["site"],
                        "signing_key": r["signing_key"], "sealing_key": r["sealing_key"],
                        "approved_at": utcnow().isoformat(timespec="seconds"),
                        DESK: next_desk({**roster, "workstations": members}, r["site"]),
                        **({FOUNDER: True} if founder else {})})
    write_roster(share, admin, roster, members)
    return workstation_ids


def desk_of(roster: dict, ws: str) -> int | None:
    """A member's desk number within its site: the one its entry was given, or (a roster made
    before desks) its position among its site's members in roster order. None for a
    workstation the roster does not name."""
    members = [m for m in roster.get("workstations", []) if isinstance(m, dict)]
    me = next((m for m in members if m.get("id") == ws), None)
    if me is None:
        return None
    if isinstance(me.get(DESK), int):
        return int(me[DESK])
    return [m.get("id") for m in members if m.get("site") == me.get("site")].index(ws) + 1


def next_desk(roster: dict, site: str) -> int:
    """The desk number a new member of ``site`` gets: one above every desk ever given there,
    revoked workstations' included, so a number (and its slips) is never reused."""
    given = [desk_of(roster, m["id"]) or 0 for m in roster.get("workstations", [])
             if isinstance(m, dict) and m.get("site") == site]
    given += [int(r[DESK]) for r in roster.get("revoked", [])
              if isinstance(r, dict) and r.get("site") == site and isinstance(r.get(DESK), int)]
    return max(given, default=0) + 1


def write_roster(share: Share, admin: AdminKey, previous: dict, workstations: list[dict],
                 **changes: object) -> int:
    """The next roster: these workstations, and what the previous one said besides (the key's
    generation, the revoked workstations) unless changed here. Returns its version.

    A member the previous roster gave no desk number keeps the one it had by position, now
    written down: removing a workstation must not move another one's number."""
    version = previous["version"] + 1
    workstations = [m if DESK in m or desk_of(previous, m["id"]) is None
                    else {**m, DESK: desk_of(previous, m["id"])} for m in workstations]
    document = {k: v for k, v in previous.items() if k not in ("members", "signature")}
    document.update(changes, deployment=admin.deployment, version=version,
                    workstations=workstations)
    share.write_small(share.roster_path(version), _signed(document, admin.signing_key))
    return version


def load_roster(share: Share, admin_key: bytes, deployment: str, *, known: int = 0) -> dict:
    """The newest roster signed by the pinned administrator key. ``members`` maps workstation
    id → its entry. When the newest file is damaged, forged, too large, or gone (older than
    ``known``, the newest this workstation has read before), the newest good one stands for the
    workstations it names and ``problem`` says so, in a coordinator's words; else it is ""."""
    bad = []
    for version, path in sorted(share.list_rosters(), reverse=True):
        why = _roster_fault(share, path, version, admin_key, deployment)
        if isinstance(why, str):
            bad.append(f"{path.name} {why}")
            continue
        document = why
        document["members"] = {w["id"]: w for w in document["workstations"]}
        if version < known:
            bad.insert(0, f"roster {known} (read here before) is missing from the share")
        document["problem"] = "" if not bad else (
            f"the newest roster cannot be used: {'; '.join(bad)}. Until an administrator puts "
            f"it back, {path.name} stands for the workstations it names.")
        return document
    raise DeploymentError("The share holds no roster signed by this deployment's administrator"
                          + (f" ({'; '.join(bad)})." if bad else "."))


def roster_to_amend(share: Share, admin: AdminKey) -> dict:
    """The newest roster, for an administrator about to write the next one: refused while the
    newest file is damaged or forged, since a roster written from an older one would drop the
    workstations approved since."""
    roster = load_roster(share, crypto.public_signing_key(admin.signing_key), admin.deployment)
    if roster["problem"]:
        raise DeploymentError(f"Nothing approved or revoked: {roster['problem']}")
    return roster


def _roster_fault(share: Share, path: Path, version: int, admin_key: bytes,
                  deployment: str) -> dict | str:
    """The roster at ``path`` if it holds, else why not."""
    try:
        document = _load_json(share.read_small(path))
        signature = crypto.unb64(str(document.get("signature", "")))
    except ShareError as exc:
        if exc.kind is Fault.MISSING:
            raise
        return "cannot be read (it is too large, a link, or held open)"
    except (DeploymentError, ValueError):
        return "is damaged"
    if not (document.get("deployment") == deployment and document.get("version") == version
            and crypto.verify(admin_key, canonical(document), signature)):
        return "is not signed by this deployment's administrator"
    if not isinstance(document.get("workstations"), list) or not all(
            isinstance(w, dict) and "id" in w for w in document["workstations"]):
        return "is damaged"
    return document


def receive_key(connection: Connection, share: Share, generation: int = 1) -> bool:
    """Unseal the deployment key once an administrator has approved this workstation, and the
    later generations up to ``generation`` once the roster names them. True when it holds
    them all."""
    try:
        return keyring.receive(connection, share, generation)
    except keyring.KeyFileRefused as exc:
        raise DeploymentError(f"The deployment key left for this workstation was refused: "
                              f"{exc}; ask the administrator to look at the share.") from exc


def found(connection: Connection, share: Share, admin: AdminKey, *, name: str,
          site_code: str) -> None:
    """Make this workstation the deployment's first member (it holds the key already)."""
    request_to_join(connection, share, name=name, site_code=site_code)
    me = state.workstation_id(connection)
    approve(share, admin, [me], founder=True)
    roster = load_roster(share, crypto.public_signing_key(admin.signing_key), admin.deployment)
    for generation in range(1, keyring.generation_of(roster) + 1):
        state.put(connection, state.deployment_key_name(generation),
                  crypto.b64(admin.key_of(generation)))
    state.put(connection, state.DESK_NUMBER, str(desk_of(roster, me) or 1))
