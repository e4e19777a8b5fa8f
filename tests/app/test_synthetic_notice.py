"""Honest demo on screen: every staff page about a dialogue and the public page say so when
its participants are synthetic, and say nothing of the kind when they are real."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import update

from engagement.brief import versions
from engagement.models import Participant, User
from engagement.services import synthetic
from tests.app.helpers import TIMEOUT, new_app, ok, texts
from tests.app.test_board_disclosure import voters

FACILITATOR_PAGES = ("pages/facilitator_dialogues.py", "pages/facilitator_moderation.py",
                     "pages/facilitator_live.py", "pages/facilitator_brief.py")
BOARD_PAGES = ("pages/board_dashboard.py", "pages/board_decisions.py")


def page(path: str, user_id: int | None):
    at = new_app()
    if user_id is not None:
        at.session_state["user_id"] = user_id
        at.session_state["session_epoch"] = 0
        at.session_state["last_seen"] = datetime.now(UTC)
    ok(at.run(timeout=TIMEOUT))
    at.switch_page(path)
    return ok(at.run(timeout=TIMEOUT))


@pytest.mark.parametrize("made_up", [True, False], ids=["synthetic", "real"])
def test_pages_say_when_participants_are_synthetic(seeded, made_up):
    voters(seeded, 14, session_id=seeded.session_id)
    with seeded.db() as session:
        session.exec(update(Participant).values(synthetic=made_up))
        session.commit()
        versions.sign_off_brief(session=session, dialogue_id=seeded.dialogue_id,
                                 by=session.get(User, seeded.facilitator_id),
                                 acknowledge_open=True, analysis_checked=True)
    visits = [(p, seeded.facilitator_id) for p in FACILITATOR_PAGES]
    visits += [(p, seeded.board_id) for p in BOARD_PAGES] + [("pages/public_results.py", None)]
    for path, user_id in visits:
        at = page(path, user_id)
        assert at.title, path  # the page ran as that user
        shown = synthetic.ALL_SYNTHETIC in [w.value for w in at.warning]
        assert shown == made_up, path
        assert ("synthetic" in texts(at).lower()) == made_up, path
