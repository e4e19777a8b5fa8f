"""Random codes, code hashing and staff password hashing."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engagement.passwords import PASSWORD_MIN_CHARS, password_problem  # noqa: F401 (re-exported)

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_resume_code() -> str:
    """Twelve characters in three groups: about 59 bits, enough for a bearer secret."""
    raw = random_code(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def canonical_code(code: str) -> str:
    """What a person typed, in the form codes are stored: upper case, no spaces or dashes."""
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())


def hash_resume_code(code: str) -> str:
    return hashlib.sha256(canonical_code(code).encode()).hexdigest()


def new_pseudonym() -> str:
    return "P-" + secrets.token_hex(6)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password(username: str | None = None) -> str:
    """A random password that the password rules accept (for this username, when given)."""
    while True:
        password = secrets.token_urlsafe(12)
        if password_problem(password, username) is None:
            return password
