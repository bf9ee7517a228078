"""Whether a change's author could have made it: the services' rules, checked again on apply.

A bundle is signed by a workstation, and its keys sit in that workstation's database file: whoever
takes them can sign anything. So each change names its author (the staff account the service
acted for) and, before a bundle is applied, every change in it is checked against that account
as this database holds it at that point (an account made earlier in the same bundle counts):
the account exists and is active (or was when the change was made); audit events are only ever
added; staff accounts and the site register are an administrator's; a record of a site is
written only by someone whose role has the permission the service needs and whose home site is
that site (or who works across sites); and an offender changes site only with the transfer
record the transfer writes beside it.

The author's word alone would be the sending workstation's claim. So, first, every change must
sit in a group its author signed with their own key (``signatures``), checked against the keys
this database holds for that account at that point (a key added earlier in the same bundle
counts; a reset keeps the older ones). An account from before signing keys has none: its first
key arrives signed by itself and is taken on its word, once (``_introduced``).

The rules per table are in ``table_rules``, once (``RULES``); a shared table not named is
refused (a test checks that every one is named). Local tables are the merger's to refuse.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.permissions import Permission, has_permission
from rjdesk.sync import crypto
from rjdesk.sync.changes import DELETE, INSERT, Change
from rjdesk.sync.merge import SYNCED_TABLES
from rjdesk.sync.signatures import Signature, verifies
from rjdesk.sync.table_rules import FIRST_KEY_FIELDS, FOLLOW_TRANSFER, OWN_ACCOUNT_FIELDS, RULES

_P = Permission


class Unauthorized(Exception):
    """A change its author could not have made: which change, and why."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")
        self.why = why


@dataclass(frozen=True)
class _Account:
    role: Role
    site_id: str
    active: bool

    def may(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)


