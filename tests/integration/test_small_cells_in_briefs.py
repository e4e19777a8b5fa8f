"""Property test over every aggregate a brief publishes: on random small dialogues, no count of
people in the brief's data is between 1 and the minimum reporting size."""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, SQLModel

import engagement.models  # noqa: F401
from engagement.actors import SYSTEM_CLI
from engagement.brief import evidence, versions
from engagement.brief.summary import SummaryCheckFailed
from engagement.db import make_engine
from engagement.errors import Conflict
from engagement.models import (
    Consent,
    Dialogue,
    DialogueSession,
    Participant,
    Position,
    Reflection,
    Statement,
    User,
    Vote,
)
from engagement.services import opinion

MINIMUM = 10
# Fields of the brief's data that count people (or people's votes or texts); inside the
# containers below every whole number counts people.
PEOPLE_FIELDS = {"n", "size", "count", "n_seen", "n_agree", "n_disagree", "n_pass", "total",
                 "participants", "n_pairs", "n_participants", "n_clustered", "moved_up",
                 "moved_down", "unchanged", "small_groups_people"}
COUNT_CONTAINERS = {"by_session", "before_counts", "after_counts", "by_group", "group_seen"}
REFLECTIONS = ["Insurers should never see this", "I worry about privacy and fairness",
               "Independent oversight matters most", "Families deserve protection",
               "It could help research but trust is fragile"]


def _walk(node, path="", counting=False):
    """(path, number) for every whole number in the data that counts people."""
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, value in items:
        where = f"{path}.{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and (counting or key in PEOPLE_FIELDS):
            yield where, value
        elif isinstance(value, dict | list):
            yield from _walk(value, where, counting or key in COUNT_CONTAINERS)


def _facilitator(session: Session) -> User:
    user = User(username="fran", password_hash="x", role="facilitator")
    session.add(user)
    session.commit()
    return user


def _dialogue(session: Session, seed: int, people: int, sessions: int) -> Dialogue:
    rng = np.random.default_rng(seed)
    dialogue = Dialogue(slug="d", title="t", proposed_use="p", question="q", join_code="ABCD",
                        status="open")
    session.add(dialogue)
    session.flush()
    rooms = [DialogueSession(dialogue_id=dialogue.id, name=f"S{i}") for i in range(sessions)]
    session.add_all(rooms)
    statements = [Statement(dialogue_id=dialogue.id, text=f"Statement {i}",
                            normalised=f"statement {i}") for i in range(12)]
    session.add_all(statements)
    session.flush()
    camps = rng.integers(0, 3, people)
    leaning = rng.random((3, 12))
    for i in range(people):
        p = Participant(dialogue_id=dialogue.id, pseudonym=f"P-{seed}-{i}",
                        session_id=rooms[int(rng.integers(0, sessions))].id)
        session.add(p)
        session.flush()
        session.add(Consent(participant_id=p.id, version=1, report=True,
                            quote=bool(rng.random() < 0.6)))
        for j, s in enumerate(statements):
            if rng.random() < 0.8:
                value = 1 if rng.random() < leaning[camps[i], j] else -1
                session.add(Vote(participant_id=p.id, statement_id=s.id,
                                 dialogue_id=dialogue.id, value=value))
        if rng.random() < 0.9:
            before = int(rng.integers(1, 6))
            session.add(Position(participant_id=p.id, dialogue_id=dialogue.id, stage="pre",
                                 support=before, confidence=3))
            session.add(Position(participant_id=p.id, dialogue_id=dialogue.id, stage="post",
                                 support=int(np.clip(before + rng.integers(-1, 2), 1, 5)),
                                 confidence=3))
        if rng.random() < 0.5:
            session.add(Reflection(participant_id=p.id, dialogue_id=dialogue.id,
                                   text=REFLECTIONS[int(rng.integers(0, len(REFLECTIONS)))]))
    session.commit()
    return dialogue


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10_000), people=st.integers(12, 60), sessions=st.integers(1, 4))
@example(seed=20, people=17, sessions=1)  # once left a group with nothing reportable to say
def test_no_published_figure_describes_fewer_than_the_minimum(seed, people, sessions):
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    try:
        with Session(engine, expire_on_commit=False) as session:
            dialogue = _dialogue(session, seed, people, sessions)
            snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id,
                                            params={"n_bootstrap": 4}, by=SYSTEM_CLI)
            try:
                data = json.loads(json.dumps(evidence.gather(
                    session=session, dialogue=dialogue, snapshot=snapshot)))
            except SummaryCheckFailed:
                # Too little to say about a sizeable group without small figures: then no
                # brief is produced at all (sign-off refuses), which publishes nothing.
                with pytest.raises(Conflict, match="not signed off"):
                    versions.sign_off_brief(session=session, dialogue_id=dialogue.id,
                                             by=_facilitator(session), acknowledge_open=True,
                                             analysis_checked=True)
                return
    finally:
        engine.dispose()
    small = [(path, n) for path, n in _walk(data) if 0 < n < MINIMUM]
    assert not small, f"figures about fewer than {MINIMUM} people: {small[:5]}"
