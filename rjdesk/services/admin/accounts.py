"""An administrator's care of staff accounts once they exist: the list, unlocking, a temporary
password for a forgotten one, switching an account off and on again, a new role or home site.

Each is one transaction with its audit event. An account is never deleted: a deactivated one
keeps its history (its audit events, the records it wrote, its signing keys) and simply cannot
sign in, here or — once synced — at any other workstation; a session it has open elsewhere stops
at its next write (``services.core.context.check_account``).

No one changes their own role, site or active flag here (they would lose the right to do so in
the same breath; another administrator does it): so the last active administrator stays one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import Site, User
from rjdesk.domain.core.permissions import Permission
from rjdesk.services.admin.auth import (
    UserView,
    give_keys,
    hash_password,
    password_problem,
    user_view,
)
from rjdesk.services.core.context import Actor, acting, audit, require
from rjdesk.services.core.errors import Errors, InvalidInput, NotFound
from rjdesk.services.core.sites import site_by_code
from rjdesk.store.database import Database


def list_users(db: Database, actor: Actor) -> list[UserView]:
    require(actor, Permission.MANAGE_USERS)
    with db.reading() as tx:
        return [user_view(tx, u) for u in tx.scalars(select(User).order_by(User.username))]


def _account(tx: Session, username: str) -> User:
    user = tx.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"There is no user “{username.strip()}”.", "username")
    return user


def _not_self(actor: Actor, user: User, what: str) -> None:
    if user.id == actor.user_id:
        raise InvalidInput(f"You cannot {what} your own account; ask another administrator.",
                           "username")


def unlock_user(db: Database, actor: Actor, username: str) -> UserView:
    require(actor, Permission.MANAGE_USERS)
    with acting(db, actor) as tx:
        user = _account(tx, username)
        user.locked_until = None
        user.failed_attempts = 0
        audit(tx, actor, "unlock", "user", user.id, user.username)
        return user_view(tx, user)


def reset_password(db: Database, actor: Actor, username: str, new: str) -> UserView:
    """An administrator sets a temporary password for someone who lost theirs; it signs in
    only to be changed (``auth.sign_in_changing_password``), and unlocks a locked account.

    The old private key is sealed under the lost password, so the account gets a new pair,
    sealed under the temporary one until its owner seals it under their own; its old public
    keys are kept, so changes it signed before still verify wherever they arrive late."""
    require(actor, Permission.MANAGE_USERS)
    if problem := password_problem(new):
        raise InvalidInput(problem, "new_password")
    with acting(db, actor) as tx:
        user = _account(tx, username)
        _not_self(actor, user, "reset the password of")  # File → Change password… instead
        if not user.active:
            raise InvalidInput(f"{user.username} is deactivated; reactivate the account "
                               "first.", "username")
        user.password_hash = hash_password(new)
        user.must_change_password = True
        user.locked_until, user.failed_attempts = None, 0
        give_keys(tx, user, new)
        audit(tx, actor, "reset_password", "user", user.id,
              f"Temporary password for {user.username}, to be changed at the next sign-in.")
        return user_view(tx, user)


def deactivate_user(db: Database, actor: Actor, username: str) -> UserView:
    """Switch off the account of someone who has left: it cannot sign in anywhere once synced;
    everything it did stays on record under its name."""
    require(actor, Permission.MANAGE_USERS)
    with acting(db, actor) as tx:
        user = _account(tx, username)
        _not_self(actor, user, "deactivate")
        if not user.active:
            raise InvalidInput(f"{user.username} is deactivated already.", "username")
        user.active = False
        audit(tx, actor, "deactivate", "user", user.id,
              f"{user.username} ({user.display_name}) can no longer sign in.")
        return user_view(tx, user)


def reactivate_user(db: Database, actor: Actor, username: str) -> UserView:
    require(actor, Permission.MANAGE_USERS)
    with acting(db, actor) as tx:
        user = _account(tx, username)
        if user.active:
            raise InvalidInput(f"{user.username} is active already.", "username")
        user.active = True
        user.locked_until, user.failed_attempts = None, 0
        audit(tx, actor, "reactivate", "user", user.id,
              f"{user.username} ({user.display_name}) may sign in again.")
        return user_view(tx, user)


def edit_user(db: Database, actor: Actor, username: str, *, role: Role | None = None,
              site_code: str | None = None, display_name: str | None = None) -> UserView:
    """A new role, home site or full name (None keeps each as it is). The person's open
    sessions stop at their next write and they sign in again under the new role or site."""
    require(actor, Permission.MANAGE_USERS)
    if display_name is not None and not display_name.strip():
        raise Errors({"display_name": "Enter the person's full name."})
    with acting(db, actor) as tx:
        user = _account(tx, username)
        site = tx.get(Site, user.site_id)
        old_site = site.code if site else "?"
        new_site = site_by_code(tx, site_code) if site_code is not None else site
        assert new_site is not None
        changes = []
        if role is not None and role is not user.role:
            _not_self(actor, user, "change the role of")
            changes.append(f"role {user.role.label} → {role.label}")
            user.role = role
        if new_site.id != user.site_id:
            _not_self(actor, user, "change the home site of")
            changes.append(f"site {old_site} → {new_site.code}")
            user.site_id = new_site.id
        if display_name is not None and display_name.strip() != user.display_name:
            changes.append(f"name {user.display_name} → {display_name.strip()}")
            user.display_name = display_name.strip()
        if changes:
            audit(tx, actor, "edit", "user", user.id, f"{user.username}: " + "; ".join(changes))
        return user_view(tx, user)
