"""The board's decision form (issue 14, item 8: forms that clear after success): once a
decision is recorded the form is empty, so nothing invites recording it twice; a decision that
is refused keeps everything the board member chose and typed, with the reason shown."""

from __future__ import annotations

import pytest
from sqlmodel import select

from engagement.brief import versions
from engagement.models import Decision, User
from engagement.services import decisions, participation
from tests.app.helpers import (
    JOIN_CODE,
    SEEDS,
    TIMEOUT,
    button,
    errors,
    ok,
    staff_on,
    texts,
)

RATIONALE = "Rationale (shown on the public results page)"
FINDINGS = "Findings from the brief that the decision rests on"
EXPLANATION = ("Where the decision departs from what participants said, explain why "
               "(required in that case)")
WHY = "We will wait for the independent review of the condition list."


@pytest.fixture
def offered(seeded) -> list[str]:
    """Fourteen people voted (all agreeing with two statements); the facilitator signed the
    brief off while the dialogue is open. Returns the references of the findings it offers."""
    with seeded.db() as session:
        for n in range(14):
            pid = participation.join(session=session, join_code=JOIN_CODE,
                                     session_id=seeded.session_id).participant.id
            participation.give_consent(session=session, participant_id=pid, report=True,
                                       quote=False, notify=False)
            for sid in range(1, len(SEEDS) + 1):
                agree = sid < 3 or n % 2 == 0  # all agree with two statements
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if agree else "disagree")
        brief = versions.sign_off_brief(session=session, dialogue_id=seeded.dialogue_id,
                                        by=session.get(User, seeded.facilitator_id),
                                        acknowledge_open=True, analysis_checked=True)
        refs = list(decisions.available_findings(versions.brief_data(brief)))
    assert len(refs) >= 2, refs  # something to cite, and to cite more than one of
    return refs


def _decisions_page(seeded):
    return staff_on(seeded.board_id, "pages/board_decisions.py")


def _one(elements, label: str):
    found = [w for w in elements if w.label == label]
    assert len(found) == 1, (label, [w.label for w in elements])
    return found[0]


def _submit(at, *, outcome: str | None, findings: list[str], explanation: str = ""):
    if outcome is not None:
        _one(at.radio, "Decision").set_value(outcome)
    _one(at.text_area, RATIONALE).input(WHY)
    _one(at.multiselect, FINDINGS).set_value(findings)
    if explanation:
        _one(at.text_area, EXPLANATION).input(explanation)
    button(at, "Record the decision").click()
    return ok(at.run(timeout=TIMEOUT))


def _recorded(seeded) -> list[Decision]:
    with seeded.db() as session:
        return list(session.exec(select(Decision)))


def _form_is_empty(at) -> None:
    assert _one(at.radio, "Decision").value is None
    assert _one(at.text_area, RATIONALE).value == ""
    assert _one(at.multiselect, FINDINGS).value == []
    assert _one(at.text_area, EXPLANATION).value == ""


def test_the_form_is_empty_once_a_decision_is_recorded(seeded, offered):
    at = _decisions_page(seeded)
    _form_is_empty(at)
    at = _submit(at, outcome="defer", findings=offered[:2],
                 explanation="The review is due next month.")
    recorded = _recorded(seeded)
    assert [(d.version, d.outcome, d.rationale) for d in recorded] == [(1, "defer", WHY)]
    assert not errors(at)
    assert "Decision recorded." in texts(at)
    _form_is_empty(at)  # nothing left that would record the same decision again
    # The emptied form still works: a second version is recorded from fresh input.
    at = _submit(at, outcome="approve", findings=offered[:1],
                 explanation="Participants were divided; the review settles it.")
    assert [d.version for d in _recorded(seeded)] == [1, 2], errors(at)
    _form_is_empty(at)


@pytest.mark.parametrize("case", ["no decision chosen", "no finding chosen"])
def test_a_refused_decision_keeps_what_was_chosen_and_typed(seeded, offered, case):
    at = _decisions_page(seeded)
    outcome, findings = (None, offered[:2]) if case == "no decision chosen" else ("defer", [])
    at = _submit(at, outcome=outcome, findings=findings, explanation="Kept as typed.")
    assert _recorded(seeded) == []
    shown = errors(at)
    assert len(shown) == 1 and "\n" not in shown[0], shown  # one clear line
    assert _one(at.radio, "Decision").value == outcome
    assert _one(at.text_area, RATIONALE).value == WHY
    assert _one(at.multiselect, FINDINGS).value == findings
    assert _one(at.text_area, EXPLANATION).value == "Kept as typed."
