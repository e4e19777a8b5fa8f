"""The public "You said, we did" page after a quoted author withdraws (issue 12, item 1)."""

from __future__ import annotations

from sqlmodel import select

from engagement.brief import versions
from engagement.models import User
from engagement.services import decisions, moderation, participation
from tests.app.helpers import JOIN_CODE, SEEDS, TIMEOUT, new_app, ok, texts

QUOTE = "Independent auditors should check every data request"


def _join(session, seeded, *, quote: bool) -> int:
    pid = participation.join(session=session, join_code=JOIN_CODE,
                             session_id=seeded.session_id).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=quote,
                               notify=False)
    return pid


def _public_page():
    at = ok(new_app().run(timeout=TIMEOUT))
    at.switch_page("pages/public_results.py")
    return ok(at.run(timeout=TIMEOUT))


def test_public_page_drops_a_withdrawn_authors_words_and_marks_the_finding(seeded):
    with seeded.db() as session:
        fran = session.exec(select(User).where(User.username == "fran")).one()
        bob = session.exec(select(User).where(User.username == "bob")).one()
        author = _join(session, seeded, quote=True)  # writes, never votes
        statement = participation.add_statement(session=session, participant_id=author,
                                                text=QUOTE)
        moderation.moderate(session=session, statement_ids=[statement.id],
                            decision="accepted", by=fran)
        for n in range(14):
            pid = _join(session, seeded, quote=False)
            for sid in range(1, len(SEEDS) + 1):
                agree = (n % 2 == 0) == (sid % 2 == 0)
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if agree else "disagree")
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement.id, value="agree")
        brief = versions.sign_off_brief(session=session, dialogue_id=seeded.dialogue_id,
                                         by=fran, acknowledge_open=True, analysis_checked=True)
        assert QUOTE in brief.data
        finding = f"S{statement.id}"
        assert finding in decisions.available_findings(versions.brief_data(brief))
        decisions.record_decision(session=session, dialogue_id=seeded.dialogue_id,
                                  outcome="defer", rationale="We want an audit first.",
                                  findings=[finding], by=bob)
    before = texts(_public_page())
    assert "We want an audit first." in before and decisions.WITHDRAWN_NOTE not in before
    assert QUOTE in before  # the summary quotes it
    # issue 14 item 2: the finding is shown in words with its version, never as "S14"
    assert (f"• Most people in every group agreed with “{QUOTE}” (from version 1 of the "
            "brief)") in before
    assert f"• {finding}" not in before

    with seeded.db() as session:
        participation.withdraw(session=session, participant_id=author)
    after = texts(_public_page())
    assert QUOTE not in after
    assert "We want an audit first." in after
    assert (f"• {versions.WITHDRAWN_STATEMENT} (from version 1 of the brief; "
            f"{decisions.WITHDRAWN_NOTE}; not among the findings of version 2 of the "
            "brief)") in after
