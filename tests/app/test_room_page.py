"""The room's screen page: a facilitator sees the join code and its QR code; a signed-out
visitor and an account closed meanwhile do not. A board member, who could open
its address once signed in, is refused: the projector view is the facilitators'."""

from __future__ import annotations

import pytest
import streamlit.testing.v1.local_script_runner as local_runner
from streamlit.testing.v1 import AppTest

from engagement.actors import SYSTEM_CLI
from engagement.services import staff
from tests.app.helpers import JOIN_CODE, TIMEOUT, new_app, ok, sign_in, texts

ROOM = "pages/room_view.py"


def room_shown(at: AppTest) -> bool:
    return JOIN_CODE in [t.value for t in at.text]


def qr_images(at: AppTest) -> list:
    return list(at.get("image"))


def signed_in_on_room(username: str) -> AppTest:
    at = sign_in(ok(new_app().run(timeout=TIMEOUT)), username)
    assert at.session_state["user_id"] is not None
    at.switch_page(ROOM)
    return ok(at.run(timeout=TIMEOUT))


def test_a_facilitator_sees_the_join_code_and_its_qr_code(seeded):
    at = signed_in_on_room("fran")
    assert room_shown(at)
    assert "Join with the code" in texts(at)
    assert len(qr_images(at)) == 1
    assert f"http://localhost:8501/?join={JOIN_CODE}" in texts(at)


def test_a_board_member_is_refused_the_room_screen(seeded):
    at = signed_in_on_room("bob")
    assert not room_shown(at) and not qr_images(at)
    assert "Your role does not allow this page." in [e.value for e in at.error]


def test_a_signed_out_visitor_gets_no_room_screen(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    assert not room_shown(at) and not qr_images(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(ROOM)  # not among a visitor's pages


def test_the_room_screen_stops_at_the_next_refresh_after_deactivation(seeded, monkeypatch):
    at = signed_in_on_room("fran")
    assert room_shown(at)
    ids = list(at._fragment_storage._fragments)
    assert ids, "the page has no fragment"
    with seeded.db() as session:
        staff.deactivate(session=session, user_id=seeded.facilitator_id, by=SYSTEM_CLI)
    plain = local_runner.RerunData
    with monkeypatch.context() as patch:
        patch.setattr(local_runner, "RerunData", lambda **kw: plain(
            **kw, fragment_id_queue=list(ids), is_auto_rerun=True))
        ok(at.run(timeout=TIMEOUT))
    assert "user_id" not in at.session_state
    assert not room_shown(at) and not qr_images(at)
