"""Staff accounts: first run, sign-in with lockout, unlock, passwords (Argon2id), and each
account's own signing key (made with the account, sealed under its password, opened at sign-in:
see ``sync.account_keys``)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import Site, User, UserSigningKey
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import without_controls
from rjdesk.services.core import settings
from rjdesk.services.core.context import SYSTEM, Actor, acting, audit, require, signing
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, SignInFailed
from rjdesk.services.core.sites import ensure_register, site_by_code
from rjdesk.store.capture import authored_by, capture_off
from rjdesk.store.database import Database
from rjdesk.sync import account_keys, crypto, signatures

_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id (RFC 9106 low-memory profile)

USERNAME_RULE = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 8
#: The rule a new password must keep, in the words shown under every field it is typed in.
PASSWORD_RULE = (f"At least {MIN_PASSWORD} characters. A short sentence is easy to remember "
                 "and hard to guess.")

#: A staff account's key derives from its user name: one name, one account, wherever made.
USER_NAMESPACE = uuid.UUID("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")


def user_key(username: str) -> str:
    return str(uuid.uuid5(USER_NAMESPACE, username.casefold()))


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """Argon2id. ``salt`` only for reproducible data (the demo); real accounts get a random one."""
    return _hasher.hash(password, salt=salt)


@cache
def _dummy_hash() -> str:
    """A hash no password matches, checked when there is no account to check against, so an
    unknown user name costs the same as a wrong password and the time tells nothing."""
    return hash_password(uuid.uuid4().hex)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


class PasswordChangeDue(SignInFailed):
    """The password is right, but it is a temporary one an administrator set: it signs in only
    to be changed (``sign_in_changing_password``)."""


def password_problem(password: str, *, min_password: int = MIN_PASSWORD) -> str:
    """What is wrong with a new password ("" when nothing): the one rule, said once."""
    return f"A password has at least {min_password} characters." \
        if len(password) < min_password else ""


@dataclass(frozen=True)
class UserView:
    id: str
    username: str
    display_name: str
    role: Role
    site_code: str
    active: bool
    locked: bool
    failed_attempts: int
    #: A temporary password set by a reset, to be changed at the next sign-in.
    must_change_password: bool = False


def _actor(tx: Session, user: User, key: bytes | None = None) -> Actor:
    site = tx.get(Site, user.site_id)
    assert site is not None
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name,
                 role=user.role, site_id=site.id, site_code=site.code, site_name=site.name,
                 signing_key=key)


def give_keys(tx: Session, user: User, password: str) -> bytes:
    """A new signing key pair for the account, sealed under ``password``; its public key joins
    the account's keys for good. Returns the private key."""
    keys = account_keys.new_keys(password)
    user.signing_key, user.sealed_signing_key = keys.public, keys.sealed
    tx.add(UserSigningKey(id=account_keys.key_row_id(keys.public), user_id=user.id,
                          public_key=keys.public))
    return keys.private


def sealed_key_pair(password: str, *, seed: bytes) -> tuple[str, str]:
    """A reproducible signing key pair (public, sealed) for data made from a seed (the demo)."""
    keys = account_keys.new_keys(password, seed=seed)
    return keys.public, keys.sealed


_UNOPENABLE = ("This account's signing key cannot be opened with its password; ask an "
               "administrator to reset the password.")


def _open_key(tx: Session, user: User, password: str) -> bytes:
    """The account's private key, unsealed; an account from before signing keys gets its pair
    now (its first key vouches for itself: see ``sync.authority``)."""
    if not user.sealed_signing_key:
        return give_keys(tx, user, password)
    try:
        return account_keys.unseal_key(user.sealed_signing_key, password)
    except crypto.CryptoError:
        raise SignInFailed(_UNOPENABLE, "password") from None


def needs_first_run(db: Database) -> bool:
    """A new database has no staff account yet: the program asks for its site and administrator."""
    with db.reading() as tx:
        return not tx.scalar(select(func.count()).select_from(User))


