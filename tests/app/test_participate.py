"""The participant page, driven through its widgets as a member of the public would."""

from __future__ import annotations

import re

from sqlmodel import func, select

from engagement.models import (
    Consent,
    JourneyStep,
    Participant,
    Position,
    Reflection,
    Statement,
    Vote,
)
from tests.app.helpers import (
    JOIN_CODE,
    SEEDS,
    TIMEOUT,
    button,
    click,
    errors,
    flashes,
    new_app,
    ok,
    texts,
    widget,
)

RESUME_CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
SUPPORT = "How far do you support the proposal?"
CONFIDENCE = "How sure are you?"


def progress_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("You have answered"))


def step_text(at) -> str:
    """The 'Step n of 8: ...' label of the journey's progress bar."""
    return next(p.proto.text for p in at.get("progress") if p.proto.text.startswith("Step "))


def join(at, code: str = JOIN_CODE):
    ok(at.run(timeout=TIMEOUT))
    widget(at.text_input, "Join code").input(code)
    return click(at, "Find my dialogue")


def join_and_consent(seeded):
    at = join(new_app())
    click(at, "Join this dialogue")
    widget(at.checkbox, at.checkbox[0].label).check()
    return click(at, "Save my choices and continue")


def answer_position(at, support: int, confidence: int):
    widget(at.radio, SUPPORT).set_value(support)
    widget(at.radio, CONFIDENCE).set_value(confidence)
    return click(at, "Save and continue")


