"""The public "You said, we did" page opens with the plain-English summary (issue 14 item 4):
first the headings of the summary, in words; statistics and references stay in the brief."""

from __future__ import annotations

from sqlmodel import select

from engagement.brief import versions
from engagement.models import User
from engagement.services import participation
from tests.app.helpers import JOIN_CODE, SEEDS, TIMEOUT, new_app, ok

SUMMARY = ["What we asked", "Who took part", "How views changed", "The decision"]


def _publish(seeded) -> None:
    with seeded.db() as session:
        fran = session.exec(select(User).where(User.username == "fran")).one()
        for n in range(14):
            pid = participation.join(session=session, join_code=JOIN_CODE,
                                     session_id=seeded.session_id).participant.id
            participation.give_consent(session=session, participant_id=pid, report=True,
                                       quote=False, notify=False)
            for sid in range(1, len(SEEDS) + 1):
                agree = (n % 2 == 0) == (sid % 2 == 0)
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if agree else "disagree")
        versions.sign_off_brief(session=session, dialogue_id=seeded.dialogue_id, by=fran,
                                acknowledge_open=True, analysis_checked=True)


def _in_order(at) -> list[tuple[str, str]]:
    """What a reader meets, top to bottom: (kind, text) of each heading and text."""
    kinds = {"title", "header", "subheader", "text", "warning", "markdown"}
    return [(node.type, str(node.value)) for node in at.main
            if getattr(node, "type", None) in kinds]


def test_the_public_page_opens_with_the_plain_summary(seeded):
    _publish(seeded)
    at = ok(new_app().run(timeout=TIMEOUT))
    at.switch_page("pages/public_results.py")
    at = ok(at.run(timeout=TIMEOUT))
    seen = _in_order(at)
    headings = [text for kind, text in seen if kind in {"header", "subheader"}]
    assert headings[:len(SUMMARY)] == SUMMARY, headings
    assert headings.index("What was proposed") == len(SUMMARY)
    who = seen[[t for _, t in seen].index("Who took part") + 1]
    assert who == ("text", "14 people took part. They came in 1 session. "
                   "Evening online: 14 people.")
    page = "\n".join(text for _, text in seen)
    for internal in ("[S", "[R", "Wilcoxon", "group:", "p <", "References such as"):
        assert internal not in page, internal
