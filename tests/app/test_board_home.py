"""The board home through AppTest: a card per dialogue with where it stands, and links that
open the board's pages on that dialogue."""

from __future__ import annotations

from engagement.models import User
from engagement.services import dialogues
from tests.app.helpers import staff_on, texts


def signed_in(seeded, user_id: int, path: str, **query: str):
    return staff_on(user_id, path, **query)


def second_dialogue(seeded) -> None:
    with seeded.db() as session:
        dialogues.create_dialogue(session=session, slug="second-one", template="blank",
                                  title="Second dialogue", join_code="TEST02",
                                  by=session.get(User, seeded.facilitator_id))


def test_each_dialogue_has_its_status_and_links(seeded):
    second_dialogue(seeded)
    at = signed_in(seeded, seeded.board_id, "pages/board_home.py")
    shown = texts(at)
    assert [s.value for s in at.header] == ["Test dialogue", "Second dialogue"]
    for line in ("Open: people are taking part now", "Draft: not yet open to participants",
                 "No one has taken part yet", "No brief signed off yet",
                 "No decision yet: it waits for a signed-off brief"):
        assert line in shown, line
    links = [(e.proto.page, e.proto.label, e.proto.query_string) for e in at.get("page_link")]
    assert ("board_dashboard", "Opinion groups and consensus",
            "dialogue=second-one") in links, links
    assert ("board_decisions", "Decision register", "dialogue=test-dialogue") in links
    assert not [link for link in links if "public_results" in link[0]], "nothing published"


def test_a_link_opens_the_dashboard_on_its_dialogue(seeded):
    second_dialogue(seeded)
    for slug, title in (("second-one", "Second dialogue"), ("test-dialogue", "Test dialogue")):
        at = signed_in(seeded, seeded.board_id, "pages/board_dashboard.py", dialogue=slug)
        picker = next(s for s in at.selectbox if s.label == "Dialogue")
        assert picker.format_func(picker.value).startswith(title), slug
