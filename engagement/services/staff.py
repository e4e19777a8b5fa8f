"""Staff accounts: sign-in with lockout, kept sign-ins, and what an admin does to accounts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlmodel import Session, col, delete, select

from engagement import audit
from engagement.actors import SystemActor, actor_name
from engagement.browser_key import lookup_hash
from engagement.db import transaction
from engagement.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from engagement.models import Role, StaffSession, User, utcnow
from engagement.passwords import password_problem
from engagement.security import PASSWORD_MIN_CHARS as PASSWORD_MIN_CHARS  # pages show it
from engagement.security import hash_password, new_password, verify_password
from engagement.services import _throttle
from engagement.services._lookup import acting

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Failed sign-ins from one browser, whichever accounts they name (password spraying). Never
# counted per network address: a workshop room shares one.
SIGNIN_BY_BROWSER = _throttle.Limit(
    "signin-browser", attempts=10, window=timedelta(minutes=15), block=timedelta(minutes=15)
)
# A sign-in ends after this long without activity, whether kept by a browser or not.
IDLE_LIMIT = timedelta(minutes=30)
# ... and a kept one after this long in all, however active (one working day).
KEPT_LIMIT = timedelta(hours=12)
# A kept sign-in's last activity is written at most this often (not on every page run).
_TOUCH_EVERY = timedelta(minutes=1)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
# Every refusal says this, whatever the reason (unknown name, wrong password, deactivated or
# locked account, a browser paused after many failures): no answer tells which names exist.
SIGN_IN_REFUSED = (
    "The username or password is not right. After several failed tries, sign-in is paused "
    "for 15 minutes."
)
# Verified when there is no usable account, so that every refusal costs one argon2 check.
_DUMMY_HASH = hash_password("not a real password, only for timing")


def _check_username(username: object) -> str:
    if not isinstance(username, str) or not USERNAME.match(username):
        raise InvalidInput(
            "A username is 3 to 64 lower-case letters, digits, dots, dashes or underscores."
        )
    return username


def _check_role(role: object) -> Role:
    try:
        return Role(role)
    except (ValueError, TypeError):
        shown = str(role)[:40]
        raise InvalidInput(f"Unknown role '{shown}'. Choose one of: {', '.join(Role)}.") from None


def _check_password(password: object, username: str) -> str:
    problem = password_problem(password, username)
    if problem:
        raise InvalidInput(problem)
    return password


def _audit_user(session: Session, by: User | SystemActor, action: str, user: User,
                extra: dict | None = None) -> None:
    """Record an action on a staff account (its name, never its password)."""
    audit.record(session, actor=actor_name(by), action=action, object_type="user",
                 object_id=user.id, detail={"username": user.username, **(extra or {})})


def _acting_admin(session: Session, by: object) -> User | SystemActor:
    """The admin acting, as stored now (a role or deactivation since sign-in counts), or the
    command line."""
    return acting(session, by, "manage_staff")


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _target(session: Session, user_id: object) -> User:
    if not _is_id(user_id):
        raise NotFound("There is no such staff account.")
    # Locked for the rest of the transaction: two admins changing one account take turns.
    user = session.exec(select(User).where(User.id == user_id).with_for_update()).first()
    if user is None:
        raise NotFound("There is no such staff account.")
    return user


def _other_active_admins(session: Session, user: User) -> int:
    rows = session.exec(
        select(User.id)
        .where(User.role == Role.ADMIN, col(User.active).is_(True), User.id != user.id)
        .with_for_update()
    ).all()
    return len(rows)


def create_user(
    *, session: Session, username: str, password: str, role: str, by: User | SystemActor
) -> User:
    """A new staff account. ``by`` is the admin creating it, or the command line."""
    username = _check_username(username)
    role = _check_role(role)
    password = _check_password(password, username)
    with transaction(session):
        by = _acting_admin(session, by)
        if session.exec(select(User.id).where(User.username == username)).first():
            raise Conflict(f"There is already a staff account called '{username}'.")
        user = User(username=username, password_hash=hash_password(password), role=role)
        session.add(user)
        session.flush()
        _audit_user(session, by, "user.created", user, {"role": role.value})
    return user


def authenticate(
    *, session: Session, username: str, password: str, browser: str | None = None
) -> User:
    """The user, or AuthenticationFailed. Five failures in a row lock the account for 15
    minutes; ten failures from one browser (``browser``: its random id) pause that browser's
    sign-ins for 15 minutes.

    Every path runs exactly one argon2 verification and every refusal has the same words, so
    neither the answer nor its time tells a locked, deactivated or unknown account from a
    wrong password."""
    refused = AuthenticationFailed(SIGN_IN_REFUSED)
    name = username.strip() if isinstance(username, str) else ""
    given = password if isinstance(password, str) else ""
    with transaction(session):
        now = utcnow()
        user = None
        if USERNAME.match(name):
            user = session.exec(
                select(User).where(User.username == name).with_for_update()
            ).first()
        usable = user is not None and user.active
        right = verify_password(user.password_hash if usable else _DUMMY_HASH, given)
        locked = usable and user.locked_until is not None and user.locked_until > now
        paused = browser is not None and _throttle.is_blocked(
            session, SIGNIN_BY_BROWSER, browser, now
        )
        if not (usable and right and not locked and not paused):
            if usable and not locked and not right:
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILED_LOGINS:
                    user.locked_until, user.failed_logins = now + LOCKOUT, 0
                session.add(user)
            if browser is not None and not paused and not right:
                _throttle.record(session, SIGNIN_BY_BROWSER, browser, now)
            session.commit()  # the failure must count even though we refuse
            raise refused
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
        audit.record(
            session,
            actor=f"user:{user.username}",
            action="user.signed_in",
            object_type="user",
            object_id=user.id,
        )
    return user


def signed_in_staff(*, session: Session, user_id: object, epoch: object) -> User | None:
    """The account a browser signed in as, while that sign-in still holds: None once the
    account is deactivated, or its password was reset or it was deactivated since (either
    moves ``session_epoch`` on, which ends every session opened before)."""
    if not _is_id(user_id) or isinstance(epoch, bool) or not isinstance(epoch, int):
        return None
    user = session.get(User, user_id, populate_existing=True)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return user


def _end_sessions(user: User) -> None:
    """Every session signed in before now ends at its next page or refresh, kept sign-ins
    included (``resume_session`` compares their epoch, and says why they ended)."""
    user.session_epoch += 1


# --- Sign-ins kept by a browser (engagement/browser_key.py) ------------------------------


def _is_key(value: object) -> bool:
    return isinstance(value, str) and 40 <= len(value) <= 200


def keep_session(*, session: Session, user: User, browser_key: str) -> None:
    """Bind a browser's key to the sign-in ``user`` just made (``authenticate``'s result), so a
    reload or an opened link in that browser stays signed in. Replaces whatever the key was
    bound to; refused for an account that is not active or whose epoch moved on since."""
    if not _is_key(browser_key):
        raise InvalidInput("This browser has no valid sign-in key.")
    key_hash = lookup_hash(browser_key)
    with transaction(session):
        current = signed_in_staff(session=session, user_id=user.id, epoch=user.session_epoch)
        if current is None:
            raise AuthenticationFailed("Your sign-in has ended. Sign in again.")
        now = utcnow()
        # This key's earlier binding goes, and so do this account's ended ones (housekeeping).
        session.exec(delete(StaffSession).where(
            (StaffSession.key_hash == key_hash)
            | ((StaffSession.user_id == current.id)
               & ((StaffSession.epoch != current.session_epoch)
                  | (StaffSession.last_seen < now - IDLE_LIMIT)))))
        session.add(StaffSession(key_hash=key_hash, user_id=current.id,
                                 epoch=current.session_epoch, created_at=now, last_seen=now))


class Resumed(NamedTuple):
    """A browser's kept sign-in: the account, or why there is none (``"absent"``: never kept
    or signed out; ``"idle"``: timed out; ``"ended"``: password reset or deactivation;
    ``"expired"``: KEPT_LIMIT reached)."""

    user: User | None
    ended: str | None = None


def resume_session(
    *, session: Session, browser_key: object, active: bool = True,
    now: datetime | None = None,
) -> Resumed:
    """The account a browser's key is still signed in as. A kept sign-in ends (and its row
    goes) once the account is deactivated or its password reset (epoch), after IDLE_LIMIT
    without activity or KEPT_LIMIT in all. ``active=False`` for automatic refreshes: they
    check without counting as activity."""
    if not _is_key(browser_key):
        return Resumed(None, "absent")
    now = now or utcnow()
    with transaction(session, write=False):  # a read on most page runs: no write lock
        kept = session.exec(
            select(StaffSession).where(StaffSession.key_hash == lookup_hash(browser_key))
        ).first()
        if kept is None:
            return Resumed(None, "absent")
        user = signed_in_staff(session=session, user_id=kept.user_id, epoch=kept.epoch)
        ended = None
        if user is None:
            ended = "ended"
        elif now - kept.created_at > KEPT_LIMIT:
            ended = "expired"
        elif now - kept.last_seen > IDLE_LIMIT:
            ended = "idle"
        touch = ended is None and active and now - kept.last_seen >= _TOUCH_EVERY
        kept_id = kept.id
    if ended or touch:
        with transaction(session):
            row = session.get(StaffSession, kept_id, populate_existing=True)
            if row is not None and ended:
                session.delete(row)
            elif row is not None:
                row.last_seen = now
                session.add(row)
    return Resumed(None, ended) if ended else Resumed(user)


def end_kept_session(*, session: Session, browser_key: object) -> None:
    """Sign-out: the browser's key no longer signs anyone in (in any of its tabs)."""
    if not _is_key(browser_key):
        return
    with transaction(session):
        session.exec(
            delete(StaffSession).where(StaffSession.key_hash == lookup_hash(browser_key))
        )


