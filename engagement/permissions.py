"""Who may do what: small pure functions of role and dialogue status."""

from __future__ import annotations

from engagement.models import DialogueStatus, Role

STAFF_ROLES = frozenset(Role)

# permission -> roles that hold it (dialogue status rules are below)
_GRANTS: dict[str, frozenset[str]] = {
    "facilitate": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "edit_dialogue": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "moderate": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "view_counts": frozenset({Role.FACILITATOR, Role.ADMIN, Role.BOARD, Role.EVALUATOR}),
    "view_board": frozenset({Role.BOARD, Role.EVALUATOR, Role.FACILITATOR, Role.ADMIN}),
    "manage_staff": frozenset({Role.ADMIN}),
    "decide": frozenset({Role.BOARD}),
}

# Content can change until the dialogue is reported; moderation only while it can get answers.
_STATUS_RULES: dict[str, frozenset[str]] = {
    "edit_dialogue": frozenset({DialogueStatus.DRAFT, DialogueStatus.OPEN, DialogueStatus.CLOSED}),
    "moderate": frozenset({DialogueStatus.DRAFT, DialogueStatus.OPEN, DialogueStatus.CLOSED}),
}


def allowed(role: str | None, permission: str, *, status: str | None = None) -> bool:
    if role is None or permission not in _GRANTS:
        return False
    if role not in _GRANTS[permission]:
        return False
    if status is not None and permission in _STATUS_RULES:
        return status in _STATUS_RULES[permission]
    return True