def _check_new_account(username: str, display_name: str, password: str,
                       *, min_password: int = MIN_PASSWORD) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not USERNAME_RULE.match(username):
        errors["username"] = ("A user name is 2–40 lower-case letters, digits, dots, dashes or "
                              "underscores, starting with a letter.")
    if not display_name.strip():
        errors["display_name"] = "Enter the person's full name."
    if problem := password_problem(password, min_password=min_password):
        errors["password"] = problem
    return errors


def setup_workstation(db: Database, *, site_code: str, workstation_name: str, admin_username: str,
                      admin_name: str, admin_password: str) -> Actor:
    """First run: load the site register, set this workstation's site, create the administrator."""
    username = admin_username.strip().lower()
    errors = _check_new_account(username, admin_name, admin_password)
    if not workstation_name.strip():
        errors["workstation_name"] = "Name this workstation (for example JCCC-ICVC-1)."
    if errors:
        raise Errors(errors)
    # the first administrator founds the workstation: the site register and the account are
    # logged as theirs
    keys = account_keys.new_keys(admin_password)
    with authored_by(user_key(username)), db.transaction() as tx, \
            signing(tx, user_key(username), keys.private):
        if tx.scalar(select(func.count()).select_from(User)):
            raise AlreadyExists("This database is already set up; sign in instead.")
        ensure_register(tx)
        tx.flush()
        site = site_by_code(tx, site_code)
        settings.write(tx, settings.SITE_ID, site.id)
        settings.write(tx, settings.WORKSTATION_NAME, workstation_name.strip())
        user = User(id=user_key(username), username=username, display_name=admin_name.strip(),
                    role=Role.ADMINISTRATOR, site_id=site.id,
                    password_hash=hash_password(admin_password), signing_key=keys.public,
                    sealed_signing_key=keys.sealed)
        tx.add(user)
        tx.flush()
        tx.add(UserSigningKey(id=account_keys.key_row_id(keys.public), user_id=user.id,
                              public_key=keys.public))
        actor = _actor(tx, user, keys.private)
        audit(tx, SYSTEM, "setup", "workstation", None,
              f"Workstation {workstation_name.strip()} set up at {site.code}; administrator "
              f"{username} created.")
        return actor


_WRONG = "The user name or password is wrong."
_DEACTIVATED = ("This account is deactivated and cannot sign in; ask an administrator if it "
                "should be reactivated.")
_MUST_CHANGE = ("Your password was reset by an administrator: choose a new one before you go on "
                "(in the sign-in window, or with “rjdesk-cli users password”).")


@contextmanager
def _as_account(tx: Session, user: User | None) -> Iterator[None]:
    """Sign-in bookkeeping is the account's own: the shared records it writes (a lock's audit
    event, a renewed password hash, the sign-in event) are logged as that account's, flushed
    before the author is let go. An unknown name writes nothing shared."""
    if user is None:
        yield
        return
    with authored_by(user.id):
        yield
        tx.flush()


def _authenticate(tx: Session, user: User | None, password: str, now: datetime) -> str:
    """The one password check: refuses locked accounts, counts failures, locks at the limit.
    Returns "" when the password is right and the account may sign in, else why not (a
    failure is recorded on the session). A deactivated account says so only to someone who
    knows its password; to anyone else it reads as a wrong password, and costs the same."""
    if user is None:
        _verify(_dummy_hash(), password or "")
        return _WRONG
    if not user.active:
        return _DEACTIVATED if _verify(user.password_hash, password or "") else _WRONG
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise SignInFailed(f"This account is locked after too many failed sign-ins. Try again "
                           f"in {minutes} minutes, or ask an administrator to unlock it.",
                           "username")
    if not _verify(user.password_hash, password or ""):
        user.failed_attempts += 1
        limit = settings.read(tx, settings.LOCKOUT_ATTEMPTS)
        if user.failed_attempts >= limit:
            minutes = settings.read(tx, settings.LOCKOUT_MINUTES)
            user.locked_until = now + timedelta(minutes=minutes)
            user.failed_attempts = 0
            with capture_off(tx.connection()):  # no password, so nothing to sign it with
                audit(tx, _actor(tx, user), "locked", "user", user.id,
                      f"Locked after {limit} failed sign-ins.")
                tx.flush()
        return _WRONG
    user.failed_attempts = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return ""


