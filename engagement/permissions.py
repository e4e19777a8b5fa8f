"""Who may do what: small pure functions of role and dialogue status.

Roles: a participant (no account: role ``None`` or ``"participant"``), facilitator, board,
evaluator (reads what the board reads, changes nothing) and admin (everything a facilitator can,
and manages staff accounts). ``status`` is the status of the dialogue concerned, or ``None`` when
no particular dialogue is concerned (e.g. whether a page may be shown at all).
"""

from __future__ import annotations

from engagement.errors import PermissionDenied
from engagement.models import DialogueStatus, Role

PARTICIPANT = "participant"
STAFF_ROLES = frozenset(Role)
ROLES: tuple[str, ...] = (PARTICIPANT, *Role)

# What each permission lets a person do, in words that follow "... allow you to".
PERMISSIONS: dict[str, str] = {
    "take_part": "take part",
    "facilitate": "use the facilitator pages",
    "edit_dialogue": "change the dialogue",
    "moderate": "moderate statements",
    "view_counts": "see the live participation counts",
    "view_board": "see the governance board pages",
    "manage_staff": "manage staff accounts",
    "decide": "record the board's decision",
}

_FACILITATOR = frozenset({"facilitate", "edit_dialogue", "moderate", "view_counts", "view_board"})
_BOARD_READER = frozenset({"view_counts", "view_board"})

# role -> permissions it holds (``take_part`` is everyone's; the status rules are below)
_GRANTS: dict[str, frozenset[str]] = {
    PARTICIPANT: frozenset({"take_part"}),
    Role.FACILITATOR: _FACILITATOR | {"take_part"},
    Role.BOARD: _BOARD_READER | {"decide", "take_part"},
    Role.EVALUATOR: _BOARD_READER | {"take_part"},  # read-only: sees, never changes
    Role.ADMIN: _FACILITATOR | {"manage_staff", "take_part"},
}

_CHANGEABLE = frozenset({DialogueStatus.DRAFT, DialogueStatus.OPEN, DialogueStatus.CLOSED})
# Content can change until the dialogue is reported; answers only while it is open.
_STATUS_RULES: dict[str, frozenset[str]] = {
    "take_part": frozenset({DialogueStatus.OPEN}),
    "edit_dialogue": _CHANGEABLE,
    "moderate": _CHANGEABLE,
}


def role_of(role: str | None) -> str | None:
    """The canonical role name (``"participant"`` for no account), or None if unknown."""
    if role is None or role == PARTICIPANT:
        return PARTICIPANT
    try:
        return Role(role).value
    except ValueError:
        return None


def status_permits(permission: str, status: str | None) -> bool:
    """Whether a dialogue in ``status`` can be acted on this way at all (whoever asks)."""
    if status is None or permission not in _STATUS_RULES:
        return True
    return status in _STATUS_RULES[permission]


def role_permits(role: str | None, permission: str) -> bool:
    """Whether the role holds the permission (ignoring the dialogue's status)."""
    canonical = role_of(role)
    return canonical is not None and permission in _GRANTS[canonical]


def allowed(role: str | None, permission: str, *, status: str | None = None) -> bool:
    return role_permits(role, permission) and status_permits(permission, status)


def permissions_of(role: str | None, *, status: str | None = None) -> frozenset[str]:
    """Every permission the role holds for a dialogue in ``status``."""
    return frozenset(p for p in PERMISSIONS if allowed(role, p, status=status))


def authorize(user, permission: str, *, status: str | None = None) -> None:
    """Raise PermissionDenied, in plain English, unless this staff ``user`` may do this.

    ``user`` is a ``User`` (its ``role`` and ``active`` are read) or None for nobody signed in.
    An unknown permission name is a programming error (ValueError), never a silent refusal."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    what = PERMISSIONS[permission]
    if user is None:
        if allowed(None, permission, status=status):
            return
        raise PermissionDenied(f"Please sign in as a member of staff to {what}.")
    if not getattr(user, "active", True):
        raise PermissionDenied(f"This staff account is deactivated, so it cannot {what}.")
    role = getattr(user, "role", None)
    if not role_permits(role, permission):
        label = role_of(role) or "unknown"
        raise PermissionDenied(f"Your role ({label}) does not allow you to {what}.")
    if not status_permits(permission, status):
        raise PermissionDenied(f"The dialogue is {status}, so nobody can {what} now.")
