"""The admin page (pages/admin_staff.py) through AppTest: list, create, change role,
deactivate/reactivate, reset password; refused to every other role."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from engagement.actors import SYSTEM_CLI
from engagement.errors import AuthenticationFailed
from engagement.models import AuditEvent, User
from engagement.services import staff
from tests.app.helpers import PASSWORD, ROOT, TIMEOUT, click, errors, new_app, ok, texts, widget

PAGE = ROOT / "pages" / "admin_staff.py"
NEW_PASSWORD = "a long new password"


@pytest.fixture
def admin_id(seeded) -> int:
    with seeded.db() as session:
        return staff.create_user(session=session, username="ada", password=PASSWORD,
                                 role="admin", by=SYSTEM_CLI).id


def page(user_id: int | None) -> AppTest:
    """The admin page opened by a signed-in staff member (or nobody)."""
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    if user_id is not None:
        at.session_state["user_id"] = user_id
        at.session_state["session_epoch"] = 0
        at.session_state["last_seen"] = datetime.now(UTC)
    return ok(at.run(timeout=TIMEOUT))


def listed(at: AppTest) -> dict[str, tuple[str, str]]:
    """username -> (role, status) as the accounts table shows them."""
    [frame] = at.dataframe
    table = frame.value
    return {row["Username"]: (row["Role"], row["Status"]) for _, row in table.iterrows()}


def pick_account(at: AppTest, seeded, username: str) -> AppTest:
    with seeded.db() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    return ok(widget(at.selectbox, "Account").set_value(user_id).run(timeout=TIMEOUT))


def signs_in(seeded, username: str, password: str) -> bool:
    with seeded.db() as session:
        try:
            staff.authenticate(session=session, username=username, password=password)
        except AuthenticationFailed:
            return False
    return True


def stored(seeded, username: str) -> User:
    with seeded.db() as session:
        return session.exec(select(User).where(User.username == username)).one()


def audit_actions(seeded) -> list[tuple[str, str]]:
    with seeded.db() as session:
        return [(e.actor, e.action) for e in session.exec(select(AuditEvent).order_by(
            AuditEvent.id))]


# --- Who may see it -------------------------------------------------------------------


def test_admin_sees_every_account(seeded, admin_id):
    at = page(admin_id)
    assert [t.value for t in at.title] == ["Staff accounts"]
    assert listed(at) == {
        "ada": ("admin", "Active"),
        "bob": ("board", "Active"),
        "fran": ("facilitator", "Active"),
    }


@pytest.mark.parametrize("role", ["facilitator", "board", "evaluator"])
def test_other_roles_are_refused(seeded, role):
    with seeded.db() as session:
        user_id = staff.create_user(session=session, username="someone", password=PASSWORD,
                                    role=role, by=SYSTEM_CLI).id
    at = page(user_id)
    assert errors(at) == ["Your role does not allow this page."]
    assert not at.dataframe and not at.title


def test_nobody_signed_in_is_asked_to_sign_in(seeded):
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run(timeout=TIMEOUT)
    assert "Please sign in as a member of staff to see this page." in texts(at)
    assert not at.dataframe


def test_a_deactivated_admin_is_signed_out(seeded, admin_id):
    with seeded.db() as session:
        other = staff.create_user(session=session, username="alan", password=PASSWORD,
                                  role="admin", by=SYSTEM_CLI)
        staff.deactivate(session=session, user_id=admin_id, by=other)
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.session_state["user_id"] = admin_id
    at.session_state["session_epoch"] = 0
    at.session_state["last_seen"] = datetime.now(UTC)
    at.run(timeout=TIMEOUT)
    assert "Please sign in as a member of staff to see this page." in texts(at)
    assert not at.dataframe


# --- What an admin does ----------------------------------------------------------------


def test_create_an_account_with_a_chosen_password(seeded, admin_id):
    at = page(admin_id)
    widget(at.text_input, "Username").input("eve")
    widget(at.selectbox, "Role").set_value("evaluator")
    widget(at.text_input, "Password (leave empty to make a random one)").input(NEW_PASSWORD)
    click(at, "Create account")
    assert [s.value for s in at.success] == ["Created the evaluator account 'eve'."]
    assert not at.code  # a password the admin chose is not shown back
    assert listed(at)["eve"] == ("evaluator", "Active")
    assert stored(seeded, "eve").password_hash.startswith("$argon2id$")
    assert signs_in(seeded, "eve", NEW_PASSWORD)
    assert ("user:ada", "user.created") in audit_actions(seeded)


def test_create_an_account_with_a_random_password_shown_once(seeded, admin_id):
    at = page(admin_id)
    widget(at.text_input, "Username").input("eve")
    click(at, "Create account")
    [code] = at.code
    password = code.value
    assert len(password) >= 12 and signs_in(seeded, "eve", password)
    assert "shown only once" in texts(at)
    ok(at.run(timeout=TIMEOUT))
    assert not at.code and not at.success  # gone at the next step


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("eve", "too short", "A password must be at least 12 characters long."),
        ("Eve Smith", NEW_PASSWORD,
         "A username is 3 to 64 lower-case letters, digits, dots, dashes or underscores."),
        ("fran", NEW_PASSWORD, "There is already a staff account called 'fran'."),
    ],
)
def test_create_refusals_are_plain_english(seeded, admin_id, username, password, message):
    at = page(admin_id)
    widget(at.text_input, "Username").input(username)
    widget(at.text_input, "Password (leave empty to make a random one)").input(password)
    click(at, "Create account")
    assert errors(at) == [message]
    assert set(listed(at)) == {"ada", "bob", "fran"}


def test_change_a_role(seeded, admin_id):
    at = pick_account(page(admin_id), seeded, "fran")
    widget(at.selectbox, "New role").set_value("evaluator")
    click(at, "Change role")
    assert [s.value for s in at.success] == ["'fran' is now evaluator."]
    assert listed(at)["fran"] == ("evaluator", "Active")
    assert stored(seeded, "fran").role == "evaluator"
    assert ("user:ada", "user.role_changed") in audit_actions(seeded)


def test_deactivate_then_reactivate(seeded, admin_id):
    at = pick_account(page(admin_id), seeded, "bob")
    click(at, "Deactivate account")
    assert [s.value for s in at.success] == ["Deactivated 'bob'. It can no longer sign in."]
    assert listed(at)["bob"] == ("board", "Deactivated")
    assert not signs_in(seeded, "bob", PASSWORD)
    click(at, "Reactivate account")
    assert listed(at)["bob"] == ("board", "Active")
    assert signs_in(seeded, "bob", PASSWORD)
    actions = audit_actions(seeded)
    assert actions.index(("user:ada", "user.deactivated")) < actions.index(
        ("user:ada", "user.reactivated"))


def test_an_admin_cannot_close_their_own_account(seeded, admin_id):
    at = pick_account(page(admin_id), seeded, "ada")
    assert "This is your own account" in texts(at)
    click(at, "Deactivate account")
    assert errors(at) == ["You cannot deactivate your own account. Ask another administrator."]
    assert stored(seeded, "ada").active


def test_reset_a_password(seeded, admin_id):
    at = pick_account(page(admin_id), seeded, "fran")
    click(at, "Reset password")
    [code] = at.code
    assert signs_in(seeded, "fran", code.value)
    assert not signs_in(seeded, "fran", PASSWORD)

    widget(at.text_input, "New password (leave empty to make a random one)").input(NEW_PASSWORD)
    click(at, "Reset password")
    assert [s.value for s in at.success] == ["Set a new password for 'fran'."]
    assert not at.code
    assert signs_in(seeded, "fran", NEW_PASSWORD)
    events = audit_actions(seeded)
    assert any(action == "user.password_reset" for _, action in events), events
    for event in events:
        assert NEW_PASSWORD not in str(event)


# --- Navigation ------------------------------------------------------------------------


def test_the_admin_page_is_in_the_admin_navigation(seeded, admin_id):
    def pages_for(user_id: int) -> set[str]:
        at = new_app()
        at.session_state["user_id"] = user_id
        at.session_state["session_epoch"] = 0
        at.session_state["last_seen"] = datetime.now(UTC)
        ok(at.run(timeout=TIMEOUT))
        return {info["page_name"] for info in at._registered_pages.values()}

    assert "Staff accounts" in pages_for(admin_id)
    assert "Staff accounts" not in pages_for(seeded.facilitator_id)
    assert "Staff accounts" not in pages_for(seeded.board_id)
