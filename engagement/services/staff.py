"""Staff accounts and sign-in."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, select

from engagement import audit
from engagement.db import transaction
from engagement.errors import AuthenticationFailed, Conflict, InvalidInput
from engagement.models import Role, User, utcnow
from engagement.security import PASSWORD_MIN_CHARS, hash_password, verify_password

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def create_user(
    *, session: Session, username: str, password: str, role: str, by: User | None = None
) -> User:
    if not isinstance(username, str) or not USERNAME.match(username):
        raise InvalidInput(
            "A username is 3 to 64 lower-case letters, digits, dots, dashes or underscores."
        )
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"Unknown role '{role}'. Choose one of: {', '.join(Role)}.") from None
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_CHARS:
        raise InvalidInput(f"A password must be at least {PASSWORD_MIN_CHARS} characters long.")
    with transaction(session):
        if session.exec(select(User.id).where(User.username == username)).first():
            raise Conflict(f"There is already a staff account called '{username}'.")
        user = User(username=username, password_hash=hash_password(password), role=role)
        session.add(user)
        session.flush()
        audit.record(
            session,
            actor=f"user:{by.username}" if by else "system",
            action="user.created",
            object_type="user",
            object_id=user.id,
            detail={"username": username, "role": role.value},
        )
    return user


def authenticate(*, session: Session, username: str, password: str) -> User:
    """The user, or AuthenticationFailed; five failures lock the account for 15 minutes."""
    refused = AuthenticationFailed("The username or password is not right.")
    with transaction(session):
        user = session.exec(select(User).where(User.username == (username or "").strip())).first()
        if user is None or not user.active:
            raise refused
        now = utcnow()
        if user.locked_until and user.locked_until > now:
            raise AuthenticationFailed(
                "This account is locked after too many failed sign-ins. Try again later."
            )
        if not verify_password(user.password_hash, password or ""):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
            session.add(user)
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


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)
