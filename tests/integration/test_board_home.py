"""The board home: per dialogue its status, participants through the disclosure gate, the
brief in force and the decision, for board members only."""

from __future__ import annotations

import re

import pytest

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.demo import load_demo
from engagement.errors import PermissionDenied
from engagement.services import decisions, dialogues, participation, staff
from engagement.services._lookup import dialogue_by_slug
from engagement.services.board_home import board_overview


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def join(session, code: str) -> int:
    pid = participation.join(session=session, join_code=code).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


@pytest.fixture
def board(session):
    return staff.create_user(session=session, username="bea", password="lamp-kettle-7",
                             role="board", by=SYSTEM_CLI)


def card_of(session, board, dialogue_id: int):
    cards = board_overview(session=session, by=board)
    assert cards, "the overview lists the dialogues"
    return next(c for c in cards if c.dialogue_id == dialogue_id)


def test_a_small_dialogue_says_fewer_than_the_minimum(session, open_dialogue, facilitator,
                                                      board):
    dialogues.set_min_reporting_size(session=session, dialogue_id=open_dialogue.id, size=5,
                                     by=facilitator)
    assert card_of(session, board, open_dialogue.id).participants == "No one has taken part yet"
    for n in range(1, 5):
        join(session, "TEST01")
        card = card_of(session, board, open_dialogue.id)
        assert card.participants == "Fewer than 5 people have taken part", n
    join(session, "TEST01")
    card = card_of(session, board, open_dialogue.id)
    assert card.participants == "5 people have taken part"
    assert card.status.startswith("Open")
    assert card.brief == "No brief signed off yet" and not card.published
    assert card.decision.startswith("No decision yet")
    assert card.notice is None


def test_brief_decision_and_no_count_that_gives_away_a_few_since_the_brief(session, board,
                                                                         facilitator):
    load_demo(session=session, participants_per_dialogue=(60, 60))
    dialogue = dialogue_by_slug(session, "insurance")
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    total = versions.brief_data(brief)["participation"]["total"]
    assert total, "the brief shows how many took part"
    card = card_of(session, board, dialogue.id)
    assert card.brief.startswith(f"Brief version {brief.version}, signed off ")
    assert re.search(r"signed off \d{1,2} [A-Z][a-z]+ \d{4}$", card.brief), card.brief
    assert card.published and card.decision.startswith("Decision awaited")
    assert card.notice, "the demo's participants are synthetic"
    minimum = dialogue.min_reporting_size
    for _ in range(minimum - 1):  # a few join after the brief: their number stays hidden
        join(session, dialogue.join_code)
        shown = numbers(card_of(session, board, dialogue.id).participants)
        assert all(n == total or abs(n - total) >= minimum for n in shown), shown
    offered = decisions.available_findings(versions.brief_data(brief))
    decisions.record_decision(session=session, dialogue_id=dialogue.id, outcome="defer",
                              rationale="We need more evidence.", findings=list(offered)[:1],
                              by=board)
    assert card_of(session, board, dialogue.id).decision.startswith("Decision recorded ")
    assert card_of(session, board, dialogue.id).decision.endswith(": Defer")


def test_nobody_signed_in_is_refused(session, open_dialogue):
    with pytest.raises(PermissionDenied):
        board_overview(session=session, by=None)
