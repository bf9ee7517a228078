"""The demo's staff accounts: one per role, the accounts every area's rows are recorded by.

They are written before any area plans, so that an area may name the account that recorded a
row (``ctx.users``) and the person a paper names (``ctx.staff_names``).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.orm import Session

from rjdesk.demo.context import DemoContext
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import User, UserSigningKey
from rjdesk.services.admin.auth import hash_password, sealed_key_pair

DEMO_PASSWORD = "demo"

STAFF = (  # username, role, display name, where ("home", "office" or a site code)
    ("admin", Role.ADMINISTRATOR, "Dana Whitfield", "home"),
    ("staff", Role.INSTITUTION_STAFF, "Marcus Bell", "home"),
    ("coordinator", Role.VOLUNTEER_COORDINATOR, "Linh Trần", "home"),
    ("officer", Role.PP_OFFICER, "Rosa Peña", "office"),
    ("board", Role.BOARD_COORDINATOR, "Gerald Hoffmann", "office"),
    ("victims", Role.VICTIM_SERVICES, "Amra Hodžić", "home"),
    ("central", Role.CENTRAL_OFFICE, "Patricia Lang", "CO"),
)


@lru_cache(maxsize=8)
def _demo_hash(salt: bytes) -> str:
    """The demo password's hash with a salt derived from the seed, so every build of a seed
    has the same digest. One salt serves every demo account (the password is "demo" anyway)."""
    return hash_password(DEMO_PASSWORD, salt=salt)


@lru_cache(maxsize=64)
def _demo_keys(seed: bytes) -> tuple[str, str]:
    """Each account's signing key pair, from the seed: every build of a seed the same."""
    return sealed_key_pair(DEMO_PASSWORD, seed=seed)


def add_users(session: Session, ctx: DemoContext) -> None:
    """One account per role; inserted directly since "demo" is shorter than the minimum."""
    for username, role, display, where in STAFF:
        site = {"home": ctx.home, "office": ctx.office}.get(where) or ctx.site(where)
        uid = ctx.key("user", username)
        salt = hashlib.sha256(f"{ctx.ns}/password".encode()).digest()[:16]
        public, sealed = _demo_keys(hashlib.sha256(f"{ctx.ns}/{username}/key".encode()).digest())
        made = ctx.stamp(ctx.today - timedelta(400))
        session.add(User(id=uid, username=username, display_name=display, role=role,
                         site_id=site.id, password_hash=_demo_hash(salt), active=True,
                         failed_attempts=0, created_at=made, signing_key=public,
                         sealed_signing_key=sealed))
        session.add(UserSigningKey(id=ctx.key("user_signing_key", username), user_id=uid,
                                   public_key=public, added_at=made))
        ctx.users[username] = uid
        ctx.staff_names[username] = display
    session.flush()
