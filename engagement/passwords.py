"""Which staff passwords are refused (NCSC password guidance; OWASP ASVS 2.1): too short, too
long, a common password, or one that contains the user name. No rules on character classes:
length and a deny-list do more for a password than forced symbols do."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_CHARS = 1024  # argon2 takes any length; this only bounds the work per sign-in
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"

# Runs along a keyboard row, the alphabet or the digits ("qwertyuiopas", "123456789012").
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "01234567890123456789", "qwertyuiopasdfghjklzxcvbnm")
# What people put around a common word to pass a length or "complexity" rule.
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped deny-list (see engagement/build_password_list.py for its source)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _repeats_a_short_piece(text: str) -> bool:
    """'aaaaaaaaaaaa', 'abcabcabcabc', 'passwordpassword': one piece said over and over."""
    return bool(text) and (text + text).find(text, 1) < len(text)


def _is_a_sequence(text: str) -> bool:
    return any(text in run or text in run[::-1] for run in _SEQUENCES)


def is_common(password: str) -> bool:
    """A password an attacker tries early: on the deny-list (also without spaces, or without
    digits and symbols around it), one short piece repeated, or a run of keys."""
    lowered = password.lower()
    squeezed = re.sub(r"\s+", "", lowered)
    core = _DECORATION.sub("", squeezed)
    deny = common_passwords()
    return (
        lowered in deny
        or squeezed in deny
        or (len(core) >= 4 and core in deny)
        or _repeats_a_short_piece(squeezed)
        or _is_a_sequence(squeezed)
    )


def password_problem(password: object, username: str | None = None) -> str | None:
    """Why this password cannot be used (one plain sentence), or None when it can."""
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_CHARS:
        return f"A password must be at least {PASSWORD_MIN_CHARS} characters long."
    if len(password) > PASSWORD_MAX_CHARS:
        return f"A password can be at most {PASSWORD_MAX_CHARS} characters long."
    if "\x00" in password:
        return "A password cannot contain the NUL character."
    if username and username.lower() in password.lower():
        return "A password cannot contain the username."
    if is_common(password):
        return (
            "That password is too common or too easy to guess. Try three or more random "
            "words together."
        )
    return None
