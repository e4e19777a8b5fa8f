"""Roles and permissions: the full role x permission x dialogue status matrix, written out."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from engagement.errors import DomainError, PermissionDenied
from engagement.models import DialogueStatus, Role
from engagement.permissions import PERMISSIONS, allowed, authorize, permissions_of

STATUSES = ("draft", "open", "closed", "reported", None)

# Y = allowed, . = refused; columns are the dialogue status:
#   draft  open  closed  reported  (no dialogue: None)
# Written out by hand from the issue, NOT computed from the implementation.
MATRIX: dict[str, dict[str, str]] = {
    "take_part": {
        "participant": ". Y . . Y",
        "facilitator": ". Y . . Y",
        "board":       ". Y . . Y",
        "evaluator":   ". Y . . Y",
        "admin":       ". Y . . Y",
    },
    "facilitate": {
        "participant": ". . . . .",
        "facilitator": "Y Y Y Y Y",
        "board":       ". . . . .",
        "evaluator":   ". . . . .",
        "admin":       "Y Y Y Y Y",
    },
    "edit_dialogue": {
        "participant": ". . . . .",
        "facilitator": "Y Y Y . Y",
        "board":       ". . . . .",
        "evaluator":   ". . . . .",
        "admin":       "Y Y Y . Y",
    },
    "moderate": {
        "participant": ". . . . .",
        "facilitator": "Y Y Y . Y",
        "board":       ". . . . .",
        "evaluator":   ". . . . .",
        "admin":       "Y Y Y . Y",
    },
    "view_counts": {
        "participant": ". . . . .",
        "facilitator": "Y Y Y Y Y",
        "board":       "Y Y Y Y Y",
        "evaluator":   "Y Y Y Y Y",
        "admin":       "Y Y Y Y Y",
    },
    "view_board": {
        "participant": ". . . . .",
        "facilitator": "Y Y Y Y Y",
        "board":       "Y Y Y Y Y",
        "evaluator":   "Y Y Y Y Y",
        "admin":       "Y Y Y Y Y",
    },
    "manage_staff": {
        "participant": ". . . . .",
        "facilitator": ". . . . .",
        "board":       ". . . . .",
        "evaluator":   ". . . . .",
        "admin":       "Y Y Y Y Y",
    },
    "decide": {
        "participant": ". . . . .",
        "facilitator": ". . . . .",
        "board":       "Y Y Y Y Y",
        "evaluator":   ". . . . .",
        "admin":       ". . . . .",
    },
    # Only the system re-issues a brief after a withdrawal (engagement/actors.py).
    "reissue_brief": {
        "participant": ". . . . .",
        "facilitator": ". . . . .",
        "board":       ". . . . .",
        "evaluator":   ". . . . .",
        "admin":       ". . . . .",
    },
}  # fmt: skip

# A participant has no account: role None and the name "participant" mean the same.
ROLE_VALUES = {None: "participant", "participant": "participant"} | {r.value: r.value for r in Role}


def _cases():
    for permission, rows in MATRIX.items():
        for role, row_role in ROLE_VALUES.items():
            cells = rows[row_role].split()
            assert len(cells) == len(STATUSES), (permission, row_role)
            for status, cell in zip(STATUSES, cells, strict=True):
                yield pytest.param(
                    role, permission, status, cell == "Y",
                    id=f"{permission}-{role}-{status}",
                )


@pytest.mark.parametrize(("role", "permission", "status", "expected"), list(_cases()))
def test_matrix(role, permission, status, expected):
    assert allowed(role, permission, status=status) is expected


def test_the_matrix_covers_every_permission_and_role():
    assert set(MATRIX) == set(PERMISSIONS)
    for rows in MATRIX.values():
        assert set(rows) == {"participant", *Role}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", list(ROLE_VALUES))
def test_permissions_of_matches_the_matrix(role, status):
    column = STATUSES.index(status)
    expected = {
        p for p, rows in MATRIX.items() if rows[ROLE_VALUES[role]].split()[column] == "Y"
    }
    assert permissions_of(role, status=status) == expected


@pytest.mark.parametrize("status", STATUSES)
def test_admin_can_do_everything_a_facilitator_can_and_manage_staff(status):
    facilitator = permissions_of("facilitator", status=status)
    admin = permissions_of("admin", status=status)
    assert facilitator <= admin
    assert admin - facilitator == {"manage_staff"}


@pytest.mark.parametrize("status", STATUSES)
def test_evaluator_sees_what_the_board_sees_and_changes_nothing(status):
    evaluator = permissions_of("evaluator", status=status)
    board = permissions_of("board", status=status)
    assert {"view_board", "view_counts"} <= evaluator
    assert evaluator == board - {"decide"}
    assert not evaluator & {"decide", "facilitate", "moderate", "edit_dialogue", "manage_staff"}


def test_enums_and_strings_are_the_same():
    for role in Role:
        for status in DialogueStatus:
            for permission in PERMISSIONS:
                assert allowed(role, permission, status=status) == allowed(
                    role.value, permission, status=status.value
                )


@pytest.mark.parametrize("role", ["", "Admin", "ADMIN", "root", "staff", 3, "admin "])
def test_unknown_roles_get_nothing(role):
    for permission in PERMISSIONS:
        for status in STATUSES:
            assert not allowed(role, permission, status=status)


def test_unknown_permission_is_refused():
    for role in ROLE_VALUES:
        assert not allowed(role, "delete_everything")
        assert not allowed(role, "")


def test_unknown_status_refuses_status_bound_permissions_only():
    assert not allowed("facilitator", "edit_dialogue", status="archived")
    assert not allowed("facilitator", "moderate", status="archived")
    assert not allowed(None, "take_part", status="archived")
    assert allowed("facilitator", "facilitate", status="archived")


# --- authorize --------------------------------------------------------------------------


def staff(role: str, active: bool = True):
    return SimpleNamespace(username="someone", role=role, active=active)


@pytest.mark.parametrize("permission", list(MATRIX))
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_authorize_agrees_with_allowed(role, status, permission):
    user = staff(role)
    if allowed(role, permission, status=status):
        assert authorize(user, permission, status=status) is None
    else:
        with pytest.raises(PermissionDenied):
            authorize(user, permission, status=status)


def test_authorize_messages_are_plain_english():
    with pytest.raises(PermissionDenied) as err:
        authorize(staff("board"), "moderate")
    assert str(err.value) == "Your role (board) does not allow you to moderate statements."
    assert isinstance(err.value, DomainError)

    with pytest.raises(PermissionDenied) as err:
        authorize(staff("facilitator"), "edit_dialogue", status="reported")
    assert str(err.value) == "The dialogue is reported, so nobody can change the dialogue now."

    with pytest.raises(PermissionDenied) as err:
        authorize(None, "manage_staff")
    assert str(err.value) == "Please sign in as a member of staff to manage staff accounts."

    with pytest.raises(PermissionDenied) as err:
        authorize(staff("admin", active=False), "manage_staff")
    assert "deactivated" in str(err.value)

    with pytest.raises(PermissionDenied) as err:
        authorize(staff("superuser"), "view_board")
    assert str(err.value) == (
        "Your role (unknown) does not allow you to see the governance board pages."
    )


def test_authorize_nobody_signed_in():
    authorize(None, "take_part", status="open")  # participants need no account
    with pytest.raises(PermissionDenied):
        authorize(None, "take_part", status="closed")
    with pytest.raises(PermissionDenied):
        authorize(None, "view_counts")


def test_authorize_refuses_a_deactivated_account_whatever_its_role():
    for permission in PERMISSIONS:
        with pytest.raises(PermissionDenied):
            authorize(staff("admin", active=False), permission, status="open")


def test_authorize_unknown_permission_is_a_programming_error():
    with pytest.raises(ValueError):
        authorize(staff("admin"), "manage_staf")


# --- system actors ----------------------------------------------------------------------


def test_system_actors_do_what_they_are_granted_and_nothing_else():
    from engagement.actors import SYSTEM_ACTORS

    assert SYSTEM_ACTORS
    for actor in SYSTEM_ACTORS:
        assert actor.grants and actor.grants <= set(PERMISSIONS), actor.name
        for permission in PERMISSIONS:
            if permission in actor.grants:
                assert authorize(actor, permission) is None
            else:
                with pytest.raises(PermissionDenied, match="may not"):
                    authorize(actor, permission)


def test_a_look_alike_system_actor_is_refused():
    """Only the actors made in engagement/actors.py count: one built elsewhere (from a
    request's input, say) with the same name and every grant is refused."""
    from engagement.actors import SYSTEM_CLI, SystemActor

    forged = SystemActor(SYSTEM_CLI.name, frozenset(PERMISSIONS))
    for permission in PERMISSIONS:
        with pytest.raises(PermissionDenied, match="Only the system itself"):
            authorize(forged, permission)


def test_only_the_withdrawal_reissues_a_brief():
    from engagement.actors import SYSTEM_ACTORS, SYSTEM_WITHDRAWAL

    assert [a for a in SYSTEM_ACTORS if "reissue_brief" in a.grants] == [SYSTEM_WITHDRAWAL]
    assert not any(allowed(role, "reissue_brief") for role in ROLE_VALUES)