# --- What an admin does ------------------------------------------------------------------


def list_users(*, session: Session, by: User) -> list[User]:
    """Every staff account, active ones first, then by username."""
    with transaction(session, write=False):
        _acting_admin(session, by)
        return list(
            session.exec(select(User).order_by(col(User.active).desc(), User.username))
        )


def change_role(*, session: Session, user_id: int, role: str, by: User) -> User:
    role = _check_role(role)
    with transaction(session):
        admin = _acting_admin(session, by)
        user = _target(session, user_id)
        if user.role == role:
            raise Conflict(f"'{user.username}' already has the role {role.value}.")
        if user.id == getattr(admin, "id", None):  # a system actor has no account
            raise Conflict("You cannot change your own role. Ask another administrator.")
        if user.role == Role.ADMIN and user.active and not _other_active_admins(session, user):
            raise Conflict("There must always be at least one active administrator.")
        before = user.role
        user.role = role
        session.add(user)
        _audit_user(session, admin, "user.role_changed", user,
                    {"from": str(before), "to": role.value})
    return user


def deactivate(*, session: Session, user_id: int, by: User) -> User:
    """The account can no longer sign in, and any open session of it ends at its next page."""
    with transaction(session):
        admin = _acting_admin(session, by)
        user = _target(session, user_id)
        if user.id == getattr(admin, "id", None):  # a system actor has no account
            raise Conflict("You cannot deactivate your own account. Ask another administrator.")
        if not user.active:
            raise Conflict(f"'{user.username}' is already deactivated.")
        if user.role == Role.ADMIN and not _other_active_admins(session, user):
            raise Conflict("There must always be at least one active administrator.")
        user.active = False
        _end_sessions(user)
        session.add(user)
        _audit_user(session, admin, "user.deactivated", user)
    return user


def reactivate(*, session: Session, user_id: int, by: User) -> User:
    """The account can sign in again (with failed sign-ins and any lock cleared)."""
    with transaction(session):
        admin = _acting_admin(session, by)
        user = _target(session, user_id)
        if user.active:
            raise Conflict(f"'{user.username}' is already active.")
        user.active, user.failed_logins, user.locked_until = True, 0, None
        session.add(user)
        _audit_user(session, admin, "user.reactivated", user)
    return user


def reset_password(
    *, session: Session, user_id: int, by: User, password: str | None = None
) -> str:
    """Set a new password (a random one when none is given) and clear any lock; returns the
    password, to hand to its owner once. Never written to the audit log."""
    with transaction(session):
        admin = _acting_admin(session, by)
        user = _target(session, user_id)
        password = _check_password(
            new_password(user.username) if password is None else password, user.username
        )
        user.password_hash = hash_password(password)
        user.failed_logins, user.locked_until = 0, None
        _end_sessions(user)
        session.add(user)
        _audit_user(session, admin, "user.password_reset", user)
    return password