class Authority:
    """Checks a bundle's changes in order, seeing the rows as this database holds them with
    the bundle's earlier changes laid over them."""

    def __init__(self, sql: sqlite3.Connection) -> None:
        self.sql = sql
        self._stored: dict[tuple[str, str], dict | None] = {}  # rows as the database has them
        #: What the bundle's changes so far did to a row: None deleted it, else whether the
        #: stored row still stands under them and the fields they wrote.
        self._laid: dict[tuple[str, str], tuple[bool, dict] | None] = {}
        self._moves: set[tuple[str, str, str]] = set()  # (offender, to site, author)
        self._left: set[tuple[str, str]] = set()  # (from site, author) of a transfer
        self._stored_keys: dict[str, set[str]] = {}
        self._laid_keys: dict[str, set[str]] = {}
        self._laid_active: dict[str, list[tuple[int, bool]]] = {}  # account: (hlc, active)
        self._groups: dict[tuple[str, int], Signature] = {}
        self._verified: set[tuple[str, int]] = set()
        self._key_cache: dict[str, list[bytes]] = {}
        #: Whether changes must be signed: a bundle's are; a change a reviewer means to make
        #: here (``check`` alone) is signed once made.
        self._signed_only = False

    def check_all(self, changes: Iterable[Change], signed: Iterable[Signature] = ()) -> None:
        items = list(changes)
        self._signed_only = True
        self._index = {(x.origin, x.seq): x for x in items}
        for group in signed:
            if 0 <= group.last - group.first < len(items):  # a longer one covers nothing here
                for seq in range(group.first, group.last + 1):
                    self._groups.setdefault((group.origin, seq), group)
        for x in items:  # a transfer and its hook's changes may come in any order
            if x.tbl == "offender_transfer" and x.op == INSERT and x.author:
                self._moves.add((str(x.data.get("offender_id")), str(x.data.get("to_site_id")),
                                 x.author))
                self._left.add((str(x.data.get("from_site_id")), x.author))
        held = self._held(items)
        for x in items:
            if x.tbl not in SYNCED_TABLES:
                continue  # a local or unknown table: the merger refuses it as unapplicable
            if (x.origin, x.seq) not in held:  # one held already was checked when it came
                self.check(x)
            self._lay(x)

    def check_signed(self, x: Change) -> None:
        """The change sits in a group signed by its author's own key."""
        what = f"change {x.seq} ({x.tbl}, {_OPS[x.op]}) by {x.author}"
        group = self._groups.get((x.origin, x.seq))
        if group is None:
            raise Unauthorized(what, "is not signed by its author")
        if group.author != x.author:
            raise Unauthorized(what, "is signed by another account than its author")
        key = (group.origin, group.first)
        if key in self._verified:
            return
        inside = [self._index.get((group.origin, s)) for s in range(group.first, group.last + 1)]
        members = [c for c in inside if c is not None]
        keys = self._keys(group.author) or self._introduced(group.author, members)
        if len(members) != len(inside) or not verifies(group, members, keys):
            raise Unauthorized(what, "its author's signature does not match it (altered, or "
                               "not signed with the author's own key)")
        self._verified.add(key)

    def check(self, x: Change) -> None:
        what = f"change {x.seq} ({x.tbl}, {_OPS[x.op]})"
        rule = RULES.get(x.tbl)
        if rule is None:
            raise Unauthorized(what, f"“{x.tbl}” is not a table anyone writes through RJ Desk")
        if not x.author:
            raise Unauthorized(what, "names no author")
        account = self._account(x.author)
        if account is None:
            raise Unauthorized(what, "names an author with no staff account here")
        if not account.active and not self._active_when_made(x):
            raise Unauthorized(what, "is by a staff account that is not active")
        if self._signed_only:
            self.check_signed(x)
        if rule.insert_only and x.op != INSERT:
            raise Unauthorized(what, f"{x.tbl.replace('_', ' ')}s are never changed or "
                               "removed")
        if x.tbl == "audit_event" and self._row(x.tbl, x.row_id) is not None:
            raise Unauthorized(what, f"rewrites a {x.tbl.replace('_', ' ')} on record")
        if account.may(_P.ALL_SITES) and all(account.may(p) for p in rule.permissions):
            return  # an administrator: every permission, every site
        if x.tbl == "app_user" and x.row_id == x.author and x.op != DELETE and \
                set(x.data) <= OWN_ACCOUNT_FIELDS:
            return  # one's own password
        if self._first_key(x):
            return  # an account from before signing keys gets its first one
        if x.tbl in FOLLOW_TRANSFER and x.op != INSERT and self._after_transfer(x):
            return  # a transfer frees his ICVC seats, moves his board case (their hooks)
        if rule.permissions and not any(account.may(p) for p in rule.permissions):
            raise Unauthorized(what, f"the author's role ({account.role.label}) does not "
                               "allow it")
        if x.tbl == "offender_transfer":
            ends = {x.data.get("from_site_id"), x.data.get("to_site_id")} if x.op == INSERT \
                else set()
            if account.site_id not in ends:
                raise Unauthorized(what, "a transfer is recorded by the site it leaves or "
                                   "reaches")
            return
        if rule.parents is None:
            return
        self._check_sites(x, what, account)

    def _check_sites(self, x: Change, what: str, account: _Account) -> None:
        home, row = account.site_id, self._row(x.tbl, x.row_id)
        if x.op == INSERT or row is None:
            # a new record, judged by where it puts it: one entered offline at two sites
            # (one DOC number, one key) is two honest inserts, and its fields a conflict
            after = self._site_of(x.tbl, dict(x.data)) if x.op != DELETE else set()
            parents = RULES[x.tbl].parents
            if after and home not in after and parents:
                # under a record that moved (a case following its offender): where it stood
                # when the author wrote counts, as for an edit made before the move arrived
                column, parent = parents[0]
                after |= self._sites(parent, str(x.data.get(column)))
            if after and home not in after:
                raise Unauthorized(what, "adds a record of another site than the author's")
            return
        before = self._sites(x.tbl, x.row_id)
        moved = x.data.get("site_id")
        if x.tbl == "offender" and x.op != DELETE and moved and moved != row.get("site_id"):
            if (x.row_id, moved, x.author) not in self._moves:
                raise Unauthorized(what, "moves an offender to another site with no transfer")
            if home not in before | {moved}:
                raise Unauthorized(what, "only the site he leaves or reaches transfers him")
            return
        if before and home not in before:
            raise Unauthorized(what, "changes a record of another site than the author's")

    def _first_key(self, x: Change) -> bool:
        """An account with no key (from before signing keys) adding its first one, at sign-in:
        its own account's key fields, and the key's row in its history."""
        held = self._keys_text(x.author or "")
        if x.op == DELETE:
            return False
        if x.tbl == "app_user" and x.row_id == x.author and \
                set(x.data) <= FIRST_KEY_FIELDS | OWN_ACCOUNT_FIELDS:
            return not held or x.data.get("signing_key") in held
        if x.tbl == "user_signing_key" and x.op == INSERT and x.data.get("user_id") == x.author:
            return not held or x.data.get("public_key") in held
        return False

    def _keys_text(self, user_id: str) -> set[str]:
        """The account's public keys (base64) as held at this point of the bundle."""
        if user_id not in self._stored_keys:
            self._stored_keys[user_id] = {r[0] for r in self.sql.execute(
                "SELECT public_key FROM user_signing_key WHERE user_id = ?", (user_id,))}
        found = self._stored_keys[user_id] | self._laid_keys.get(user_id, set())
        row = self._row("app_user", user_id)
        if row is not None and row.get("signing_key"):
            found = found | {str(row["signing_key"])}
        return found

    def _keys(self, user_id: str) -> list[bytes]:
        if user_id not in self._key_cache:  # emptied whenever a change may add a key
            self._key_cache[user_id] = _decoded(self._keys_text(user_id))
        return self._key_cache[user_id]

    @staticmethod
    def _introduced(author: str, group: list[Change]) -> list[bytes]:
        """The key a keyless account's own group brings for it: its first, taken on its word."""
        found = {str(c.data.get("signing_key")) for c in group
                 if c.tbl == "app_user" and c.row_id == author and c.data.get("signing_key")}
        found |= {str(c.data.get("public_key")) for c in group if c.tbl == "user_signing_key"
                  and c.op == INSERT and c.data.get("user_id") == author}
        return _decoded(found)

    def _active_when_made(self, x: Change) -> bool:
        """Whether the author's account was active when the change was made (by the clock
        the changes carry): work done at another workstation before the deactivation reached
        it still applies, so switching an account off never strands that workstation's
        bundles. Without a logged setting from before the change, the account as held now."""
        logged = [(int(hlc), json.loads(data)) for hlc, data in self.sql.execute(
            "SELECT hlc, data FROM sync_change WHERE tbl = 'app_user' AND row_id = ?",
            (x.author,))]
        settings = [(hlc, bool(data["active"])) for hlc, data in logged if "active" in data]
        settings += self._laid_active.get(str(x.author), [])
        before = sorted(s for s in settings if s[0] < x.hlc)
        return bool(before) and before[-1][1]

    def _after_transfer(self, x: Change) -> bool:
        return any((site, x.author) in self._left for site in self._sites(x.tbl, x.row_id))

    # -- rows as they stand at this point of the bundle --------------------------------------

    def _held(self, items: list[Change]) -> set[tuple[str, int]]:
        held: set[tuple[str, int]] = set()
        for origin in {x.origin for x in items}:
            seqs = [x.seq for x in items if x.origin == origin]
            held.update((origin, r[0]) for r in self.sql.execute(
                "SELECT seq FROM sync_change WHERE origin = ? AND seq BETWEEN ? AND ?",
                (origin, min(seqs), max(seqs))))
        return held

    def _lay(self, x: Change) -> None:
        key = (x.tbl, x.row_id)
        if x.tbl in ("app_user", "user_signing_key"):
            self._key_cache.clear()
        if x.tbl == "app_user" and x.op != DELETE and "active" in x.data:
            self._laid_active.setdefault(x.row_id, []).append((x.hlc, bool(x.data["active"])))
        if x.tbl == "user_signing_key" and x.op == INSERT:
            self._laid_keys.setdefault(str(x.data.get("user_id")), set()).add(
                str(x.data.get("public_key")))
        if x.op == DELETE:
            self._laid[key] = None
            return
        before = self._laid.get(key, (True, {}))
        self._laid[key] = (False, dict(x.data)) if before is None else \
            (before[0], {**before[1], **x.data})

    def _row(self, tbl: str, row_id: str) -> dict | None:
        key = (tbl, row_id)
        laid = self._laid.get(key, (True, {}))
        if laid is None:
            return None
        stands, fields = laid
        stored = self._stored_row(key) if stands else None
        if stored is None and not fields:
            return None
        return {**(stored or {}), **fields}

    def _stored_row(self, key: tuple[str, str]) -> dict | None:
        if key not in self._stored:
            cursor = self.sql.execute(f'SELECT * FROM "{key[0]}" WHERE id = ?', (key[1],))
            found = cursor.fetchone()
            self._stored[key] = None if found is None else \
                dict(zip([d[0] for d in cursor.description], found, strict=True))
        return self._stored[key]

    def _account(self, user_id: str) -> _Account | None:
        row = self._row("app_user", user_id)
        if row is None:
            return None
        try:
            return _Account(Role(row.get("role")), str(row.get("site_id")),
                            bool(row.get("active")))
        except ValueError:
            return None

    def _site_of(self, tbl: str, values: dict) -> set[str]:
        """The site a row with these values belongs to (through its parents)."""
        for column, parent in RULES[tbl].parents or ():
            row = self._row(parent, str(values.get(column)))
            if row is None:
                return set()
            tbl, values = parent, row
        site = values.get("site_id")
        return {str(site)} if site else set()

    def _sites(self, tbl: str, row_id: str) -> set[str]:
        """The sites a row on record belongs to: where it is here, and where any logged change
        put it (so an edit made before a concurrent transfer arrived is not taken for a
        stranger's)."""
        row = self._row(tbl, row_id)
        if row is None:
            return set()
        parents = RULES[tbl].parents or ()
        if parents:
            column, parent = parents[0]
            return self._sites(parent, str(row.get(column)))
        found = self._site_of(tbl, row)
        for (data,) in self.sql.execute(
                "SELECT data FROM sync_change WHERE tbl = ? AND row_id = ?", (tbl, row_id)):
            site = json.loads(data).get("site_id")
            if site:
                found.add(str(site))
        return found


def _decoded(keys: set[str]) -> list[bytes]:
    found = []
    for text in sorted(keys):
        try:
            found.append(crypto.unb64(text))
        except ValueError:
            continue  # not a key: verifies nothing
    return found


_OPS = {"i": "insert", "u": "update", "d": "delete"}
