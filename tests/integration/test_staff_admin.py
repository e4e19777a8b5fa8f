"""Staff accounts: argon2id passwords, lockout by the clock, deactivation, and the admin's use
cases (list, create, change role, deactivate/reactivate, reset password), each audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.audit import verify_chain
from engagement.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from engagement.models import AuditEvent, User
from engagement.services import staff

PASSWORD = "correct horse battery"
WRONG = "wrong horse battery!"
# One answer for every refusal, a locked account's included (tests/integration/test_signin.py).
REFUSED = LOCKED = staff.SIGN_IN_REFUSED


@pytest.fixture
def admin(session) -> User:
    return staff.create_user(session=session, username="ada", password=PASSWORD, role="admin",
                             by=SYSTEM_CLI)


@pytest.fixture
def board(session) -> User:
    return staff.create_user(session=session, username="bob", password=PASSWORD, role="board",
                             by=SYSTEM_CLI)


@pytest.fixture
def clock(monkeypatch):
    """The sign-in clock (``engagement.services.staff.utcnow``), moved by hand."""

    class Clock:
        now = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)

        def advance(self, **delta) -> None:
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(staff, "utcnow", lambda: clock.now)
    return clock


def events(session, action: str | None = None) -> list[AuditEvent]:
    session.rollback()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.exec(query))


def fresh(session, user: User) -> User:
    session.rollback()
    session.expire_all()
    return session.get(User, user.id)


def sign_in(session, username: str, password: str) -> str:
    """'ok', or the refusal message."""
    try:
        staff.authenticate(session=session, username=username, password=password)
    except AuthenticationFailed as err:
        return str(err)
    return "ok"


# --- Passwords -------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id(session, facilitator):
    stored = fresh(session, facilitator)
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash


@pytest.mark.parametrize("password", ["", "short", "x" * 11, "elevenchars", None, 123456789012])
def test_passwords_shorter_than_twelve_characters_are_refused(session, password):
    with pytest.raises(InvalidInput, match="at least 12 characters"):
        staff.create_user(session=session, username="carol", password=password, role="board",
                          by=SYSTEM_CLI)
    assert events(session) == []
    assert session.exec(select(User)).all() == []


def test_twelve_characters_are_enough(session):
    user = staff.create_user(session=session, username="carol", password="tulip-42-Oak",
                             role="board", by=SYSTEM_CLI)
    assert sign_in(session, "carol", "tulip-42-Oak") == "ok"
    assert fresh(session, user).password_hash.startswith("$argon2id$")


def test_overlong_password_is_refused(session):
    with pytest.raises(InvalidInput, match="at most"):
        staff.create_user(session=session, username="carol", password="x" * 5000, role="board",
                          by=SYSTEM_CLI)


# --- Lockout, by the clock -------------------------------------------------------------


def test_five_failures_lock_for_fifteen_minutes(session, facilitator, clock):
    for _ in range(4):
        assert sign_in(session, "fran", WRONG) == REFUSED
        clock.advance(seconds=10)
    assert fresh(session, facilitator).failed_logins == 4
    assert fresh(session, facilitator).locked_until is None
    assert sign_in(session, "fran", WRONG) == REFUSED  # the fifth
    locked_at = clock.now
    assert fresh(session, facilitator).locked_until == locked_at + timedelta(minutes=15)

    assert sign_in(session, "fran", PASSWORD) == LOCKED  # even the right password
    clock.advance(minutes=14, seconds=59)
    assert sign_in(session, "fran", PASSWORD) == LOCKED
    assert sign_in(session, "fran", WRONG) == LOCKED  # tries while locked do not extend it
    assert fresh(session, facilitator).locked_until == locked_at + timedelta(minutes=15)

    clock.advance(seconds=2)  # 15 minutes and 1 second after the lock
    assert sign_in(session, "fran", PASSWORD) == "ok"
    user = fresh(session, facilitator)
    assert (user.failed_logins, user.locked_until) == (0, None)
    assert len(events(session, "user.signed_in")) == 1


def test_a_success_resets_the_failure_count(session, facilitator, clock):
    for _ in range(4):
        assert sign_in(session, "fran", WRONG) == REFUSED
    assert sign_in(session, "fran", PASSWORD) == "ok"
    for _ in range(4):
        assert sign_in(session, "fran", WRONG) == REFUSED
    assert sign_in(session, "fran", PASSWORD) == "ok"  # 8 failures, never 5 in a row


def test_after_a_lock_expires_five_more_failures_lock_again(session, facilitator, clock):
    for _ in range(5):
        sign_in(session, "fran", WRONG)
    clock.advance(minutes=16)
    for _ in range(4):
        assert sign_in(session, "fran", WRONG) == REFUSED
    assert sign_in(session, "fran", WRONG) == REFUSED
    assert sign_in(session, "fran", PASSWORD) == LOCKED


def test_unknown_user_and_wrong_password_get_the_same_answer(session, facilitator):
    assert sign_in(session, "nobody", PASSWORD) == REFUSED
    assert sign_in(session, "fran", WRONG) == REFUSED
    assert sign_in(session, "", "") == REFUSED


# --- Deactivation -----------------------------------------------------------------------


def test_a_deactivated_account_cannot_sign_in(session, admin, facilitator):
    assert sign_in(session, "fran", PASSWORD) == "ok"
    staff.deactivate(session=session, user_id=facilitator.id, by=admin)
    assert sign_in(session, "fran", PASSWORD) == REFUSED  # same answer as a wrong password
    assert fresh(session, facilitator).active is False
    staff.reactivate(session=session, user_id=facilitator.id, by=admin)
    assert sign_in(session, "fran", PASSWORD) == "ok"


def test_a_deactivated_admin_can_no_longer_manage_staff(session, admin, facilitator):
    other = staff.create_user(session=session, username="alan", password=PASSWORD,
                              role="admin", by=admin)
    staff.deactivate(session=session, user_id=admin.id, by=other)
    with pytest.raises(PermissionDenied, match="deactivated"):
        staff.list_users(session=session, by=admin)  # the object in hand is stale: the row wins
    with pytest.raises(PermissionDenied):
        staff.reset_password(session=session, user_id=facilitator.id, by=admin)


# --- The admin's use cases --------------------------------------------------------------


def test_list_users(session, admin, facilitator, board):
    staff.deactivate(session=session, user_id=board.id, by=admin)
    listed = staff.list_users(session=session, by=admin)
    assert [(u.username, u.active) for u in listed] == [
        ("ada", True), ("fran", True), ("bob", False)
    ]


@pytest.mark.parametrize("role", ["facilitator", "board", "evaluator"])
def test_only_an_admin_manages_staff(session, admin, facilitator, role):
    actor = staff.create_user(session=session, username="someone", password=PASSWORD, role=role,
                              by=SYSTEM_CLI)
    before = len(events(session))
    calls = [
        lambda: staff.list_users(session=session, by=actor),
        lambda: staff.create_user(session=session, username="newbie", password=PASSWORD,
                                  role="admin", by=actor),
        lambda: staff.change_role(session=session, user_id=facilitator.id, role="admin",
                                  by=actor),
        lambda: staff.change_role(session=session, user_id=actor.id, role="admin", by=actor),
        lambda: staff.deactivate(session=session, user_id=facilitator.id, by=actor),
        lambda: staff.reactivate(session=session, user_id=facilitator.id, by=actor),
        lambda: staff.reset_password(session=session, user_id=admin.id, password="x" * 20,
                                     by=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match=f"Your role \\({role}\\) does not allow"):
            call()
    assert len(events(session)) == before
    assert fresh(session, actor).role == role
    assert sign_in(session, "ada", PASSWORD) == "ok"
    assert session.exec(select(User).where(User.username == "newbie")).first() is None


def test_nobody_signed_in_cannot_manage_staff(session, facilitator):
    with pytest.raises(PermissionDenied, match="Please sign in"):
        staff.list_users(session=session, by=None)
    ghost = User(id=10_000, username="ghost", password_hash="x", role="admin")
    with pytest.raises(PermissionDenied):  # not in the database: the object alone proves nothing
        staff.deactivate(session=session, user_id=facilitator.id, by=ghost)


def test_admin_creates_an_account_audited(session, admin):
    user = staff.create_user(session=session, username="eve", password=PASSWORD,
                             role="evaluator", by=admin)
    [event] = events(session, "user.created")[-1:]
    assert event.actor == "user:ada"
    assert event.object_id == str(user.id)
    assert json.loads(event.detail) == {"username": "eve", "role": "evaluator"}
    assert PASSWORD not in event.detail
    with pytest.raises(Conflict, match="already a staff account called 'eve'"):
        staff.create_user(session=session, username="eve", password=PASSWORD, role="board",
                          by=admin)


def test_change_role_audited(session, admin, facilitator):
    user = staff.change_role(session=session, user_id=facilitator.id, role="evaluator", by=admin)
    assert user.role == "evaluator" and fresh(session, facilitator).role == "evaluator"
    [event] = events(session, "user.role_changed")
    assert event.actor == "user:ada"
    assert json.loads(event.detail) == {"username": "fran", "from": "facilitator",
                                        "to": "evaluator"}
    with pytest.raises(Conflict, match="already has the role evaluator"):
        staff.change_role(session=session, user_id=facilitator.id, role="evaluator", by=admin)
    with pytest.raises(InvalidInput, match="Unknown role 'root'"):
        staff.change_role(session=session, user_id=facilitator.id, role="root", by=admin)
    with pytest.raises(NotFound):
        staff.change_role(session=session, user_id=999_999, role="board", by=admin)
    assert verify_chain(session) is None


def test_a_demoted_admin_loses_manage_staff_at_once(session, admin, facilitator):
    other = staff.create_user(session=session, username="alan", password=PASSWORD,
                              role="admin", by=admin)
    staff.change_role(session=session, user_id=admin.id, role="facilitator", by=other)
    with pytest.raises(PermissionDenied, match="Your role \\(facilitator\\)"):
        staff.change_role(session=session, user_id=other.id, role="board", by=admin)


def test_no_admin_changes_their_own_role_or_deactivates_themselves(session, admin):
    with pytest.raises(Conflict, match="your own role"):
        staff.change_role(session=session, user_id=admin.id, role="facilitator", by=admin)
    with pytest.raises(Conflict, match="your own account"):
        staff.deactivate(session=session, user_id=admin.id, by=admin)
    assert fresh(session, admin).role == "admin" and fresh(session, admin).active


def test_there_is_always_an_active_admin(session, admin):
    other = staff.create_user(session=session, username="alan", password=PASSWORD,
                              role="admin", by=admin)
    staff.deactivate(session=session, user_id=admin.id, by=other)
    # ada is deactivated; were alan demoted or deactivated, no active admin would be left,
    # but alan cannot act on himself, and ada cannot act at all.
    with pytest.raises(PermissionDenied):
        staff.change_role(session=session, user_id=other.id, role="board", by=admin)
    staff.reactivate(session=session, user_id=admin.id, by=other)
    staff.change_role(session=session, user_id=other.id, role="board", by=admin)
    # a deactivated admin may be demoted without leaving nobody in charge
    third = staff.create_user(session=session, username="ann", password=PASSWORD,
                              role="admin", by=admin)
    staff.deactivate(session=session, user_id=third.id, by=admin)
    staff.change_role(session=session, user_id=third.id, role="board", by=admin)
    admins = session.exec(select(User).where(User.role == "admin", User.active)).all()
    assert [u.username for u in admins] == ["ada"]


def test_deactivate_and_reactivate_audited(session, admin, facilitator, clock):
    for _ in range(5):
        sign_in(session, "fran", WRONG)
    assert fresh(session, facilitator).locked_until is not None
    staff.deactivate(session=session, user_id=facilitator.id, by=admin)
    with pytest.raises(Conflict, match="already deactivated"):
        staff.deactivate(session=session, user_id=facilitator.id, by=admin)
    staff.reactivate(session=session, user_id=facilitator.id, by=admin)
    with pytest.raises(Conflict, match="already active"):
        staff.reactivate(session=session, user_id=facilitator.id, by=admin)
    user = fresh(session, facilitator)
    assert user.active and user.locked_until is None and user.failed_logins == 0
    assert [e.action for e in events(session) if e.action.startswith("user.") and
            e.object_id == str(facilitator.id)][-2:] == ["user.deactivated", "user.reactivated"]
    assert verify_chain(session) is None


def test_reset_password(session, admin, facilitator, clock):
    for _ in range(5):
        sign_in(session, "fran", WRONG)
    assert sign_in(session, "fran", PASSWORD) == LOCKED
    chosen = staff.reset_password(session=session, user_id=facilitator.id,
                                  password="a brand new password", by=admin)
    assert chosen == "a brand new password"
    assert sign_in(session, "fran", PASSWORD) == REFUSED  # the old one is gone, lock cleared
    assert sign_in(session, "fran", "a brand new password") == "ok"

    generated = staff.reset_password(session=session, user_id=facilitator.id, by=admin)
    assert len(generated) >= 12
    assert sign_in(session, "fran", generated) == "ok"
    assert fresh(session, facilitator).password_hash.startswith("$argon2id$")

    resets = events(session, "user.password_reset")
    assert [e.actor for e in resets] == ["user:ada", "user:ada"]
    assert events(session)
    for event in events(session):
        assert "a brand new password" not in event.detail and generated not in event.detail

    with pytest.raises(InvalidInput, match="at least 12"):
        staff.reset_password(session=session, user_id=facilitator.id, password="short", by=admin)
    assert sign_in(session, "fran", generated) == "ok"


@pytest.mark.parametrize("user_id", [None, "1", 1.0, True, -1, 0, 2**70, [1], {"id": 1}])
def test_bad_account_ids_are_not_found(session, admin, user_id):
    for call in (
        lambda: staff.deactivate(session=session, user_id=user_id, by=admin),
        lambda: staff.reactivate(session=session, user_id=user_id, by=admin),
        lambda: staff.change_role(session=session, user_id=user_id, role="board", by=admin),
        lambda: staff.reset_password(session=session, user_id=user_id, by=admin),
    ):
        with pytest.raises(NotFound, match="no such staff account"):
            call()
    assert staff.signed_in_staff(session=session, user_id=user_id, epoch=0) is None