def test_whole_journey_through_the_widgets(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    assert "Take part in a public dialogue" in texts(at)

    # Join with a code typed in lower case and with spaces, as people do.
    join(at, " test01 ")
    assert "Test dialogue" in texts(at)
    sessions = widget(at.radio, "Which session are you taking part in?")
    assert [o for o in sessions.options] == ["Evening online"]
    click(at, "Join this dialogue")
    code = at.session_state["resume_code"]
    assert RESUME_CODE.match(code)
    assert at.query_params["resume"] == [code] or at.query_params["resume"] == code
    assert code in [c.value for c in at.code], "the new resume code is shown once joined"
    assert step_text(at) == "Step 1 of 8: Your consent"

    # Consent: refusing the required consent explains why and does not move on.
    click(at, "Save my choices and continue")
    assert any("we need your agreement" in e for e in errors(at))
    assert step_text(at) == "Step 1 of 8: Your consent"
    report, quote, notify = at.checkbox[0], at.checkbox[1], at.checkbox[2]
    assert "(Optional.)" in quote.label and "(Optional.)" in notify.label
    assert "(You must agree to this to take part.)" in report.label
    report.check()
    quote.check()
    click(at, "Save my choices and continue")
    assert step_text(at) == "Step 2 of 8: The briefing"
    assert "What is proposed" in texts(at)

    click(at, "I have read the briefing")
    assert step_text(at) == "Step 3 of 8: Your view before"

    # Position before: both questions are needed.
    widget(at.radio, SUPPORT).set_value(2)
    click(at, "Save and continue")
    assert "Please answer both questions." in errors(at)
    widget(at.radio, CONFIDENCE).set_value(3)
    click(at, "Save and continue")
    assert step_text(at) == "Step 4 of 8: Statements"

    # Voting, one statement at a time, with progress; skip is not a vote.
    assert progress_caption(at) == "You have answered 0 of 3 statements."
    shown = [at.text[0].value]
    click(at, "Agree")
    assert progress_caption(at) == "You have answered 1 of 3 statements."
    shown.append(at.text[0].value)
    click(at, "Skip")
    assert progress_caption(at) == "You have answered 1 of 3 statements."
    shown.append(at.text[0].value)
    click(at, "Disagree")
    assert progress_caption(at) == "You have answered 2 of 3 statements."
    assert sorted(shown) == sorted(SEEDS), "each statement is shown once"
    assert "You have seen every statement. Thank you." in texts(at)
    click(at, "Continue")
    assert step_text(at) == "Step 5 of 8: Your own statement"

    # Own statement: empty and duplicate are refused with a clear message.
    click(at, "Send my statement")
    assert any("The statement is empty" in e for e in errors(at))
    widget(at.text_area, "Your statement").set_value("statement ONE!")
    click(at, "Send my statement")
    assert any("Someone has already made this statement" in e for e in errors(at))
    assert step_text(at) == "Step 5 of 8: Your own statement"
    widget(at.text_area, "Your statement").set_value("Insurers should never see genomic data")
    click(at, "Send my statement")
    assert flashes(at) == [
        "Thank you: your statement will be checked by a facilitator."
    ]
    assert step_text(at) == "Step 6 of 8: Your reflection"

    widget(at.text_area, "Your answer (optional)").set_value("I worry about\n\ninsurance.")
    click(at, "Save and continue")
    assert step_text(at) == "Step 7 of 8: Your view now"
    answer_position(at, 4, 5)

    assert step_text(at) == "Step 8 of 8: Thank you"
    assert "Thank you for taking part. Your answers have been recorded." in texts(at)
    assert code in [c.value for c in at.code]

    with seeded.db() as session:
        participant = session.exec(select(Participant)).one()
        assert participant.step == JourneyStep.DONE
        assert participant.session_id == seeded.session_id
        consent = session.exec(select(Consent)).one()
        assert (consent.report, consent.quote, consent.notify) == (True, True, False)
        votes = sorted(v.value for v in session.exec(select(Vote)))
        assert votes == [-1, 1]
        positions = {p.stage: (p.support, p.confidence) for p in session.exec(select(Position))}
        assert positions == {"pre": (2, 3), "post": (4, 5)}
        own = session.exec(select(Statement).where(Statement.origin == "participant")).one()
        assert (own.text, own.status) == ("Insurers should never see genomic data", "pending")
        assert session.exec(select(Reflection)).one().text == "I worry about\n\ninsurance."


def test_a_reload_resumes_at_the_same_step(seeded):
    at = join_and_consent(seeded)
    click(at, "I have read the briefing")
    answer_position(at, 3, 3)
    click(at, "Agree")
    code = at.session_state["resume_code"]

    # A reload is a new browser session that only has the URL (with ?resume=...).
    again = ok(new_app(resume=code).run(timeout=TIMEOUT))
    assert step_text(again) == "Step 4 of 8: Statements"
    assert progress_caption(again) == "You have answered 1 of 3 statements."
    assert again.session_state["resume_code"] == code
    assert "Find my dialogue" not in [b.label for b in again.button]

    # A mistyped or stale resume code in the URL falls back to the join screen.
    stale = ok(new_app(resume="AAAA-BBBB-CCCC").run(timeout=TIMEOUT))
    assert "Take part in a public dialogue" in texts(stale)
    assert "resume" not in stale.query_params


def test_resume_code_typed_in(seeded):
    at = join_and_consent(seeded)
    code = at.session_state["resume_code"]
    other = ok(new_app().run(timeout=TIMEOUT))
    widget(other.text_input, "Resume code").input(code.lower().replace("-", " "))
    click(other, "Continue where I left off")
    assert step_text(other) == "Step 2 of 8: The briefing"

    wrong = ok(new_app().run(timeout=TIMEOUT))
    widget(wrong.text_input, "Resume code").input("ZZZZ-ZZZZ-ZZZZ")
    click(wrong, "Continue where I left off")
    assert any("does not match anyone" in e for e in errors(wrong))


def test_withdraw_deletes_answers_and_says_so(seeded):
    at = join_and_consent(seeded)
    click(at, "I have read the briefing")
    answer_position(at, 1, 2)
    click(at, "Agree")
    click(at, "Disagree")
    code = at.session_state["resume_code"]

    assert button(at, "Withdraw and delete my answers").disabled
    widget(at.checkbox, "I understand and want to withdraw").check()
    ok(at.run(timeout=TIMEOUT))
    click(at, "Withdraw and delete my answers")
    assert "You have withdrawn" in texts(at)
    assert "Your answers have been deleted and will not be used." in texts(at)
    table = at.table[0].value
    deleted = dict(zip(table["Kind"], table["Number deleted"], strict=True))
    assert deleted["votes"] == 2 and deleted["positions"] == 1 and deleted["consent records"] == 1
    assert "resume" not in at.query_params

    with seeded.db() as session:
        assert session.exec(select(func.count(Vote.id))).one() == 0
        assert session.exec(select(func.count(Position.id))).one() == 0
        assert session.exec(select(func.count(Consent.id))).one() == 0
        assert session.exec(select(Participant)).one().withdrawn_at is not None

    # The old code no longer leads anywhere.
    again = ok(new_app(resume=code).run(timeout=TIMEOUT))
    assert "Take part in a public dialogue" in texts(again)


CUT_STATEMENT = ("Your statement was longer than 400 characters, so we have cut it to fit. "
                 "Please check the end still says what you mean, then send it.")


def test_a_long_paste_is_cut_to_the_limit_with_a_message(seeded):
    at = join_and_consent(seeded)
    click(at, "I have read the briefing")
    answer_position(at, 3, 3)
    click(at, "I have voted enough, continue")
    box = widget(at.text_area, "Your statement")
    # A limit in the browser drops a paste longer than it (Streamlit ignores the whole
    # change), which left the box empty with no message: the page sets none.
    assert not box.max_chars
    pasted = "Insurers should never see it. " * 20  # 600 characters
    box.set_value(pasted)
    click(at, "Send my statement")
    assert [w.value for w in at.warning] == [CUT_STATEMENT]
    assert step_text(at) == "Step 5 of 8: Your own statement", "shown again to check, not sent"
    kept = widget(at.text_area, "Your statement").value
    assert kept == pasted.strip()[:400].rstrip() and len(kept) == 400
    with seeded.db() as session:
        assert session.exec(select(func.count(Statement.id)).where(
            Statement.origin == "participant")).one() == 0

    click(at, "Send my statement")  # checked: now it fits and is sent
    assert step_text(at) == "Step 6 of 8: Your reflection"
    with seeded.db() as session:
        own = session.exec(select(Statement).where(Statement.origin == "participant")).one()
        assert own.text == kept


def test_a_long_reflection_is_cut_to_the_limit_with_a_message(seeded):
    at = join_and_consent(seeded)
    click(at, "I have read the briefing")
    answer_position(at, 3, 3)
    click(at, "I have voted enough, continue")
    click(at, "Skip this step")
    box = widget(at.text_area, "Your answer (optional)")
    assert not box.max_chars
    box.set_value("I worry. " * 300)
    click(at, "Save and continue")
    assert [w.value for w in at.warning] == [
        "Your answer was longer than 2000 characters, so we have cut it to fit. Please check "
        "the end still says what you mean, then save it."]
    assert len(widget(at.text_area, "Your answer (optional)").value) <= 2000
    click(at, "Save and continue")
    assert step_text(at) == "Step 7 of 8: Your view now"
    with seeded.db() as session:
        assert len(session.exec(select(Reflection)).one().text) <= 2000


def test_unknown_join_code(seeded):
    at = join(new_app(), "NOPE99")
    assert errors(at) == ["No dialogue has the join code NOPE99. Please check it and try again."]
    assert "Join this dialogue" not in [b.label for b in at.button]


def test_empty_join_code(seeded):
    at = join(new_app(), "   ")
    assert any("Please type the join code" in e for e in errors(at))


def test_invitation_link_opens_the_dialogue_without_a_click(seeded):
    """The room's QR code and the invitation carry ``?join=``: the page opens on the dialogue
    (a burst of arrivals costs the server one page run fewer each, docs/benchmarks.md)."""
    at = ok(new_app(join=JOIN_CODE).run(timeout=TIMEOUT))
    assert "Test dialogue" in texts(at)
    assert "Join this dialogue" in [b.label for b in at.button]
    assert "Find my dialogue" not in [b.label for b in at.button]
    click(at, "Use a different code")
    # Back at the form, the link's code kept to edit; the link is not followed again.
    assert widget(at.text_input, "Join code").value == JOIN_CODE
    assert "Join this dialogue" not in [b.label for b in at.button]
    click(at, "Find my dialogue")
    click(at, "Join this dialogue")
    assert step_text(at) == "Step 1 of 8: Your consent"


def test_invitation_link_with_a_wrong_code_says_so_once(seeded):
    at = ok(new_app(join="NOPE99").run(timeout=TIMEOUT))
    assert errors(at) == ["No dialogue has the join code NOPE99. Please check it and try again."]
    assert widget(at.text_input, "Join code").value == "NOPE99"
    assert "Join this dialogue" not in [b.label for b in at.button]
    widget(at.text_input, "Join code").input(JOIN_CODE)
    click(at, "Find my dialogue")
    assert errors(at) == [], "the link's refusal is not shown again"
    assert "Join this dialogue" in [b.label for b in at.button]


def test_own_data_is_read_only_when_asked_for(seeded):
    at = join_and_consent(seeded)
    click(at, "I have read the briefing")
    answer_position(at, 4, 3)
    click(at, "Agree")
    assert not at.json and not at.get("download_button")  # nothing read on every page run

    at.toggle(key="show-my-data").set_value(True)
    ok(at.run(timeout=TIMEOUT))
    assert not at.json, "shown in words, not as raw JSON"
    assert "Your vote: Agree" in [t.value for t in at.text]
    assert at.get("download_button")[0].proto.label == "Download my data (JSON)"
