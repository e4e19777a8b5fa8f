"""The participant's page after the journey: review and change answers while the dialogue is
open, nothing offered once it has closed or they have withdrawn, their data in words, messages
that offer only what can be done, and the privacy notice before consent."""

from __future__ import annotations

from sqlmodel import select

from engagement.consent import CONSENT_TEXTS
from engagement.models import Dialogue, Position, Vote
from engagement.services import participation
from tests.app.helpers import (
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
from tests.app.test_participate import answer_position, join_and_consent, step_text

PROMISE = "change your answers while the dialogue is open"


def finish_journey(seeded, statement: str | None = None, reflection: str = ""):
    """A participant through every step: view before 'Oppose'/'Fairly sure', agree with all
    three seeds, their own statement (or none), a reflection, view now 'Support'/'Sure'."""
    at = join_and_consent(seeded)
    click(at, "I have read the briefing")
    answer_position(at, 2, 3)
    for _ in range(3):
        click(at, "Agree")
    click(at, "Continue")
    if statement is None:
        click(at, "Skip this step")
    else:
        widget(at.text_area, "Your statement").set_value(statement)
        click(at, "Send my statement")
    widget(at.text_area, "Your answer (optional)").set_value(reflection)
    click(at, "Save and continue")
    answer_position(at, 4, 4)
    assert step_text(at) == "Step 8 of 8: Thank you"
    return at


def set_status(seeded, status: str) -> None:
    with seeded.db() as session:
        dialogue = session.get(Dialogue, seeded.dialogue_id)
        dialogue.status = status
        session.add(dialogue)
        session.commit()


def stored(seeded):
    with seeded.db() as session:
        votes = {v.statement_id: v.value for v in session.exec(select(Vote))}
        views = {p.stage: (p.support, p.confidence) for p in session.exec(select(Position))}
    return votes, views


def test_review_changes_votes_and_views_while_open(seeded):
    at = finish_journey(seeded)
    assert PROMISE in texts(at)
    assert "Review my answers" in texts(at)
    votes, _ = stored(seeded)
    assert len(votes) == 3 and set(votes.values()) == {1}
    first = min(votes)
    radio = at.radio(key=f"review-vote-{first}")
    assert radio.value == "agree"
    radio.set_value("disagree")
    click(at, "Save my votes")
    assert flashes(at).count("Your votes are saved.") == 1
    votes, _ = stored(seeded)
    assert votes[first] == -1 and [votes[s] for s in sorted(votes)[1:]] == [1, 1]

    assert at.radio(key="review-support-pre").value == 2
    at.radio(key="review-support-pre").set_value(5)
    at.radio(key="review-confidence-pre").set_value(1)
    click(at, "Save my view before")
    _, views = stored(seeded)
    assert views == {"pre": (5, 1), "post": (4, 4)}
    assert step_text(at) == "Step 8 of 8: Thank you", "changing a view before leaves the step"

    click(at, "Save my votes")  # nothing changed: said, nothing written
    assert flashes(at).count("You have not changed any votes.") == 1


def test_a_closed_dialogue_offers_no_changes_and_takes_the_promise_back(seeded):
    at = finish_journey(seeded)
    set_status(seeded, "closed")
    ok(at.run(timeout=TIMEOUT))
    assert PROMISE not in texts(at)
    assert "The dialogue is no longer open, so answers cannot be changed." in texts(at)
    assert "Review my answers" not in texts(at)
    labels = [b.label for b in at.button]
    assert "Save my votes" not in labels and "Save my view before" not in labels
    assert "Withdraw and delete my answers" in labels, "withdrawing stays possible"


def test_a_change_sent_after_the_dialogue_closed_is_refused(seeded):
    at = finish_journey(seeded)
    other_tab = ok(new_app(resume=at.session_state["resume_code"]).run(timeout=TIMEOUT))
    before = stored(seeded)
    set_status(seeded, "closed")  # closed while the review was on both screens
    first = min(before[0])
    at.radio(key=f"review-vote-{first}").set_value("disagree")
    click(at, "Save my votes")
    assert any("not taking answers" in e for e in errors(at))
    other_tab.radio(key="review-support-post").set_value(1)
    click(other_tab, "Save my view now")
    assert any("not taking answers" in e for e in errors(other_tab))
    assert stored(seeded) == before
    assert "Save my votes" not in [b.label for b in at.button], "not offered again"


def test_a_change_sent_after_withdrawing_elsewhere_is_refused(seeded):
    at = finish_journey(seeded)
    pid = at.session_state["participant_id"]
    first = min(stored(seeded)[0])
    with seeded.db() as session:  # withdrawn from another tab or device
        participation.withdraw(session=session, participant_id=pid)
    at.radio(key=f"review-vote-{first}").set_value("disagree")
    button(at, "Save my votes").click()
    ok(at.run(timeout=TIMEOUT))
    assert any("You may have withdrawn" in e for e in errors(at))
    assert stored(seeded) == ({}, {})


def test_part_way_through_a_closed_dialogue_no_step_is_offered(seeded):
    at = join_and_consent(seeded)
    assert "I have read the briefing" in [b.label for b in at.button]
    set_status(seeded, "closed")
    ok(at.run(timeout=TIMEOUT))
    assert "This dialogue is no longer taking answers, so you cannot carry on." in texts(at)
    assert "I have read the briefing" not in [b.label for b in at.button]


def test_a_duplicate_of_a_statement_awaiting_moderation_offers_no_vote(seeded):
    finish_journey(seeded, statement="Insurers should never see genomic data")
    other = join_and_consent(seeded)
    click(other, "I have read the briefing")
    answer_position(other, 3, 3)
    click(other, "I have voted enough, continue")
    widget(other.text_area, "Your statement").set_value("insurers should NEVER see genomic data!")
    click(other, "Send my statement")
    assert errors(other) == [
        "Someone has already sent this statement. A facilitator will check it before it is "
        "shown for votes, so there is no need to send it again."]
    assert not any("vote on it" in e for e in errors(other))


def test_everything_we_hold_is_in_words_with_their_text_as_typed(seeded):
    typed = "**Insurers** must [never](http://x.example) see <b>it</b>"
    at = finish_journey(seeded, statement=typed, reflection="My _own_ words")
    at.toggle(key="show-my-data").set_value(True)
    ok(at.run(timeout=TIMEOUT))
    assert not at.json
    headings = [m.value for m in at.markdown]
    for heading in ("**About you**", "**Your consent**", "**Your email address**",
                    "**Your views on the proposal**", "**Your votes**", "**Your statements**",
                    "**Your reflection**"):
        assert heading in headings
    shown = [t.value for t in at.text]
    assert f"Your statement: {typed}" in shown, "their own text, exactly as typed"
    assert "What happened to it: A facilitator has not checked it yet" in shown
    assert "Your answer: My _own_ words" in shown
    assert shown.count("Your vote: Agree") == 3
    assert "Support: Oppose" in shown and "How sure: Fairly sure" in shown
    assert "How far you have gone: Thank you" in shown
    assert "We do not hold an email address for you." in shown
    assert not any("S1" == t or "{" in t for t in shown), "no internal keys or raw JSON"
    assert at.get("download_button")[0].proto.label == "Download my data (JSON)"


def test_privacy_notice_is_shown_on_the_consent_step(seeded):
    at = new_app()
    ok(at.run(timeout=TIMEOUT))
    widget(at.text_input, "Join code").input("TEST01")
    click(at, "Find my dialogue")
    # Before joining (which keeps a record under a random name) the notice is there to read.
    assert "How we use your information" in [e.label for e in at.expander]
    assert "Example Genomics Organisation (demonstration) runs this dialogue. It is in charge " \
           "of your answers: in law, it is the data controller." in [t.value for t in at.text]
    click(at, "Join this dialogue")
    assert step_text(at) == "Step 1 of 8: Your consent"
    page = texts(at)
    assert "How we use your information" in page
    for heading in ("Who we are", "How to contact us", "Why we use it", "Our lawful basis",
                    "How long we keep it", "Your rights"):
        assert f"**{heading}**" in page
    assert "Example Genomics Organisation (demonstration) runs this dialogue" in page
    assert "privacy@example.org" in page and "Article 6(1)(a)" in page
    assert "Information Commissioner's Office" in page
    # before the choices: the notice comes first on the page
    assert page.index("How we use your information") < page.index("Your choices")


def test_privacy_notice_takes_the_deployment_settings_as_plain_text(seeded, monkeypatch):
    monkeypatch.setenv("ENGAGEMENT_ORGANISATION", "Genomics Wales")
    monkeypatch.setenv("ENGAGEMENT_PRIVACY_EMAIL", "dpo@genomics.wales.example")
    monkeypatch.setenv("ENGAGEMENT_PRIVACY_LAWFUL_BASIS", "Public task, **Article 6(1)(e)**")
    monkeypatch.setenv("ENGAGEMENT_PRIVACY_RETENTION", "Five years after the decision.")
    at = new_app()
    ok(at.run(timeout=TIMEOUT))
    widget(at.text_input, "Join code").input("TEST01")
    click(at, "Find my dialogue")
    click(at, "Join this dialogue")
    shown = [t.value for t in at.text]
    assert "Genomics Wales runs this dialogue. It is in charge of your answers: in law, it is " \
           "the data controller." in shown
    assert "Public task, **Article 6(1)(e)**" in shown, "a setting is never markdown"
    assert "Five years after the decision." in shown
    assert any("dpo@genomics.wales.example" in t for t in shown)
    assert "privacy@example.org" not in texts(at)


def test_everything_we_hold_shows_the_consent_words_they_agreed_to(seeded):
    """A dialogue made before the plain consent wording (version 1): the participant's data
    shows version 1 and its words, not the plainer default of today."""
    with seeded.db() as session:
        dialogue = session.get(Dialogue, seeded.dialogue_id)
        dialogue.consent_version = 1
        session.add(dialogue)
        session.commit()
    at = finish_journey(seeded)
    at.toggle(key="show-my-data").set_value(True)
    ok(at.run(timeout=TIMEOUT))
    assert "**The wording you agreed to**" in [m.value for m in at.markdown]
    shown = [t.value for t in at.text]
    assert "Version of the wording: 1" in shown
    assert f"Use in the report: {CONSENT_TEXTS[1].report}" in shown
    assert f"Use in the report: {CONSENT_TEXTS[2].report}" not in shown