def _reading_only(tx: Session, user: User | None, password: str, now: datetime) -> Actor:
    """Signing in to a database that takes no writes (read-only, or damaged), to read it: the
    same password and lock checks, with nothing recorded (no failure count, no audit)."""
    if user is None or not _verify(user.password_hash, password or ""):
        raise SignInFailed(_WRONG, "password")
    if not user.active:
        raise SignInFailed(_DEACTIVATED, "username")
    if user.locked_until and user.locked_until > now:
        raise SignInFailed("This account is locked after too many failed sign-ins; ask an "
                           "administrator to unlock it.", "username")
    if user.must_change_password:
        raise PasswordChangeDue(_MUST_CHANGE, "password")
    return _actor(tx, user)


def _failed(tx: Session, name: str, user: User | None, action: str, why: str) -> None:
    """Each failed attempt is an audit event, for a known account or not. It is written as the
    program (no account), since the account may be disabled or unknown, and so it stays in this
    workstation's log like the lockout it counts towards: no account vouches for it elsewhere.
    The name typed is kept, cut short and stripped of control characters."""
    typed = without_controls(name)[:40] or "(blank)"
    with capture_off(tx.connection()):  # this workstation's log only: no account vouches for it
        audit(tx, replace(SYSTEM, username=typed), action, "user", user.id if user else None,
              why)
        tx.flush()


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check the password; five failures in a row lock the account for a while. A temporary
    password (an administrator's reset) is refused with ``PasswordChangeDue``: it signs in
    only through ``sign_in_changing_password``."""
    return _sign_in(db, username, password, None, now or utcnow())


def sign_in_changing_password(db: Database, username: str, old: str, new: str, *,
                              now: datetime | None = None) -> Actor:
    """Sign in and choose a new password in one step: how a temporary password is replaced
    (in the sign-in window, or ``rjdesk-cli users password``), and a forgotten-to-change one
    too. The same checks and lockout as signing in; the account keeps its signing key,
    sealed again under the new password."""
    if problem := password_problem(new):
        raise InvalidInput(problem, "new_password")
    return _sign_in(db, username, old, new, now or utcnow())


def _sign_in(db: Database, username: str, password: str, new: str | None,
             now: datetime) -> Actor:
    name = (username or "").strip().lower()
    if not db.writable:
        if new is not None:
            raise SignInFailed("This database takes no changes, so a new password cannot be "
                               "saved in it; choose it at a workstation first.", "new_password")
        with db.reading() as tx:
            return _reading_only(tx, tx.scalar(select(User).where(User.username == name)),
                                 password, now)
    with db.transaction() as tx:
        user = tx.scalar(select(User).where(User.username == name))
        with _as_account(tx, user):
            before = signatures.own_last_seq(tx.connection())
            refusal = _authenticate(tx, user, password, now)
            if not refusal:
                assert user is not None
                key = _open_key(tx, user, password)
                if new is None and user.must_change_password:
                    raise PasswordChangeDue(_MUST_CHANGE, "password")  # nothing is recorded
                user.last_sign_in_at = now
                actor = _actor(tx, user, key)
                if new is not None:
                    _set_password(user, key, password, new)
                    audit(tx, actor, "change_password", "user", user.id,
                          f"{user.username} chose a new password at sign-in.")
                audit(tx, actor, "sign_in", "user", user.id)
                tx.flush()  # sign-in's own bookkeeping, signed with the key just opened
                signatures.sign_logged(tx.connection(), user.id, key, before)
                return actor
        _failed(tx, name, user, "sign_in_failed", _WHY[refusal] if user else
                "No account of that name.")
    # The failed attempt is committed above; only then is the refusal raised. Unknown users
    # read the same as wrong passwords: the message does not tell which user names exist.
    raise SignInFailed(refusal, "username" if refusal == _DEACTIVATED else "password")


_WHY = {_WRONG: "Wrong password.", _DEACTIVATED: "The account is deactivated."}


def _set_password(user: User, key: bytes, old: str, new: str) -> None:
    """A new password for the account: its hash, and its signing key sealed under it."""
    if new == old:
        raise InvalidInput("Choose a new password, not the one in use now.", "new_password")
    user.password_hash = hash_password(new)
    user.sealed_signing_key = account_keys.seal_key(key, new)  # the same key, new seal
    user.must_change_password = False


def resume_session(db: Database, actor: Actor, password: str, *,
                   now: datetime | None = None) -> Actor:
    """Unlock an idle window for the same person: the same checks and lockout as signing in,
    audited as an unlock rather than a new sign-in."""
    now = now or utcnow()
    if not db.writable:
        with db.reading() as tx:
            return _reading_only(tx, tx.get(User, actor.user_id), password, now)
    with acting(db, actor) as tx:
        user = tx.get(User, actor.user_id)
        refusal = _authenticate(tx, user, password, now)
        if not refusal:
            assert user is not None
            if user.must_change_password:
                raise PasswordChangeDue(_MUST_CHANGE, "password")
            audit(tx, actor, "unlock_window", "user", user.id)
            return _actor(tx, user, actor.signing_key)
        _failed(tx, actor.username, user, "unlock_window_failed", _WHY[refusal])
    if refusal == _DEACTIVATED:
        raise SignInFailed(refusal, "username")
    raise SignInFailed("The password is wrong.", "password")


def create_user(db: Database, actor: Actor, *, username: str, display_name: str, role: Role,
                site_code: str, password: str, min_password: int = MIN_PASSWORD) -> UserView:
    require(actor, Permission.MANAGE_USERS)
    name = username.strip().lower()
    errors = _check_new_account(name, display_name, password, min_password=min_password)
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        if tx.scalar(select(User.id).where(User.username == name)):
            raise AlreadyExists(f"The user name “{name}” is taken.", "username")
        site = site_by_code(tx, site_code)
        user = User(id=user_key(name), username=name, display_name=display_name.strip(), role=role,
                    site_id=site.id, password_hash=hash_password(password))
        tx.add(user)
        tx.flush()
        give_keys(tx, user, password)
        audit(tx, actor, "create", "user", user.id, f"{name} ({role.label}) at {site.code}")
        return user_view(tx, user)


def change_password(db: Database, actor: Actor, old: str, new: str) -> None:
    """The signed-in person's own new password (File → Change password…)."""
    if problem := password_problem(new):
        raise InvalidInput(problem, "new_password")
    with acting(db, actor) as tx:
        user = tx.get(User, actor.user_id)
        if user is None or not _verify(user.password_hash, old):
            raise InvalidInput("The current password is wrong.", "old_password")
        held = actor.signing_key
        if held is None or crypto.b64(crypto.public_signing_key(held)) != user.signing_key:
            raise InvalidInput("Your account's signing key was renewed since you signed in; "
                               "sign in again first.", "old_password")
        _set_password(user, held, old, new)
        audit(tx, actor, "change_password", "user", user.id, user.username)


def user_view(tx: Session, user: User, now: datetime | None = None) -> UserView:
    now = now or utcnow()
    site = tx.get(Site, user.site_id)
    return UserView(user.id, user.username, user.display_name, user.role,
                    site.code if site else "", user.active,
                    bool(user.locked_until and user.locked_until > now), user.failed_attempts,
                    bool(user.must_change_password))
