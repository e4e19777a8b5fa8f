"""An open staff session ends when its password is reset, its account is deactivated, it signs
out or it stays idle: at its next page, and at the next automatic refresh of Live counts."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta

import pytest
import streamlit.testing.v1.local_script_runner as local_runner
from streamlit.testing.v1 import AppTest

from engagement.actors import SYSTEM_CLI
from engagement.services import staff
from tests.app.helpers import ROOT, TIMEOUT, click, new_app, ok, sign_in, texts

LIVE = "pages/facilitator_live.py"
ENDED = ("You were signed out because your password was reset or your account was closed. "
         "Sign in again if you can.")


def end_by(seeded, how: str) -> None:
    """What an administrator does to fran's account meanwhile (from the command line)."""
    with seeded.db() as session:
        if how == "password reset":
            staff.reset_password(session=session, user_id=seeded.facilitator_id, by=SYSTEM_CLI)
        else:
            staff.deactivate(session=session, user_id=seeded.facilitator_id, by=SYSTEM_CLI)


def signed_in_on(page: str) -> AppTest:
    """Fran signed in through the form, then on ``page``."""
    at = sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    assert at.session_state["user_id"] is not None
    at.switch_page(page)
    return ok(at.run(timeout=TIMEOUT))


def refresh_fragments(at: AppTest, monkeypatch) -> AppTest:
    """Run only the page's fragments, as their run_every timer does in a browser."""
    ids = list(at._fragment_storage._fragments)
    assert ids, "the page has no fragment"
    plain = local_runner.RerunData
    with monkeypatch.context() as patch:
        patch.setattr(local_runner, "RerunData", lambda **kw: plain(
            **kw, fragment_id_queue=list(ids), is_auto_rerun=True))
        return ok(at.run(timeout=TIMEOUT))


def counts_shown(at: AppTest) -> bool:
    return [m.label for m in at.metric][:1] == ["Participants"]


@pytest.mark.parametrize("how", ["password reset", "deactivation"])
def test_an_open_session_ends_at_its_next_page(seeded, how):
    at = signed_in_on("pages/facilitator_dialogues.py")
    assert [t.value for t in at.title] == ["Dialogues"]
    end_by(seeded, how)
    ok(at.run(timeout=TIMEOUT))
    assert "user_id" not in at.session_state
    assert [t.value for t in at.title] != ["Dialogues"]
    at.switch_page("pages/staff_login.py")
    ok(at.run(timeout=TIMEOUT))
    assert ENDED in texts(at)
    assert [t.value for t in at.title] == ["Staff sign-in"]


def test_signing_in_again_after_a_reset_works(seeded):
    at = signed_in_on("pages/facilitator_dialogues.py")
    with seeded.db() as session:
        password = staff.reset_password(session=session, user_id=seeded.facilitator_id,
                                        by=SYSTEM_CLI)
    ok(at.run(timeout=TIMEOUT))
    assert "user_id" not in at.session_state
    sign_in(at, "fran", password)
    assert at.session_state["user_id"] == seeded.facilitator_id
    assert [t.value for t in at.title] == ["Dialogues"]


def test_a_session_without_its_sign_in_mark_is_not_signed_in(seeded):
    """A browser session holding only a user id (no epoch from a sign-in) is no one."""
    at = new_app()
    at.session_state["user_id"] = seeded.facilitator_id
    at.session_state["last_seen"] = datetime.now(UTC)
    ok(at.run(timeout=TIMEOUT))
    assert "user_id" not in at.session_state
    assert "Dialogues" not in {i["page_name"] for i in at._registered_pages.values()}


@pytest.mark.parametrize("how", ["password reset", "deactivation"])
def test_live_counts_stop_at_the_next_refresh(seeded, monkeypatch, how):
    at = signed_in_on(LIVE)
    assert counts_shown(at)
    refresh_fragments(at, monkeypatch)
    assert counts_shown(at)  # a refresh while the sign-in holds draws the counts again
    end_by(seeded, how)
    refresh_fragments(at, monkeypatch)
    assert "user_id" not in at.session_state
    assert not counts_shown(at)


def test_refreshes_do_not_keep_an_idle_session_alive(seeded, monkeypatch):
    at = signed_in_on(LIVE)
    idle_since = datetime.now(UTC) - timedelta(minutes=29)
    at.session_state["last_seen"] = idle_since
    refresh_fragments(at, monkeypatch)
    assert counts_shown(at)
    assert at.session_state["last_seen"] == idle_since  # a refresh is not the person acting
    at.session_state["last_seen"] = datetime.now(UTC) - timedelta(minutes=31)
    refresh_fragments(at, monkeypatch)
    assert "user_id" not in at.session_state
    assert not counts_shown(at)


def test_live_counts_stop_after_signing_out(seeded, monkeypatch):
    at = signed_in_on(LIVE)
    at.switch_page("pages/staff_login.py")
    click(ok(at.run(timeout=TIMEOUT)), "Sign out")
    assert "user_id" not in at.session_state
    ok(at.run(timeout=TIMEOUT))
    assert "Live counts" not in {i["page_name"] for i in at._registered_pages.values()}
    assert [t.value for t in at.title] == ["Staff sign-in"]


def _is_fragment(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "fragment"


def test_every_fragment_of_a_staff_page_checks_the_sign_in_first():
    """A fragment re-runs on its own (a timer, its own widgets), without the page's require():
    on a staff page each must check the sign-in again before it reads anything."""
    fragments = []
    staff_pages = [p for p in sorted((ROOT / "pages").glob("*.py")) if "require(" in p.read_text()]
    assert len(staff_pages) >= 8
    for path in staff_pages:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(map(_is_fragment, node.decorator_list)):
                fragments.append((path.name, node))
    assert fragments
    for name, node in fragments:
        body = [s for s in node.body
                if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        first = body[0]
        call = first.value if isinstance(first, ast.Assign | ast.Expr) else None
        assert isinstance(call, ast.Call) and getattr(call.func, "id", None) == \
            "require_in_fragment", f"{name}: {node.name} does not start with require_in_fragment"
