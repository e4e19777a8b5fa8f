"""A brief re-issued after a withdrawal starts its themes from the version it replaces
(issue 14, item 3): the themes' texts minus the person's, under the same names and
identities; a first version starts afresh."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.brief import evidence, versions
from engagement.demo import load_demo
from engagement.models import Reflection
from engagement.services import participation, staff
from engagement.services._lookup import dialogue_by_slug


@pytest.fixture
def demo(session):
    load_demo(session=session, participants_per_dialogue=(60, 60))
    facilitator = staff.create_user(session=session, username="fran", password="tulip-42-Oak",
                                    role="facilitator", by=SYSTEM_CLI)
    return dialogue_by_slug(session, "insurance"), facilitator


@pytest.fixture
def starts(monkeypatch) -> list:
    """The ``previous`` themes each brief version's analysis was started from."""
    seen = []
    real = evidence.find_themes

    def recording(*args, **kwargs):
        seen.append(kwargs.get("previous"))
        return real(*args, **kwargs)

    monkeypatch.setattr(evidence, "find_themes", recording)
    return seen


def _themes(brief) -> list[dict]:
    return json.loads(brief.data)["themes"]["themes"]


def test_a_reissue_after_a_withdrawal_starts_from_the_previous_themes(session, demo, starts):
    dialogue, facilitator = demo
    first = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    before = _themes(first)
    assert before and starts == [None]  # a first version starts afresh
    # someone whose reflection is in the largest theme
    text_id = before[0]["members"][0]
    assert text_id.startswith("R")
    pid = session.get(Reflection, int(text_id[1:])).participant_id
    theirs = {f"R{r.id}" for r in session.exec(
        select(Reflection).where(Reflection.participant_id == pid))}

    participation.withdraw(session=session, participant_id=pid)

    current = versions.current_brief(session=session, dialogue_id=dialogue.id)
    assert current is not None and current.version == first.version + 1
    assert len(starts) == 2
    assert starts[1] == {t["label"]: [m for m in t["members"] if m not in theirs]
                         for t in before}
    after = _themes(current)
    assert [(t["label"], t["identity"], set(t["members"])) for t in after] == [
        (t["label"], t["identity"], set(t["members"]) - theirs) for t in before]
